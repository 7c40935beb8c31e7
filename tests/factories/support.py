"""Support: the participants' enrolment, activities and their sessions, diagnoses and individual plans,
social contracts and internships, built through the services (as the users do)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from szansa.domain.recruitment import services as recruitment_services
from szansa.domain.support import enums
from szansa.domain.support.activities import services as activity_services
from szansa.domain.support.internships import services as internship_services
from szansa.domain.support.models import (
    Activity,
    Attendance,
    Diagnosis,
    IndividualPlan,
    Internship,
    Outcome,
    PlannedSupport,
    Room,
    Session,
    SocialContract,
    StipendRate,
    SupportForm,
)
from szansa.domain.support.plans import services as plan_services
from tests.factories.accounts import SocialWorkerFactory, UserFactory
from tests.factories.people import PersonFactory
from tests.factories.projects import ProjectFactory
from tests.factories.recruitment import ParticipantFactory, with_consent

START = datetime.date(2019, 2, 1)
D = datetime.date


class DiagnosisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Diagnosis

    participant = factory.SubFactory(ParticipantFactory)
    made_on = D(2019, 2, 5)
    made_by = factory.SubFactory(UserFactory)
    summary = "Podsumowanie"


class IndividualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndividualPlan

    participant = factory.SubFactory(ParticipantFactory)
    drawn_up_on = D(2019, 2, 8)
    drawn_up_by = factory.SubFactory(UserFactory)


class SocialContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialContract

    person = factory.SubFactory(PersonFactory)
    number = factory.Sequence(lambda n: f"KS/2019/{n + 1}")
    worker = factory.SubFactory(SocialWorkerFactory)
    concluded_on = D(2019, 2, 6)
    starts_on = D(2019, 2, 6)
    ends_on = D(2019, 8, 31)
    goals = "Podjęcie pracy"
    client_obligations = "Udział w warsztatach"
    centre_obligations = "Opłacenie kursu"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"Sala {n + 1}")


class ActivityFactory(factory.django.DjangoModelFactory):
    """A group training of a project (another form: `form=support_form(code)`)."""

    class Meta:
        model = Activity

    project = factory.SubFactory(ProjectFactory)
    form = factory.LazyFunction(lambda: support_form("social_competence_training"))
    title = "Trening kompetencji społecznych"
    starts_on = D(2019, 3, 1)
    ends_on = D(2019, 6, 30)
    min_attendance = factory.LazyAttribute(lambda activity: activity.form.min_attendance)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    activity = factory.SubFactory(ActivityFactory)
    starts_at = factory.LazyFunction(lambda: at(D(2019, 3, 4), 10))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(hours=2))


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    participant = factory.SubFactory(
        ParticipantFactory, project=factory.SelfAttribute("..session.activity.project")
    )
    status = enums.AttendanceStatus.PRESENT
    recorded_by = factory.SubFactory(UserFactory)


class InternshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Internship

    activity = factory.SubFactory(
        ActivityFactory, form=factory.LazyFunction(lambda: support_form("internship"))
    )
    participant = factory.SubFactory(ParticipantFactory, project=factory.SelfAttribute("..activity.project"))
    employer = "Piekarnia Kłos sp. z o.o."
    mentor = "Anna Mentorska"
    starts_on = D(2019, 3, 1)
    ends_on = D(2019, 8, 31)


class OutcomeFactory(factory.django.DjangoModelFactory):
    """Employment on a one-year contract, full time, two weeks after the participant left."""

    class Meta:
        model = Outcome

    participant = factory.SubFactory(ParticipantFactory, end_date=D(2019, 10, 31))
    kind = enums.OutcomeKind.EMPLOYMENT
    achieved_on = D(2019, 11, 14)
    contract_type = enums.ContractType.EMPLOYMENT_CONTRACT
    contract_months = 12
    fte = Decimal("1.00")
    evidence = "umowa o pracę"
    recorded_by = factory.SubFactory(UserFactory)


# --- built through the services ----------------------------------------------------------------------------


def support_form(code: str) -> SupportForm:
    return SupportForm.objects.get(code=code)


def enrol(cast, project, target_group, person=None, start=START, **person_fields):
    person = person or PersonFactory(responsible_worker=cast.pracownik, **person_fields)
    with_consent(person)
    return recruitment_services.participant_enrol(
        actor=cast.koordynator, person=person, project=project, start_date=start, target_group=target_group
    )


# --- activities (tests/support/test_activities, test_sessions, test_attendance, ...) --------------------


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def make_activity(cast, project, code="social_competence_training", **fields):
    values = {
        "title": "Trening kompetencji społecznych",
        "starts_on": D(2019, 3, 1),
        "ends_on": D(2019, 6, 30),
        "specialist": cast.specjalista,
        "trainer": "Anna Trenerska",
    }
    values.update(fields)
    return activity_services.activity_create(
        actor=cast.koordynator, project=project, form=support_form(code), **values
    )


def plan_with(cast, participant, code: str, hours: str) -> PlannedSupport:
    plan = IndividualPlan.objects.create(
        participant=participant, drawn_up_on=D(2019, 2, 15), drawn_up_by=cast.pracownik
    )
    return PlannedSupport.objects.create(
        plan=plan,
        form=support_form(code),
        hours=hours,
        specialist=cast.specjalista,
        starts_on=D(2019, 3, 1),
        ends_on=D(2019, 6, 30),
    )


# --- diagnosis, the individual plan and the social contract -------------------------------------------

DIAGNOSED, TARGET, FROM, UNTIL = D(2019, 2, 5), D(2019, 9, 30), D(2019, 2, 10), D(2019, 6, 30)


def diagnose(actor, participant, day=DIAGNOSED, kind=enums.DiagnosisKind.INITIAL, levels=None):
    levels = levels or {"social": 3, "vocational": 2, "housing": 1}
    areas = [
        {"area": area, "need_level": level, "finding": f"{area} finding"} for area, level in levels.items()
    ]
    return plan_services.diagnosis_create(
        actor=actor, participant=participant, made_on=day, kind=kind, summary="Podsumowanie", areas=areas
    )


def goal(text="Podjęcie zatrudnienia", target=TARGET):
    return {"description": text, "measure": "umowa o pracę", "target_date": target}


def support(code="psychological_counselling", hours="10", specialist=None, start=FROM, end=UNTIL):
    return {
        "form": support_form(code),
        "hours": Decimal(hours),
        "specialist": specialist,
        "starts_on": start,
        "ends_on": end,
    }


def make_plan(cast, participant, **extra):
    fields = {
        "drawn_up_on": D(2019, 2, 8),
        "goals": [goal()],
        "supports": [support(specialist=cast.specjalista), support("vocational_training", "40")],
    }
    fields.update(extra)
    return plan_services.plan_create(actor=cast.koordynator, participant=participant, **fields)


def conclude(cast, participant, actor=None, **extra):
    fields = {
        "person": participant.person,
        "participant": participant,
        "number": "KS/2019/1",
        "variant": enums.ContractVariant.B,
        "worker": cast.pracownik,
        "concluded_on": D(2019, 2, 6),
        "starts_on": D(2019, 2, 6),
        "ends_on": D(2019, 8, 31),
        "goals": "Podjęcie pracy\nUregulowanie zadłużenia",
        "client_obligations": "Udział w warsztatach\nSpłata raty czynszu",
        "centre_obligations": "Opłacenie kursu",
        "schedule": "02.2019 diagnoza\n03-06.2019 kurs",
    }
    fields.update(extra)
    return plan_services.contract_conclude(actor=actor or cast.pracownik, **fields)


# --- internships ------------------------------------------------------------------------------------------

NIP = "5260250274"
MARCH_1, AUGUST_31 = D(2019, 3, 1), D(2019, 8, 31)


def internship_activity(project, **fields):
    values = {
        "project": project,
        "form": support_form("internship"),
        "title": "Staże zawodowe 2019",
        "starts_on": D(2019, 2, 1),
        "ends_on": D(2019, 12, 31),
        "min_attendance": 80,
    }
    values.update(fields)
    return Activity.objects.create(**values)


def rate(project, valid_from, amount, hours=160):
    return StipendRate.objects.create(
        project=project, valid_from=valid_from, monthly_amount=Decimal(amount), full_month_hours=hours
    )


def place(cast, activity, participant, starts_on=MARCH_1, ends_on=AUGUST_31, **extra):
    values = {
        "employer": "Piekarnia Kłos sp. z o.o.",
        "employer_nip": NIP,
        "mentor": "Anna Mentorska",
        "position": "pomoc piekarza",
        "agreement_number": "ST/1/2019",
        "hours_per_month": 160,
    }
    values.update(extra)
    return internship_services.internship_create(
        actor=cast.koordynator,
        activity=activity,
        participant=participant,
        starts_on=starts_on,
        ends_on=ends_on,
        **values,
    )
