"""The project's expenditures: paged in the database (no cap of 50 any more), filtered and sorted by one
FilterSet (szansa/domain/projects/filters.py) that the budget page and /api/v1/expenditures/ both use."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories.projects import BudgetLineFactory, ExpenditureFactory, ProjectFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def line(cast):
    """A line of 40 h × 100 zł = 4 000 zł of a project nobody is assigned to (the manager sees every
    project)."""
    return BudgetLineFactory()


@pytest.fixture
def three(line, cast):
    """FV/A (2019-03-01, 300 zł, Alfa), FV/B (2019-03-05, 100 zł, Beta) and FV/C (2019-03-05, 200 zł,
    Alfa); B and C share a date, so a sort by date breaks the tie by id (B was booked first)."""
    return {
        number: ExpenditureFactory(
            line=line,
            document_number=number,
            date=date,
            amount=Decimal(amount),
            supplier=supplier,
            entered_by=cast.kierownik,
        )
        for number, date, amount, supplier in (
            ("FV/A", D(2019, 3, 1), "300.00", "Alfa sp. z o.o."),
            ("FV/B", D(2019, 3, 5), "100.00", "Beta S.A."),
            ("FV/C", D(2019, 3, 5), "200.00", "Alfa sp. z o.o."),
        )
    }


def _page_numbers(response):
    return [expenditure.document_number for expenditure in response.context["expenditures"]]


def test_the_budget_page_and_the_api_filter_and_sort_the_expenditures_alike(cast, line, three, client_for):
    client = client_for(cast.kierownik)
    project = line.task.project
    url = reverse("projects:budget", args=[project.pk])
    number_of = {expenditure.pk: number for number, expenditure in three.items()}
    for params, expected in (
        ({"q": "alfa"}, ["FV/A", "FV/C"]),
        ({"q": "FV/B"}, ["FV/B"]),
        ({"date_from": "2019-03-02"}, ["FV/B", "FV/C"]),
        ({"ordering": "amount"}, ["FV/B", "FV/C", "FV/A"]),
        ({"ordering": "-amount"}, ["FV/A", "FV/C", "FV/B"]),
        # equal dates keep the booking order (the id) either way
        ({"ordering": "date"}, ["FV/A", "FV/B", "FV/C"]),
        ({"ordering": "-date"}, ["FV/B", "FV/C", "FV/A"]),
    ):
        page = client.get(url, params)
        api = client.get("/api/v1/expenditures/", {**params, "project": project.pk}).json()["results"]
        api_numbers = [number_of[row["id"]] for row in api]
        if "ordering" in params:
            assert _page_numbers(page) == expected == api_numbers, params
        else:
            assert sorted(_page_numbers(page)) == expected == sorted(api_numbers), params


def test_every_expenditure_is_reachable_past_the_former_cap_of_50(cast, line, client_for):
    # 55 expenditures of 10 zł = 550 zł, within the line's 4 000 zł; 50 a page: page 2 holds the last 5.
    for n in range(55):
        ExpenditureFactory(
            line=line, document_number=f"R/{n:02d}", amount=Decimal("10.00"), entered_by=cast.kierownik
        )
    client = client_for(cast.kierownik)
    url = reverse("projects:budget", args=[line.task.project.pk])
    first = client.get(url, {"ordering": "document_number"})
    second = client.get(url, {"ordering": "document_number", "page": 2})
    assert first.context["expenditures"].paginator.count == 55
    assert _page_numbers(second) == [f"R/{n:02d}" for n in range(50, 55)]
    # the sort is kept in the pager's link
    assert "ordering=document_number&amp;page=2" in first.content.decode()
    api = client.get("/api/v1/expenditures/", {"project": line.task.project.pk, "page": 2}).json()
    assert api["count"] == 55 and len(api["results"]) == 5


def test_a_filter_without_a_match_says_so_and_no_expenditures_says_so(cast, line, three, client_for):
    client = client_for(cast.kierownik)
    url = reverse("projects:budget", args=[line.task.project.pk])
    assert "Żaden wydatek nie spełnia tych warunków." in client.get(url, {"q": "Gamma"}).content.decode()
    empty = BudgetLineFactory()
    page = client.get(reverse("projects:budget", args=[empty.task.project.pk])).content.decode()
    assert "Żaden wydatek nie spełnia" not in page


def test_a_specialist_not_on_the_project_sees_none_of_its_expenditures(cast, line, three, client_for):
    client = client_for(cast.specjalista)
    # the project is not one they may see: not a choice of the project filter, so it is refused
    # (projects.filters.ProjectChoiceFilter), and unfiltered the list holds none of its expenditures
    assert client.get("/api/v1/expenditures/", {"project": line.task.project.pk}).status_code == 400
    assert client.get("/api/v1/expenditures/").json()["count"] == 0
    assert client.get(reverse("projects:budget", args=[line.task.project.pk])).status_code == 404


# --- the project list ---------------------------------------------------------------------------------------


@pytest.fixture
def projects(db):
    """A (2019, finished, 150 000 zł), B (2019, finished, 130 000 zł, title "Beta"), C (running from 30 days
    ago for a year, 200 000 zł)."""
    today = datetime.date.today()
    return {
        "A": ProjectFactory(number="A-1", title="Alfa", total_value=Decimal("150000.00")),
        "B": ProjectFactory(number="B-1", title="Beta", total_value=Decimal("130000.00")),
        "C": ProjectFactory(
            number="C-1",
            title="Gamma",
            total_value=Decimal("200000.00"),
            start=today - datetime.timedelta(days=30),
            end=today + datetime.timedelta(days=335),
        ),
    }


def test_the_project_page_and_the_api_filter_and_sort_alike(cast, projects, client_for):
    client = client_for(cast.kierownik)
    name_of = {project.pk: name for name, project in projects.items()}
    for params, expected in (
        ({"q": "beta"}, ["B"]),
        ({"status": "finished"}, ["A", "B"]),
        ({"status": "running"}, ["C"]),
        ({"ordering": "total_value"}, ["B", "A", "C"]),
        ({"ordering": "-number"}, ["C", "B", "A"]),
    ):
        page = client.get(reverse("projects:project_list"), params)
        page_names = [name_of[row["project"].pk] for row in page.context["rows"]]
        api = [name_of[row["id"]] for row in client.get("/api/v1/projects/", params).json()["results"]]
        if "ordering" in params:
            assert page_names == expected == api, params
        else:
            assert sorted(page_names) == expected == sorted(api), params


def test_the_project_pages_keep_the_filter_in_the_pager_and_an_empty_match_says_so(
    cast, projects, client_for, monkeypatch
):
    monkeypatch.setattr("szansa.web.projects.views.PAGE_SIZE", 1)
    client = client_for(cast.kierownik)
    first = client.get(reverse("projects:project_list"), {"status": "finished", "ordering": "number"})
    second = client.get(
        reverse("projects:project_list"), {"status": "finished", "ordering": "number", "page": 2}
    )
    # finished A and B by number, one a page: [A] then [B]
    assert [row["project"].number for row in first.context["rows"]] == ["A-1"]
    assert [row["project"].number for row in second.context["rows"]] == ["B-1"]
    assert "status=finished&amp;ordering=number&amp;page=2" in first.content.decode()
    empty = client.get(reverse("projects:project_list"), {"q": "Omega"}).content.decode()
    assert "Żaden projekt nie spełnia tych warunków." in empty


def test_a_specialist_on_no_project_still_sees_none(cast, projects, client_for):
    client = client_for(cast.specjalista)
    assert (
        "Nie masz projektów do wyświetlenia." in client.get(reverse("projects:project_list")).content.decode()
    )
    assert client.get("/api/v1/projects/").json()["count"] == 0


def test_the_sorted_column_header_is_a_link_with_aria_sort_and_keeps_the_filters(cast, projects, client_for):
    client = client_for(cast.kierownik)
    page = client.get(reverse("projects:project_list"), {"status": "finished", "ordering": "total_value"})
    html = page.content.decode()
    # sorted ascending by total value: its header says so and its link reverses the order
    assert (
        '<th scope="col" aria-sort="ascending" class="num">'
        '<a href="?status=finished&amp;ordering=-total_value">' in html
    )
    # another column sorts by itself, the filter kept, no aria-sort
    assert '<th scope="col"><a href="?status=finished&amp;ordering=title">' in html
