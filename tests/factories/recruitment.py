"""Recruitment: factories for rounds, applications and participants; eligibility rules and scoring of a
target group, people with incomes, situations and the consent to the processing of EU-project data; a
project filled with participants for the exports."""

import datetime
from decimal import Decimal

import factory

from szansa.domain.people import enums as people_enums
from szansa.domain.recruitment import enums, services
from szansa.domain.recruitment.models import (
    Application,
    Criterion,
    DocumentKind,
    EligibilityRule,
    ExitSituation,
    Participant,
    RecruitmentRound,
    RuleCriterion,
    ScoringCriterion,
)
from tests.factories.people import ConsentFactory, IncomeRecordFactory, PersonFactory, SituationFactory
from tests.factories.projects import ProjectFactory, TargetGroupFactory


class RecruitmentRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecruitmentRound

    target_group = factory.SubFactory(TargetGroupFactory)
    name = factory.Sequence(lambda n: f"Nabór {n + 1}")
    opens_on = datetime.date(2019, 1, 15)
    closes_on = datetime.date(2019, 2, 15)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """Submitted, not yet verified (verification and status changes go through the services)."""

    class Meta:
        model = Application

    person = factory.SubFactory(PersonFactory)
    round = factory.SubFactory(RecruitmentRoundFactory)
    submitted_on = datetime.date(2019, 1, 20)
    channel = enums.Channel.IN_PERSON


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A main participant enrolled into a target group of the project (services.participant_enrol also
    checks the consent and the limit, and pre-fills the data set: use it where that matters)."""

    class Meta:
        model = Participant

    person = factory.SubFactory(PersonFactory)
    project = factory.SubFactory(ProjectFactory)
    target_group = factory.SubFactory(TargetGroupFactory, project=factory.SelfAttribute("..project"))
    start_date = datetime.date(2019, 2, 1)
    age_at_start = factory.LazyAttribute(
        lambda participant: participant.person.age_on(participant.start_date)
    )


ON = datetime.date(2019, 2, 1)  # evaluation day; income month: January 2019 (criterion 701 / 528 zł)
JANUARY = datetime.date(2019, 1, 1)
DECEMBER = datetime.date(2018, 12, 1)  # the month before applications submitted in January 2019


def criterion(code: str) -> Criterion:
    return Criterion.objects.get(code=code)


def document_kind(code: str) -> DocumentKind:
    return DocumentKind.objects.get(code=code)


def add_rule(target_group, mode=enums.RuleMode.ALL_OF, **criteria):
    """add_rule(tg, resident_gmina={"gmina": "Andrychów"}, at_risk={})"""
    rule = EligibilityRule.objects.create(target_group=target_group, mode=mode)
    for position, (code, parameters) in enumerate(criteria.items()):
        RuleCriterion.objects.create(
            rule=rule, criterion=criterion(code), parameters=parameters, position=position
        )
    return rule


def add_scoring(target_group, code, points, **parameters):
    return ScoringCriterion.objects.create(
        target_group=target_group, criterion=criterion(code), points=points, parameters=parameters
    )


def person_with_income(amount, month=JANUARY, **fields):
    """A person living alone (no household) with one income in a month (default January 2019)."""
    person = PersonFactory(**fields)
    IncomeRecordFactory(person=person, month=month, net_amount=Decimal(amount))
    return person


def with_consent(person, given_on=datetime.date(2018, 12, 1)):
    ConsentFactory(person=person, kind=people_enums.ConsentKind.EU_PROJECT_DATA, given_on=given_on)
    return person


def situation(person, kind, **fields):
    fields.setdefault("valid_from", datetime.date(2018, 1, 1))
    return SituationFactory(person=person, kind=kind, **fields)


# --- a project filled for the SL2014 exports (tests/recruitment/test_exports and others) ------------------

EXPORTED_FROM = datetime.date(2019, 3, 1)
COMPLETE = {
    "education": people_enums.EducationLevel.ISCED_3,
    "labour_status": enums.LabourStatus.REGISTERED_UNEMPLOYED,
    "labour_substatus": enums.LabourSubstatus.LONG_TERM_UNEMPLOYED,
    "degurba": enums.Degurba.INTERMEDIATE,
    "minority": False,
    "foreign_background": False,
    "third_country_national": False,
    "homeless": False,
    "disability": True,
    "other_disadvantage": False,
}


def exit_situation(code):
    return ExitSituation.objects.get(code=code)


def enrol_exported(cast, project, target_group, person, **kwargs):
    """Enrolled with consent from EXPORTED_FROM (01.03.2019) into the target group."""
    return services.participant_enrol(
        actor=cast.koordynator,
        person=with_consent(person),
        project=project,
        target_group=target_group,
        start_date=EXPORTED_FROM,
        **kwargs,
    )


def fill_project(cast, project, target_group):
    """Four participants: an active one who refused to say about a minority, one who completed the
    path, one who left early (with missing data), and a person of the first one's environment."""
    k = cast.koordynator
    anna = PersonFactory(
        first_name="Anna", last_name="Żak", sex="K", birth_date=datetime.date(1980, 5, 17), phone="600100200"
    )
    active = enrol_exported(cast, project, target_group, anna)
    services.participant_update(
        actor=k,
        participant=active,
        data={**COMPLETE, "minority": None, "refused_flags": ["minority"], "occupation": "sprzedawca"},
    )
    services.participant_activate(actor=k, participant=active)

    done = enrol_exported(
        cast, project, target_group, PersonFactory(first_name="Bogdan", last_name="Łęcki", sex="M")
    )
    services.participant_update(actor=k, participant=done, data={**COMPLETE, "disability": False})
    services.participant_exit(
        actor=k,
        participant=done,
        end_date=datetime.date(2019, 11, 30),
        exit_reason=enums.ExitReason.COMPLETED,
        completed_path=True,
        exit_situation_1=exit_situation("employment"),
        exit_situation_2=exit_situation("education"),
    )

    left = enrol_exported(cast, project, target_group, PersonFactory(first_name="Cecylia", last_name="Nowak"))
    services.participant_exit(
        actor=k,
        participant=left,
        end_date=datetime.date(2019, 6, 15),
        exit_reason=enums.ExitReason.LEFT_EARLY,
        completed_path=False,
        note="przeprowadzka",
    )

    carer = services.participant_enrol(
        actor=k,
        person=with_consent(PersonFactory(first_name="Damian", last_name="Żak")),
        project=project,
        start_date=EXPORTED_FROM,
        role=enums.ParticipantRole.ENVIRONMENT,
        linked_to=active,
    )
    services.participant_update(actor=k, participant=carer, data=COMPLETE)
    return {"active": active, "done": done, "left": left, "carer": carer}


# The columns a participant export and its re-import must reproduce (tests of the round trip).
PARTICIPANT_FIELDS = [
    "person_id",
    "role",
    "linked_to__person_id",
    "target_group_id",
    "status",
    "start_date",
    "end_date",
    "participant_type",
    "institution",
    "age_at_start",
    "education",
    "labour_status",
    "labour_substatus",
    "occupation",
    "employer",
    "degurba",
    "minority",
    "foreign_background",
    "third_country_national",
    "homeless",
    "disability",
    "other_disadvantage",
    "refused_flags",
    "planned_education_end",
    "exit_reason",
    "exit_note",
    "exit_situation_1_id",
    "exit_situation_2_id",
    "completed_path",
    "follow_up_due",
]


def records(project):
    """The project's participants as sorted tuples of PARTICIPANT_FIELDS (to compare before and after)."""
    return sorted(Participant.objects.filter(project=project).values_list(*PARTICIPANT_FIELDS), key=str)


def delete_participants(project):
    """Remove the project's participants (their environment first)."""
    Participant.objects.filter(project=project, role="environment").delete()
    Participant.objects.filter(project=project).delete()
    assert not Participant.objects.exists()
