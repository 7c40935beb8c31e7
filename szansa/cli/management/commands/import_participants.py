"""Import a project's participants from the export layout: all rows or none (recruitment.imports)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from szansa.cli.management.commands.export_participants import find_project
from szansa.domain.recruitment import imports


class Command(BaseCommand):
    help = (
        "Import participants from an XLSX or CSV file in the export layout; a file with errors saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("project", help="Project number or id.")
        parser.add_argument("file")
        parser.add_argument(
            "--user", required=True, help="Username of the person importing (the audit actor)."
        )
        parser.add_argument("--format", choices=["xlsx", "csv"], help="Default: from the file name.")

    def handle(self, *args, project, file, user, format, **options):
        path = Path(file)
        format = format or path.suffix.lstrip(".").lower()
        if format not in ("xlsx", "csv"):
            raise CommandError("Give --format xlsx or csv.")
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {user!r}.")
        try:
            result = imports.import_participants(
                actor=actor, project=find_project(project), content=path.read_bytes(), format=format
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing saved: {len(result.errors)} errors.")
        self.stdout.write(f"{len(result.saved)} participants saved.")
