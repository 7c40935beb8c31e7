"""Check the participants' flags at entry kept for the indicators (at risk of poverty or social exclusion at
entry, the severe-disability group; szansa.domain.recruitment.entry) against a full recount from the
registry, and with --fix mend those that differ (the nightly job does the same). Names participants by
their id only."""

from django.core.management.base import BaseCommand, CommandError

from szansa.domain.recruitment import entry
from szansa.domain.recruitment.models import Participant


class Command(BaseCommand):
    help = (
        "Porównuje zapamiętane cechy uczestników na wejściu (zagrożenie ubóstwem lub wykluczeniem "
        "społecznym, grupa osób ze znacznym stopniem niepełnosprawności) z pełnym przeliczeniem z rejestru; "
        "--fix poprawia różnice. Kod wyjścia 1, gdy są różnice i nie użyto --fix."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", type=int, help="tylko uczestnicy projektu o tym id")
        parser.add_argument("--fix", action="store_true", help="popraw zapamiętane wartości")

    def handle(self, *args, project, fix, **options):
        participants = Participant.objects.all()
        if project is not None:
            participants = participants.filter(project_id=project)
        found = entry.drift(participants)
        self.stdout.write(f"Sprawdzeni uczestnicy: {participants.count()}; różnice: {len(found)}.")
        for item in found[:50]:
            self.stdout.write(
                f"  uczestnik {item.participant_id}: zapamiętane {_text(item.kept)}, "
                f"z przeliczenia {_text(item.recounted)}"
            )
        if found and fix:
            self.stdout.write(f"Poprawieni uczestnicy: {entry.refresh(participants)}.")
        elif found:
            raise CommandError("Zapamiętane cechy różnią się od przeliczenia: uruchom z --fix.", returncode=1)


def _text(flags: tuple[bool, str]) -> str:
    at_risk, group = flags
    return f"zagrożenie={'tak' if at_risk else 'nie'}, grupa={group or '—'}"
