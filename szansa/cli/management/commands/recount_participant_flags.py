"""Check what is kept on each participant for the indicators against a full recount, and with --fix mend
what differs (the nightly jobs do the same): the flags at entry (at risk of poverty or social exclusion,
the severe-disability group; szansa.domain.recruitment.entry) and the kinds of activation received
(szansa.domain.support.activation). Names participants by their id only."""

from django.core.management.base import BaseCommand, CommandError

from szansa.domain.recruitment import entry
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import activation

SHOWN = 50


def _yes(value: bool) -> str:
    return "tak" if value else "nie"


def _entry_text(flags: tuple[bool, str]) -> str:
    at_risk, group = flags
    return f"zagrożenie={_yes(at_risk)}, grupa={group or '—'}"


def _activation_text(flags: tuple[bool, bool]) -> str:
    social, vocational = flags
    return f"społeczna={_yes(social)}, zawodowa={_yes(vocational)}"


class Command(BaseCommand):
    help = (
        "Porównuje zapamiętane cechy uczestników (zagrożenie ubóstwem lub wykluczeniem społecznym na "
        "wejściu, grupa osób ze znacznym stopniem niepełnosprawności, otrzymana aktywizacja społeczna i "
        "zawodowa) z pełnym przeliczeniem; --fix poprawia różnice. Kod wyjścia 1, gdy są różnice i nie "
        "użyto --fix."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", type=int, help="tylko uczestnicy projektu o tym id")
        parser.add_argument("--fix", action="store_true", help="popraw zapamiętane wartości")

    def handle(self, *args, project, fix, **options):
        participants = Participant.objects.all()
        if project is not None:
            participants = participants.filter(project_id=project)
        checks = (
            ("cechy na wejściu", entry, _entry_text),
            ("aktywizacja", activation, _activation_text),
        )
        differences = 0
        self.stdout.write(f"Sprawdzeni uczestnicy: {participants.count()}.")
        for label, module, text in checks:
            found = module.drift(participants)
            differences += len(found)
            self.stdout.write(f"{label}: różnice: {len(found)}.")
            for item in found[:SHOWN]:
                self.stdout.write(
                    f"  uczestnik {item.participant_id}: zapamiętane {text(item.kept)}, "
                    f"z przeliczenia {text(item.recounted)}"
                )
            if found and fix:
                self.stdout.write(f"{label}: poprawieni uczestnicy: {module.refresh(participants)}.")
        if differences and not fix:
            raise CommandError("Zapamiętane cechy różnią się od przeliczenia: uruchom z --fix.", returncode=1)
