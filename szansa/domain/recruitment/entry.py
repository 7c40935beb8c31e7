"""What the indicators need to know about a participant at entry, from the registry and the recruitment
(docs/indicators.md#who-counts, docs/indicators.md#severe-disability-group):

* whether they were at risk of poverty or social exclusion on their start date, and why;
* why they are in the second effectiveness group (a severe degree of disability, an intellectual
  disability, multiple disabilities), if they are.

The two answers are kept on the participant (`at_risk_at_entry`, `disability_group`) so the indicators
count them in the database whatever the size of the project. `refresh` recomputes them for some
participants (the receivers in szansa.domain.recruitment.signals call it whenever an input changes);
`drift` compares the kept values with a full recount (`manage.py recount_participant_flags`, and nightly).
"""

from dataclasses import dataclass

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from szansa.domain.people.at_risk import at_risk_reasons_many
from szansa.domain.people.enums import DisabilityCause, DisabilityDegree, SituationKind
from szansa.domain.people.models import Situation
from szansa.domain.recruitment.enums import CriterionKind, DisabilityGroup
from szansa.domain.recruitment.models import Criterion, Participant

CHUNK = 2000


def disability_groups(participants: list[Participant]) -> dict[int, str]:
    """The participants of the second effectiveness group and why: a disability situation in force on
    their start date (certificate valid) of a severe degree ("severe"), or naming the intellectual
    disability 01-U ("intellectual"), or multiple disabilities — two or more causes on the certificates
    in force ("multiple"). One query."""
    by_person: dict[int, list[Participant]] = {}
    for participant in participants:
        by_person.setdefault(participant.person_id, []).append(participant)
    causes: dict[int, set[str]] = {}
    severe: set[int] = set()
    for situation in Situation.objects.filter(person_id__in=by_person, kind=SituationKind.DISABILITY):
        for participant in by_person[situation.person_id]:
            if not situation.is_active_on(participant.start_date):
                continue
            causes.setdefault(participant.pk, set()).update(situation.disability_causes or [])
            if situation.disability_degree == DisabilityDegree.SEVERE:
                severe.add(participant.pk)
    groups = {}
    for participant in participants:
        found = causes.get(participant.pk, set())
        if participant.pk in severe:
            groups[participant.pk] = DisabilityGroup.SEVERE.value
        elif DisabilityCause.INTELLECTUAL in found:
            groups[participant.pk] = DisabilityGroup.INTELLECTUAL.value
        elif len(found) >= 2:
            groups[participant.pk] = DisabilityGroup.MULTIPLE.value
    return groups


def at_risk_reasons(participants: list[Participant]) -> dict[int, list[str]]:
    """Why each participant was at risk of poverty or social exclusion on their start date, in the
    reader's language and without health data (an empty list: not at risk), docs/indicators.md#who-counts:

    1. a reason found in the registry on the start date by the rules of docs/at-risk.md (income not above
       the criterion, disability, homelessness, unemployment, PO PŻ, an art. 7 reason);
    2. or the participant data set at entry says homeless or with disabilities;
    3. or the recruitment verified an at-risk criterion as passed on the person's application.

    The participants come with their person and application loaded. Five queries whatever their number."""
    found = at_risk_reasons_many([(p.person, p.start_date) for p in participants])
    at_risk_codes = set(Criterion.objects.filter(kind=CriterionKind.AT_RISK).values_list("code", flat=True))
    texts_by_participant = {}
    for participant in participants:
        reasons = found.get(participant.person_id, [])
        texts = [r.text for r in reasons if not r.sensitive]
        if any(r.sensitive for r in reasons):
            texts.append(_("a health-related reason"))
        if participant.homeless:
            texts.append(_("homeless or excluded from housing (participant data at entry)"))
        if participant.disability:
            texts.append(_("a person with disabilities (participant data at entry)"))
        application = participant.application
        if application is not None and any(
            r.get("code") in at_risk_codes and r.get("outcome") == "passed"
            for r in (application.results or [])
            if isinstance(r, dict)
        ):
            texts.append(_("verified as at risk at recruitment"))
        texts_by_participant[participant.pk] = texts
    return texts_by_participant


@dataclass(frozen=True)
class Drift:
    """A participant whose kept flags differ from a full recount."""

    participant_id: int
    kept: tuple[bool, str]
    recounted: tuple[bool, str]


def _recount(participants: list[Participant]) -> dict[int, tuple[bool, str]]:
    reasons = at_risk_reasons(participants)
    groups = disability_groups(participants)
    return {p.pk: (bool(reasons[p.pk]), groups.get(p.pk, "")) for p in participants}


# Sent by `refresh` with `participant_ids` when it has written some participants' kept flags by a queryset
# update, which sends no save signal: the kept indicator figures of their projects are marked stale
# (szansa.domain.support.signals).
flags_recounted = Signal()


def _chunks(queryset):
    """The participants of `queryset` in chunks of CHUNK, with what the recount reads loaded."""
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        yield list(
            Participant.objects.filter(pk__in=ids[start : start + CHUNK]).select_related(
                "person", "application"
            )
        )


def drift(queryset=None) -> list[Drift]:
    """Every participant (of `queryset`, default all) whose kept flags differ from a full recount."""
    found = []
    for participants in _chunks(queryset if queryset is not None else Participant.objects.all()):
        recounted = _recount(participants)
        for participant in participants:
            kept = (participant.at_risk_at_entry, participant.disability_group)
            if kept != recounted[participant.pk]:
                found.append(Drift(participant.pk, kept, recounted[participant.pk]))
    return found


def refresh(queryset) -> int:
    """Recompute the kept flags of the participants of `queryset`; write only those that changed (a
    queryset update: no save signals, no audit entry for a derived value). Returns how many changed."""
    changed = []
    with transaction.atomic():
        for item in drift(queryset):
            at_risk, group = item.recounted
            Participant.objects.filter(pk=item.participant_id).update(
                at_risk_at_entry=at_risk, disability_group=group
            )
            changed.append(item.participant_id)
        if changed:
            flags_recounted.send(sender=Participant, participant_ids=changed)
    return len(changed)
