"""Import households of people already in the registry from CSV or XLSX
(szansa.domain.people.household_imports; README "Imports and exports")."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from szansa.domain.people import household_imports


class Command(BaseCommand):
    kind = household_imports.HOUSEHOLDS
    help = (
        "Import households from a CSV (UTF-8 or Windows-1250; ; , or tab) or XLSX file: household key, "
        "PESEL, relation to the head. Every row is checked; a file with a rejected row saves nothing "
        "(exit status 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--user", help="Username of the person importing (audit actor; needs the permission)."
        )
        parser.add_argument("--format", choices=["csv", "xlsx"], help="Default: from the file name.")
        parser.add_argument(
            "--report", metavar="FILE", help="Write the rejected rows (CSV: row;column;reason)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Validate only; save nothing.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(self, *args, file, user, format, report, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}.")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user {user!r}.")
        bar = None if options["no_progress"] else tqdm(unit=" rows", file=sys.stderr, desc=path.name)

        def progress(done, total):
            if bar is not None:
                bar.total = total
                bar.update(done - bar.n)

        report_file = open(report, "w", encoding="utf-8-sig", newline="") if report else None  # noqa: SIM115
        try:
            result = household_imports.import_table(
                self.kind,
                path,
                actor=actor,
                format=format,
                dry_run=options["dry_run"],
                progress=progress,
                report=report_file,
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        finally:
            if bar is not None:
                bar.close()
            if report_file is not None:
                report_file.close()
        for error in result.errors[:50]:
            self.stderr.write(str(error))
        if result.error_count > 50:
            self.stderr.write(
                f"… {result.error_count - 50} more errors" + (f" in {report}" if report else "")
            )
        self.stdout.write(
            f"{result.rows} rows read, {result.saved} {self.kind} saved, {result.rejected} rows rejected, "
            f"{result.not_saved} valid rows not saved."
        )
        if result.file_error or result.rejected:
            raise CommandError("Nothing saved.", returncode=1)
