"""The API's indicator drill-down (/api/v1/projects/<pk>/indicators/<code>/) is paged like every API
list (DRF's PageNumberPagination: count, next, previous, results) and keeps the indicator's figures
(value, target, forecast) beside the page; the access log names exactly the people on the page returned.
The cohort is the hand-built one of tests/factories/indicator_cohort.py (project S-1, 2019)."""

import pytest
from auditlog.models import LogEntry
from rest_framework.test import APIClient

from szansa.domain.projects import enums as project_enums
from szansa.domain.projects import services as project_services
from szansa.domain.projects.models import TargetGroup
from tests.factories.indicator_cohort import add_targets, build_cohort, link_call
from tests.factories.projects import staffed_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(cast):
    staff = ((cast.koordynator, project_enums.StaffRole.COORDINATOR),)
    return staffed_project(cast.admin, staff, number="S-1", participant_limit=12)


@pytest.fixture
def cohort(cast, project):
    target_group = project_services.project_record_save(
        actor=cast.admin,
        record=TargetGroup(project=project, year=2019, name="Osoby zagrożone", planned_total=12),
    )
    link_call(cast.admin, project)
    add_targets(cast.admin, project)
    return build_cohort(cast, project, target_group)


@pytest.fixture
def three_a_page(monkeypatch):
    monkeypatch.setattr("rest_framework.pagination.PageNumberPagination.page_size", 3)


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def logged(user, code):
    entries = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor=user, additional_data__what=f"indicator {code}"
    )
    return sorted(int(entry.object_pk) for entry in entries)


def test_the_drilldown_is_paged_with_the_indicator_beside_it(cast, project, cohort, three_a_page):
    # PI9i-P-01 counts every main participant who started: U, P1-P7 = 8 (the cohort's docstring), and
    # the drill-down lists those 8 main participants, every one counted. By 3 a page: 3, 3 and 2 rows.
    client = api(cast.koordynator)
    url = f"/api/v1/projects/{project.pk}/indicators/PI9i-P-01/"
    first = client.get(url)
    assert first.status_code == 200
    body = first.json()
    assert body["indicator"]["code"] == "PI9i-P-01"
    assert body["indicator"]["value"] == "8.00"
    assert "forecast" in body["indicator"] and "target" in body["indicator"]
    total = body["count"]
    assert total == 8
    assert len(body["results"]) == 3 and body["previous"] is None
    assert body["next"].endswith("?page=2")
    assert all(row["counts"] for row in body["results"])
    person_of = {p.pk: p.person_id for p in cohort.values()}
    # the log names the three people of page 1, and no one else
    assert logged(cast.koordynator, "PI9i-P-01") == sorted(
        person_of[r["participant"]] for r in body["results"]
    )

    rows = list(body["results"])
    sizes = [len(rows)]
    page = 2
    while body["next"]:
        body = client.get(url, {"page": page}).json()
        assert body["indicator"]["value"] == "8.00"
        rows += body["results"]
        sizes.append(len(body["results"]))
        page += 1
    # every row once over the pages, the counted first
    assert sizes == [3, 3, 2]
    assert len(rows) == total == len({row["participant"] for row in rows})
    flags = [row["counts"] for row in rows]
    assert flags == sorted(flags, reverse=True) and flags.count(True) == 8
    assert logged(cast.koordynator, "PI9i-P-01") == sorted(person_of[r["participant"]] for r in rows)
    assert client.get(url, {"page": page}).status_code == 404  # past the last page


def test_a_role_without_health_data_gets_the_figure_and_no_people(cast, project, cohort):
    # PI9i-P-02 (participants with a disability) counts P5, P6, P7 = 3; the administrative clerk may not
    # know who has a disability: the figure stays, the list is empty and nobody is logged.
    answer = api(cast.referent).get(f"/api/v1/projects/{project.pk}/indicators/PI9i-P-02/")
    assert answer.status_code == 200
    body = answer.json()
    assert body["indicator"]["value"] == "3.00"
    assert (body["count"], body["results"], body["next"]) == (0, [], None)
    assert logged(cast.referent, "PI9i-P-02") == []
    # the auditor may: the 8 main participants are listed, P5, P6 and P7 (3) counting, first
    rows = api(cast.audytor).get(f"/api/v1/projects/{project.pk}/indicators/PI9i-P-02/").json()["results"]
    assert len(rows) == 8 and [row["counts"] for row in rows] == [True] * 3 + [False] * 5
