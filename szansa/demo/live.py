"""The living demo: a project running around the reference date, beside the historical seed projects.

`seed_demo --reference-date today` dates everything here from today, so a newcomer's calendar, housing
board, recruitment and task list are not empty: the Olkusz project "Aktywni razem 2.0" (FEM 2021-2027,
from 1 January of the year before the reference date to 31 December of the year after) with a target
group per year; participants recruited about four months before the reference date (activated,
diagnosed, with plans and contracts), an OPEN recruitment round of this year's group (applications
ranked, refused with reasons, still waiting for verification, one withdrawn), group activities with
sessions in the reference date's week and the next (attendance recorded for the sessions already held),
individual counselling with the demo specialist, two internships in progress, a supported flat in
Olkusz with residents whose stays span the reference date (incomes, fee statements, payments), and
tasks of the social workers and the clerk due around the reference date (overdue, today, next week).

Everything goes through the services and is deterministic for the same seed and reference date.
Idempotent: nothing is added when the live project exists (all or nothing: one transaction).
Synthetic data, never real.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from szansa.demo.people import ANDRYCHOW, OLKUSZ, ensure_demo_accounts
from szansa.demo.projects import BALANCE, OLKUSZ_OPS, Seed, _seed_one
from szansa.demo.recruitment import SCORING, Plan, _age_rule, _documents_for, _ensure_consent, _recruit
from szansa.domain.housing import enums as housing_enums
from szansa.domain.housing import services as housing_services
from szansa.domain.housing.models import (
    Apartment,
    ApartmentKindPeriod,
    ApartmentStaff,
    Place,
    Stay,
    SupportPlan,
)
from szansa.domain.housing.models import Room as HousingRoom
from szansa.domain.people import enums as people_enums
from szansa.domain.people import services as people_services
from szansa.domain.people.models import IncomeRecord, Person
from szansa.domain.projects.models import Project, TargetGroup
from szansa.domain.recruitment import eligibility
from szansa.domain.recruitment import enums as recruitment_enums
from szansa.domain.recruitment import services as recruitment_services
from szansa.domain.recruitment.models import (
    Criterion,
    DocumentKind,
    EligibilityRule,
    Participant,
    RecruitmentRound,
    RuleCriterion,
    ScoringCriterion,
)
from szansa.domain.support.activities import rules as activity_rules
from szansa.domain.support.activities import selectors as activity_selectors
from szansa.domain.support.activities import services as activity_services
from szansa.domain.support.enums import AttendanceStatus
from szansa.domain.support.internships.services import internship_create
from szansa.domain.support.models import Room, SupportForm
from szansa.domain.work import services as work_services
from szansa.domain.work.deadlines import due_date
from szansa.domain.work.models import TaskKind

D = Decimal
LIVE_NUMBER = "DEMO-FEM-LIVE-001"
TARGET_GROUP = "Osoby zagrożone ubóstwem lub wykluczeniem społecznym (klienci OPS w Olkuszu)"
PLANNED_PER_YEAR = 14
OPEN_ROUND = "Nabór uzupełniający"
# The open round: how many applicants are verified eligible, refused, and left to verify.
OPEN_ELIGIBLE = 6
OPEN_REFUSED = 4
OPEN_UNVERIFIED = 3
GROUP_MEMBERS = 10
TRAINEES = 8
COUNSELLED = 4
INTERNS = 2
WEEKS_BEFORE = 6  # the group activities started this many weeks before the reference date's week
WEEKS_AFTER = 6
EMPLOYERS = [("Spółdzielnia Socjalna Olkuszanka", "Ewa Kmita"), ("Sklep Spożywczy Pod Lipami", "Adam Boroń")]
# Tasks due around the reference date: (team or None for the clerk, kind, days from the reference date).
TASKS = [
    (OLKUSZ, "community_interview", -6),
    (OLKUSZ, "social_contract_review", 0),
    (OLKUSZ, "care_visit", 7),
    (ANDRYCHOW, "care_visit", -3),
    (ANDRYCHOW, "end_of_stay", 0),
    (ANDRYCHOW, "social_contract_review", 8),
    (None, "payment_order", -2),
    (None, "payment_order", 0),
    (None, "payment_order", 6),
]
# Residents of the supported flat: (days moved in before the reference date, planned days after it).
RESIDENTS = [(120, 150), (75, 200), (40, 110)]
INCOMES = [D("780.00"), D("1020.00"), D("1390.00")]


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _seed(reference: datetime.date) -> Seed:
    year = reference.year
    return Seed(
        number=LIVE_NUMBER,
        title="Aktywni razem 2.0",
        beneficiary=OLKUSZ_OPS,
        programme="FEM 2021-2027",
        measure="6.11",
        start=datetime.date(year - 1, 1, 1),
        end=datetime.date(year + 1, 12, 31),
        total_value=D("960000.00"),
        eligible_costs=D("960000.00"),
        cofinancing=D("912000.00"),
        participant_limit=3 * PLANNED_PER_YEAR,
        goal="Aktywizacja społeczna i zawodowa osób zagrożonych wykluczeniem społecznym w gminie Olkusz: "
        "trening kompetencji, kurs zawodowy, poradnictwo, staże i mieszkanie wspomagane.",
        notes="Projekt demonstracyjny (dane syntetyczne), datowany od dnia odniesienia demonstracji.",
        target_groups=[(y, TARGET_GROUP, PLANNED_PER_YEAR, None, None) for y in (year - 1, year, year + 1)],
        indicators=[("EECR01", 3 * PLANNED_PER_YEAR), ("EECR04", 10)],
        tasks=[
            (
                "Aktywizacja społeczna",
                [
                    ("services", "Trening kompetencji społecznych", "godzina", 360, "120.00"),
                    ("services", "Poradnictwo psychologiczne", "godzina", 400, "130.00"),
                ],
            ),
            (
                "Aktywizacja zawodowa",
                [
                    ("services", "Szkolenia zawodowe", "osoba", 30, "3600.00"),
                    ("stipends", "Stypendia stażowe", "osobomiesiąc", 60, "1500.00"),
                ],
            ),
            (
                "Mieszkanie wspomagane",
                [("other", "Utrzymanie mieszkania wspomaganego", "miesiąc", BALANCE, BALANCE)],
            ),
        ],
        staff=[
            ("koordynator", "coordinator", "60.00"),
            ("pracownik2", "social_worker", "40.00"),
            ("specjalista", "specialist", "30.00"),
        ],
        spend_share=(0.2, 0.4),
    )


# --- recruitment ------------------------------------------------------------------------------------


def _enrolled_plan(reference: datetime.date) -> Plan:
    start = reference - datetime.timedelta(days=110)
    return Plan(
        LIVE_NUMBER,
        start.year,
        "Olkusz",
        "Nabór podstawowy",
        reference - datetime.timedelta(days=150),
        reference - datetime.timedelta(days=125),
        reference - datetime.timedelta(days=120),
        start,
        rules=[_age_rule("Olkusz")],
        eligible=PLANNED_PER_YEAR - 2,
        not_eligible=2,
        backdate_income=True,  # the registry's incomes cover the reference month and the two before
    )


def _open_round(users, project, reference: datetime.date, rng: random.Random) -> RecruitmentRound:
    """This year's round, open on the reference date: applications ranked, refused, to verify, withdrawn."""
    admin, coordinator = users["admin"], users["koordynator"]
    group = TargetGroup.objects.get(project=project, year=reference.year)
    opens = max(reference - datetime.timedelta(days=21), datetime.date(reference.year, 1, 1))
    closes = reference + datetime.timedelta(days=24)
    if not EligibilityRule.objects.filter(target_group=group).exists():
        for position, (mode, criteria) in enumerate(
            [_age_rule("Olkusz"), (recruitment_enums.RuleMode.ALL_OF, [("at_risk", {})])]
        ):
            rule = recruitment_services.recruitment_record_save(
                actor=admin, record=EligibilityRule(target_group=group, mode=mode, position=position)
            )
            for order, (code, parameters) in enumerate(criteria):
                recruitment_services.recruitment_record_save(
                    actor=admin,
                    record=RuleCriterion(
                        rule=rule,
                        criterion=Criterion.objects.get(code=code),
                        parameters=parameters,
                        position=order,
                    ),
                )
        for order, (code, parameters, points) in enumerate(SCORING):
            recruitment_services.recruitment_record_save(
                actor=admin,
                record=ScoringCriterion(
                    target_group=group,
                    criterion=Criterion.objects.get(code=code),
                    parameters=parameters,
                    points=points,
                    position=order,
                ),
            )
    round_ = recruitment_services.recruitment_record_save(
        actor=admin,
        record=RecruitmentRound(target_group=group, name=OPEN_ROUND, opens_on=opens, closes_on=closes),
    )
    rules = eligibility.load_rules(group)
    adults = Person.objects.filter(
        birth_date__lte=opens.replace(year=opens.year - 18, day=min(opens.day, 28)),
        birth_date__gt=opens.replace(year=opens.year - 65, day=min(opens.day, 28)),
    ).order_by("last_name", "first_name", "birth_date", "pesel")
    pool = list(adults.exclude(participations__project=project))
    rng.shuffle(pool)
    days = max((reference - opens).days, 0)
    chosen: dict[bool, list] = {True: [], False: []}
    wanted = {True: OPEN_ELIGIBLE + OPEN_UNVERIFIED, False: OPEN_REFUSED}
    for person in pool:
        if all(len(chosen[k]) >= wanted[k] for k in wanted):
            break
        submitted = opens + datetime.timedelta(days=rng.randint(0, days))
        facts = eligibility.facts_for(person, reference, project, eligibility.default_income_month(submitted))
        evaluation = eligibility.evaluate_facts(rules, facts)
        if len(chosen[evaluation.eligible]) < wanted[evaluation.eligible]:
            chosen[evaluation.eligible].append((person, submitted, evaluation))
    # The latest eligible applications are not verified yet.
    eligible = sorted(chosen[True], key=lambda row: (row[1], row[0].pk))
    unverified = {row[0].pk for row in eligible[len(eligible) - OPEN_UNVERIFIED :]} if eligible else set()
    applicants = sorted(chosen[True] + chosen[False], key=lambda row: (row[1], row[0].last_name, row[0].pk))
    withdrawn = None
    for person, submitted, evaluation in applicants:
        application = recruitment_services.application_submit(
            actor=coordinator,
            person=person,
            round=round_,
            submitted_on=submitted,
            channel=rng.choice(list(recruitment_enums.Channel)),
        )
        for code in sorted(_documents_for(evaluation)):
            recruitment_services.document_receive(
                actor=coordinator,
                application=application,
                kind=DocumentKind.objects.get(code=code),
                received_on=submitted,
            )
        if person.pk in unverified:
            continue
        recruitment_services.application_verify(
            actor=coordinator,
            application=application,
            on=min(submitted + datetime.timedelta(days=2), reference),
        )
        if evaluation.eligible:
            _ensure_consent(person, submitted, admin)
            if withdrawn is None:
                withdrawn = application
    if withdrawn is not None and len(chosen[True]) > OPEN_UNVERIFIED + 1:
        withdrawn.refresh_from_db()
        recruitment_services.application_withdraw(
            actor=coordinator, application=withdrawn, note="Rezygnacja: podjęcie pracy sezonowej."
        )
    recruitment_services.round_rank(actor=coordinator, round=round_)
    return round_


# --- support ------------------------------------------------------------------------------------------


def _participants(project) -> list[Participant]:
    return list(
        Participant.objects.filter(project=project)
        .main()
        .counted()
        .select_related("person", "project")
        .order_by("start_date", "person__last_name", "pk")
    )


def _status(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.85:
        return AttendanceStatus.PRESENT
    return AttendanceStatus.EXCUSED if draw < 0.94 else AttendanceStatus.ABSENT


def _attendance(actor, sessions, reference: datetime.date, rng: random.Random) -> int:
    """Attendance of the sessions held before the reference date (never of a day still to come)."""
    last = min(reference - datetime.timedelta(days=1), timezone.localdate())
    done = 0
    for session in sessions:
        if timezone.localtime(session.starts_at).date() > last:
            continue
        statuses = {pk: _status(rng) for pk in sorted(activity_selectors.session_participant_ids(session))}
        if statuses:
            activity_services.attendance_set(actor=actor, session=session, statuses=statuses)
            done += 1
    return done


def _activities(users, project, participants, reference: datetime.date, rng: random.Random) -> dict:
    admin, specialist = users["admin"], users["specjalista"]
    first = monday_of(reference) - datetime.timedelta(weeks=WEEKS_BEFORE)
    last = monday_of(reference) + datetime.timedelta(weeks=WEEKS_AFTER, days=4)
    hall, _ = Room.objects.get_or_create(name="Sala szkoleniowa", defaults={"capacity": 16})
    office, _ = Room.objects.get_or_create(name="Gabinet psychologa", defaults={"capacity": 2})
    forms = {
        f.code: f
        for f in SupportForm.objects.filter(
            code__in=[
                "social_competence_training",
                "vocational_training",
                "psychological_counselling",
                "internship",
            ]
        )
    }
    sessions = []
    group = activity_services.activity_create(
        actor=admin,
        project=project,
        form=forms["social_competence_training"],
        title="Trening kompetencji społecznych - grupa wtorkowa",
        provider="OPS w Olkuszu",
        trainer="Joanna Trenerska",
        specialist=specialist,
        room=hall,
        capacity=12,
        starts_on=first,
        ends_on=last,
    )
    for participant in participants[:GROUP_MEMBERS]:
        activity_services.activity_assign(actor=admin, activity=group, participant=participant, on=first)
    sessions += activity_services.session_schedule_weekly(
        actor=admin,
        activity=group,
        weekday=1,
        start_time=datetime.time(10),
        end_time=datetime.time(13),
        first_day=first,
        last_day=last,
        topic="Komunikacja i rozwiązywanie konfliktów",
    )
    training = activity_services.activity_create(
        actor=admin,
        project=project,
        form=forms["vocational_training"],
        title="Kurs „Pracownik obsługi biura” z egzaminem",
        provider="Centrum Szkoleniowe w Olkuszu",
        trainer="Marek Instruktor",
        room=hall,
        capacity=TRAINEES,
        starts_on=first,
        ends_on=last,
    )
    trainees = participants[-TRAINEES:]
    for participant in trainees:
        activity_services.activity_assign(actor=admin, activity=training, participant=participant, on=first)
    for weekday in (0, 3):  # Mondays and Thursdays
        sessions += activity_services.session_schedule_weekly(
            actor=admin,
            activity=training,
            weekday=weekday,
            start_time=datetime.time(9),
            end_time=datetime.time(14) if weekday == 3 else datetime.time(12),
            first_day=first,
            last_day=last,
            topic="Zajęcia teoretyczne i praktyczne",
        )
    counselling = activity_services.activity_create(
        actor=admin,
        project=project,
        form=forms["psychological_counselling"],
        title="Poradnictwo psychologiczne indywidualne",
        specialist=specialist,
        room=office,
        starts_on=first,
        ends_on=last,
    )
    this_week = monday_of(reference)
    for index, participant in enumerate(participants[:COUNSELLED]):
        planned = activity_selectors.planned_support_for(participant, counselling.form)
        activity_services.activity_assign(
            actor=admin, activity=counselling, participant=participant, on=first, planned_support=planned
        )
        # Wednesdays and Fridays of this week and the next, one hour each, a different hour each.
        for day in (2, 4, 9, 11):
            on = this_week + datetime.timedelta(days=day)
            sessions.append(
                activity_services.session_schedule(
                    actor=admin,
                    activity=counselling,
                    participant=participant,
                    starts_at=activity_rules.local_at(on, datetime.time(9 + index)),
                    ends_at=activity_rules.local_at(on, datetime.time(10 + index)),
                    topic="Konsultacja indywidualna",
                )
            )
    attended = _attendance(admin, sessions, reference, rng)
    internship = activity_services.activity_create(
        actor=admin,
        project=project,
        form=forms["internship"],
        title="Staże zawodowe u pracodawców z Olkusza",
        starts_on=reference - datetime.timedelta(days=45),
        ends_on=reference + datetime.timedelta(days=75),
    )
    interns = [p for p in participants if p not in trainees][GROUP_MEMBERS - INTERNS : GROUP_MEMBERS]
    interns = interns or participants[:INTERNS]
    for participant, (employer, mentor) in zip(interns, EMPLOYERS, strict=False):
        internship_create(
            actor=admin,
            activity=internship,
            participant=participant,
            employer=employer,
            mentor=mentor,
            starts_on=reference - datetime.timedelta(days=30),
            ends_on=reference + datetime.timedelta(days=60),
            position="pracownik pomocniczy",
        )
    return {"sessions": len(sessions), "attendance_sessions": attended, "internships": len(interns)}


# --- housing ----------------------------------------------------------------------------------------


def _flat(users, project, reference: datetime.date) -> Apartment:
    admin = users["admin"]
    opened = project.start
    apartment = housing_services.apartment_save(
        actor=admin,
        apartment=Apartment(
            name="Mieszkanie wspomagane nr 4",
            operator=OLKUSZ_OPS,
            street="ul. Kazimierza Wielkiego",
            building_number="18",
            flat_number="3",
            postal_code=OLKUSZ.postal_code,
            town=OLKUSZ.town,
            gmina=OLKUSZ.gmina,
            group_served=housing_enums.ServedGroup.OTHER,
            usable_area=D("64.30"),
            bathroom_area=D("4.60"),
            shared_spaces="kuchnia, łazienka z WC, przedpokój, pokój dzienny",
            equipment=dict.fromkeys(["łóżka", "szafy", "lodówka", "kuchenka", "pralka"], True),
            opened_on=opened,
            project=project,
            notes="Mieszkanie projektu „Aktywni razem 2.0” (dane demonstracyjne).",
        ),
    )
    housing_services.apartment_record_save(
        actor=admin,
        record=ApartmentKindPeriod(
            apartment=apartment, kind=housing_enums.ApartmentKind.WSPOMAGANE, valid_from=opened
        ),
    )
    for room_name, area, places in (("Pokój 1", "14.20", 2), ("Pokój 2", "11.60", 2)):
        room = housing_services.apartment_record_save(
            actor=admin, record=HousingRoom(apartment=apartment, name=room_name, area=D(area))
        )
        for index in range(places):
            housing_services.apartment_record_save(
                actor=admin, record=Place(room=room, label=f"{room_name[-1]}{'AB'[index]}")
            )
    for kind in (housing_enums.SupportKind.CARER, housing_enums.SupportKind.PSYCHOLOGIST):
        housing_services.apartment_record_save(
            actor=admin,
            record=ApartmentStaff(
                apartment=apartment,
                user=users["specjalista"],
                kind=kind,
                valid_from=opened,
                valid_to=project.end,
            ),
        )
    return apartment


def _residents(users, apartment, project, reference: datetime.date, rng: random.Random) -> int:
    admin, worker, clerk = users["admin"], users["pracownik2"], users["referent"]
    places = list(Place.objects.filter(room__apartment=apartment).order_by("room__name", "label"))
    candidates = Person.objects.filter(
        town=OLKUSZ.town,
        housing_stays__isnull=True,
        birth_date__lte=reference.replace(year=reference.year - 25, day=min(reference.day, 28)),
    ).exclude(participations__project=project)
    candidates = list(candidates.order_by("pesel").distinct()[: len(RESIDENTS)])
    group = TargetGroup.objects.filter(project=project, year=reference.year).first()
    done = 0
    for place, person, (before, after), income in zip(places, candidates, RESIDENTS, INCOMES, strict=False):
        start = reference - datetime.timedelta(days=before)
        stay = housing_services.stay_refer(
            actor=admin,
            stay=Stay(
                person=person,
                place=place,
                referred_by="Kierownik Ośrodka Pomocy Społecznej w Olkuszu",
                decision_number=f"OPS.8311.{rng.randint(10, 999)}.{start.year}",
                decision_date=start - datetime.timedelta(days=14),
                planned_start=start,
                planned_end=reference + datetime.timedelta(days=after),
                target_group=group if group and group.year == start.year else None,
            ),
        )
        stay = housing_services.stay_start(actor=worker, stay=stay, on=start)
        housing_services.support_plan_save(
            actor=worker,
            plan=SupportPlan(
                stay=stay,
                drawn_up_on=start + datetime.timedelta(days=7),
                goals="Trening samodzielności, zarządzanie budżetem domowym, "
                "przygotowanie do podjęcia pracy.",
            ),
            hours={
                housing_enums.SupportKind.SOCIAL_WORK: D("4"),
                housing_enums.SupportKind.CARER: D("8"),
                housing_enums.SupportKind.PSYCHOLOGIST: D("2"),
            },
        )
        month = start.replace(day=1)
        while month <= reference:
            if not IncomeRecord.objects.filter(person=person, month=month).exists():
                people_services.record_save(
                    actor=clerk,
                    record=IncomeRecord(
                        person=person,
                        month=month,
                        source=people_enums.IncomeSource.SOCIAL_ASSISTANCE,
                        net_amount=income,
                        note="oświadczenie mieszkańca mieszkania wspomaganego",
                    ),
                )
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        paid_until = reference.replace(day=1) - datetime.timedelta(days=1)
        statements = housing_services.statements_generate(actor=clerk, stay=stay, until=reference)
        for statement in statements:
            if statement.fee_due <= 0 or statement.month > paid_until:
                continue
            housing_services.payment_record(
                actor=clerk,
                statement=statement,
                amount=statement.fee_due,
                on=min(statement.month + datetime.timedelta(days=40), reference),
            )
        done += 1
    return done


# --- tasks --------------------------------------------------------------------------------------------


def _start_for(kind: TaskKind, due: datetime.date) -> datetime.date:
    """The latest start from which a task of `kind` falls due on `due` (or the first day after it)."""
    best = None
    for back in range(0, 120):
        start = due - datetime.timedelta(days=back)
        falls = due_date(kind, start)
        if falls is None:
            return due
        if falls < due:
            break
        best = start
        if falls == due:
            return start
    return best or due


def _tasks(users, project, reference: datetime.date) -> int:
    manager, clerk = users["kierownik"], users["referent"]
    kinds = {kind.code: kind for kind in TaskKind.objects.all()}
    used = set(Participant.objects.filter(project=project).values_list("person_id", flat=True))
    done = 0
    for index, (place, code, days) in enumerate(TASKS):
        team = place or OLKUSZ
        people = Person.objects.filter(responsible_worker__team__name=team.team).exclude(pk__in=used)
        person = people.order_by("pk")[index * 3 : index * 3 + 1].first() or people.order_by("pk").first()
        if person is None:
            continue
        kind = kinds[code]
        task = work_services.task_create(
            actor=manager,
            kind=kind,
            person=person,
            start_on=_start_for(kind, reference + datetime.timedelta(days=days)),
        )
        if place is None:
            work_services.task_reassign(actor=manager, task=task, assignee=clerk)
        done += 1
    return done


@transaction.atomic
def seed_live(rng_seed: int = 1, reference: datetime.date | None = None) -> dict:
    """Create the live project and everything around it unless it exists; returns what was made."""
    reference = reference or timezone.localdate()
    if Project.objects.filter(number=LIVE_NUMBER).exists():
        return {}
    users = ensure_demo_accounts()
    rng = random.Random(f"{rng_seed}-live-{reference.isoformat()}")
    project = _seed_one(_seed(reference), users, random.Random(f"{rng_seed}-{LIVE_NUMBER}-{reference}"))
    done = {"project": project.number}
    done["recruited"] = _recruit(_enrolled_plan(reference), users, rng)
    participants = _participants(project)
    for participant in participants:
        if participant.status == recruitment_enums.ParticipantStatus.ENROLLED:
            recruitment_services.participant_activate(actor=users["admin"], participant=participant)
    participants = _participants(project)
    from szansa.demo.support.plans import seed_plans

    done["plans"] = seed_plans(participants, actor=users["admin"], rng=rng)
    round_ = _open_round(users, project, reference, rng)
    done["open_round_applications"] = round_.applications.count()
    if participants:
        done.update(_activities(users, project, participants, reference, rng))
    apartment = _flat(users, project, reference)
    done["residents"] = _residents(users, apartment, project, reference, rng)
    done["tasks"] = _tasks(users, project, reference)
    return done
