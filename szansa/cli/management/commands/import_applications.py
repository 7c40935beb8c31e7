"""Import applications to a recruitment round from XLSX or CSV: all rows or none
(szansa.domain.recruitment.application_imports documents the columns)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from szansa.domain.recruitment.application_imports import import_applications
from szansa.domain.recruitment.models import RecruitmentRound


class Command(BaseCommand):
    help = "Import applications to a recruitment round from XLSX or CSV; a file with errors saves nothing."

    def add_arguments(self, parser):
        parser.add_argument("round", type=int, help="Id of the recruitment round.")
        parser.add_argument("file")
        parser.add_argument(
            "--user", required=True, help="Username of the person importing (the audit actor)."
        )
        parser.add_argument("--format", choices=["xlsx", "csv"], help="Default: from the file name.")

    def handle(self, *args, round, file, user, format, **options):
        path = Path(file)
        format = format or path.suffix.lstrip(".").lower()
        if format not in ("xlsx", "csv"):
            raise CommandError("Give --format xlsx or csv.")
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {user!r}.")
        recruitment_round = (
            RecruitmentRound.objects.filter(pk=round).select_related("target_group__project").first()
        )
        if recruitment_round is None:
            raise CommandError(f"No recruitment round {round}.")
        try:
            result = import_applications(
                actor=actor, round=recruitment_round, content=path.read_bytes(), format=format
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing saved: {len(result.errors)} errors.")
        self.stdout.write(f"{len(result.saved)} applications saved.")
