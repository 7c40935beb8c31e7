"""Applications from submission to enrolment: verification with stored reasons, ranking with its
tie-break, the waiting list that moves up, limits, consent, the data set from the registry, exit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from szansa.domain.people import enums as people_enums
from szansa.domain.recruitment import enums, selectors, services
from szansa.domain.recruitment.eligibility import stored_reason
from szansa.domain.recruitment.models import Application, ExitSituation, Participant
from tests.factories import PersonFactory
from tests.factories.recruitment import (
    DECEMBER,
    ON,
    add_rule,
    add_scoring,
    document_kind,
    person_with_income,
    situation,
    with_consent,
)

START = datetime.date(2019, 3, 1)
Status = enums.ApplicationStatus


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def rules(target_group):
    add_rule(target_group, resident_gmina={"gmina": "Andrychów"}, income={})
    add_scoring(target_group, "revitalisation_area", 3)
    add_scoring(target_group, "food_aid", 5)


def applicant(amount, **fields):
    """Income counts for the month before the application (art. 8 ust. 3): December 2018."""
    return person_with_income(amount, month=DECEMBER, **fields)


def apply(cast, round_, person, submitted_on=datetime.date(2019, 1, 20), proofs=("residence_statement",)):
    application = services.application_submit(
        actor=cast.koordynator, person=person, round=round_, submitted_on=submitted_on, channel="in_person"
    )
    for code in (*proofs, "income_statement"):
        services.document_receive(
            actor=cast.koordynator,
            application=application,
            kind=document_kind(code),
            received_on=submitted_on,
        )
    return application


def verified(cast, round_, person, **kwargs):
    application = apply(cast, round_, person, **kwargs)
    services.application_verify(actor=cast.koordynator, application=application, on=ON)
    application.refresh_from_db()
    return application


def test_verification_stores_the_outcome_reasons_score_and_income(cast, round_, rules):
    person = applicant("612.40", revitalisation_area=True)
    application = verified(cast, round_, person)
    assert application.status == Status.ELIGIBLE
    assert (application.score, application.income_per_person) == (3, Decimal("612.40"))
    assert application.verified_by == cast.koordynator and application.verified_on == ON
    with translation.override("en"):
        reasons = {row["code"]: (row["outcome"], stored_reason(row, True)) for row in application.results}
    assert reasons["income"] == ("passed", "income per person 612.40 zł ≤ criterion 701.00 zł (Dec 2018)")
    assert reasons["food_aid"][0] == "failed"


def test_an_application_with_a_missing_proof_is_not_eligible_with_the_reason(cast, round_, rules):
    person = applicant("400.00")
    application = verified(cast, round_, person, proofs=())
    assert application.status == Status.NOT_ELIGIBLE
    [residence] = [row for row in application.results if row["code"] == "resident_gmina"]
    assert residence["outcome"] == "unproven"
    with translation.override("en"):
        assert "no valid proof: Statement of the place of residence" in stored_reason(residence, True)


def test_an_application_outside_the_round_is_refused(cast, round_):
    with pytest.raises(ValidationError) as refusal:
        apply(cast, round_, PersonFactory(), submitted_on=datetime.date(2019, 3, 1))
    assert "from 15.01.2019 to 15.02.2019" in str(refusal.value)


def test_ranking_by_score_then_earlier_application_then_lower_income(cast, round_, rules):
    late_poor = verified(cast, round_, applicant("100.00"), submitted_on=datetime.date(2019, 1, 25))
    early_rich = verified(cast, round_, applicant("600.00"), submitted_on=datetime.date(2019, 1, 18))
    early_poor = verified(cast, round_, applicant("300.00"), submitted_on=datetime.date(2019, 1, 18))
    top = verified(cast, round_, applicant("700.00", revitalisation_area=True))
    services.round_rank(actor=cast.koordynator, round=round_)
    ranked = list(selectors.ranking(round_))
    assert ranked == [top, early_poor, early_rich, late_poor]
    assert [a.rank for a in ranked] == [1, 2, 3, 4]
    assert {a.status for a in ranked} == {Status.RANKED}


def test_not_eligible_and_withdrawn_applications_are_not_ranked(cast, round_, rules):
    verified(cast, round_, applicant("5000.00"))
    withdrawn = verified(cast, round_, applicant("100.00"))
    services.application_withdraw(actor=cast.koordynator, application=withdrawn)
    assert services.round_rank(actor=cast.koordynator, round=round_) == []


def ranked_round(cast, round_, count):
    people = [with_consent(applicant(f"{100 + i}.00")) for i in range(count)]
    for person in people:
        verified(cast, round_, person)
    services.round_rank(actor=cast.koordynator, round=round_)
    return people


def test_enrolment_fills_the_places_and_puts_the_rest_on_the_waiting_list(cast, round_, rules, target_group):
    people = ranked_round(cast, round_, 7)  # target group plans 5
    enrolled = services.round_enrol(actor=cast.koordynator, round=round_, start_date=START)
    assert [p.person for p in enrolled] == people[:5]
    waiting = list(selectors.waiting_list(round_))
    assert [a.person for a in waiting] == people[5:]
    assert [a.rank for a in waiting] == [6, 7]
    assert selectors.limit_gauge(target_group.project).main == 5


def test_a_resignation_before_the_start_moves_the_first_on_the_waiting_list_up(cast, round_, rules):
    people = ranked_round(cast, round_, 7)
    services.round_enrol(actor=cast.koordynator, round=round_, start_date=START)
    leaving = Participant.objects.get(person=people[2])
    promoted = services.participant_resign_before_start(
        actor=cast.koordynator, participant=leaving, on=datetime.date(2019, 2, 20)
    )
    assert promoted.person == people[5]
    assert promoted.start_date == START
    assert Application.objects.get(person=people[5]).status == Status.ENROLLED
    assert [a.person for a in selectors.waiting_list(round_)] == [people[6]]
    leaving.refresh_from_db()
    assert leaving.status == enums.ParticipantStatus.RESIGNED_BEFORE_START


def test_a_resignation_after_the_start_is_an_exit_not_a_resignation(cast, round_, rules):
    people = ranked_round(cast, round_, 1)
    services.round_enrol(actor=cast.koordynator, round=round_, start_date=START)
    with pytest.raises(ValidationError) as refusal:
        services.participant_resign_before_start(
            actor=cast.koordynator, participant=Participant.objects.get(person=people[0]), on=START
        )
    assert refusal.value.code == "not_before_start"


def test_enrolment_without_the_eu_project_consent_is_refused(cast, project, target_group):
    person = PersonFactory()
    with pytest.raises(ValidationError) as refusal:
        services.participant_enrol(
            actor=cast.koordynator,
            person=person,
            project=project,
            target_group=target_group,
            start_date=START,
        )
    assert refusal.value.code == "consent_required"
    assert "has not given consent to: processing of data for an EU project" in refusal.value.messages[0]
    assert not Participant.objects.exists()


def test_a_withdrawn_consent_also_refuses_enrolment(cast, project, target_group):
    person = with_consent(PersonFactory())
    person.consents.update(withdrawn_on=datetime.date(2019, 2, 1))
    with pytest.raises(ValidationError):
        services.participant_enrol(
            actor=cast.koordynator,
            person=person,
            project=project,
            target_group=target_group,
            start_date=START,
        )


def enrol(cast, project, target_group, person=None, **kwargs):
    return services.participant_enrol(
        actor=cast.koordynator,
        person=person or with_consent(PersonFactory()),
        project=project,
        target_group=target_group,
        start_date=START,
        **kwargs,
    )


def test_the_project_limit_and_the_target_group_total_are_enforced(cast, project, target_group):
    for _ in range(5):
        enrol(cast, project, target_group)
    with pytest.raises(ValidationError) as full:
        enrol(cast, project, target_group)
    assert full.value.code == "target_group_full"
    project.participant_limit = 5
    project.save()
    with pytest.raises(ValidationError) as limit:
        enrol(cast, project, target_group)
    assert limit.value.code == "participant_limit_reached"


def test_the_environment_is_counted_apart_and_not_against_the_limit(cast, project, target_group):
    main = [enrol(cast, project, target_group) for _ in range(5)]
    carer = enrol(cast, project, None, role=enums.ParticipantRole.ENVIRONMENT, linked_to=main[0])
    gauge = selectors.limit_gauge(project)
    assert (gauge.main, gauge.environment, gauge.limit, gauge.free) == (5, 1, 10, 5)
    assert list(main[0].environment.all()) == [carer]


def test_the_environment_must_be_linked_to_a_participant(cast, project, target_group):
    with pytest.raises(ValidationError) as refusal:
        enrol(cast, project, None, role=enums.ParticipantRole.ENVIRONMENT)
    assert refusal.value.code == "environment_not_linked"


def test_a_person_takes_part_in_a_project_once(cast, project, target_group):
    person = with_consent(PersonFactory())
    enrol(cast, project, target_group, person=person)
    with pytest.raises(ValidationError):
        enrol(cast, project, target_group, person=person)


def test_the_data_set_is_prefilled_from_the_registry(cast, project, target_group):
    person = with_consent(
        PersonFactory(
            birth_date=datetime.date(1990, 3, 2),
            education_level=people_enums.EducationLevel.ISCED_3,
            citizenship=people_enums.Citizenship.THIRD_COUNTRY,
            pesel=None,
            other_id_type="residence_card",
            other_id_number="RP1234567",
        )
    )
    situation(person, people_enums.SituationKind.LABOUR_MARKET, labour_status="registered_unemployed")
    situation(person, people_enums.SituationKind.HOMELESSNESS)
    participant = enrol(cast, project, target_group, person=person)
    assert participant.age_at_start == 28  # turns 29 the day after the start
    assert participant.education == "3"
    assert participant.labour_status == enums.LabourStatus.REGISTERED_UNEMPLOYED
    assert participant.labour_substatus == enums.LabourSubstatus.LONG_TERM_UNEMPLOYED
    assert participant.degurba == "2"  # Andrychów, wadowicki (recruitment/data/degurba.json)
    assert (participant.third_country_national, participant.foreign_background) == (True, True)
    assert (participant.homeless, participant.disability, participant.minority) == (True, None, None)
    assert participant.missing_fields() == [
        "national or ethnic minority",
        "person with disabilities",
        "other disadvantaged social situation",
    ]


def test_a_refusal_to_answer_completes_a_flag(cast, project, target_group):
    participant = enrol(cast, project, target_group, person=with_consent(PersonFactory(education_level="2")))
    services.participant_update(
        actor=cast.koordynator,
        participant=participant,
        data={
            "labour_status": "inactive",
            "labour_substatus": "inactive_other",
            "minority": None,
            "refused_flags": ["minority", "disability"],
            "foreign_background": False,
            "third_country_national": False,
            "homeless": False,
            "other_disadvantage": True,
        },
    )
    assert participant.missing_fields() == []
    assert participant.flag_answer("minority") == "refused"


def test_exit_sets_the_follow_up_three_months_later_and_lists_it_when_due(cast, project, target_group):
    participant = enrol(cast, project, target_group)
    services.participant_exit(
        actor=cast.koordynator,
        participant=participant,
        end_date=datetime.date(2019, 11, 30),
        exit_reason=enums.ExitReason.COMPLETED,
        completed_path=True,
        exit_situation_1=ExitSituation.objects.get(code="job_seeking"),
    )
    assert participant.status == enums.ParticipantStatus.COMPLETED
    assert participant.follow_up_due == datetime.date(2020, 2, 29)
    assert list(selectors.follow_ups_due(on=datetime.date(2020, 2, 28))) == []
    assert list(selectors.follow_ups_due(on=datetime.date(2020, 2, 29))) == [participant]
    assert list(selectors.follow_ups_overdue(on=datetime.date(2020, 2, 29))) == []
    assert list(selectors.follow_ups_overdue(on=datetime.date(2020, 3, 1))) == [participant]
    services.participant_record_follow_up(
        actor=cast.koordynator, participant=participant, on=datetime.date(2020, 3, 2), result="employment"
    )
    assert list(selectors.follow_ups_due(on=datetime.date(2020, 3, 5))) == []


def test_leaving_early_needs_a_reason(cast, project, target_group):
    participant = enrol(cast, project, target_group)
    with pytest.raises(ValidationError):
        services.participant_exit(
            actor=cast.koordynator,
            participant=participant,
            end_date=datetime.date(2019, 5, 1),
            exit_reason=enums.ExitReason.LEFT_EARLY,
            completed_path=False,
        )


@pytest.mark.parametrize("who", ["specjalista", "referent", "audytor", "pracownik", "pracownik2"])
def test_only_admin_manager_and_the_coordinator_run_recruitment(cast, project, target_group, round_, who):
    user = getattr(cast, who)
    person = with_consent(PersonFactory())
    with pytest.raises(PermissionDenied):
        services.participant_enrol(
            actor=user, person=person, project=project, target_group=target_group, start_date=START
        )
    application = Application.objects.create(person=person, round=round_, submitted_on=ON, channel="post")
    with pytest.raises(PermissionDenied):
        services.application_verify(actor=user, application=application, on=ON)


@pytest.mark.parametrize("who", ["admin", "kierownik", "koordynator"])
def test_admin_manager_and_the_coordinator_enrol(cast, project, target_group, who):
    assert enrol(cast, project, target_group).pk
    assert getattr(cast, who).has_perm("recruitment.manage", project)


def test_a_coordinator_not_on_the_staff_may_not_enrol(cast, project, target_group):
    from tests.factories import UserFactory

    other = UserFactory(username="koordynator2", role="project_coordinator")
    assert not other.has_perm("recruitment.manage", project)
    assert other.has_perm("recruitment.view", project)


def test_a_social_worker_refers_a_person_of_their_team_only(cast, round_):
    application = services.application_submit(
        actor=cast.pracownik, person=cast.person_a, round=round_, submitted_on=ON, channel="referral"
    )
    assert application.status == Status.SUBMITTED
    with pytest.raises(PermissionDenied):
        services.application_submit(
            actor=cast.pracownik, person=cast.person_b, round=round_, submitted_on=ON, channel="referral"
        )


def test_readers_see_applications_of_people_they_may_see(cast, round_):
    for person in (cast.person_a, cast.person_b):
        Application.objects.create(person=person, round=round_, submitted_on=ON, channel="post")
    assert selectors.application_list(user=cast.audytor).count() == 2
    assert selectors.application_list(user=cast.koordynator).count() == 2
    assert [a.person for a in selectors.application_list(user=cast.pracownik)] == [cast.person_a]
    assert selectors.application_list(user=cast.specjalista).count() == 0


def test_health_reasons_are_hidden_from_users_without_health_access(cast, target_group):
    from szansa.domain.recruitment import access
    from szansa.domain.recruitment.eligibility import evaluate

    add_rule(target_group, disability={})
    situation(cast.person_a, people_enums.SituationKind.DISABILITY, disability_degree="severe")
    [result] = evaluate(cast.person_a, target_group, ON).results
    assert result.reason(access.show_health(cast.koordynator, cast.person_a)) == "disability, severe degree"
    assert result.reason(access.show_health(cast.referent, cast.person_a)) == "details hidden (health data)"
