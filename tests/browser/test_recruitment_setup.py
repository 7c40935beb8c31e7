"""Debian's chromium: a coordinator runs a recruitment from an empty project to a ranked, enrolled group
with the pages only. From the project page to the set-up page; an eligibility rule (resident of Andrychów,
income within the criterion), a scoring criterion (+3 for a revitalisation area) and a round of two places;
three applications registered on the board with their documents, verified, ranked and enrolled; the board
shows the ranking, two participants and one on the waiting list.

Worked out: Anna (revitalisation area, +3) ranks first; Beata and Celina score 0 and are ordered by the
earlier application (Beata 20.01, Celina 22.01). The round has 2 places, so Anna and Beata are enrolled
and Celina waits, although the group plans 5 and the project allows 10."""

import pytest

from szansa.demo.people import ensure_demo_accounts
from szansa.domain.projects import enums as project_enums
from szansa.domain.projects import services as project_services
from szansa.domain.projects.models import ProjectStaff, TargetGroup
from tests.factories.recruitment import DECEMBER, criterion, document_kind, person_with_income, with_consent

APPLICANTS = [
    ("Anna", "Pierwsza", True, "2019-01-21"),
    ("Beata", "Druga", False, "2019-01-20"),
    ("Celina", "Trzecia", False, "2019-01-22"),
]


@pytest.fixture
def empty_project():
    """A project with its coordinator and one target group, no rules, no rounds; three people in the
    registry who will apply (made before the browser starts)."""
    users = ensure_demo_accounts()
    admin, coordinator = users["admin"], users["koordynator"]
    from tests.factories.projects import make_project

    project = make_project(admin, number="RS-1", title="Projekt od zera", participant_limit=10)
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
        actor=admin, record=TargetGroup(project=project, year=2019, name="Osoby zagrożone", planned_total=5)
    )
    people = []
    for first, last, revitalisation, submitted in APPLICANTS:
        person = with_consent(
            person_with_income(
                "300.00",
                month=DECEMBER,
                first_name=first,
                last_name=last,
                gmina="Andrychów",
                revitalisation_area=revitalisation,
                responsible_worker=users["pracownik"],
            )
        )
        people.append({"pesel": person.pesel, "submitted": submitted, "name": f"{first} {last}"})
    return {
        "pk": project.pk,
        "group": group.pk,
        "people": people,
        "resident": criterion("resident_gmina").pk,
        "income": criterion("income").pk,
        "revitalisation": criterion("revitalisation_area").pk,
        "documents": [document_kind("residence_statement").pk, document_kind("income_statement").pk],
    }


def test_a_coordinator_sets_up_and_runs_a_recruitment(live_server, empty_project, browser_page, log_in):
    page = browser_page
    url = live_server.url
    pk, group = empty_project["pk"], empty_project["group"]
    log_in(page, live_server, "koordynator")

    # The project page links to the set-up.
    page.goto(f"{url}/projekty/{pk}/")
    page.click(f"#participants a[href='/rekrutacja/projekt/{pk}/ustawienia/']")
    page.wait_for_url(f"{url}/rekrutacja/projekt/{pk}/ustawienia/")
    assert "Brak reguł kwalifikowalności" in page.inner_text("main")

    # An eligibility rule with two criteria; first with a mistake in the parameters, explained in Polish.
    page.click(f"a[href='/rekrutacja/projekt/{pk}/grupy/{group}/reguly/nowa/']")
    page.select_option("select[name=mode]", "all_of")
    page.select_option("select[name='criteria-0-criterion']", str(empty_project["resident"]))
    page.fill("input[name='criteria-0-parameters']", '{"gmnia": "Andrychów"}')
    page.select_option("select[name='criteria-1-criterion']", str(empty_project["income"]))
    page.click("main button[type=submit]")
    assert "Nieznane parametry: gmnia" in page.inner_text("main")
    page.fill("input[name='criteria-0-parameters']", '{"gmina": "Andrychów"}')
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/rekrutacja/projekt/{pk}/ustawienia/#group-{group}")
    assert "Andrychów" in page.inner_text("[data-testid=rules]")

    # A scoring criterion.
    page.click(f"a[href='/rekrutacja/projekt/{pk}/grupy/{group}/punktacja/nowe/']")
    page.select_option("select[name=criterion]", str(empty_project["revitalisation"]))
    page.fill("input[name=points]", "3")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/rekrutacja/projekt/{pk}/ustawienia/#group-{group}")
    assert "3" in page.inner_text("[data-testid=scoring] tfoot")

    # A round: first after the project's end (refused with the project's period), then within it.
    page.click(f"a[href='/rekrutacja/projekt/{pk}/grupy/{group}/nabory/nowy/']")
    page.fill("input[name=name]", "Nabór zimowy")
    page.fill("input[name=opens_on]", "2019-01-15")
    page.fill("input[name=closes_on]", "2020-02-15")
    page.fill("input[name=places]", "2")
    page.click("main button[type=submit]")
    assert (
        "Nabór musi mieścić się w okresie realizacji projektu (01.01.2019 – 31.12.2019)."
        in page.inner_text("main")
    )
    assert page.input_value("input[name=name]") == "Nabór zimowy"
    page.fill("input[name=closes_on]", "2019-02-15")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/rekrutacja/projekt/{pk}/#round-*")
    board = f"{url}/rekrutacja/projekt/{pk}/"
    assert "Nabór zimowy" in page.inner_text("main")

    # Three applications with their documents, registered from the round.
    for person in empty_project["people"]:
        page.goto(board)
        page.click("article.card a[href*='/zgloszenia/nowe/?round=']")
        page.fill("input[name=person__search]", person["pesel"])
        page.fill("input[name=submitted_on]", person["submitted"])
        for document in empty_project["documents"]:
            page.check(f"input[name=documents][value='{document}']")
        page.click("main form button[type=submit]")
        page.wait_for_url(f"{board}**")
        assert "Błąd" not in page.inner_text("main")

    # Verify each on 01.02.2019.
    for _ in empty_project["people"]:
        page.goto(board)
        page.click("a[href*='/weryfikacja/']")
        page.fill("input[name=on]", "2019-02-01")
        page.click("main form button[type=submit]")
        page.wait_for_url(f"{board}**")

    # Rank, then enrol from 01.03.2019.
    page.goto(board)
    page.click("form[action*='/ranking/'] button[type=submit]")
    page.wait_for_url(f"{board}**")
    page.click("a[href*='/kwalifikacja/']")
    page.fill("input[name=on]", "2019-03-01")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{board}**")

    rows = page.locator("[data-testid=ranking] tbody tr")
    assert rows.count() == 3
    names = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(3)]
    assert names == ["Anna Pierwsza", "Beata Druga", "Celina Trzecia"]
    assert "Celina Trzecia" in page.locator("[data-testid=waiting-list]").inner_text()
    group_meter = page.locator("[data-testid=group-gauge] meter")
    assert (group_meter.get_attribute("value"), group_meter.get_attribute("max")) == ("2", "5")
