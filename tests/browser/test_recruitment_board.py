"""Debian's chromium logs in as the project coordinator and opens the recruitment board of a small
project: the ranking list in its order and the limit gauge of the project and of the group show."""

import datetime

import pytest

from szansa.demo.people import ensure_demo_accounts
from szansa.domain.projects import enums as project_enums
from szansa.domain.projects import services as project_services
from szansa.domain.projects.models import ProjectStaff, TargetGroup
from szansa.domain.recruitment import services
from szansa.domain.recruitment.models import RecruitmentRound
from tests.factories.projects import make_project
from tests.factories.recruitment import (
    DECEMBER,
    ON,
    add_rule,
    add_scoring,
    document_kind,
    person_with_income,
    with_consent,
)


@pytest.fixture
def recruited_project():
    """Three eligible applicants for two places (one waits) and one not eligible; made before the
    browser starts. The demo accounts log in with szansa-demo."""
    users = ensure_demo_accounts()
    admin, coordinator = users["admin"], users["koordynator"]
    project = make_project(admin, number="RB-1", title="Projekt rekrutacyjny", participant_limit=4)
    project_services.project_record_save(
        actor=admin,
        record=ProjectStaff(
            project=project,
            user=coordinator,
            role=project_enums.StaffRole.COORDINATOR,
            valid_from=project.start,
        ),
    )
    group = project_services.project_record_save(
        actor=admin, record=TargetGroup(project=project, year=2019, name="Osoby zagrożone", planned_total=2)
    )
    round_ = RecruitmentRound.objects.create(
        target_group=group,
        name="Nabór I",
        opens_on=datetime.date(2019, 1, 15),
        closes_on=datetime.date(2019, 2, 15),
    )
    add_rule(group, resident_gmina={"gmina": "Andrychów"}, income={})
    add_scoring(group, "revitalisation_area", 3)
    applicants = [
        ("Anna", "Pierwsza", "300.00", True, datetime.date(2019, 1, 21)),
        ("Beata", "Druga", "400.00", False, datetime.date(2019, 1, 20)),
        ("Celina", "Trzecia", "350.00", False, datetime.date(2019, 1, 22)),
        ("Dorota", "Obca", "300.00", False, datetime.date(2019, 1, 20)),
    ]
    for first, last, income, revitalisation, submitted in applicants:
        person = with_consent(
            person_with_income(
                income,
                month=DECEMBER,
                first_name=first,
                last_name=last,
                revitalisation_area=revitalisation,
                gmina="Wadowice" if last == "Obca" else "Andrychów",
                responsible_worker=users["pracownik"],
            )
        )
        application = services.application_submit(
            actor=coordinator, person=person, round=round_, submitted_on=submitted, channel="in_person"
        )
        for code in ("residence_statement", "income_statement"):
            services.document_receive(
                actor=coordinator, application=application, kind=document_kind(code), received_on=submitted
            )
        services.application_verify(actor=coordinator, application=application, on=ON)
    services.round_rank(actor=coordinator, round=round_)
    services.round_enrol(actor=coordinator, round=round_, start_date=datetime.date(2019, 3, 1))
    return {"pk": project.pk, "group": group.pk}


def test_the_coordinator_sees_the_ranking_and_the_limit_gauge(
    live_server, recruited_project, browser_page, log_in
):
    page = browser_page
    log_in(page, live_server, "koordynator")

    page.goto(f"{live_server.url}/rekrutacja/")
    board = f"/rekrutacja/projekt/{recruited_project['pk']}/"
    page.click(f"a[href='{board}']")
    page.wait_for_url(f"{live_server.url}{board}")

    rows = page.locator("[data-testid=ranking] tbody tr")
    assert rows.count() == 3
    # Score first (+3 for the revitalisation area), then the earlier application.
    names = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(3)]
    assert names == ["Anna Pierwsza", "Beata Druga", "Celina Trzecia"]
    assert [rows.nth(i).locator("td").nth(2).inner_text() for i in range(3)] == ["3", "0", "0"]
    assert "Obca" not in page.locator("[data-testid=ranking]").inner_text()
    assert "Celina Trzecia" in page.locator("[data-testid=waiting-list]").inner_text()

    project_meter = page.locator("[data-testid=limit-gauge] meter")
    assert (project_meter.get_attribute("value"), project_meter.get_attribute("max")) == ("2", "4")
    assert "2" in page.locator("[data-testid=limit-gauge] label").inner_text()
    group_meter = page.locator("[data-testid=group-gauge] meter")
    assert (group_meter.get_attribute("value"), group_meter.get_attribute("max")) == ("2", "2")
