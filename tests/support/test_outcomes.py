"""Outcomes at exit and follow-up: what recording demands, the windows the indicators use (day 28 vs 29,
3 calendar months), what counts as employment (FTE 0.5 vs 0.4, 3 months vs 2), the qualification a
passed exam offers, and who may record or see them."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from szansa.domain.recruitment import enums as recruitment_enums
from szansa.domain.recruitment import services as recruitment_services
from szansa.domain.recruitment.models import ExitSituation
from szansa.domain.support import enums
from szansa.domain.support.models import Activity, ActivityParticipant, Outcome
from szansa.domain.support.outcomes import rules as outcome_rules
from szansa.domain.support.outcomes import selectors as outcome_selectors
from szansa.domain.support.outcomes import services as outcome_services
from tests.factories.support import support_form

pytestmark = pytest.mark.django_db

D = datetime.date
END = D(2019, 8, 30)  # participation 01.02.2019 – 30.08.2019
K = enums.OutcomeKind
C = enums.ContractType


def leave(cast, participant, end=END):
    return recruitment_services.participant_exit(
        actor=cast.koordynator,
        participant=participant,
        end_date=end,
        exit_reason=recruitment_enums.ExitReason.COMPLETED,
        completed_path=True,
        exit_situation_1=ExitSituation.objects.get(code="employment"),
    )


def make(participant, kind=K.QUALIFICATION, achieved_on=END, **fields):
    """An unsaved outcome, for the classification alone."""
    return Outcome(participant=participant, kind=kind, achieved_on=achieved_on, evidence="dok.", **fields)


def job(participant, achieved_on, contract_type=C.EMPLOYMENT_CONTRACT, months=3, fte=Decimal("1.00")):
    return make(
        participant,
        K.EMPLOYMENT,
        achieved_on,
        contract_type=contract_type,
        contract_months=months,
        fte=fte if contract_type == C.EMPLOYMENT_CONTRACT else None,
    )


def record(cast, participant, actor=None, **fields):
    values = {"kind": K.QUALIFICATION, "achieved_on": END, "evidence": "Certyfikat nr 1"}
    values.update(fields)
    return outcome_services.outcome_record(actor=actor or cast.pracownik, participant=participant, **values)


@pytest.fixture
def left(cast, participant):
    return leave(cast, participant)


def codes(error, field):
    return [item.code for item in error.value.error_dict[field]]


# --- the windows -------------------------------------------------------------------------------------------


def test_four_weeks_means_up_to_day_28_after_the_exit(left):
    # 30.08.2019 + 28 days = 27.09.2019
    assert outcome_rules.within_4_weeks(make(left, achieved_on=D(2019, 9, 27)))
    assert not outcome_rules.within_4_weeks(make(left, achieved_on=D(2019, 9, 28)))  # day 29
    assert outcome_rules.within_4_weeks(make(left, achieved_on=END))


def test_an_outcome_during_participation_counts_upon_leaving_while_it_holds(left):
    # a qualification gained in the project's training in May still holds at the exit
    assert outcome_rules.within_4_weeks(make(left, achieved_on=D(2019, 5, 10)))
    # a 3-month job from 01.05 runs until 01.08, before the exit on 30.08: not working upon leaving
    assert not outcome_rules.within_4_weeks(job(left, D(2019, 5, 1), months=3))
    # a 4-month job from 01.05 still runs on 30.08 (until 01.09)
    assert outcome_rules.within_4_weeks(job(left, D(2019, 5, 1), months=4))


def test_nothing_counts_before_the_exit_is_recorded_or_before_participation(participant, left):
    participant.end_date = None
    assert not outcome_rules.within_4_weeks(make(participant))
    assert not outcome_rules.within_effectiveness_window(make(participant))
    left.end_date = END
    assert not outcome_rules.within_4_weeks(make(left, achieved_on=D(2019, 1, 31)))  # before 01.02.2019


def test_the_effectiveness_window_is_90_calendar_days_after_the_exit(left):
    # Exit 30.08.2019 (day 0). Day 1 = 31.08; day 89 = 27.11; day 90 = 28.11; day 91 = 29.11.2019.
    # (Three calendar months would have ended on 30.11: days 91 and 92 no longer count.)
    assert not outcome_rules.within_effectiveness_window(make(left, achieved_on=END))  # day 0
    assert outcome_rules.within_effectiveness_window(make(left, achieved_on=D(2019, 8, 31)))  # day 1
    assert outcome_rules.within_effectiveness_window(make(left, achieved_on=D(2019, 11, 27)))  # day 89
    assert outcome_rules.within_effectiveness_window(make(left, achieved_on=D(2019, 11, 28)))  # day 90
    assert not outcome_rules.within_effectiveness_window(make(left, achieved_on=D(2019, 11, 29)))  # day 91
    assert outcome_rules.effectiveness_day(make(left, achieved_on=D(2019, 11, 28))) == 90


def test_90_days_is_longer_than_three_calendar_months_from_31_january(cast, participants):
    # Exit 31.01.2019 (a common year): three calendar months would end on 30.04 (89 days); the 90-day
    # window ends on 01.05.2019 (31.01 + 90 days: 28 in February + 31 + 30 + 1 = 90).
    left = leave(cast, participants[1], end=D(2019, 5, 31))
    left.end_date = D(2019, 1, 31)
    assert outcome_rules.within_effectiveness_window(make(left, achieved_on=D(2019, 4, 30)))  # day 89
    assert outcome_rules.within_effectiveness_window(make(left, achieved_on=D(2019, 5, 1)))  # day 90
    assert not outcome_rules.within_effectiveness_window(make(left, achieved_on=D(2019, 5, 2)))  # day 91


# --- what counts as employment -----------------------------------------------------------------------------


def test_an_employment_contract_counts_from_half_time_for_three_months(left):
    day = D(2019, 9, 10)
    assert outcome_rules.counts_as_employment(job(left, day, fte=Decimal("0.50"), months=3))
    assert not outcome_rules.counts_as_employment(job(left, day, fte=Decimal("0.40"), months=3))
    assert not outcome_rules.counts_as_employment(job(left, day, fte=Decimal("1.00"), months=2))


def test_a_civil_law_contract_counts_from_three_months_and_a_business_always(left):
    day = D(2019, 9, 10)
    assert outcome_rules.counts_as_employment(job(left, day, contract_type=C.CIVIL_LAW, months=3))
    assert not outcome_rules.counts_as_employment(job(left, day, contract_type=C.CIVIL_LAW, months=2))
    business = make(left, K.SELF_EMPLOYMENT, day, contract_type=C.BUSINESS, contract_months=1)
    assert outcome_rules.counts_as_employment(business)
    assert not outcome_rules.counts_as_employment(make(left, K.JOB_SEEKING, day))


def test_social_progress_counts_when_a_specialist_confirms_it(left):
    assert outcome_rules.counts_as_social_progress(
        make(left, K.SOCIAL_PROGRESS, confirmed_by="psycholog J. Nowak")
    )
    assert not outcome_rules.counts_as_social_progress(make(left, K.SOCIAL_PROGRESS))  # unconfirmed


def test_starting_education_is_social_progress_by_itself(left):
    # The guideline's list of forms of social progress starts with starting education: an outcome "in
    # education or training" counts without a generic "social progress" being recorded.
    education = make(left, K.EDUCATION)
    assert outcome_rules.counts_as_social_progress(education)
    assert outcome_rules.social_progress_form(education) == str(enums.SocialProgressForm.EDUCATION.label)
    volunteering = make(left, K.SOCIAL_PROGRESS, confirmed_by="psycholog", progress_form="volunteering")
    assert outcome_rules.social_progress_form(volunteering) == str(
        enums.SocialProgressForm.VOLUNTEERING.label
    )
    # Neither a qualification nor job seeking is a form of social progress.
    assert not outcome_rules.counts_as_social_progress(make(left, K.QUALIFICATION))
    assert not outcome_rules.counts_as_social_progress(make(left, K.JOB_SEEKING))


# --- recording ---------------------------------------------------------------------------------------------


def test_a_social_worker_records_an_employment_with_its_contract(cast, left):
    outcome = record(
        cast,
        left,
        kind=K.EMPLOYMENT,
        achieved_on=D(2019, 9, 16),
        evidence="kopia umowy o pracę",
        contract_type=C.EMPLOYMENT_CONTRACT,
        contract_months=6,
        fte=Decimal("0.75"),
    )
    assert outcome.recorded_by == cast.pracownik
    assert outcome_rules.within_4_weeks(outcome) and outcome_rules.within_effectiveness_window(outcome)
    assert outcome_rules.counts_as_employment(outcome)
    assert list(outcome_selectors.outcomes_of(left)) == [outcome]


def test_an_outcome_cannot_come_before_the_participation(cast, participant):
    with pytest.raises(ValidationError) as error:
        record(cast, participant, achieved_on=D(2019, 1, 31))
    assert codes(error, "achieved_on") == ["before_participation"]


def test_employment_needs_its_form_and_months(cast, left):
    with pytest.raises(ValidationError) as error:
        record(cast, left, kind=K.EMPLOYMENT, achieved_on=D(2019, 9, 2))
    assert codes(error, "contract_type") == ["contract_type_required"]
    assert codes(error, "contract_months") == ["months_required"]
    with pytest.raises(ValidationError) as error:
        record(cast, left, kind=K.EMPLOYMENT, contract_type=C.EMPLOYMENT_CONTRACT, contract_months=3)
    assert codes(error, "fte") == ["fte_required"]
    with pytest.raises(ValidationError) as error:
        record(cast, left, kind=K.EMPLOYMENT, contract_type=C.BUSINESS, contract_months=3)
    assert codes(error, "contract_type") == ["contract_type_required"]


def test_self_employment_is_an_own_business(cast, left):
    outcome = record(cast, left, kind=K.SELF_EMPLOYMENT, contract_months=12, evidence="wpis CEIDG")
    assert outcome.contract_type == C.BUSINESS
    with pytest.raises(ValidationError) as error:
        record(cast, left, kind=K.SELF_EMPLOYMENT, contract_type=C.CIVIL_LAW, contract_months=12)
    assert codes(error, "contract_type") == ["self_employment_business"]


def test_other_outcomes_carry_no_contract(cast, left):
    with pytest.raises(ValidationError) as error:
        record(cast, left, kind=K.EDUCATION, contract_months=3)
    assert codes(error, "contract_type") == ["contract_not_applicable"]


def test_social_progress_needs_the_confirming_specialist(cast, left):
    with pytest.raises(ValidationError) as error:
        record(cast, left, kind=K.SOCIAL_PROGRESS)
    assert codes(error, "confirmed_by") == ["confirmation_required"]
    outcome = record(cast, left, kind=K.SOCIAL_PROGRESS, confirmed_by="terapeuta A. Kowalska")
    assert outcome_rules.counts_as_social_progress(outcome)


def test_the_form_of_social_progress_is_kept_and_only_for_social_progress(cast, left):
    outcome = record(
        cast, left, kind=K.SOCIAL_PROGRESS, confirmed_by="terapeuta", progress_form="volunteering"
    )
    assert outcome.progress_form == "volunteering"
    with pytest.raises(ValidationError) as error:
        record(cast, left, kind=K.QUALIFICATION, progress_form="volunteering")
    assert codes(error, "progress_form") == ["progress_form_not_applicable"]
    # Starting education is its own outcome kind, not a form typed under "social progress".
    with pytest.raises(ValidationError) as error:
        record(cast, left, kind=K.SOCIAL_PROGRESS, confirmed_by="terapeuta", progress_form="education")
    assert codes(error, "progress_form") == ["progress_form_education"]


def test_the_same_outcome_twice_a_day_is_refused(cast, left):
    record(cast, left)
    with pytest.raises(ValidationError):
        record(cast, left)
    assert Outcome.objects.count() == 1


def test_the_auditor_and_a_specialist_cannot_record(cast, left):
    for user in (cast.audytor, cast.specjalista, cast.pracownik2):
        with pytest.raises(PermissionDenied):
            record(cast, left, actor=user)
    assert record(cast, left, actor=cast.koordynator).recorded_by == cast.koordynator


# --- the qualification a passed exam offers ----------------------------------------------------------------


@pytest.fixture
def member(project, left):
    training = Activity.objects.create(
        project=project,
        form=support_form("vocational_training"),
        title="Kurs spawacza",
        starts_on=D(2019, 3, 1),
        ends_on=D(2019, 5, 31),
        min_attendance=80,
        ends_with_exam=True,
    )
    return ActivityParticipant.objects.create(
        activity=training,
        participant=left,
        assigned_on=D(2019, 3, 1),
        exam_result=enums.ExamResult.PASSED,
        exam_on=D(2019, 6, 3),
        certificate_number="SP/123/2019",
    )


def test_a_passed_exam_offers_a_qualification_once(cast, member):
    assert outcome_selectors.qualification_offered(member)
    outcome = outcome_services.qualification_from_exam(actor=cast.pracownik, member=member)
    assert (outcome.kind, outcome.achieved_on) == (K.QUALIFICATION, D(2019, 6, 3))
    assert "SP/123/2019" in outcome.evidence and "Kurs spawacza" in outcome.evidence
    assert outcome_rules.within_4_weeks(outcome)  # gained in the project, holds at the exit
    assert not outcome_selectors.qualification_offered(member)
    with pytest.raises(ValidationError):
        outcome_services.qualification_from_exam(actor=cast.pracownik, member=member)


def test_no_qualification_from_a_failed_exam_or_a_form_without_one(cast, member):
    member.exam_result = enums.ExamResult.FAILED
    assert not outcome_selectors.qualification_offered(member)
    with pytest.raises(ValidationError):
        outcome_services.qualification_from_exam(actor=cast.pracownik, member=member)
    member.exam_result = enums.ExamResult.PASSED
    member.activity.form = support_form("general_course")
    assert not outcome_selectors.qualification_offered(member)
    with pytest.raises(ValidationError):
        outcome_services.qualification_from_exam(actor=cast.pracownik, member=member)
    assert not Outcome.objects.exists()


# --- pages -------------------------------------------------------------------------------------------------


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_outcome_form_records_and_lists(cast, client_for, left):
    client = english(client_for(cast.pracownik))
    url = reverse("support:outcome_create", args=[left.pk])
    assert url == f"/wsparcie/uczestnik/{left.pk}/rezultat/"
    assert client.get(url).status_code == 200
    data = {"kind": K.EMPLOYMENT, "achieved_on": "2019-09-16", "evidence": "umowa", "contract_type": ""}
    page = client.post(url, data)
    assert page.status_code == 200
    assert "Give the form of employment" in page.content.decode()
    assert 'value="umowa"' in page.content.decode()
    page = client.post(url, {**data, "contract_type": C.CIVIL_LAW, "contract_months": "3"})
    assert page.status_code == 302
    listing = client.get(reverse("support:outcomes", args=[left.pk])).content.decode()
    assert "16 Sep 2019" in listing and "civil-law contract" in listing


def test_outcome_pages_are_404_out_of_scope_and_403_to_the_auditor(cast, client_for, left):
    create = reverse("support:outcome_create", args=[left.pk])
    listing = reverse("support:outcomes", args=[left.pk])
    assert client_for(cast.pracownik2).get(create).status_code == 404
    assert client_for(cast.pracownik2).get(listing).status_code == 404
    assert client_for(cast.audytor).get(create).status_code == 403
    assert client_for(cast.audytor).post(create, {"kind": K.EDUCATION}).status_code == 403
    assert client_for(cast.audytor).get(listing).status_code == 200


def test_the_exam_button_records_the_qualification(cast, client_for, member):
    url = reverse("support:outcome_from_exam", args=[member.pk])
    assert client_for(cast.pracownik2).post(url).status_code == 404
    assert client_for(cast.audytor).post(url).status_code == 403
    page = client_for(cast.pracownik).post(url)
    assert page.status_code == 302
    assert Outcome.objects.get().kind == K.QUALIFICATION


def test_reading_a_participants_outcomes_is_logged_on_the_person(cast, client_for, left):
    def reads():
        return LogEntry.objects.get_for_object(left.person).filter(action=LogEntry.Action.ACCESS).count()

    before = reads()
    assert client_for(cast.pracownik).get(reverse("support:outcomes", args=[left.pk])).status_code == 200
    assert reads() == before + 1
