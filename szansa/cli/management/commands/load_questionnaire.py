"""Load a version of the community-interview questionnaire, or a correction of one, from a JSON file in
the format of szansa/domain/interviews/data/rws-2021.json (docs/community-interview.md#versions). The
structure and the period are validated before anything is saved; no code changes are needed."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from szansa.domain.interviews import services


class Command(BaseCommand):
    help = (
        "Wczytuje nową wersję kwestionariusza wywiadu środowiskowego albo poprawkę istniejącej (po kodzie) "
        "z pliku JSON w formacie szansa/domain/interviews/data/rws-2021.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="plik JSON z wersją kwestionariusza")

    def handle(self, *args, path, **options):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Nie można odczytać pliku {path}: {error}") from error
        if not isinstance(data, dict):
            raise CommandError("Plik musi zawierać jeden obiekt JSON z wersją kwestionariusza.")
        try:
            questionnaire, created = services.questionnaire_load(data)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        verb = "Dodano" if created else "Poprawiono"
        self.stdout.write(
            f"{verb} wersję {questionnaire.code} (obowiązuje od {questionnaire.valid_from:%d.%m.%Y})."
        )
