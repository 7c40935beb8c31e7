"""Recruitment set-up (rounds, eligibility rules, scoring criteria, stipend rates) through the services,
the pages and the API; the date rules at enrolment and activity assignment; corrections of a
participation's dates with their reason kept in the history.

The fixture project R-1 runs 01.01.2019-31.12.2019, its target group is 2019 with 5 planned
participants, its coordinator is `koordynator` (tests/recruitment/conftest.py)."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from szansa.domain.projects import services as project_services
from szansa.domain.projects.models import TargetGroup
from szansa.domain.recruitment import services, setup
from szansa.domain.recruitment.models import (
    EligibilityRule,
    ParticipationCorrection,
    RecruitmentRound,
    ScoringCriterion,
)
from szansa.domain.support.activities import services as activity_services
from tests.factories import PersonFactory
from tests.factories.projects import make_project
from tests.factories.recruitment import criterion, with_consent
from tests.factories.support import make_activity

D = datetime.date
PL = {"HTTP_ACCEPT_LANGUAGE": "pl"}


@pytest.fixture(autouse=True)
def polish():
    with translation.override("pl"):
        yield


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.force_login(user)
        return client

    return make


def messages_of(error: ValidationError) -> dict:
    return error.message_dict


MARCH_1 = D(2019, 3, 1)


def enrolled(cast, project, target_group, start=MARCH_1):
    person = with_consent(PersonFactory(responsible_worker=cast.pracownik))
    return services.participant_enrol(
        actor=cast.koordynator, person=person, project=project, target_group=target_group, start_date=start
    )


# --- rounds, rules and scoring: validation and permissions ------------------------------------------------


def test_the_coordinator_creates_a_round_inside_the_project(cast, target_group):
    round_ = setup.round_save(
        actor=cast.koordynator,
        round=RecruitmentRound(
            target_group=target_group,
            name="Nabór wiosenny",
            opens_on=D(2019, 3, 1),
            closes_on=D(2019, 3, 31),
            places=4,
        ),
    )
    assert round_.pk and round_.places == 4
    entry = LogEntry.objects.get_for_object(round_).get()
    assert entry.actor == cast.koordynator
    assert entry.additional_data == {"project_id": target_group.project_id}


def test_a_round_outside_the_project_and_with_no_places_is_refused_in_polish(cast, target_group):
    round_ = RecruitmentRound(
        target_group=target_group,
        name="Za późno",
        opens_on=D(2019, 12, 1),
        closes_on=D(2020, 1, 15),
        places=0,
    )
    with pytest.raises(ValidationError) as refused:
        setup.round_save(actor=cast.koordynator, round=round_)
    errors = messages_of(refused.value)
    # The project runs 01.01.2019-31.12.2019: the closing day 15.01.2020 is outside, the opening day is not.
    assert "opens_on" not in errors
    assert errors["closes_on"] == [
        "Nabór musi mieścić się w okresie realizacji projektu (01.01.2019 – 31.12.2019)."
    ]
    assert errors["places"] == ["Nabór ma co najmniej jedno miejsce."]
    assert not RecruitmentRound.objects.filter(name="Za późno").exists()


def test_a_round_cannot_have_more_places_than_the_group_plans(cast, target_group):
    round_ = RecruitmentRound(
        target_group=target_group, name="Duży", opens_on=D(2019, 2, 1), closes_on=D(2019, 2, 28), places=6
    )
    with pytest.raises(ValidationError) as refused:
        setup.round_save(actor=cast.koordynator, round=round_)
    assert messages_of(refused.value)["places"] == [
        "Grupa docelowa przewiduje 5 uczestników; nabór nie może mieć więcej miejsc."
    ]


@pytest.mark.parametrize("who", ["pracownik", "specjalista", "audytor", "referent"])
def test_only_who_runs_the_recruitment_sets_it_up(cast, target_group, who):
    round_ = RecruitmentRound(
        target_group=target_group, name="N", opens_on=D(2019, 2, 1), closes_on=D(2019, 2, 2)
    )
    with pytest.raises(PermissionDenied):
        setup.round_save(actor=getattr(cast, who), round=round_)
    with pytest.raises(PermissionDenied):
        setup.scoring_save(
            actor=getattr(cast, who),
            scoring=ScoringCriterion(target_group=target_group, criterion=criterion("food_aid"), points=5),
        )
    assert not RecruitmentRound.objects.filter(name="N").exists()


def test_the_centre_manager_sets_up_any_project(cast, target_group):
    rule = setup.rule_save(
        actor=cast.kierownik,
        rule=EligibilityRule(target_group=target_group),
        criteria=[{"criterion": criterion("age_range"), "parameters": {"min": 18, "max": 64}}],
    )
    assert [rc.parameters for rc in rule.criteria.all()] == [{"min": 18, "max": 64}]


def test_a_rule_needs_a_criterion_and_sane_parameters(cast, target_group):
    with pytest.raises(ValidationError) as refused:
        setup.rule_save(actor=cast.koordynator, rule=EligibilityRule(target_group=target_group), criteria=[])
    assert messages_of(refused.value)["criteria"] == [
        "Reguła kwalifikowalności wymaga co najmniej jednego kryterium."
    ]
    with pytest.raises(ValidationError) as refused:
        setup.rule_save(
            actor=cast.koordynator,
            rule=EligibilityRule(target_group=target_group),
            criteria=[{"criterion": criterion("age_range"), "parameters": {"min": 65, "max": 18}}],
        )
    assert messages_of(refused.value)["criteria"] == [
        "Kryterium 1 (Wiek): Najniższy wiek (65) jest wyższy niż najwyższy (18)."
    ]
    # Nothing is kept of a refused rule: the rule and its criteria roll back together.
    assert not EligibilityRule.objects.filter(target_group=target_group).exists()
    with pytest.raises(ValidationError) as refused:
        setup.rule_save(
            actor=cast.koordynator,
            rule=EligibilityRule(target_group=target_group),
            criteria=[{"criterion": criterion("resident_gmina"), "parameters": {"gmnia": "Olkusz"}}],
        )
    assert (
        "Nieznane parametry: gmnia. To kryterium przyjmuje: gmina."
        in messages_of(refused.value)["criteria"][0]
    )


def test_scoring_points_are_sane(cast, target_group):
    def scoring(code, points, **parameters):
        return ScoringCriterion(
            target_group=target_group, criterion=criterion(code), points=points, parameters=parameters
        )

    with pytest.raises(ValidationError) as refused:
        setup.scoring_save(actor=cast.koordynator, scoring=scoring("food_aid", 0))
    assert "points" in messages_of(refused.value)
    setup.scoring_save(actor=cast.koordynator, scoring=scoring("food_aid", 60))
    # 60 already given + 50 = 110 > 100, the most a target group's scoring may give.
    with pytest.raises(ValidationError) as refused:
        setup.scoring_save(actor=cast.koordynator, scoring=scoring("multiple_exclusion", 50))
    assert messages_of(refused.value)["points"] == [
        "Kryteria premiujące grupy docelowej dają łącznie najwyżej 100 punktów; z tym kryterium dawałyby 110."
    ]
    # 60 + 40 = 100: allowed.
    setup.scoring_save(actor=cast.koordynator, scoring=scoring("multiple_exclusion", 40))
    with pytest.raises(ValidationError) as refused:
        setup.scoring_save(actor=cast.koordynator, scoring=scoring("food_aid", 1))
    assert "criterion" in messages_of(refused.value)


def test_a_round_with_applications_is_not_removed(cast, round_):
    from tests.factories.recruitment import ApplicationFactory

    ApplicationFactory(round=round_)
    with pytest.raises(ValidationError):
        setup.round_delete(actor=cast.koordynator, round=round_)
    assert RecruitmentRound.objects.filter(pk=round_.pk).exists()


def test_round_places_hold_at_enrolment(cast, target_group):
    from szansa.domain.recruitment import enums

    round_ = setup.round_save(
        actor=cast.koordynator,
        round=RecruitmentRound(
            target_group=target_group,
            name="Mały",
            opens_on=D(2019, 1, 15),
            closes_on=D(2019, 2, 15),
            places=2,
        ),
    )
    people = [with_consent(PersonFactory()) for _ in range(3)]
    for person in people:
        application = services.application_submit(
            actor=cast.koordynator,
            person=person,
            round=round_,
            submitted_on=D(2019, 1, 20),
            channel="in_person",
        )
        services.application_verify(actor=cast.koordynator, application=application, on=D(2019, 2, 1))
    services.round_rank(actor=cast.koordynator, round=round_)
    # The group plans 5 and the project allows 10, yet the round has 2 places: 2 enrolled, 1 waiting.
    enrolled_now = services.round_enrol(actor=cast.koordynator, round=round_, start_date=D(2019, 3, 1))
    assert len(enrolled_now) == 2
    assert round_.applications.filter(status=enums.ApplicationStatus.WAITING_LIST).count() == 1


# --- enrolment dates ------------------------------------------------------------------------------------


def test_enrolment_after_the_project_is_refused_naming_the_dates(cast, project, target_group):
    person = with_consent(PersonFactory())
    with pytest.raises(ValidationError) as refused:
        services.participant_enrol(
            actor=cast.koordynator,
            person=person,
            project=project,
            target_group=target_group,
            start_date=D(2020, 1, 2),
        )
    assert refused.value.message_dict["start_date"] == [
        "Data rozpoczęcia udziału (02.01.2020) wypada poza okresem realizacji projektu "
        "(01.01.2019 – 31.12.2019). Wybierz dzień w tym okresie."
    ]
    assert not person.participations.exists()


def test_enrolment_outside_the_target_groups_year_is_refused(cast):
    project = make_project(cast.admin, number="R-2", end=D(2020, 12, 31))
    group_2020 = project_services.project_record_save(
        actor=cast.admin, record=TargetGroup(project=project, year=2020, name="Rok 2020", planned_total=3)
    )
    person = with_consent(PersonFactory())
    with pytest.raises(ValidationError) as refused:
        services.participant_enrol(
            actor=cast.admin,
            person=person,
            project=project,
            target_group=group_2020,
            start_date=D(2019, 6, 3),
        )
    assert (
        "Grupa docelowa Rok 2020 jest zaplanowana na rok 2020, a data rozpoczęcia udziału (03.06.2019)"
        in (refused.value.message_dict["start_date"][0])
    )
    participant = services.participant_enrol(
        actor=cast.admin, person=person, project=project, target_group=group_2020, start_date=D(2020, 1, 7)
    )
    assert participant.start_date == D(2020, 1, 7)


# --- corrections -----------------------------------------------------------------------------------------


def test_a_correction_needs_a_reason_and_keeps_it(cast, project, target_group):
    participant = enrolled(cast, project, target_group)
    with pytest.raises(ValidationError) as refused:
        services.participant_correct_dates(
            actor=cast.koordynator, participant=participant, reason="  ", start_date=D(2019, 3, 4)
        )
    assert refused.value.message_dict["reason"] == ["Podaj powód korekty."]

    made = services.participant_correct_dates(
        actor=cast.koordynator,
        participant=participant,
        reason="Deklaracja podpisana 4 marca",
        start_date=D(2019, 3, 4),
    )
    participant.refresh_from_db()
    assert participant.start_date == D(2019, 3, 4)
    assert [(c.field, c.old_value, c.new_value, c.reason) for c in made] == [
        ("start_date", D(2019, 3, 1), D(2019, 3, 4), "Deklaracja podpisana 4 marca")
    ]
    assert ParticipationCorrection.objects.filter(participant=participant).count() == 1
    entry = LogEntry.objects.get_for_object(participant).order_by("-pk").first()
    assert entry.additional_data["correction_reason"] == "Deklaracja podpisana 4 marca"
    assert entry.changes_dict["start_date"] == ["2019-03-01", "2019-03-04"]


def test_a_correction_follows_the_date_rules(cast, project, target_group):
    participant = enrolled(cast, project, target_group)
    with pytest.raises(ValidationError) as refused:
        services.participant_correct_dates(
            actor=cast.koordynator, participant=participant, reason="pomyłka", start_date=D(2020, 2, 1)
        )
    assert "01.01.2019 – 31.12.2019" in refused.value.message_dict["start_date"][0]
    with pytest.raises(ValidationError) as refused:
        services.participant_correct_dates(
            actor=cast.koordynator, participant=participant, reason="pomyłka", end_date=D(2019, 5, 1)
        )
    assert refused.value.message_dict["end_date"] == [
        "Udział się nie zakończył; zamiast tego odnotuj zakończenie udziału."
    ]
    with pytest.raises(PermissionDenied):
        services.participant_correct_dates(
            actor=cast.pracownik, participant=participant, reason="pomyłka", start_date=D(2019, 3, 2)
        )
    assert not participant.corrections.exists()


def test_a_later_start_cannot_leave_steps_before_it(cast, project, target_group):
    participant = enrolled(cast, project, target_group)
    activity = make_activity(cast, project)
    activity_services.activity_assign(
        actor=cast.koordynator, activity=activity, participant=participant, on=D(2019, 3, 5)
    )
    with pytest.raises(ValidationError) as refused:
        services.participant_correct_dates(
            actor=cast.koordynator, participant=participant, reason="pomyłka", start_date=D(2019, 3, 10)
        )
    assert (
        "Przed dniem 10.03.2019 zapisano kroki ścieżki: przypisanie do"
        in refused.value.message_dict["start_date"][0]
    )
    assert "05.03.2019" in refused.value.message_dict["start_date"][0]


# --- activity membership within the activity ------------------------------------------------------------


def test_an_assignment_outside_the_activity_is_refused_naming_its_dates(cast, project, target_group):
    participant = enrolled(cast, project, target_group)
    activity = make_activity(cast, project)  # 01.03.2019-30.06.2019
    with pytest.raises(ValidationError) as refused:
        activity_services.activity_assign(
            actor=cast.koordynator, activity=activity, participant=participant, on=D(2019, 7, 1)
        )
    assert refused.value.message_dict["on"] == [
        "Działanie trwa od 01.03.2019 do 30.06.2019; dzień 01.07.2019 wypada poza nim. "
        "Wybierz dzień w czasie trwania działania."
    ]
    # The participant starts on 01.03.2019; an assignment on the activity's first day is accepted.
    member = activity_services.activity_assign(
        actor=cast.koordynator, activity=activity, participant=participant, on=D(2019, 3, 1)
    )
    assert member.assigned_on == D(2019, 3, 1)


def test_an_assignment_before_the_participation_points_to_the_correction(cast, project, target_group):
    participant = enrolled(cast, project, target_group, start=D(2019, 4, 1))
    activity = make_activity(cast, project)
    with pytest.raises(ValidationError) as refused:
        activity_services.activity_assign(
            actor=cast.koordynator, activity=activity, participant=participant, on=D(2019, 3, 15)
        )
    message = refused.value.message_dict["on"][0]
    assert "uczestniczy od 01.04.2019; przypisanie z dniem 15.03.2019 byłoby wcześniejsze" in message
    assert "popraw datę rozpoczęcia udziału na karcie uczestnika" in message


def test_the_assignment_form_does_not_default_to_a_day_after_the_activity(
    cast, project, target_group, client_for
):
    activity = make_activity(cast, project)  # ended 30.06.2019, long before today
    page = client_for(cast.koordynator).get(reverse("support:activity_assign", args=[activity.pk]))
    assert page.status_code == 200
    assert page.context["form"].initial["on"] == D(2019, 6, 30)


# --- pages -----------------------------------------------------------------------------------------------


def test_the_set_up_page_lists_and_links(cast, project, target_group, round_, client_for):
    setup.scoring_save(
        actor=cast.koordynator,
        scoring=ScoringCriterion(target_group=target_group, criterion=criterion("food_aid"), points=5),
    )
    page = client_for(cast.koordynator).get(reverse("recruitment:setup", args=[project.pk]), **PL)
    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("recruitment:round_create", args=[project.pk, target_group.pk]) in html
    assert reverse("recruitment:round_edit", args=[round_.pk]) in html
    assert f"{reverse('recruitment:board', args=[project.pk])}#round-{round_.pk}" in html
    dashboard = client_for(cast.koordynator).get(reverse("projects:project_detail", args=[project.pk]), **PL)
    assert reverse("recruitment:setup", args=[project.pk]) in dashboard.content.decode()
    board = client_for(cast.koordynator).get(reverse("recruitment:board", args=[project.pk]), **PL)
    assert reverse("recruitment:setup", args=[project.pk]) in board.content.decode()
    assert reverse("recruitment:round_edit", args=[round_.pk]) in board.content.decode()


def test_the_set_up_page_is_read_only_for_the_auditor(cast, project, target_group, client_for):
    client = client_for(cast.audytor)
    page = client.get(reverse("recruitment:setup", args=[project.pk]), **PL)
    assert page.status_code == 200
    assert (
        reverse("recruitment:round_create", args=[project.pk, target_group.pk]) not in page.content.decode()
    )
    assert (
        client.get(reverse("recruitment:round_create", args=[project.pk, target_group.pk])).status_code == 403
    )


def test_the_round_form_explains_in_polish_and_keeps_what_was_typed(cast, project, target_group, client_for):
    url = reverse("recruitment:round_create", args=[project.pk, target_group.pk])
    page = client_for(cast.koordynator).post(
        url,
        {"name": "Nabór jesienny", "opens_on": "2019-11-01", "closes_on": "2020-01-31", "places": "0"},
        **PL,
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nabór musi mieścić się w okresie realizacji projektu (01.01.2019 – 31.12.2019)." in html
    assert "Nabór ma co najmniej jedno miejsce." in html
    assert 'value="Nabór jesienny"' in html
    saved = client_for(cast.koordynator).post(
        url,
        {"name": "Nabór jesienny", "opens_on": "2019-11-01", "closes_on": "2019-11-30", "places": "3"},
        **PL,
    )
    assert saved.status_code == 302
    round_ = RecruitmentRound.objects.get(name="Nabór jesienny")
    assert saved["Location"] == f"{reverse('recruitment:board', args=[project.pk])}#round-{round_.pk}"


def test_the_rule_form_saves_a_rule_with_its_criteria(cast, project, target_group, client_for):
    url = reverse("recruitment:rule_create", args=[project.pk, target_group.pk])
    data = {
        "name": "Mieszkańcy",
        "mode": "all_of",
        "position": "0",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-criterion": str(criterion("resident_gmina").pk),
        "criteria-0-parameters": '{"gmina": "Olkusz"}',
        "criteria-1-criterion": str(criterion("age_range").pk),
        "criteria-1-parameters": '{"min": 18, "max": 64}',
    }
    page = client_for(cast.koordynator).post(url, data, **PL)
    assert page.status_code == 302, page.content.decode()[:2000]
    rule = EligibilityRule.objects.get(target_group=target_group)
    assert [(rc.criterion.code, rc.parameters) for rc in rule.criteria.all()] == [
        ("resident_gmina", {"gmina": "Olkusz"}),
        ("age_range", {"min": 18, "max": 64}),
    ]


def test_the_correction_form_and_the_card(cast, project, target_group, client_for):
    participant = enrolled(cast, project, target_group)
    client = client_for(cast.koordynator)
    card = client.get(reverse("recruitment:participant_detail", args=[participant.pk]), **PL).content.decode()
    assert reverse("recruitment:participant_correct", args=[participant.pk]) in card
    assert reverse("support:outcomes", args=[participant.pk]) in card
    assert reverse("support:diagnosis_create", args=[participant.pk]) in card
    url = reverse("recruitment:participant_correct", args=[participant.pk])
    refused = client.post(url, {"start_date": "2019-03-05", "reason": ""}, **PL)
    assert refused.status_code == 200
    assert "To pole jest wymagane." in refused.content.decode()
    done = client.post(url, {"start_date": "2019-03-05", "reason": "Błąd we wpisie"}, **PL)
    assert done.status_code == 302
    card = client.get(reverse("recruitment:participant_detail", args=[participant.pk]), **PL).content.decode()
    assert "Błąd we wpisie" in card
    assert client_for(cast.pracownik).get(url).status_code in (403, 404)


# --- API -------------------------------------------------------------------------------------------------


def test_api_round_trip_of_the_set_up(cast, project, target_group, api_for):
    api = api_for(cast.koordynator)
    created = api.post(
        "/api/v1/recruitment-rounds/",
        {
            "target_group": target_group.pk,
            "name": "API",
            "opens_on": "2019-04-01",
            "closes_on": "2019-04-30",
            "places": 2,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["project"] == project.pk and body["places"] == 2
    changed = api.patch(
        f"/api/v1/recruitment-rounds/{body['id']}/", {"closes_on": "2020-02-01"}, format="json", **PL
    )
    assert changed.status_code == 400
    assert changed.json()["closes_on"] == [
        "Nabór musi mieścić się w okresie realizacji projektu (01.01.2019 – 31.12.2019)."
    ]
    assert (
        api.patch(f"/api/v1/recruitment-rounds/{body['id']}/", {"places": 3}, format="json").json()["places"]
        == 3
    )
    listed = api.get(f"/api/v1/recruitment-rounds/?project={project.pk}").json()
    assert [r["name"] for r in listed["results"]] == ["API"]

    rule = api.post(
        "/api/v1/eligibility-rules/",
        {
            "target_group": target_group.pk,
            "mode": "any_of",
            "criteria": [{"criterion": "disability"}, {"criterion": "age_range", "parameters": {"min": 50}}],
        },
        format="json",
    )
    assert rule.status_code == 201, rule.content
    assert rule.json()["criteria"] == [
        {"criterion": "disability", "parameters": {}},
        {"criterion": "age_range", "parameters": {"min": 50}},
    ]
    scoring = api.post(
        "/api/v1/scoring-criteria/",
        {"target_group": target_group.pk, "criterion": "food_aid", "points": 101},
        format="json",
        **PL,
    )
    assert scoring.status_code == 400
    assert "points" in scoring.json()
    scoring = api.post(
        "/api/v1/scoring-criteria/",
        {"target_group": target_group.pk, "criterion": "food_aid", "points": 10},
        format="json",
    )
    assert scoring.status_code == 201
    assert api.delete(f"/api/v1/scoring-criteria/{scoring.json()['id']}/").status_code == 204

    rate = api.post(
        "/api/v1/stipend-rates/",
        {
            "project": project.pk,
            "valid_from": "2019-01-01",
            "monthly_amount": "1033.70",
            "full_month_hours": 160,
        },
        format="json",
    )
    assert rate.status_code == 201, rate.content
    assert Decimal(rate.json()["monthly_amount"]) == Decimal("1033.70")
    zero = api.post(
        "/api/v1/stipend-rates/",
        {"project": project.pk, "valid_from": "2019-02-01", "monthly_amount": "0", "full_month_hours": 160},
        format="json",
        **PL,
    )
    assert zero.json() == {"monthly_amount": ["Stypendium za pełny miesiąc musi być większe niż 0 zł."]}


def test_api_set_up_is_refused_to_others_and_scoped(cast, project, target_group, round_, api_for):
    # A social worker reads every project's recruitment (projects.access READ_ALL) but sets none up.
    social_worker = api_for(cast.pracownik)
    refused = social_worker.post(
        "/api/v1/recruitment-rounds/",
        {"target_group": target_group.pk, "name": "X", "opens_on": "2019-04-01", "closes_on": "2019-04-30"},
        format="json",
    )
    assert refused.status_code == 403
    assert social_worker.get(f"/api/v1/recruitment-rounds/{round_.pk}/").status_code == 200
    # A specialist does not see the project at all: the round is not found, the group "does not exist".
    specialist = api_for(cast.specjalista)
    assert specialist.get(f"/api/v1/recruitment-rounds/{round_.pk}/").status_code == 404
    unseen = specialist.post(
        "/api/v1/recruitment-rounds/",
        {"target_group": target_group.pk, "name": "X", "opens_on": "2019-04-01", "closes_on": "2019-04-30"},
        format="json",
    )
    assert unseen.status_code == 400 and "target_group" in unseen.json()
    auditor = api_for(cast.audytor)
    assert auditor.get(f"/api/v1/recruitment-rounds/{round_.pk}/").status_code == 200
    assert (
        auditor.patch(f"/api/v1/recruitment-rounds/{round_.pk}/", {"places": 1}, format="json").status_code
        == 403
    )
    created = auditor.post(
        "/api/v1/recruitment-rounds/",
        {"target_group": target_group.pk, "name": "X", "opens_on": "2019-04-01", "closes_on": "2019-04-30"},
        format="json",
    )
    assert created.status_code == 403
    assert not RecruitmentRound.objects.filter(name="X").exists()


def test_api_date_corrections(cast, project, target_group, api_for):
    participant = enrolled(cast, project, target_group)
    api = api_for(cast.koordynator)
    url = f"/api/v1/participants/{participant.pk}/date-corrections/"
    missing = api.post(url, {"start_date": "2019-03-02"}, format="json", **PL)
    assert missing.status_code == 400 and "reason" in missing.json()
    made = api.post(url, {"start_date": "2019-03-02", "reason": "Data z deklaracji"}, format="json")
    assert made.status_code == 201
    assert made.json()[0]["old_value"] == "2019-03-01" and made.json()[0]["new_value"] == "2019-03-02"
    listed = api.get(url).json()
    assert [row["reason"] for row in listed] == ["Data z deklaracji"]
    assert (
        api_for(cast.audytor)
        .post(url, {"start_date": "2019-03-03", "reason": "x"}, format="json")
        .status_code
        == 403
    )


def test_the_openapi_schema_tags_the_set_up(cast, api_for):
    schema = api_for(cast.admin).get("/api/schema/?format=json")
    paths = schema.json()["paths"]
    for path in ("/api/v1/recruitment-rounds/", "/api/v1/eligibility-rules/", "/api/v1/scoring-criteria/"):
        assert paths[path]["post"]["tags"] == ["recruitment"]
    assert "/api/v1/participants/{id}/date-corrections/" in paths


def test_a_refused_assignment_links_to_the_correction(cast, project, target_group, client_for):
    participant = enrolled(cast, project, target_group, start=D(2019, 4, 1))
    activity = make_activity(cast, project)  # 01.03.2019-30.06.2019
    page = client_for(cast.koordynator).post(
        reverse("support:activity_assign", args=[activity.pk]),
        {"participant": participant.pk, "on": "2019-03-15"},
        **PL,
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "uczestniczy od 01.04.2019" in html
    assert reverse("recruitment:participant_correct", args=[participant.pk]) in html
    assert 'value="2019-03-15"' in html


def test_a_refused_outcome_links_to_the_correction(cast, project, target_group, client_for):
    participant = enrolled(cast, project, target_group)  # from 01.03.2019
    page = client_for(cast.koordynator).post(
        reverse("support:outcome_create", args=[participant.pk]),
        {"kind": "education", "achieved_on": "2019-02-20", "evidence": "zaświadczenie"},
        **PL,
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "01.03.2019" in html
    assert reverse("recruitment:participant_correct", args=[participant.pk]) in html


def test_the_calls_effectiveness_thresholds_through_the_api_and_the_form(cast, api_for, client_for):
    from tests.factories.projects import CallFactory

    call = CallFactory()
    api = api_for(cast.koordynator)
    wrong = api.patch(
        f"/api/v1/calls/{call.pk}/", {"severe_social_effectiveness_min": "150"}, format="json", **PL
    )
    assert wrong.status_code == 400 and "severe_social_effectiveness_min" in wrong.json()
    saved = api.patch(
        f"/api/v1/calls/{call.pk}/",
        {"social_effectiveness_min": "34.00", "severe_employment_effectiveness_min": "12.00"},
        format="json",
    )
    assert saved.status_code == 200, saved.content
    call.refresh_from_db()
    assert (call.social_effectiveness_min, call.severe_employment_effectiveness_min) == (
        Decimal("34"),
        Decimal("12"),
    )
    form = client_for(cast.koordynator).get(reverse("projects:call_update", args=[call.pk])).content.decode()
    assert 'name="severe_social_effectiveness_min"' in form
    assert (
        api_for(cast.pracownik)
        .patch(f"/api/v1/calls/{call.pk}/", {"social_effectiveness_min": "1"}, format="json")
        .status_code
        == 403
    )
