"""The cohort: one load of a project's counted main participants and what the indicators need to know
about them (outcomes, the kinds of support received, who was at risk at entry, the severe-disability
group), in a constant number of queries.

Each loaded participant carries, besides its fields:

* `at_risk_at_entry` (bool, kept on the participant) and, when asked for, `at_risk_reasons` (list of str,
  no health data): whether the person was at risk of poverty or social exclusion on the start date
  (docs/indicators.md#who-counts);
* `disability_group` (kept on the participant): "severe", "intellectual", "multiple" or "" — why the person
  is in the second effectiveness group (docs/indicators.md#severe-disability-group).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from szansa.domain.projects.models import Project
from szansa.domain.recruitment import entry
from szansa.domain.recruitment.models import Participant
from szansa.domain.support.models import Outcome


@dataclass
class Cohort:
    """The project's counted main participants and what the indicators need to know about them."""

    project: Project
    today: datetime.date
    participants: list[Participant]
    social: set[int] = field(default_factory=set)  # participant ids with social activation
    vocational: set[int] = field(default_factory=set)  # … with vocational activation
    severe: set[int] = field(default_factory=set)  # … in the "severe disability" group
    at_risk: set[int] = field(default_factory=set)  # … at risk of poverty or social exclusion at entry

    @property
    def period(self) -> str:
        """The programme period of the project ("2014-2020" or "2021-2027")."""
        return self.project.measure.programme.period

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


def load_cohort(project: Project, today: datetime.date | None = None, reasons: bool = False) -> Cohort:
    """Two queries whatever the size of the project: participants with their people, applications and
    the kinds of activation they received, and their outcomes.
    With `reasons`, also why each one was at risk at entry (`at_risk_reasons`, for the drill-down: the
    registry situations, household incomes, criteria, the recruitment's at-risk criteria)."""
    today = today or timezone.localdate()
    if not Project._meta.get_field("measure").is_cached(project):
        project = Project.objects.select_related("measure__programme").get(pk=project.pk)
    participants = list(
        counted_participants(project)
        .select_related("person", "application", "activation")
        .prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.order_by("achieved_on", "pk")))
        .order_by("person__last_name", "person__first_name", "pk")
    )
    cohort = Cohort(project=project, today=today, participants=participants)
    # Kept per participant from their attendance, planned support and internships
    # (szansa.domain.support.activation, equal to a recount).
    for participant in participants:
        kept = getattr(participant, "activation", None)
        if kept is not None and kept.social:
            cohort.social.add(participant.pk)
        if kept is not None and kept.vocational:
            cohort.vocational.add(participant.pk)
    # Kept on each participant from the registry (szansa.domain.recruitment.entry, equal to a recount).
    cohort.severe = {p.pk for p in participants if p.disability_group}
    cohort.at_risk = {p.pk for p in participants if p.at_risk_at_entry}
    if reasons:
        texts = entry.at_risk_reasons(participants)
        for participant in participants:
            participant.at_risk_reasons = texts[participant.pk]
    return cohort
