"""Which kinds of activation each participant has received (docs/indicators.md#social-effectiveness,
docs/indicators.md#employment-effectiveness), kept in `Activation` so the effectiveness figures are counted
in the database:

* social — attended (present) at least one session, not cancelled, of an activity of a social instrument,
  or had social support planned in an individual plan;
* vocational — the same with a vocational instrument, or an internship.

`refresh` recounts some participants (the receivers in szansa.domain.support.signals call it when an
attendance, a planned support, an internship or an activity's form changes); `drift` compares the kept
values with a full recount (`manage.py recount_participant_flags`, and nightly).
"""

from dataclasses import dataclass

from celery import shared_task
from django.db import transaction
from django.db.models import Exists, OuterRef

from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.indicators import kept
from szansa.domain.support.models import Activation, Attendance, Internship, PlannedSupport

CHUNK = 2000


def _attended(instrument: str) -> Exists:
    """An EXISTS that stops at the first present attendance (index on attendance(participant, session))."""
    return Exists(
        Attendance.objects.filter(
            participant_id=OuterRef("pk"),
            status=enums.AttendanceStatus.PRESENT,
            session__cancelled=False,
            session__activity__form__instrument=instrument,
        )
    )


def _planned(instrument: str) -> Exists:
    return Exists(
        PlannedSupport.objects.filter(plan__participant_id=OuterRef("pk"), form__instrument=instrument)
    )


def recount(queryset) -> dict[int, tuple[bool, bool]]:
    """(social, vocational) of each participant of `queryset`, from the records: one query."""
    rows = queryset.annotate(
        social_attended=_attended(enums.InstrumentKind.SOCIAL),
        social_planned=_planned(enums.InstrumentKind.SOCIAL),
        vocational_attended=_attended(enums.InstrumentKind.VOCATIONAL),
        vocational_planned=_planned(enums.InstrumentKind.VOCATIONAL),
        interned=Exists(Internship.objects.filter(participant_id=OuterRef("pk"))),
    ).values_list(
        "pk", "social_attended", "social_planned", "vocational_attended", "vocational_planned", "interned"
    )
    return {pk: (sa or sp, va or vp or i) for pk, sa, sp, va, vp, i in rows}


@dataclass(frozen=True)
class Drift:
    """A participant whose kept activation differs from a recount."""

    participant_id: int
    kept: tuple[bool, bool]
    recounted: tuple[bool, bool]


def drift(queryset=None) -> list[Drift]:
    """Every participant (of `queryset`, default all) whose kept activation differs from a recount."""
    queryset = queryset if queryset is not None else Participant.objects.all()
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    found = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        recounted = recount(Participant.objects.filter(pk__in=chunk))
        kept = {
            a.participant_id: (a.social, a.vocational)
            for a in Activation.objects.filter(participant_id__in=chunk)
        }
        for pk in chunk:
            now = kept.get(pk, (False, False))
            if now != recounted[pk]:
                found.append(Drift(pk, now, recounted[pk]))
    return found


def refresh(queryset) -> int:
    """Recount the participants of `queryset` and write those that changed. Returns how many changed."""
    changed = drift(queryset)
    if changed:
        with transaction.atomic():
            Activation.objects.bulk_create(
                [
                    Activation(
                        participant_id=d.participant_id, social=d.recounted[0], vocational=d.recounted[1]
                    )
                    for d in changed
                ],
                update_conflicts=True,
                unique_fields=["participant"],
                update_fields=["social", "vocational"],
            )
            # A bulk write sends no save signal: the kept figures of their projects are marked stale here.
            kept.invalidate_participants(d.participant_id for d in changed)
    return len(changed)


@shared_task(name="support.recount_activation")
def recount_activation_job() -> int:
    """Nightly: recount every participant's activation and mend those that drifted (a bulk load that
    bypassed the receivers). Returns how many were mended."""
    return refresh(Participant.objects.all())
