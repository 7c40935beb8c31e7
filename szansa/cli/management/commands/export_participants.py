"""Export a project's participants in the SL2014 layout (recruitment.exports)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from szansa.domain.projects.models import Project
from szansa.domain.recruitment import exports


def find_project(reference: str) -> Project:
    """A project by its number (e.g. RPMP.09.02.01-12-0123/18) or its id."""
    project = Project.objects.filter(number=reference).first()
    if project is None and reference.isdigit():
        project = Project.objects.filter(pk=int(reference)).first()
    if project is None:
        raise CommandError(f"No project {reference!r}.")
    return project


class Command(BaseCommand):
    help = (
        "Export a project's participants as XLSX (with a validation sheet) or CSV (with a "
        "<FILE>-walidacja.csv companion listing the missing fields)."
    )

    def add_arguments(self, parser):
        parser.add_argument("project", help="Project number or id.")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--out", required=True, help="The file to write.")
        parser.add_argument(
            "--allow-incomplete",
            action="store_true",
            help="Write the export even when participants miss data-set fields (a working copy, not for SL).",
        )

    def handle(self, *args, project, format, out, allow_incomplete, **options):
        project = find_project(project)
        if allow_incomplete:
            export = exports.export_participants(project, format=format)
        else:
            try:
                export = exports.export_for_managing_body(project, format=format)
            except exports.IncompleteDataSet as blocked:
                for first_name, last_name, pesel, missing in blocked.report:
                    self.stderr.write(f"{first_name} {last_name} ({pesel}): {missing}")
                raise CommandError(
                    f"Not exported: {blocked.export.incomplete_count} participants miss data-set fields "
                    "(listed above); complete them or use --allow-incomplete for a working copy."
                ) from blocked
        path = Path(out)
        path.write_bytes(export.participants)
        written = [path]
        if export.validation is not None:
            report = path.with_name(f"{path.stem}-walidacja{path.suffix}")
            report.write_bytes(export.validation)
            written.append(report)
        self.stdout.write(
            f"{export.participant_count} participants, {export.incomplete_count} with missing fields: "
            + ", ".join(str(p) for p in written)
        )
