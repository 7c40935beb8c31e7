"""Check the kept copies of the projects' indicator figures (szansa.domain.support.indicators.kept) against
a full recount for the day each was counted for, and with --fix replace those that differ
(docs/indicators.md#how-the-figures-are-counted). Only copies in use are checked: a stale copy is recounted
when it is next read."""

from django.core.management.base import BaseCommand, CommandError

from szansa.domain.projects.models import Project
from szansa.domain.support.indicators import checks


def _text(figure: dict | None) -> str:
    if figure is None:
        return "brak"
    return (
        f"wartość={figure['value']}, prognoza={figure['forecast']}, kobiety={figure['women']}, "
        f"mężczyźni={figure['men']}, liczba={figure['count']}"
    )


class Command(BaseCommand):
    help = (
        "Porównuje zapamiętane wartości wskaźników projektów z pełnym przeliczeniem (na dzień, na który "
        "je policzono); --fix zastępuje różniące się. Kod wyjścia 1, gdy są różnice i nie użyto --fix."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", type=int, help="tylko projekt o tym id")
        parser.add_argument("--fix", action="store_true", help="zastąp zapamiętane wartości przeliczonymi")

    def handle(self, *args, project, fix, **options):
        if project is not None:
            projects = list(Project.objects.filter(pk=project))
            if not projects:
                raise CommandError(f"Nie ma projektu o id {project}.")
        else:
            projects = [row.project for row in checks.checked().order_by("project_id")]
        drifted = 0
        for item in projects:
            found = checks.drift(item, fix=fix)
            if not found:
                continue
            drifted += 1
            self.stdout.write(
                f"Projekt {item.pk} ({item.number}), wartości na {found[0].counted_for:%d.%m.%Y}: "
                f"różnice: {len(found)}."
            )
            for d in found:
                self.stdout.write(
                    f"  {d.code}: zapamiętane {_text(d.kept)}; z przeliczenia {_text(d.recounted)}"
                )
            if fix:
                self.stdout.write("  poprawiono.")
        self.stdout.write(f"Sprawdzone projekty: {len(projects)}, z różnicami: {drifted}.")
        if drifted and not fix:
            raise CommandError(
                "Zapamiętane wartości wskaźników różnią się od przeliczenia: uruchom z --fix.", returncode=1
            )
