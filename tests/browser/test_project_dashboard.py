"""Debian's chromium logs in as the project coordinator, opens the project list and the Andrychów
project dashboard with its funding figures and the server-drawn budget chart."""

import pytest

from szansa.demo.projects import seed_projects


@pytest.fixture
def andrychow():
    """The seed projects and the demo accounts (password szansa-demo), made before the browser starts."""
    projects = seed_projects()
    project = next(project for project in projects if project.title == "Wykorzystaj swoją szansę")
    # Read here, not in the test: a query made while Playwright runs opens a connection that
    # pytest-django does not close, and it blocks dropping the test database at the end.
    project.task_count = project.tasks.count()
    return project


def test_the_coordinator_opens_the_andrychow_project_dashboard(live_server, andrychow, browser_page, log_in):
    page = browser_page

    log_in(page, live_server, "koordynator")

    page.goto(f"{live_server.url}/projekty/")
    page.locator("#projects a", has_text="Wykorzystaj swoją szansę").click()

    page.wait_for_url(f"{live_server.url}/projekty/{andrychow.pk}/")
    assert page.locator("h1").inner_text() == "Wykorzystaj swoją szansę"
    funding = page.locator("#funding").inner_text()
    assert "1 216 630,61" in funding
    assert "1 031 544,93" in funding
    assert "84,79 %" in funding
    chart = page.locator("svg.budget-chart")
    assert chart.count() == 1
    assert chart.locator("g.task-bar").count() == andrychow.task_count
    assert chart.bounding_box()["width"] > 100  # the chart is drawn, not just present
