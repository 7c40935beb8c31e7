"""Import people into the registry from CSV or XLSX (szansa.domain.people.imports;
README "Importing people")."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from szansa.domain.people import imports


class Command(BaseCommand):
    help = (
        "Import people from a CSV (semicolons or commas, UTF-8 or Windows-1250) or XLSX file. "
        "Every row is validated; rejected rows are listed with reasons. Exit status 1 when rows were "
        "rejected in file mode (nothing saved) or the file cannot be read."
    )
    # A data command: Django's system checks import every URLconf and view module (about 0.8 s, a
    # tenth of a 100 000-row import) and check nothing the import uses; `manage.py check` and the
    # deployment's checks still run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--mode",
            choices=imports.ImportMode.values,
            default=imports.ImportMode.FILE,
            help="file: all rows or none (default); batch: every batch without a rejected row is saved.",
        )
        parser.add_argument("--batch-size", type=int, default=imports.DEFAULT_BATCH_SIZE)
        parser.add_argument(
            "--responsible-worker",
            metavar="USERNAME",
            help="Social worker for rows whose 'pracownik'/'worker' column is empty or missing.",
        )
        parser.add_argument(
            "--user", help="Username of the person importing (audit actor; needs the permission)."
        )
        parser.add_argument("--format", choices=["csv", "xlsx"], help="Default: from the file name.")
        parser.add_argument(
            "--report", metavar="FILE", help="Write the rejected rows (CSV: row;column;reason)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Validate only; save nothing.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(self, *args, file, mode, batch_size, responsible_worker, user, format, report, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}.")
        format = format or imports.format_of(path.name)
        if format is None:
            raise CommandError("Give --format csv or xlsx.")
        if batch_size < 1:
            raise CommandError("--batch-size must be positive.")
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
            result = imports.import_people(
                path,
                actor=actor,
                format=format,
                mode=mode,
                batch_size=batch_size,
                default_worker=responsible_worker,
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
            f"{result.rows} rows read, {result.saved} people saved, {result.rejected} rows rejected, "
            f"{result.not_saved} valid rows not saved."
        )
        if result.file_error or (result.rejected and mode == imports.ImportMode.FILE):
            raise CommandError("Nothing saved." if not result.saved else "Import failed.", returncode=1)
