"""The EU projects API: calls, projects with their budget summary and indicators, expenditures.
Scoping per role, writes through the services, the round trip from an expenditure to the budget
summary, the overrun refusal, the Andrychów figures and a constant number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from szansa.demo.projects import seed_projects
from szansa.domain.accounts.enums import Role
from szansa.domain.projects import enums, services
from szansa.domain.projects.models import (
    BudgetLine,
    BudgetTask,
    Call,
    Expenditure,
    Measure,
    Project,
    ProjectStaff,
)
from szansa.domain.projects.selectors import line_available
from tests.factories import UserFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ANDRYCHOW = "Wykorzystaj swoją szansę"
ROLES = ["admin", "kierownik", "koordynator", "pracownik", "pracownik2", "specjalista", "referent", "audytor"]


@pytest.fixture
def api_for():
    def make(user):
        client = APIClient()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def seeded(cast):
    """The cast plus the demo projects (their staff are the cast's demo accounts)."""
    return seed_projects(rng_seed=1)


def project_url(project):
    return f"/api/v1/projects/{project.pk}/"


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def assigned_to(user):
    return set(ProjectStaff.objects.filter(user=user).values_list("project_id", flat=True))


def spendable_line(project, at_least=Decimal("100.00")):
    for line in BudgetLine.objects.filter(task__project=project).order_by("pk"):
        if line_available(line) >= at_least:
            return line
    raise AssertionError("the demo project has no line with money left")


def budget_of(client, project):
    response = client.get(project_url(project))
    assert response.status_code == 200
    return response.json()["budget"]


def line_row(budget, line):
    return next(row for task in budget["tasks"] for row in task["lines"] if row["id"] == line.pk)


def task_row(budget, line):
    return next(task for task in budget["tasks"] if task["id"] == line.task_id)


def expenditure_payload(line, amount, **overrides):
    data = {
        "line": line.pk,
        "date": "2021-03-15",
        "document_number": "FV/2021/03/117",
        "supplier": "Usługi Szkoleniowe Sp. z o.o.",
        "amount": str(amount),
        "description": "Szkolenie",
    }
    data.update(overrides)
    return data


# --- scoping and permissions per role ----------------------------------------------------------------------


@pytest.mark.parametrize("username", ROLES)
def test_each_role_lists_exactly_the_projects_in_its_scope(cast, seeded, api_for, username):
    user = getattr(cast, username)

    response = api_for(user).get("/api/v1/projects/")

    assert response.status_code == 200
    every = {project.pk for project in seeded}
    if username == "specjalista":
        assert ids(response) == assigned_to(user)
        assert ids(response) < every
    else:
        assert ids(response) == every


def test_a_specialist_opens_an_assigned_project_and_gets_404_for_another(cast, seeded, api_for):
    client = api_for(cast.specjalista)
    mine = assigned_to(cast.specjalista)
    own = next(p for p in seeded if p.pk in mine)
    other = next(p for p in seeded if p.pk not in mine)

    assert client.get(project_url(own)).json()["number"] == own.number
    response = client.get(project_url(other))
    assert response.status_code == 404
    assert other.number not in response.content.decode()


def test_a_specialist_lists_only_expenditures_of_assigned_projects(cast, seeded, api_for):
    response = api_for(cast.specjalista).get("/api/v1/expenditures/")

    assert response.status_code == 200
    expected = Expenditure.objects.filter(line__task__project__in=assigned_to(cast.specjalista)).count()
    assert expected > 0
    assert response.json()["count"] == expected
    assert {row["project"] for row in response.json()["results"]} <= assigned_to(cast.specjalista)


def test_an_expenditure_of_a_project_out_of_scope_answers_404(cast, seeded, api_for):
    hidden = Expenditure.objects.exclude(line__task__project__in=assigned_to(cast.specjalista)).first()

    assert api_for(cast.specjalista).get(f"/api/v1/expenditures/{hidden.pk}/").status_code == 404
    assert api_for(cast.audytor).get(f"/api/v1/expenditures/{hidden.pk}/").status_code == 200


def test_the_auditor_reads_everything_but_every_post_is_403(cast, seeded, api_for):
    client = api_for(cast.audytor)
    andrychow = Project.objects.get(title=ANDRYCHOW)
    line = spendable_line(andrychow)
    before = Expenditure.objects.count()

    assert client.get("/api/v1/calls/").status_code == 200
    assert client.get(project_url(andrychow)).status_code == 200
    assert client.post("/api/v1/expenditures/", expenditure_payload(line, "10.00")).status_code == 403
    assert client.post("/api/v1/projects/", {"number": "X", "title": "X"}).status_code == 403
    assert client.post("/api/v1/calls/", {"number": "X"}).status_code == 403
    assert client.patch(project_url(andrychow), {"title": "Inny"}).status_code == 403
    assert Expenditure.objects.count() == before
    andrychow.refresh_from_db()
    assert andrychow.title == ANDRYCHOW


def test_a_specialist_may_not_read_the_call_register(cast, seeded, api_for):
    call = Call.objects.first()

    assert api_for(cast.specjalista).get("/api/v1/calls/").status_code == 403
    assert api_for(cast.specjalista).get(f"/api/v1/calls/{call.pk}/").status_code == 403


def test_booked_expenditures_and_projects_cannot_be_changed_or_deleted(cast, seeded, api_for):
    client = api_for(cast.admin)
    expenditure = Expenditure.objects.first()
    url = f"/api/v1/expenditures/{expenditure.pk}/"

    assert client.put(url, {"amount": "1.00"}).status_code == 405
    assert client.patch(url, {"amount": "1.00"}).status_code == 405
    assert client.delete(url).status_code == 405
    assert client.delete(project_url(seeded[0])).status_code == 405
    assert Expenditure.objects.filter(pk=expenditure.pk, amount=expenditure.amount).exists()


# --- calls -------------------------------------------------------------------------------------------------


def test_the_andrychow_call_shows_body_programme_measure_and_the_ranking_in_english(cast, seeded, api_for):
    call = Project.objects.get(title=ANDRYCHOW).application.call

    body = api_for(cast.pracownik).get(f"/api/v1/calls/{call.pk}/", **EN).json()

    assert body["body_name"] == "Małopolskie Centrum Przedsiębiorczości"
    assert body["programme"] == "RPO WM 2014-2020"
    assert body["measure_code"] == "9.1.1"
    assert body["announced_on"].startswith("2017-11")
    assert body["applications_count"] == 56
    [application] = body["applications"]
    assert application["ranking"] == "15 of 56"
    assert application["status"] == "contract_signed"
    assert application["title"] == ANDRYCHOW


def test_a_coordinator_registers_a_call_and_a_bad_deadline_answers_400(cast, seeded, api_for):
    client = api_for(cast.koordynator)
    andrychow_call = Project.objects.get(title=ANDRYCHOW).application.call
    data = {
        "number": "RPMP.09.02.01-IP.01-12-099/25",
        "body": andrychow_call.body_id,
        "measure": andrychow_call.measure_id,
        "announced_on": "2025-03-01",
        "deadline": "2025-04-30",
        "funds_available": "2500000.00",
    }

    created = client.post("/api/v1/calls/", data, **EN)
    refused = client.post(
        "/api/v1/calls/", {**data, "number": "OTHER", "deadline": "2025-01-01"}, format="json", **EN
    )

    assert created.status_code == 201, created.json()
    assert created.json()["measure_code"] == "9.1.1"
    assert Call.objects.filter(number=data["number"], funds_available=Decimal("2500000.00")).exists()
    assert refused.status_code == 400
    assert "The deadline cannot be earlier than the announcement." in str(refused.json())
    assert not Call.objects.filter(number="OTHER").exists()


# --- projects ----------------------------------------------------------------------------------------------


def test_the_andrychow_detail_shows_the_reported_funding_and_derived_rates(cast, seeded, api_for):
    project = Project.objects.get(title=ANDRYCHOW)

    body = api_for(cast.kierownik).get(project_url(project), **EN).json()

    assert body["total_value"] == "1216630.61"
    assert body["cofinancing"] == "1031544.93"
    assert body["cofinancing_rate"] == "84.79"
    assert body["own_contribution"] == "185085.68"
    assert body["own_contribution_rate"] == "15.21"
    assert body["programme"] == "RPO WM 2014-2020"
    assert [group["year"] for group in body["target_groups"]] == [2019, 2020, 2021]
    assert body["participants"] == 0
    indicators = {row["code"]: row for row in body["indicators"]}
    assert indicators["PI9i-P-01"]["target"] == "60.00"
    assert all(row["achieved"] == "0.00" for row in body["indicators"])
    assert indicators["PI9i-P-01"]["name"].startswith("Number of persons")


def test_the_budget_summary_adds_up_over_tasks_and_lines(cast, seeded, api_for):
    project = Project.objects.get(title=ANDRYCHOW)

    budget = api_for(cast.kierownik).get(project_url(project)).json()["budget"]

    total = budget["project"]
    assert Decimal(total["planned"]) == project.eligible_costs
    assert sum(Decimal(task["spent"]) for task in budget["tasks"]) == Decimal(total["spent"])
    assert Decimal(total["remaining"]) == Decimal(total["plan"]) - Decimal(total["spent"])
    for task in budget["tasks"]:
        assert sum(Decimal(line["planned"]) for line in task["lines"]) == Decimal(task["planned"])
    shifted = [line for task in budget["tasks"] for line in task["lines"] if line["shifts_in"] != "0.00"]
    assert shifted, "the Andrychów demo has a justified shift"


def test_the_project_list_filters_by_programme_and_status(cast, seeded, api_for):
    client = api_for(cast.admin)

    power = client.get("/api/v1/projects/", {"programme": "PO WER 2014-2020"}).json()["results"]
    by_status = {
        status: client.get("/api/v1/projects/", {"status": status}).json()["results"]
        for status in ("planned", "running", "finished")
    }

    assert [row["title"] for row in power] == ["Nowa jakość - nowe możliwości"]
    for status, rows in by_status.items():
        assert {row["status"] for row in rows} <= {status}
    assert sum(len(rows) for rows in by_status.values()) == len(seeded)
    assert ANDRYCHOW in {row["title"] for row in by_status["finished"]}
    assert client.get("/api/v1/projects/", {"status": "someday"}).status_code == 400


def project_payload(measure, **overrides):
    data = {
        "number": "RPMP.09.01.01-12-0300/19",
        "title": "Aktywni razem",
        "beneficiary": "Ośrodek Pomocy Społecznej w Andrychowie",
        "measure": measure.pk,
        "start": "2020-01-01",
        "end": "2020-12-31",
        "total_value": "200000.00",
        "eligible_costs": "200000.00",
        "cofinancing": "170000.00",
        "own_contribution": "30000.00",
    }
    data.update(overrides)
    return data


def test_the_manager_creates_a_project_through_the_service_and_reads_its_rates(cast, api_for):
    measure = Measure.objects.get(programme__code="RPO WM 2014-2020", code="9.1.1")

    response = api_for(cast.kierownik).post("/api/v1/projects/", project_payload(measure), **EN)

    assert response.status_code == 201, response.json()
    assert response.json()["cofinancing_rate"] == "85.00"
    assert response.json()["own_contribution_rate"] == "15.00"
    assert response.json()["budget"]["project"]["planned"] == "0.00"
    assert Project.objects.filter(number="RPMP.09.01.01-12-0300/19").exists()


def test_a_project_breaking_the_funding_rules_answers_400_with_messages(cast, api_for):
    measure = Measure.objects.get(programme__code="RPO WM 2014-2020", code="9.1.1")
    client = api_for(cast.kierownik)

    too_much = client.post(
        "/api/v1/projects/",
        project_payload(measure, total_value="150000.00"),
        **EN,
    )
    outside = client.post(
        "/api/v1/projects/", project_payload(measure, start="2013-01-01", end="2013-12-31"), **EN
    )

    assert too_much.status_code == 400
    assert "The eligible costs cannot exceed the total value of the project." in str(too_much.json())
    assert outside.status_code == 400
    assert "within the eligibility period of RPO WM 2014-2020" in outside.json()["start"][0]
    assert not Project.objects.exists()


def test_a_coordinator_edits_their_own_project_but_may_not_create_one(cast, seeded, api_for):
    client = api_for(cast.koordynator)
    measure = Measure.objects.get(programme__code="RPO WM 2014-2020", code="9.1.1")
    own = Project.objects.get(title=ANDRYCHOW)

    edited = client.patch(project_url(own), {"goal": "Nowy cel"}, format="json")
    created = client.post("/api/v1/projects/", project_payload(measure))

    assert edited.status_code == 200, edited.json()
    own.refresh_from_db()
    assert own.goal == "Nowy cel"
    assert created.status_code == 403


def make_small_project(admin, number):
    project = services.project_save(
        actor=admin,
        project=Project(
            number=number,
            title=f"Projekt {number}",
            beneficiary="OPS Testowo",
            measure=Measure.objects.get(programme__code="RPO WM 2014-2020", code="9.1.1"),
            start=datetime.date(2019, 1, 1),
            end=datetime.date(2019, 12, 31),
            total_value=Decimal("1000.00"),
            eligible_costs=Decimal("1000.00"),
            cofinancing=Decimal("850.00"),
            own_contribution=Decimal("150.00"),
        ),
    )
    task = services.project_record_save(
        actor=admin, record=BudgetTask(project=project, number=1, name="Zadanie")
    )
    line = services.budget_line_save(
        actor=admin,
        line=BudgetLine(
            task=task,
            category=enums.CostCategory.SERVICES,
            name="Usługa",
            quantity=Decimal("1"),
            unit_price=Decimal("1000.00"),
        ),
    )
    services.expenditure_record(
        actor=admin,
        line=line,
        date=datetime.date(2019, 6, 1),
        document_number=f"FV/{number}",
        supplier="Dostawca",
        amount=Decimal("100.00"),
    )
    return project


def test_the_project_list_costs_the_same_queries_however_many_projects(db, api_for):
    admin = UserFactory(username="q-admin", role=Role.ADMINISTRATOR)
    client = api_for(admin)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/projects/")
        assert response.status_code == 200
        return len(queries), response.json()

    for number in range(2):
        make_small_project(admin, f"Q-{number}")
    few, body = count()
    for number in range(2, 8):
        make_small_project(admin, f"Q-{number}")
    many, body = count()

    assert body["count"] == 8
    assert {row["execution"]["spent"] for row in body["results"]} == {"100.00"}
    assert many == few


# --- expenditures: the round trip and the overrun ----------------------------------------------------------


def test_an_expenditure_posted_by_the_clerk_shows_in_the_budget_summary_by_exactly_its_amount(
    cast, seeded, api_for
):
    project = Project.objects.get(title=ANDRYCHOW)
    line = spendable_line(project)
    client = api_for(cast.referent)
    before = budget_of(client, project)
    amount = Decimal("1234.56")

    created = client.post("/api/v1/expenditures/", expenditure_payload(line, amount), **EN)

    assert created.status_code == 201, created.json()
    expenditure = created.json()
    assert expenditure["project"] == project.pk
    assert expenditure["entered_by"] == cast.referent.pk
    read_back = client.get(f"/api/v1/expenditures/{expenditure['id']}/").json()
    assert read_back["amount"] == "1234.56"
    assert read_back["document_number"] == "FV/2021/03/117"
    after = budget_of(client, project)
    for pick in (lambda b: b["project"], lambda b: task_row(b, line), lambda b: line_row(b, line)):
        assert Decimal(pick(after)["spent"]) - Decimal(pick(before)["spent"]) == amount
        assert Decimal(pick(before)["remaining"]) - Decimal(pick(after)["remaining"]) == amount
        assert pick(after)["planned"] == pick(before)["planned"]
    listed = client.get("/api/v1/expenditures/", {"line": line.pk}).json()["results"]
    assert expenditure["id"] in {row["id"] for row in listed}
    assert {row["line"] for row in listed} == {line.pk}


def test_an_expenditure_that_would_overrun_its_line_answers_400_and_nothing_is_saved(cast, seeded, api_for):
    line = spendable_line(Project.objects.get(title=ANDRYCHOW))
    available = line_available(line)
    before = Expenditure.objects.count()

    response = api_for(cast.referent).post(
        "/api/v1/expenditures/", expenditure_payload(line, available + Decimal("0.01")), **EN
    )

    assert response.status_code == 400
    [message] = response.json()["amount"]
    assert "would overrun the line" in message
    assert "the overrun would be 0.01 zł" in message
    assert Expenditure.objects.count() == before
    assert line_available(line) == available


def test_a_coordinator_books_on_the_project_they_coordinate_but_not_on_another(cast, seeded, api_for):
    own = Project.objects.get(title=ANDRYCHOW)
    other = Project.objects.exclude(pk=own.pk).first()
    coordinator = UserFactory(username="nowy-koordynator", role=Role.PROJECT_COORDINATOR)
    services.project_record_save(
        actor=cast.admin,
        record=ProjectStaff(
            project=own, user=coordinator, role=enums.StaffRole.COORDINATOR, valid_from=own.start
        ),
    )
    client = api_for(coordinator)

    booked = client.post("/api/v1/expenditures/", expenditure_payload(spendable_line(own), "50.00"))
    refused = client.post("/api/v1/expenditures/", expenditure_payload(spendable_line(other), "50.00"))

    assert booked.status_code == 201, booked.json()
    assert Expenditure.objects.get(pk=booked.json()["id"]).entered_by == coordinator
    assert refused.status_code == 403
    assert not Expenditure.objects.filter(line__task__project=other, entered_by=coordinator).exists()


def test_a_line_of_a_project_out_of_scope_reads_as_unknown(cast, seeded, api_for):
    hidden = Project.objects.exclude(pk__in=assigned_to(cast.specjalista)).first()

    response = api_for(cast.specjalista).post(
        "/api/v1/expenditures/", expenditure_payload(spendable_line(hidden), "10.00"), **EN
    )

    assert response.status_code == 400
    assert "line" in response.json()
