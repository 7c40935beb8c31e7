"""City-scale synthetic data (issue 8): a large centre with ~100 000 people, 10 000 participants and
about a million attendance rows, loaded in minutes.

Never real data. The registry reuses the demo planner (szansa.demo.people: households, incomes,
situations, consents) with Faker replaced by pools of names and streets drawn once, PESELs computed
here (valid checksum), and every choice taken from `random.Random(seed)`: the same size and seed give
the same data. Then "city" projects with target groups, participants, group activities with sessions
and attendance are written with bulk_create, and attendance with COPY on PostgreSQL.

Everything generated here beyond the registry belongs to projects whose number starts with
CITY_PREFIX, so `reset_city` removes it quickly (raw deletes, no per-row collector).
"""

import datetime
import math
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.context import disable_auditlog
from dateutil.relativedelta import relativedelta
from django.db import connection, transaction
from django.utils import timezone
from faker import Faker

from szansa.demo import people as demo
from szansa.domain.accounts.models import User
from szansa.domain.people.models import Person
from szansa.domain.projects.enums import StaffRole
from szansa.domain.projects.models import Measure, Project, ProjectStaff, TargetGroup
from szansa.domain.recruitment import entry
from szansa.domain.recruitment import enums as recruitment_enums
from szansa.domain.recruitment.models import Participant
from szansa.domain.support import activation
from szansa.domain.support import enums as support_enums
from szansa.domain.support.indicators import kept
from szansa.domain.support.models import (
    Activation,
    Activity,
    ActivityParticipant,
    Attendance,
    ProjectFigures,
    Session,
    SupportForm,
)

CITY_PREFIX = "MIASTO/"  # project numbers of the generated city projects
PARTICIPANTS_PER_PROJECT = 2000
GROUP_SIZE = 12
ACTIVITIES_PER_PARTICIPANT = 2
BATCH_SIZE = 5000
TRAINERS = ["Anna Nowak", "Jan Lis", "Ewa Wójcik", "Piotr Sowa", "Maria Kruk"]

CITY_PEOPLE = 100_000
CITY_PARTICIPANTS = 10_000
CITY_ATTENDANCE_PER_PARTICIPANT = 100


@dataclass
class CityConfig:
    people: int = CITY_PEOPLE
    participants: int = CITY_PARTICIPANTS
    attendance_per_participant: int = CITY_ATTENDANCE_PER_PARTICIPANT
    seed: int = 1
    reference: datetime.date = demo.REFERENCE_DATE

    @classmethod
    def for_people(cls, people: int, **kwargs) -> "CityConfig":
        """A city of `people`: one participant in ten, ~100 attendance rows each."""
        return cls(people=people, participants=max(1, people // 10), **kwargs)


@dataclass
class CitySummary:
    people: int = 0
    households: int = 0
    incomes: int = 0
    situations: int = 0
    consents: int = 0
    projects: int = 0
    participants: int = 0
    activities: int = 0
    members: int = 0
    sessions: int = 0
    attendance: int = 0
    timings: dict[str, float] = field(default_factory=dict)


# --- PESEL --------------------------------------------------------------------------------------------

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
CENTURY_OFFSET = {1800: 80, 1900: 0, 2000: 20, 2100: 40, 2200: 60}


def pesel_checksum(first_ten: str) -> int:
    return (10 - sum(int(d) * w for d, w in zip(first_ten, PESEL_WEIGHTS, strict=True)) % 10) % 10


def make_pesel(born: datetime.date, female: bool, serial: int, sex_digit: int) -> str:
    """A PESEL for a birth date and sex: `serial` 0-999, `sex_digit` 0-4 (doubled, plus one for men)."""
    month = born.month + CENTURY_OFFSET[born.year // 100 * 100]
    digit = sex_digit * 2 + (0 if female else 1)
    first_ten = f"{born.year % 100:02d}{month:02d}{born.day:02d}{serial:03d}{digit}"
    return first_ten + str(pesel_checksum(first_ten))


# --- registry ----------------------------------------------------------------------------------------


class _Pools:
    """Stands in for Faker in the planner: names, streets, phones and e-mails sampled from pools drawn
    once (Faker per row is far too slow for 100 000 people). Same seed, same pools, same draws."""

    def __init__(self, rng: random.Random, seed: int):
        fake = Faker("pl_PL")
        fake.seed_instance(seed)
        self.rng = rng
        self.male_first = self._unique(fake.first_name_male, 250)
        self.female_first = self._unique(fake.first_name_female, 250)
        self.last = self._unique(fake.last_name_male, 1500)
        self.streets = self._unique(fake.street_name, 400)
        self.domains = ["example.org", "example.com", "example.net"]

    @staticmethod
    def _unique(draw: Callable[[], str], count: int) -> list[str]:
        seen: dict[str, None] = {}
        for _attempt in range(count * 4):
            seen.setdefault(draw(), None)
            if len(seen) >= count:
                break
        return list(seen)

    def first_name_male(self) -> str:
        return self.rng.choice(self.male_first)

    def first_name_female(self) -> str:
        return self.rng.choice(self.female_first)

    def last_name_male(self) -> str:
        return self.rng.choice(self.last)

    def street_name(self) -> str:
        return self.rng.choice(self.streets)

    def phone_number(self) -> str:
        n = self.rng.randint(500_000_000, 899_999_999)
        return f"+48 {n // 1_000_000} {n // 1000 % 1000:03d} {n % 1000:03d}"

    def email(self, safe: bool = True) -> str:
        return f"osoba{self.rng.randint(1, 10**7)}@{self.rng.choice(self.domains)}"


class _CityPlanner(demo._Planner):
    """The demo planner with pooled names and computed PESELs; more streets per town."""

    def __init__(self, people, seed, reference, criterion):
        self.wanted = people
        self.reference = reference
        self.criterion = criterion
        self.rng = random.Random(seed)
        self.fake = _Pools(self.rng, seed)
        self.pesels: set[str] = set()
        self.document_numbers: set[str] = set()
        self.months = [reference.replace(day=1) - relativedelta(months=n) for n in (2, 1, 0)]
        self.streets = {place.town: self._streets(60) for place in demo.PLACES}

    def pesel(self, born: datetime.date, female: bool) -> str:
        while True:
            pesel = make_pesel(born, female, self.rng.randint(0, 999), self.rng.randint(0, 4))
            if pesel not in self.pesels:
                self.pesels.add(pesel)
                return pesel

    def age(self, born: datetime.date) -> int:
        # Faster than relativedelta, same answer.
        ref = self.reference
        return ref.year - born.year - ((ref.month, ref.day) < (born.month, born.day))


def plan_city_registry(config: CityConfig) -> list[demo.HouseholdPlan]:
    return _CityPlanner(
        config.people, config.seed, config.reference, demo.criterion_on(config.reference)
    ).plan()


# --- writing helpers -----------------------------------------------------------------------------------


def copy_rows(model, columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert plain rows: COPY on PostgreSQL, bulk_create elsewhere. `columns` are db column names."""
    count = 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    attnames = {f.column: f.attname for f in model._meta.concrete_fields}
    batch = []
    for row in rows:
        batch.append(model(**{attnames[c]: v for c, v in zip(columns, row, strict=True)}))
        if len(batch) >= BATCH_SIZE:
            model.objects.bulk_create(batch)
            count += len(batch)
            batch = []
    model.objects.bulk_create(batch)
    return count + len(batch)


class _Timer:
    def __init__(self, summary: CitySummary, report: Callable[[str], None] | None):
        self.summary = summary
        self.report = report or (lambda _line: None)

    def step(self, name: str, started: float) -> None:
        elapsed = time.monotonic() - started
        self.summary.timings[name] = round(elapsed, 2)
        self.report(f"  {name}: {elapsed:.1f} s")


# --- the city -----------------------------------------------------------------------------------------


def seed_city_registry(config: CityConfig, summary: CitySummary, timer: _Timer) -> None:
    started = time.monotonic()
    households = plan_city_registry(config)
    timer.step("plan registry", started)
    started = time.monotonic()
    workers = demo.ensure_demo_accounts()
    with disable_auditlog():
        loaded = demo.load_registry(households, workers)
    summary.people, summary.households = loaded.people, loaded.households
    summary.incomes, summary.situations, summary.consents = loaded.incomes, loaded.situations, loaded.consents
    timer.step("write registry", started)


def _city_projects(config: CityConfig, users: dict[str, User]) -> list[Project]:
    count = max(1, math.ceil(config.participants / PARTICIPANTS_PER_PROJECT))
    measure = Measure.objects.filter(programme__period="2021-2027").order_by("pk").first()
    measure = measure or Measure.objects.order_by("pk").first()
    if measure is None:
        raise ValueError("No measure in the database: run the migrations first.")
    start = datetime.date(config.reference.year - 2, 1, 1)
    end = datetime.date(config.reference.year + 1, 12, 31)
    projects = []
    for index in range(1, count + 1):
        eligible = Decimal(2_000_000 + 250_000 * index)
        cofinancing = (eligible * Decimal("0.95")).quantize(Decimal("0.01"))
        projects.append(
            Project(
                number=f"{CITY_PREFIX}{config.seed}/{index:02d}",
                title=f"Aktywna integracja w centrum miasta, część {index}",
                beneficiary="Miejski Ośrodek Pomocy Społecznej (dane syntetyczne)",
                measure=measure,
                goal="Syntetyczny projekt do testów wydajności (issue 8).",
                start=start,
                end=end,
                total_value=eligible,
                eligible_costs=eligible,
                cofinancing=cofinancing,
                own_contribution=eligible - cofinancing,
                participant_limit=PARTICIPANTS_PER_PROJECT,
                notes="Dane syntetyczne (seed_demo --scale city).",
            )
        )
    projects = Project.objects.bulk_create(projects)
    staff, groups = [], []
    for project in projects:
        staff.append(
            ProjectStaff(
                project=project, user=users["koordynator"], role=StaffRole.COORDINATOR, valid_from=start
            )
        )
        staff.append(
            ProjectStaff(
                project=project, user=users["specjalista"], role=StaffRole.SPECIALIST, valid_from=start
            )
        )
        for year in range(start.year, config.reference.year + 1):
            groups.append(
                TargetGroup(
                    project=project,
                    year=year,
                    name="Osoby zagrożone wykluczeniem społecznym",
                    planned_total=PARTICIPANTS_PER_PROJECT // 2,
                )
            )
    ProjectStaff.objects.bulk_create(staff)
    TargetGroup.objects.bulk_create(groups)
    return projects


LABOUR = [
    (recruitment_enums.LabourStatus.REGISTERED_UNEMPLOYED, 45),
    (recruitment_enums.LabourStatus.UNREGISTERED_UNEMPLOYED, 15),
    (recruitment_enums.LabourStatus.INACTIVE, 30),
    (recruitment_enums.LabourStatus.EMPLOYED, 10),
]


def seed_city_participants(
    config: CityConfig, rng: random.Random, users: dict[str, User], first_pk: int
) -> list[Participant]:
    """Adults of the generated registry (aged 18-64 on the reference date) enrolled in city projects."""
    projects = _city_projects(config, users)
    groups: dict[tuple[int, int], TargetGroup] = {
        (g.project_id, g.year): g for g in TargetGroup.objects.filter(project__in=projects)
    }
    ref = config.reference
    youngest = ref - relativedelta(years=18)
    oldest = ref - relativedelta(years=65) + datetime.timedelta(days=1)
    adults = list(
        Person.objects.filter(pk__gte=first_pk, birth_date__range=(oldest, youngest))
        .order_by("pk")
        .values_list("pk", "birth_date", "education_level")
    )
    chosen = sorted(rng.sample(adults, min(config.participants, len(adults))))
    statuses = recruitment_enums.ParticipantStatus
    participants = []
    window = (ref - projects[0].start).days - 120
    for index, (person_id, born, education) in enumerate(chosen):
        project = projects[index % len(projects)]
        start = project.start + datetime.timedelta(days=rng.randint(0, max(0, window)))
        status = rng.choices([statuses.ACTIVE, statuses.COMPLETED, statuses.LEFT_EARLY], weights=[70, 22, 8])[
            0
        ]
        end = None
        if status != statuses.ACTIVE:
            end = min(ref, start + datetime.timedelta(days=rng.randint(120, 400)))
        age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
        participants.append(
            Participant(
                person_id=person_id,
                project=project,
                target_group=groups[(project.pk, start.year)],
                status=status,
                start_date=start,
                age_at_start=age,
                education=education or "3",
                labour_status=rng.choices([s for s, _w in LABOUR], weights=[w for _s, w in LABOUR])[0],
                degurba=recruitment_enums.Degurba.DENSE,
                minority=False,
                foreign_background=False,
                third_country_national=False,
                homeless=rng.random() < 0.05,
                disability=rng.random() < 0.12,
                other_disadvantage=rng.random() < 0.3,
                end_date=end,
                exit_reason={
                    statuses.COMPLETED: recruitment_enums.ExitReason.COMPLETED,
                    statuses.LEFT_EARLY: recruitment_enums.ExitReason.LEFT_EARLY,
                }.get(status, ""),
                completed_path=None if end is None else status == statuses.COMPLETED,
                enrolled_by=users["koordynator"],
            )
        )
    return Participant.objects.bulk_create(participants, batch_size=BATCH_SIZE)


def seed_city_activities(
    config: CityConfig,
    rng: random.Random,
    users: dict[str, User],
    participants: list[Participant],
    summary: CitySummary,
    timer: _Timer,
) -> None:
    """Group activities of ~12 participants; each participant attends ACTIVITIES_PER_PARTICIPANT of
    them, each with enough sessions to give ~attendance_per_participant attendance rows."""
    started = time.monotonic()
    forms = list(
        SupportForm.objects.filter(delivery=support_enums.Delivery.GROUP).order_by("position", "code")
    )
    if not forms:
        raise ValueError("No group form of support in the catalogue: run the migrations first.")
    sessions_each = max(1, math.ceil(config.attendance_per_participant / ACTIVITIES_PER_PARTICIPANT))
    specialist = users["specjalista"]
    by_project: dict[int, list[Participant]] = {}
    for participant in participants:
        by_project.setdefault(participant.project_id, []).append(participant)
    activities: list[Activity] = []
    members: list[tuple[Activity, list[Participant]]] = []
    for project_id, people in by_project.items():
        for round_no in range(ACTIVITIES_PER_PARTICIPANT):
            shuffled = people[:]
            rng.shuffle(shuffled)
            for offset in range(0, len(shuffled), GROUP_SIZE):
                group = shuffled[offset : offset + GROUP_SIZE]
                form = forms[(len(activities) + round_no) % len(forms)]
                # Sessions on working days before the reference date, ~3 a week.
                latest_start = max(p.start_date for p in group)
                span = sessions_each * 7 // 3 + 7
                starts = latest_start + datetime.timedelta(days=rng.randint(0, 60) + round_no * (span + 14))
                starts = min(starts, config.reference - datetime.timedelta(days=span + 1))
                activity = Activity(
                    project_id=project_id,
                    form=form,
                    title=f"{form.name_pl} – grupa {len(activities) + 1}",
                    provider="Centrum Kształcenia (dane syntetyczne)",
                    trainer=rng.choice(TRAINERS),
                    specialist=specialist,
                    place="ul. Szkolna 1, sala " + str(rng.randint(1, 12)),
                    capacity=GROUP_SIZE,
                    starts_on=starts,
                    ends_on=starts + datetime.timedelta(days=span),
                    min_attendance=form.min_attendance,
                    ends_with_exam=form.ends_with_exam,
                )
                activities.append(activity)
                members.append((activity, group))
    Activity.objects.bulk_create(activities, batch_size=BATCH_SIZE)
    places = [
        ActivityParticipant(
            activity=activity,
            participant=participant,
            planned_hours=Decimal(sessions_each * 4),
            assigned_on=activity.starts_on - datetime.timedelta(days=7),
        )
        for activity, group in members
        for participant in group
    ]
    ActivityParticipant.objects.bulk_create(places, batch_size=BATCH_SIZE)
    summary.activities, summary.members = len(activities), len(places)
    timer.step("write activities", started)

    started = time.monotonic()
    zone = timezone.get_current_timezone()
    sessions: list[Session] = []
    for activity in activities:
        day = activity.starts_on
        hour = rng.choice([8, 9, 12, 15])
        for _number in range(sessions_each):
            while day.weekday() >= 5:
                day += datetime.timedelta(days=1)
            begins = datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)
            sessions.append(
                Session(
                    activity=activity,
                    starts_at=begins,
                    ends_at=begins + datetime.timedelta(hours=4),
                    specialist_id=specialist.pk,
                    topic="",
                    cancelled=False,
                )
            )
            day += datetime.timedelta(days=rng.choice([1, 2, 3]))
    Session.objects.bulk_create(sessions, batch_size=BATCH_SIZE)
    summary.sessions = len(sessions)
    timer.step("write sessions", started)

    started = time.monotonic()
    group_of = {activity.pk: [p.pk for p in group] for activity, group in members}
    statuses = [
        support_enums.AttendanceStatus.PRESENT.value,
        support_enums.AttendanceStatus.EXCUSED.value,
        support_enums.AttendanceStatus.ABSENT.value,
    ]
    recorder = specialist.pk
    draw = rng.random

    def rows():
        for session in sessions:
            for participant_id in group_of[session.activity_id]:
                roll = draw()
                status = statuses[0] if roll < 0.85 else statuses[1] if roll < 0.93 else statuses[2]
                yield (session.pk, participant_id, status, recorder, session.ends_at)

    summary.attendance = copy_rows(
        Attendance, ["session_id", "participant_id", "status", "recorded_by_id", "recorded_at"], rows()
    )
    timer.step("write attendance", started)


def seed_city_support(
    config: CityConfig,
    first_pk: int,
    report: Callable[[str], None] | None = None,
    summary: CitySummary | None = None,
) -> CitySummary:
    """City projects, participants (people from pk `first_pk` on), activities, sessions, attendance."""
    summary = summary or CitySummary()
    timer = _Timer(summary, report)
    users = demo.ensure_demo_accounts()
    rng = random.Random(config.seed * 7919 + 17)
    with transaction.atomic(), disable_auditlog():
        started = time.monotonic()
        participants = seed_city_participants(config, rng, users, first_pk)
        summary.participants = len(participants)
        summary.projects = len({p.project_id for p in participants})
        timer.step("write participants", started)
        started = time.monotonic()
        # Written in bulk, past the receivers that keep each participant's flags at entry: recount them.
        entry.refresh(Participant.objects.filter(project_id__in={p.project_id for p in participants}))
        timer.step("flags at entry", started)
        if participants and config.attendance_per_participant > 0:
            seed_city_activities(config, rng, users, participants, summary, timer)
        started = time.monotonic()
        # Attendance written in bulk too: recount the kinds of activation received.
        activation.refresh(Participant.objects.filter(project_id__in={p.project_id for p in participants}))
        timer.step("activation", started)
        # … and mark stale the kept indicator figures of the projects written past the receivers.
        kept.invalidate_projects({p.project_id for p in participants})
    if connection.vendor == "postgresql":
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        timer.step("analyze", started)
    return summary


def next_person_pk() -> int:
    return (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


def seed_city(config: CityConfig, report: Callable[[str], None] | None = None) -> CitySummary:
    """The whole city on top of an empty registry: people, participants, activities, attendance."""
    summary = CitySummary()
    total = time.monotonic()
    first_pk = next_person_pk()
    seed_city_registry(config, summary, _Timer(summary, report))
    seed_city_support(config, first_pk, report, summary)
    summary.timings["total"] = round(time.monotonic() - total, 2)
    return summary


def reset_city() -> int:
    """Delete the generated city projects and all that hangs on them, with raw deletes (a million
    attendance rows would take the per-row delete collector ages). Returns the projects deleted."""
    projects = Project.objects.filter(number__startswith=CITY_PREFIX)
    ids = list(projects.values_list("pk", flat=True))
    if not ids:
        return 0
    using = connection.alias
    with transaction.atomic(), disable_auditlog():
        Attendance.objects.filter(session__activity__project__in=ids)._raw_delete(using)
        Attendance.objects.filter(participant__project__in=ids)._raw_delete(using)
        Session.objects.filter(activity__project__in=ids)._raw_delete(using)
        ActivityParticipant.objects.filter(activity__project__in=ids)._raw_delete(using)
        Activity.objects.filter(project__in=ids)._raw_delete(using)
        Activation.objects.filter(participant__project__in=ids)._raw_delete(using)
        Participant.objects.filter(project__in=ids)._raw_delete(using)
        ProjectFigures.objects.filter(project__in=ids)._raw_delete(using)
        TargetGroup.objects.filter(project__in=ids)._raw_delete(using)
        ProjectStaff.objects.filter(project__in=ids)._raw_delete(using)
        Project.objects.filter(pk__in=ids)._raw_delete(using)
    return len(ids)
