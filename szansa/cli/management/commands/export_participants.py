"""Export a project's participants: for the managing body in the layout of the project's programme period
(SL2014 or CST2021 / SOWA EFS, szansa.domain.support.exports), or with --full the full export with Szansa's
own columns that `import_participants` reads (szansa.domain.recruitment.exports). Messages and the
validation report are in Polish (the managing body and the centre read them)."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from szansa.domain.projects.models import Project
from szansa.domain.recruitment import exports as full_exports
from szansa.domain.support import exports
from szansa.lib.replica import replica_reads


def find_project(reference: str) -> Project:
    """A project by its number (e.g. RPMP.09.02.01-12-0123/18) or its id."""
    project = Project.objects.filter(number=reference).first()
    if project is None and reference.isdigit():
        project = Project.objects.filter(pk=int(reference)).first()
    if project is None:
        raise CommandError(f"Nie ma projektu {reference!r}.")
    return project


def day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Niepoprawna data {value!r}: podaj RRRR-MM-DD.") from error


class Command(BaseCommand):
    help = (
        "Eksport uczestników projektu: dla instytucji (układ SL2014 albo CST2021 / SOWA EFS według okresu "
        "programowania) lub --full: pełny eksport z kolumnami Szansy (do ponownego importu). XLSX z arkuszem "
        "walidacji albo CSV z plikiem <PLIK>-walidacja.csv."
    )

    def add_arguments(self, parser):
        parser.add_argument("project", help="Numer lub id projektu.")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
        parser.add_argument("--out", required=True, help="Plik wynikowy.")
        parser.add_argument(
            "--layout",
            choices=exports.LAYOUTS,
            help="Układ (domyślnie według okresu programowania projektu).",
        )
        parser.add_argument("--from", dest="period_from", help="Okres sprawozdawczy od (RRRR-MM-DD).")
        parser.add_argument("--to", dest="period_to", help="Okres sprawozdawczy do (RRRR-MM-DD).")
        parser.add_argument(
            "--full",
            action="store_true",
            help="Pełny eksport z kolumnami Szansy (czyta go import_participants), nie dla instytucji.",
        )
        parser.add_argument(
            "--allow-incomplete",
            action="store_true",
            help="Zapisz eksport mimo braków w danych uczestników (kopia robocza, nie do wysłania).",
        )

    def handle(
        self, *args, project, format, out, layout, period_from, period_to, full, allow_incomplete, **options
    ):
        project = find_project(project)
        period = {
            "period_from": day(period_from) if period_from else None,
            "period_to": day(period_to) if period_to else None,
        }
        # The file is written as it is produced (participants read from a database iterator, XLSX in
        # write-only mode), never whole in memory: docs/participant-exports.md#large-exports.
        with translation.override("pl"):
            if full:
                report = full_exports.validation_rows(
                    p
                    for chunk in full_exports.chunks_of(full_exports.project_participants(project))
                    for p in chunk
                )
            else:
                report = exports.incomplete_report(project, **period)
        if report and not full and not allow_incomplete:
            for first_name, last_name, pesel, missing in report:
                self.stderr.write(f"{first_name} {last_name} ({pesel}): brakuje: {missing}")
            raise CommandError(
                f"Nie wyeksportowano: {len(report)} uczestników ma braki w danych "
                "(lista powyżej); uzupełnij je albo użyj --allow-incomplete dla kopii roboczej."
            )
        path = Path(out)
        with path.open("wb") as handle, replica_reads():
            if full:
                count, incomplete = full_exports.write_full_export(project, handle, format=format)
            else:
                count, incomplete = exports.write_export(
                    project, handle, format=format, layout=layout, **period
                )
        written = [path]
        if format == "csv":
            validation = path.with_name(f"{path.stem}-walidacja{path.suffix}")
            validation.write_bytes(full_exports.write_csv(full_exports.VALIDATION_HEADERS, report))
            written.append(validation)
        self.stdout.write(
            f"Uczestników: {count}, z brakami: {incomplete}; pliki: " + ", ".join(str(p) for p in written)
        )
