"""Reads of the support path: the participants whose path a user reads and their diagnoses, plans and
contracts (scoped querysets, out of scope => 404), the progress between diagnoses, the hours delivered
against the plan and the overview of the path page.

Reading a participant's path is access-logged by the page or API route that shows it
(szansa.lib.access_log.log_access)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from szansa.domain.recruitment.access import scope_participants
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.access import served_participants
from szansa.domain.support.models import (
    ActivityParticipant,
    Attendance,
    Diagnosis,
    IndividualPlan,
    Internship,
    Outcome,
    PlannedSupport,
    SocialContract,
)

ZERO_HOURS = Decimal("0.0")


# --- diagnosis ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaProgress:
    area: str
    label: str
    first: int | None
    latest: int | None

    @property
    def change(self) -> int | None:
        """Negative: the need dropped (progress); positive: it grew."""
        if self.first is None or self.latest is None:
            return None
        return self.latest - self.first

    @property
    def verdict(self) -> str:
        if self.change is None:
            return _("not compared")
        if self.change < 0:
            return _("improved")
        if self.change > 0:
            return _("worse")
        return _("no change")


@dataclass(frozen=True)
class Progress:
    first: Diagnosis | None
    latest: Diagnosis | None
    areas: list[AreaProgress] = field(default_factory=list)

    @property
    def compared(self) -> bool:
        return self.first is not None and self.latest is not None and self.first.pk != self.latest.pk

    @property
    def improved(self) -> int:
        return sum(1 for row in self.areas if row.change is not None and row.change < 0)


def diagnosis_progress(participant: Participant) -> Progress:
    """Need levels area by area in the first and the latest diagnosis of the participant."""
    diagnoses = list(
        Diagnosis.objects.filter(participant=participant).order_by("made_on", "pk").prefetch_related("areas")
    )
    if not diagnoses:
        return Progress(None, None)
    first, latest = diagnoses[0], diagnoses[-1]
    if first.pk == latest.pk:
        return Progress(first, None)
    before = {row.area: row.need_level for row in first.areas.all()}
    after = {row.area: row.need_level for row in latest.areas.all()}
    rows = [
        AreaProgress(area, label, before.get(area), after.get(area))
        for area, label in enums.DiagnosisArea.choices
        if area in before or area in after
    ]
    return Progress(first, latest, rows)


# --- hours -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursRow:
    support: PlannedSupport
    planned: Decimal
    delivered: Decimal

    @property
    def remaining(self) -> Decimal:
        return max(self.planned - self.delivered, ZERO_HOURS)

    @property
    def percent(self) -> int | None:
        return round(100 * self.delivered / self.planned) if self.planned else None


def _hours(duration: datetime.timedelta | None) -> Decimal:
    if not duration:
        return ZERO_HOURS
    return (Decimal(duration.total_seconds()) / Decimal(3600)).quantize(Decimal("0.1"))


def hours_delivered_vs_planned(plan: IndividualPlan) -> list[HoursRow]:
    """Per planned support: the hours planned and the hours delivered, i.e. the length of the
    sessions (not cancelled) of activities of the same form of support, held within the support's
    period, that the participant attended (present). A group session counts through the attendance
    list; an individual one only when booked for this participant."""
    supports = list(plan.supports.select_related("form", "specialist"))
    participant_id = plan.participant_id
    attended = Attendance.objects.filter(
        participant_id=participant_id,
        status=enums.AttendanceStatus.PRESENT,
        session__cancelled=False,
        session__activity__form_id__in={s.form_id for s in supports},
    ).filter(Q(session__participant__isnull=True) | Q(session__participant_id=participant_id))
    length = ExpressionWrapper(F("session__ends_at") - F("session__starts_at"), output_field=DurationField())
    rows = attended.values("session__activity__form_id", "session__starts_at__date").annotate(
        duration=Sum(length)
    )
    by_form_day: dict[int, list[tuple[datetime.date, datetime.timedelta]]] = {}
    for row in rows:
        by_form_day.setdefault(row["session__activity__form_id"], []).append(
            (row["session__starts_at__date"], row["duration"])
        )
    result = []
    for support in supports:
        total = sum(
            (
                d
                for day, d in by_form_day.get(support.form_id, [])
                if support.starts_on <= day <= support.ends_on
            ),
            datetime.timedelta(),
        )
        result.append(HoursRow(support, support.hours, _hours(total)))
    return result


# --- scoped lists ------------------------------------------------------------------------------------------


def path_participants(user):
    """Participants whose path the user reads: those they read in recruitment and in the registry,
    plus those they serve as a specialist (support.access.reads_path, as a queryset)."""
    scoped = scope_participants(Participant.objects.all(), user).values("pk")
    served = served_participants(user).values("pk")
    return Participant.objects.filter(Q(pk__in=scoped) | Q(pk__in=served))


def path_participant_get(*, user, pk) -> Participant:
    try:
        return path_participants(user).select_related("person", "project", "target_group").get(pk=pk)
    except (Participant.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def diagnosis_list(*, user):
    return (
        Diagnosis.objects.filter(participant__in=path_participants(user))
        .select_related("participant__person", "made_by")
        .prefetch_related("areas")
    )


def diagnosis_get(*, user, pk) -> Diagnosis:
    try:
        return diagnosis_list(user=user).get(pk=pk)
    except (Diagnosis.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def plan_list(*, user):
    return (
        IndividualPlan.objects.filter(participant__in=path_participants(user))
        .select_related("participant__person", "participant__project", "drawn_up_by", "diagnosis")
        .prefetch_related("goals", "supports__form", "supports__specialist")
    )


def plan_get(*, user, pk) -> IndividualPlan:
    try:
        return plan_list(user=user).get(pk=pk)
    except (IndividualPlan.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def plan_history(plan: IndividualPlan):
    return IndividualPlan.objects.filter(participant_id=plan.participant_id).select_related("drawn_up_by")


def contract_list(*, user):
    """Contracts of the participants whose path the user reads, and contracts outside projects of the
    people the user may see in the registry."""
    from szansa.domain.people.access import person_scope

    scope = person_scope(user)
    own = Q(participant__isnull=True)
    if scope is not None:
        from szansa.domain.people.models import Person

        own &= Q(person__in=Person.objects.filter(scope))
    return SocialContract.objects.filter(Q(participant__in=path_participants(user)) | own).select_related(
        "person", "participant__project", "worker"
    )


def contract_get(*, user, pk) -> SocialContract:
    try:
        return contract_list(user=user).get(pk=pk)
    except (SocialContract.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def contract_next_number(on: datetime.date) -> str:
    """A suggestion: KS/<year>/<n+1> after the contracts of that year."""
    count = SocialContract.objects.filter(number__startswith=f"KS/{on.year}/").count()
    return f"KS/{on.year}/{count + 1}"


# --- the path page -----------------------------------------------------------------------------------------


def activity_attendance(participant: Participant):
    """The participant's activities with their attendance: sessions recorded for them, of which
    present (one query; the rate is present / recorded)."""
    mine = Attendance.objects.filter(
        participant_id=participant.pk, session__activity_id=OuterRef("activity_id")
    )
    recorded = mine.values("session__activity_id").annotate(n=Count("pk")).values("n")
    present = (
        mine.filter(status=enums.AttendanceStatus.PRESENT)
        .values("session__activity_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        ActivityParticipant.objects.filter(participant_id=participant.pk)
        .select_related("activity__form", "activity__specialist")
        .annotate(
            sessions_recorded=Coalesce(Subquery(recorded), 0),
            sessions_present=Coalesce(Subquery(present), 0),
        )
        .order_by("activity__starts_on", "pk")
    )


@dataclass(frozen=True)
class Event:
    day: datetime.date
    kind: str
    label: str
    url: str = ""


def path_overview(participant: Participant) -> dict:
    """Everything of the path page in a fixed number of queries: the timeline and its sections."""
    diagnoses = list(
        Diagnosis.objects.filter(participant=participant).select_related("made_by").prefetch_related("areas")
    )
    plans = list(
        IndividualPlan.objects.filter(participant=participant)
        .select_related("drawn_up_by")
        .prefetch_related("goals", "supports__form", "supports__specialist")
    )
    contracts = list(
        SocialContract.objects.filter(
            Q(participant=participant) | Q(person_id=participant.person_id, participant__isnull=True)
        ).select_related("worker")
    )
    activities = list(activity_attendance(participant))
    for place in activities:
        place.attendance_rate = (
            round(100 * place.sessions_present / place.sessions_recorded) if place.sessions_recorded else None
        )
    internships = list(Internship.objects.filter(participant=participant).select_related("activity"))
    outcomes = list(Outcome.objects.filter(participant=participant))
    events = [Event(participant.start_date, "enrolment", _("Start of participation"))]
    events += [Event(d.made_on, "diagnosis", str(d), d.get_absolute_url()) for d in diagnoses]
    for plan in plans:
        label = str(plan) + (f": {plan.revision_reason}" if plan.revision_reason else "")
        events.append(Event(plan.drawn_up_on, "plan", label, plan.get_absolute_url()))
    events += [Event(c.concluded_on, "contract", str(c), c.get_absolute_url()) for c in contracts]
    events += [Event(p.activity.starts_on, "activity", p.activity.title) for p in activities]
    events += [
        Event(i.starts_on, "internship", _("Internship: %(employer)s") % {"employer": i.employer})
        for i in internships
    ]
    events += [Event(o.achieved_on, "outcome", str(o)) for o in outcomes]
    if participant.end_date:
        events.append(Event(participant.end_date, "exit", _("End of participation")))
    if participant.follow_up_on:
        events.append(Event(participant.follow_up_on, "follow_up", _("Follow-up 3 months after exit")))
    events.sort(key=lambda event: event.day)
    current = next((plan for plan in plans if plan.is_current), None)
    return {
        "events": events,
        "diagnoses": diagnoses,
        "progress": diagnosis_progress(participant),
        "plans": plans,
        "current_plan": current,
        "hours": hours_delivered_vs_planned(current) if current else [],
        "contracts": contracts,
        "activities": activities,
        "internships": internships,
        "outcomes": outcomes,
    }
