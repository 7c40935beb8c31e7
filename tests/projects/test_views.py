"""Project pages: who sees what, the budget forms (overrun refused, justified shift), the dashboard
chart, the calls register and constant query counts."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from szansa.domain.projects import enums, services
from szansa.domain.projects.models import (
    BudgetLine,
    BudgetShift,
    BudgetTask,
    Call,
    Expenditure,
    FundingApplication,
    ManagingBody,
    Measure,
    Project,
    ProjectStaff,
    TargetGroup,
)
from tests.factories.projects import add_line, make_project

# role -> status of the dashboard of a project none of them is assigned to.
DASHBOARD = {
    "admin": 200,
    "kierownik": 200,
    "koordynator": 200,
    "pracownik": 200,
    "pracownik2": 200,
    "specjalista": 404,
    "referent": 200,
    "audytor": 200,
}
# role -> status of posting an expenditure form (valid data) on that project.
EXPENDITURE_POST = {
    "admin": 302,
    "kierownik": 302,
    "koordynator": 403,  # a coordinator books only in the projects they coordinate
    "pracownik": 403,
    "specjalista": 404,
    "referent": 302,
    "audytor": 403,
}


@pytest.fixture
def english(client_for):
    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def expenditure_post(line, amount="1000.00", **overrides):
    data = {
        "line": line.pk,
        "date": "2019-05-10",
        "document_number": "FV/2019/05/017",
        "supplier": "Centrum Szkoleniowe Progres",
        "amount": amount,
        "description": "Szkolenie – grupa 1",
    }
    data.update(overrides)
    return data


def url(name, project, *args):
    return reverse(f"projects:{name}", args=[project.pk, *args])


# --- who sees what --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", DASHBOARD)
def test_each_role_opens_the_dashboard_and_budget_only_in_scope(role, cast, project, english):
    client = english(getattr(cast, role))
    assert client.get(url("project_detail", project)).status_code == DASHBOARD[role]
    assert client.get(url("budget", project)).status_code == DASHBOARD[role]
    listed = project.title in client.get(reverse("projects:project_list")).content.decode()
    assert listed is (DASHBOARD[role] == 200)


@pytest.mark.parametrize("role", EXPENDITURE_POST)
def test_posting_an_expenditure_follows_the_role(role, cast, project, training, english):
    client = english(getattr(cast, role))
    response = client.post(url("expenditure_create", project), expenditure_post(training))
    assert response.status_code == EXPENDITURE_POST[role]
    assert Expenditure.objects.filter(line=training).count() == (1 if response.status_code == 302 else 0)


def test_a_specialist_sees_a_project_once_assigned_to_it(cast, project, admin, english):
    client = english(cast.specjalista)
    assert project.title not in client.get(reverse("projects:project_list")).content.decode()
    assert client.get(url("project_detail", project)).status_code == 404

    services.project_record_save(
        actor=admin,
        record=ProjectStaff(
            project=project, user=cast.specjalista, role=enums.StaffRole.SPECIALIST, valid_from=project.start
        ),
    )
    assert project.title in client.get(reverse("projects:project_list")).content.decode()
    page = client.get(url("project_detail", project))
    assert page.status_code == 200
    other = make_project(admin, number="T-OTHER", title="Projekt obcy")
    assert client.get(url("project_detail", other)).status_code == 404
    assert "Projekt obcy" not in client.get(reverse("projects:project_list")).content.decode()


def test_the_auditor_reads_the_budget_but_cannot_post_an_expenditure(cast, project, training, english):
    client = english(cast.audytor)
    budget = client.get(url("budget", project))
    assert budget.status_code == 200
    assert "Szkolenie zawodowe" in budget.content.decode()
    assert "Record an expenditure" not in budget.content.decode()
    assert client.get(url("expenditure_create", project)).status_code == 403
    assert client.post(url("expenditure_create", project), expenditure_post(training)).status_code == 403
    assert client.post(url("project_update", project), {}).status_code == 403
    assert not Expenditure.objects.exists()


# --- the list and the dashboard ------------------------------------------------------------------


def test_the_list_shows_status_funding_execution_and_participants(cast, project, training, clerk, english):
    services.expenditure_record(
        actor=clerk,
        line=training,
        date=datetime.date(2019, 3, 1),
        document_number="FV/1",
        supplier="Progres",
        amount=Decimal("12500.00"),
    )
    html = english(cast.kierownik).get(reverse("projects:project_list")).content.decode()
    assert "Projekt testowy" in html
    assert "finished" in html  # 2019 is over
    assert "125,000.00 zł" in html  # total value
    assert "106,250.00 zł" in html  # co-financing
    assert "85.00 %" in html  # co-financing rate
    assert "10.00 %" in html  # 12 500 of 125 000 spent
    assert "0 / —" in html  # no participants, no limit


def test_the_dashboard_shows_the_funding_breakdown_timeline_and_honest_zeros(cast, project, english):
    project.participant_limit = 12
    project.eu_share = Decimal("90000.00")
    project.state_budget_share = Decimal("16250.00")
    project.notes = "Estimates: the EU split."
    services.project_save(actor=cast.admin, project=project)
    services.project_record_save(
        actor=cast.admin,
        record=TargetGroup(project=project, year=2019, name="Osoby bezrobotne", planned_total=12),
    )
    html = english(cast.pracownik).get(url("project_detail", project)).content.decode()
    assert "<h1>Projekt testowy</h1>" in html
    assert "90,000.00 zł" in html and "72.00 %" in html  # EU share and its rate
    assert "16,250.00 zł" in html and "13.00 %" in html  # state budget
    assert "18,750.00 zł" in html and "15.00 %" in html  # own contribution
    assert "<strong>0</strong> / 12" in html
    assert "Osoby bezrobotne" in html
    assert "contains estimates" in html
    assert 'class="today"' in html  # the timeline marks today
    assert "Edit" not in html  # a social worker changes nothing here


def test_the_svg_chart_has_a_bar_per_task(cast, project, admin, english):
    client = english(cast.admin)
    html = client.get(url("project_detail", project)).content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart budget-chart"') == 1
    assert html.count('class="task-bar"') == 2
    assert html.count('class="bar-plan"') == 2 and html.count('class="bar-spent"') == 2
    assert "1. Szkolenia" in html and "2. Pośrednie" in html

    services.project_record_save(actor=admin, record=BudgetTask(project=project, number=3, name="Promocja"))
    html = client.get(url("project_detail", project)).content.decode()
    assert html.count('class="task-bar"') == 3
    assert 'data-task="3"' in html


def test_the_chart_escapes_task_names(cast, project, admin, english):
    services.project_record_save(
        actor=admin, record=BudgetTask(project=project, number=3, name="<script>alert(1)</script>")
    )
    html = english(cast.admin).get(url("project_detail", project)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def _grow(admin, number_of_projects: int, lines_per_task: int) -> None:
    for index in range(number_of_projects):
        extra = make_project(admin, number=f"G-{lines_per_task}-{index}")
        for task_number in (1, 2):
            task = services.project_record_save(
                actor=admin,
                record=BudgetTask(project=extra, number=task_number, name=f"Zadanie {task_number}"),
            )
            for line_number in range(lines_per_task):
                add_line(admin, task, f"Pozycja {line_number}", "1", "10.00")


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_list_and_dashboard_query_counts_do_not_grow_with_projects_and_lines(cast, project, admin, english):
    client = english(cast.kierownik)
    list_path, dashboard_path = reverse("projects:project_list"), url("project_detail", project)
    _queries(client, list_path)  # warm up the session and the permission caches
    list_before, dashboard_before = _queries(client, list_path), _queries(client, dashboard_path)

    _grow(admin, number_of_projects=3, lines_per_task=4)
    task = project.tasks.get(number=1)
    for line_number in range(6):
        add_line(admin, task, f"Dodatkowa {line_number}", "1", "10.00")
    services.project_record_save(actor=admin, record=BudgetTask(project=project, number=3, name="Promocja"))

    assert Project.objects.count() == 4
    assert _queries(client, list_path) == list_before
    assert _queries(client, dashboard_path) == dashboard_before


# --- budget forms --------------------------------------------------------------------------------


def test_an_overrun_posted_through_the_form_is_refused_with_the_message_and_nothing_saved(
    cast, project, training, english
):
    client = english(cast.referent)
    response = client.post(url("expenditure_create", project), expenditure_post(training, amount="60000.01"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "would overrun the line" in html
    assert "Szkolenie zawodowe" in html and "60,000.00 zł remains" in html
    assert 'id="id_amount_error"' in html  # next to the amount field
    assert 'value="FV/2019/05/017"' in html and 'value="60000.01"' in html  # input kept
    assert not Expenditure.objects.exists()


def test_a_justified_shift_then_lets_the_expenditure_through(
    cast, project, training, counselling, coordinator, english
):
    clerk = english(cast.referent)
    assert (
        clerk.post(url("expenditure_create", project), expenditure_post(training, "61000.00")).status_code
        == 200
    )
    assert not Expenditure.objects.exists()

    response = english(coordinator).post(
        url("shift_create", project),
        {
            "from_line": counselling.pk,
            "to_line": training.pk,
            "amount": "1000.00",
            "justification": "Więcej uczestników szkoleń, mniej godzin doradztwa.",
            "on": "2019-05-01",
        },
    )
    assert response.status_code == 302
    shift = BudgetShift.objects.get()
    assert (shift.from_line, shift.to_line, shift.amount, shift.approved_by) == (
        counselling,
        training,
        Decimal("1000.00"),
        coordinator,
    )

    assert (
        clerk.post(url("expenditure_create", project), expenditure_post(training, "61000.00")).status_code
        == 302
    )
    assert Expenditure.objects.get().amount == Decimal("61000.00")
    budget = clerk.get(url("budget", project)).content.decode()
    assert "Więcej uczestników szkoleń" in budget  # the shift history
    assert "61,000.00 zł" in budget


def test_a_shift_needs_a_justification_and_the_right_role(
    cast, project, training, counselling, coordinator, english
):
    data = {
        "from_line": counselling.pk,
        "to_line": training.pk,
        "amount": "1000.00",
        "justification": "",
        "on": "2019-05-01",
    }
    response = english(coordinator).post(url("shift_create", project), data)
    assert response.status_code == 200
    assert 'id="id_justification_error"' in response.content.decode()
    too_much = dict(data, justification="Powód", amount="40000.01")
    response = english(coordinator).post(url("shift_create", project), too_much)
    assert "Only 40,000.00 zł is free" in response.content.decode()
    same = dict(data, justification="Powód", to_line=counselling.pk)
    assert (
        "A shift needs two different lines."
        in english(coordinator).post(url("shift_create", project), same).content.decode()
    )
    assert (
        english(cast.referent).post(url("shift_create", project), dict(data, justification="x")).status_code
        == 403
    )
    assert not BudgetShift.objects.exists()


def test_a_budget_line_is_added_with_its_amount_computed(cast, project, admin, english):
    task = project.tasks.get(number=1)
    response = english(admin).post(
        url("line_create", project),
        {
            "task": task.pk,
            "category": "equipment",
            "name": "Laptop",
            "unit": "szt.",
            "quantity": "3",
            "unit_price": "2999.99",
        },
    )
    assert response.status_code == 302
    assert BudgetLine.objects.get(name="Laptop").amount == Decimal("8999.97")
    budget = english(admin).get(url("budget", project)).content.decode()
    assert "The budget tasks add up to" in budget  # the budget check now warns


def test_the_project_form_shows_errors_next_to_fields_and_keeps_the_saved_project(cast, project, english):
    client = english(cast.kierownik)
    form = client.get(url("project_update", project))
    assert form.status_code == 200
    data = {
        "number": project.number,
        "title": "Nowy tytuł",
        "beneficiary": project.beneficiary,
        "measure": project.measure_id,
        "start": "2019-01-01",
        "end": "2019-12-31",
        "total_value": "125000.00",
        "eligible_costs": "125000.00",
        "cofinancing": "130000.00",
        "own_contribution": "-5000.00",
    }
    response = client.post(url("project_update", project), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The co-financing cannot exceed the eligible costs." in html
    assert 'value="Nowy tytuł"' in html
    project.refresh_from_db()
    assert project.title == "Projekt testowy" and project.cofinancing == Decimal("106250.00")

    response = client.post(
        url("project_update", project), dict(data, cofinancing="100000.00", own_contribution="25000.00")
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Nowy tytuł"


def test_a_target_group_outside_the_project_period_is_refused(cast, project, english):
    client = english(cast.kierownik)
    data = {
        "year": "2021",
        "name": "Rodziny wieloproblemowe",
        "planned_total": "10",
        "planned_women": "6",
        "planned_men": "3",
    }
    html = client.post(url("target_group_create", project), data).content.decode()
    assert "The year lies outside the project period." in html
    assert "Women and men must add up to the planned participants." in html
    assert not TargetGroup.objects.exists()
    assert (
        client.post(url("target_group_create", project), dict(data, year="2019", planned_men="4")).status_code
        == 302
    )
    assert TargetGroup.objects.get().planned_total == 10


def test_a_payment_claim_is_created_and_submitted(cast, project, english):
    client = english(cast.referent)
    data = {
        "number": "WNP-1",
        "period_from": "2019-01-01",
        "period_to": "2019-06-30",
        "amount_claimed": "20000.00",
    }
    assert client.post(url("claim_create", project), dict(data, period_to="2018-12-31")).status_code == 200
    assert client.post(url("claim_create", project), data).status_code == 302
    claim = project.payment_claims.get()
    assert claim.entered_by == cast.referent
    response = client.post(
        url("claim_transition", project, claim.pk), {"to": "submitted", "on": "2019-07-10"}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.submitted_on) == ("submitted", datetime.date(2019, 7, 10))


# --- calls and applications ----------------------------------------------------------------------


@pytest.fixture
def application(admin):
    call = services.call_save(
        actor=admin,
        call=Call(
            number="RPMP.09.01.01-IP.02-12-TEST/17",
            body=ManagingBody.objects.get(name="Małopolskie Centrum Przedsiębiorczości"),
            measure=Measure.objects.get(programme__code="RPO WM 2014-2020", code="9.1.1"),
            announced_on=datetime.date(2017, 11, 15),
            deadline=datetime.date(2018, 1, 15),
            funds_available=Decimal("20000000.00"),
            applications_count=56,
        ),
    )
    application = services.application_save(
        actor=admin,
        application=FundingApplication(
            call=call,
            title="Wykorzystaj swoją szansę",
            applicant="OPS Andrychów",
            requested_amount=Decimal("1031544.93"),
            rank_position=15,
            rank_of=56,
        ),
    )
    for status, on in (("submitted", datetime.date(2018, 1, 12)), ("evaluated", datetime.date(2018, 6, 8))):
        application = services.application_transition(actor=admin, application=application, to=status, on=on)
    return application


def test_the_calls_register_shows_the_ranking_position(cast, application, english):
    html = english(cast.audytor).get(reverse("projects:call_list")).content.decode()
    assert "RPMP.09.01.01-IP.02-12-TEST/17" in html
    assert "Małopolskie Centrum Przedsiębiorczości" in html
    assert "20,000,000.00 zł" in html and "15 Jan 2018" in html
    assert "15 of 56" in html
    assert "evaluated" in html
    assert "Change status" not in html  # the auditor only reads
    assert english(cast.specjalista).get(reverse("projects:call_list")).status_code == 403


def test_an_application_changes_status_through_the_form(cast, application, english):
    client = english(cast.koordynator)
    response = client.post(
        reverse("projects:application_transition", args=[application.pk]),
        {"to": "contract_signed", "on": "2018-07-02"},
    )
    assert response.status_code == 200  # evaluated cannot jump to a signed contract
    assert "Select a valid choice" in response.content.decode()
    response = client.post(
        reverse("projects:application_transition", args=[application.pk]),
        {"to": "selected", "on": "2018-06-01"},
    )
    assert "cannot be earlier than the previous status change" in response.content.decode()
    response = client.post(
        reverse("projects:application_transition", args=[application.pk]),
        {"to": "selected", "on": "2018-07-02"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.status_changed_on) == ("selected", datetime.date(2018, 7, 2))
    assert (
        english(cast.audytor)
        .post(
            reverse("projects:application_transition", args=[application.pk]),
            {"to": "contract_signed", "on": "2018-08-01"},
        )
        .status_code
        == 403
    )
