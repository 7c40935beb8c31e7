"""Run the retention jobs by hand (the same services Celery beat runs each night, szansa.domain.privacy):
list who is due for anonymisation, anonymise the approved people whose grace period has passed, remove
old import job folders. Counts only: the command names no one."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from szansa.domain.privacy import services


def day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Niepoprawna data {value!r}: podaj RRRR-MM-DD.") from error


class Command(BaseCommand):
    help = (
        "Okresy przechowywania: --review wpisuje na listę osoby, których cała dokumentacja przekroczyła "
        "okres przechowywania; --anonymise anonimizuje osoby zatwierdzone przez kierownika po okresie "
        "karencji; --clean-imports usuwa stare foldery importów."
    )

    def add_arguments(self, parser):
        parser.add_argument("--review", action="store_true", help="lista osób do anonimizacji")
        parser.add_argument("--anonymise", action="store_true", help="anonimizacja zatwierdzonych osób")
        parser.add_argument(
            "--clean-imports", action="store_true", help="usunięcie starych folderów importów"
        )
        parser.add_argument("--today", type=day, help="dzień, na który liczyć (RRRR-MM-DD; domyślnie dziś)")

    def handle(self, *args, review, anonymise, clean_imports, today, **options):
        if not (review or anonymise or clean_imports):
            raise CommandError("Podaj co najmniej jedno z: --review, --anonymise, --clean-imports.")
        today = today or timezone.localdate()
        if review:
            due = services.retention_review_refresh(today)
            self.stdout.write(f"Osoby do anonimizacji: {due}.")
        if anonymise:
            batch = services.anonymise_due(today)
            self.stdout.write(f"Zanonimizowane osoby: {batch.persons if batch else 0}.")
        if clean_imports:
            self.stdout.write(f"Usunięte foldery importów: {services.import_jobs_clean()}.")
