"""The cohort: one load of a project's counted main participants and what the indicators need to know
about them (outcomes, the kinds of support received, the severe-disability group), in a constant number
of queries."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from szansa.domain.people.enums import DisabilityDegree, SituationKind
from szansa.domain.people.models import Situation
from szansa.domain.projects.models import Project
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import enums
from szansa.domain.support.models import Attendance, Internship, Outcome, PlannedSupport


@dataclass
class Cohort:
    """The project's counted main participants and what the indicators need to know about them."""

    project: Project
    today: datetime.date
    participants: list[Participant]
    social: set[int] = field(default_factory=set)  # participant ids with social activation
    vocational: set[int] = field(default_factory=set)  # … with vocational activation
    severe: set[int] = field(default_factory=set)  # … in the "severe disability" group

    @property
    def started(self) -> list[Participant]:
        return [p for p in self.participants if p.start_date <= self.today]

    @property
    def ended(self) -> list[Participant]:
        return [p for p in self.participants if p.end_date is not None]

    @property
    def in_progress(self) -> list[Participant]:
        """Enrolled or active, not yet ended (including those whose start is still ahead)."""
        return [p for p in self.participants if p.end_date is None]


def counted_participants(project: Project):
    """Main participants of the project who did not resign before the start (docs/at-risk.md,
    docs/support-path.md)."""
    return Participant.objects.filter(project=project).main().counted()


def load_cohort(project: Project, today: datetime.date | None = None) -> Cohort:
    """Six queries whatever the size of the project: participants with their people, outcomes,
    attendance and planned support by kind of instrument, internships, disability situations."""
    today = today or timezone.localdate()
    participants = list(
        counted_participants(project)
        .select_related("person")
        .prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.order_by("achieved_on", "pk")))
        .order_by("person__last_name", "person__first_name", "pk")
    )
    cohort = Cohort(project=project, today=today, participants=participants)
    in_project = {"participant__project": project}

    # Who attended at least once, by kind of instrument: per participant an EXISTS that stops at the
    # first present attendance (index on attendance(participant, session)), not a DISTINCT over every
    # attendance row of the project (a million in a city).
    def present_in(instrument):
        return Exists(
            Attendance.objects.filter(
                participant_id=OuterRef("pk"),
                status=enums.AttendanceStatus.PRESENT,
                session__cancelled=False,
                session__activity__form__instrument=instrument,
            )
        )

    attended = []
    for participant_id, social, vocational in (
        Participant.objects.filter(project=project)
        .annotate(
            social=present_in(enums.InstrumentKind.SOCIAL),
            vocational=present_in(enums.InstrumentKind.VOCATIONAL),
        )
        .values_list("pk", "social", "vocational")
    ):
        if social:
            attended.append((participant_id, enums.InstrumentKind.SOCIAL))
        if vocational:
            attended.append((participant_id, enums.InstrumentKind.VOCATIONAL))
    planned = (
        PlannedSupport.objects.filter(plan__participant__project=project)
        .values_list("plan__participant_id", "form__instrument")
        .distinct()
    )
    for participant_id, instrument in [*attended, *planned]:
        if instrument == enums.InstrumentKind.SOCIAL:
            cohort.social.add(participant_id)
        elif instrument == enums.InstrumentKind.VOCATIONAL:
            cohort.vocational.add(participant_id)
    cohort.vocational.update(Internship.objects.filter(**in_project).values_list("participant_id", flat=True))
    cohort.severe = _severe_group(participants)
    return cohort


def _severe_group(participants: list[Participant]) -> set[int]:
    """Participants with a severe degree of disability in the registry on their start date.

    docs/indicators.md (social effectiveness) names the group "severe, intellectual or multiple
    disabilities". The registry records the degree of a disability (mild, moderate, severe) but not its
    kind, so intellectual and multiple disabilities of a lower degree cannot be recognised: the group is
    the severe degree only.
    """
    by_person = {p.person_id: p for p in participants}
    situations = Situation.objects.filter(
        person_id__in=by_person,
        kind=SituationKind.DISABILITY,
        disability_degree=DisabilityDegree.SEVERE,
    )
    return {
        by_person[s.person_id].pk for s in situations if s.is_active_on(by_person[s.person_id].start_date)
    }
