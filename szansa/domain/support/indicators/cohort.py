"""The cohort: one load of a project's counted main participants and what the indicators need to know
about them (outcomes, the kinds of support received, who was at risk at entry, the severe-disability
group), in a constant number of queries.

Each loaded participant carries, besides its fields:

* `at_risk_at_entry` (bool) and `at_risk_reasons` (list of str, no health data): whether the person was at
  risk of poverty or social exclusion on the start date (docs/indicators.md#who-counts);
* `disability_group`: "severe", "intellectual", "multiple" or None — why the person is in the second
  effectiveness group (docs/indicators.md#severe-disability-group).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from szansa.domain.people.at_risk import at_risk_reasons_many
from szansa.domain.people.enums import DisabilityCause, DisabilityDegree, SituationKind
from szansa.domain.people.models import Situation
from szansa.domain.projects.models import Project
from szansa.domain.recruitment.enums import CriterionKind
from szansa.domain.recruitment.models import Criterion, Participant
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


def load_cohort(project: Project, today: datetime.date | None = None) -> Cohort:
    """A constant number of queries whatever the size of the project: participants with their people
    and applications, outcomes, attendance and planned support by kind of instrument, internships,
    disability situations, and the at-risk check (registry situations, household incomes, criteria, the
    recruitment's at-risk criteria)."""
    today = today or timezone.localdate()
    if not Project._meta.get_field("measure").is_cached(project):
        project = Project.objects.select_related("measure__programme").get(pk=project.pk)
    participants = list(
        counted_participants(project)
        .select_related("person", "application")
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
    groups = _disability_groups(participants)
    cohort.severe = set(groups)
    for participant in participants:
        participant.disability_group = groups.get(participant.pk)
    cohort.at_risk = _at_risk_at_entry(participants)
    return cohort


def _disability_groups(participants: list[Participant]) -> dict[int, str]:
    """The participants of the second effectiveness group and why: a disability situation in force on
    their start date (certificate valid) of a severe degree ("severe"), or naming the intellectual
    disability 01-U ("intellectual"), or multiple disabilities — two or more causes on the certificates
    in force ("multiple"); docs/indicators.md#severe-disability-group."""
    by_person = {p.person_id: p for p in participants}
    causes: dict[int, set[str]] = {}
    severe: set[int] = set()
    for situation in Situation.objects.filter(person_id__in=by_person, kind=SituationKind.DISABILITY):
        participant = by_person[situation.person_id]
        if not situation.is_active_on(participant.start_date):
            continue
        causes.setdefault(participant.pk, set()).update(situation.disability_causes or [])
        if situation.disability_degree == DisabilityDegree.SEVERE:
            severe.add(participant.pk)
    groups = {}
    for participant in participants:
        found = causes.get(participant.pk, set())
        if participant.pk in severe:
            groups[participant.pk] = "severe"
        elif DisabilityCause.INTELLECTUAL in found:
            groups[participant.pk] = "intellectual"
        elif len(found) >= 2:
            groups[participant.pk] = "multiple"
    return groups


def _at_risk_at_entry(participants: list[Participant]) -> set[int]:
    """Who was at risk of poverty or social exclusion on their start date (docs/indicators.md#who-counts):

    1. a reason found in the registry on the start date by the rules of docs/at-risk.md (income not above
       the criterion, disability, homelessness, unemployment, PO PŻ, an art. 7 reason);
    2. or the participant data set at entry says homeless or with disabilities;
    3. or the recruitment verified an at-risk criterion as passed on the person's application.

    Sets `at_risk_at_entry` and `at_risk_reasons` (texts without health data) on each participant."""
    found = at_risk_reasons_many([(p.person, p.start_date) for p in participants])
    at_risk_codes = set(Criterion.objects.filter(kind=CriterionKind.AT_RISK).values_list("code", flat=True))
    ids = set()
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
        participant.at_risk_reasons = texts
        participant.at_risk_at_entry = bool(texts)
        if texts:
            ids.add(participant.pk)
    return ids
