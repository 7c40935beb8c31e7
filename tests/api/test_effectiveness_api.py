"""The effectiveness API (/api/v1/projects/<pk>/effectiveness/ and its people, .../effectiveness/<key>/):
the ratios are the page's (one aggregate, szansa.domain.support.indicators.effectiveness
.effectiveness_figures) and equal the Python reference (`project_effectiveness`) on the hand-built cohort
of tests/factories/indicator_cohort.py, under both methods; a ratio's people are paged in the database
like the indicator drill-down (count, next, previous, results with counts, reason, evidence), only the
page returned access-logged; the severe-disability group's people are not listed to a role without health
data (its figures are); both answers cost the same queries for 3 and 30 participants."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from szansa.domain.projects.models import Call
from szansa.domain.support.indicators import effectiveness as indicator_effectiveness
from tests.factories.indicator_cohort import (
    Builder,
    at_risk,
    build_cohort,
    cohort_project,
    cohort_target_group,
    link_call,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(cast):
    return cohort_project(cast, participant_limit=None)


@pytest.fixture
def target_group(project, cast):
    return cohort_target_group(cast, project, planned_total=40)


@pytest.fixture
def cohort(cast, project, target_group):
    link_call(cast.admin, project)
    return build_cohort(cast, project, target_group)


@pytest.fixture
def two_a_page(monkeypatch):
    monkeypatch.setattr("rest_framework.pagination.PageNumberPagination.page_size", 2)


def api(user):
    client = APIClient()
    client.force_login(user)
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


def logged(user):
    entries = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor=user, additional_data__what="effectiveness"
    )
    return sorted(int(entry.object_pk) for entry in entries)


def _money(value):
    return None if value is None else f"{value:.2f}"


def _api_figures(body):
    return [
        (r["kind"], r["group"], r["numerator"], r["denominator"], r["percent"], r["threshold"], r["met"])
        for r in body
    ]


def _python_figures(result):
    return [
        (
            r.kind,
            r.group,
            len(r.numerator),
            len(r.denominator),
            _money(r.percent),
            _money(r.threshold),
            r.met,
        )
        for r in result.ratios
    ]


def _page_figures(client, project):
    page = client.get(reverse("support:effectiveness", args=[project.pk]))
    assert page.status_code == 200
    return [
        (r.kind, r.group, r.numerator, r.denominator, _money(r.percent), _money(r.threshold), r.met)
        for r in page.context["result"].ratios
    ]


def test_the_api_ratios_are_the_pages_and_the_python_ones(client, cast, project, cohort):
    body = api(cast.audytor).get(f"/api/v1/projects/{project.pk}/effectiveness/").json()
    # The worked figures of tests/support/test_effectiveness.py: ES 3/3 = 100 %, EZ 1/3 = 33.3 %;
    # severe ES 0/1 = 0 %, EZ 1/1 = 100 %.
    assert [(r["key"], r["numerator"], r["denominator"], r["percent"]) for r in body] == [
        ("social-at_risk", 3, 3, "100.00"),
        ("employment-at_risk", 1, 3, "33.30"),
        ("social-severe_disability", 0, 1, "0.00"),
        ("employment-severe_disability", 1, 1, "100.00"),
    ]
    assert {r["method"] for r in body} == {"separate"}
    assert not any(isinstance(r["numerator"], list) for r in body)  # counts, no ids
    client.force_login(cast.audytor)
    assert _api_figures(body) == _page_figures(client, project)
    assert _api_figures(body) == _python_figures(indicator_effectiveness.project_effectiveness(project))


def test_the_api_ratios_under_the_combined_method(client, cast, project, cohort):
    Call.objects.filter(number=f"CALL-{project.number}").update(announced_on=datetime.date(2016, 3, 1))
    body = api(cast.audytor).get(f"/api/v1/projects/{project.pk}/effectiveness/").json()
    # The combined at-risk ratio of tests/support/test_effectiveness_combined.py: 4/5 = 80 % against 56 %.
    assert body[0]["key"] == "combined-at_risk" and body[0]["method"] == "combined"
    assert (body[0]["numerator"], body[0]["denominator"], body[0]["percent"]) == (4, 5, "80.00")
    assert (body[0]["threshold"], body[0]["met"]) == ("56.00", True)
    assert len(body) == 6
    client.force_login(cast.audytor)
    assert _api_figures(body) == _page_figures(client, project)
    assert _api_figures(body) == _python_figures(indicator_effectiveness.project_effectiveness(project))


def test_a_ratios_people_are_paged_and_only_the_page_is_logged(cast, project, cohort, two_a_page):
    client = api(cast.audytor)
    url = f"/api/v1/projects/{project.pk}/effectiveness/employment-at_risk/"
    first = client.get(url)
    assert first.status_code == 200
    body = first.json()
    # EZ at-risk: P1 counts (½ FTE for 3 months), then P2 (2 months) and P3 (no employment) by name.
    assert (body["ratio"]["numerator"], body["ratio"]["denominator"]) == (1, 3)
    assert body["count"] == 3 and body["previous"] is None and body["next"].endswith("page=2")
    assert [(r["participant"], r["counts"]) for r in body["results"]] == [
        (cohort["P1"].pk, True),
        (cohort["P2"].pk, False),
    ]
    assert body["results"][0]["reason"].startswith("counts: ") and body["results"][0]["evidence"]
    assert "not at least ½ FTE for 3 months" in body["results"][1]["reason"]
    assert body["results"][1]["evidence"] == []
    assert logged(cast.audytor) == sorted([cohort["P1"].person_id, cohort["P2"].person_id])
    LogEntry.objects.filter(action=LogEntry.Action.ACCESS).delete()
    second = client.get(url, {"page": 2}).json()
    assert [r["participant"] for r in second["results"]] == [cohort["P3"].pk]
    assert second["next"] is None and second["ratio"]["numerator"] == 1
    assert logged(cast.audytor) == [cohort["P3"].person_id]
    assert client.get(f"/api/v1/projects/{project.pk}/effectiveness/no-such/").status_code == 404


def test_the_severe_group_shows_its_figures_but_not_its_people_without_health_data(cast, project, cohort):
    ratios = api(cast.referent).get(f"/api/v1/projects/{project.pk}/effectiveness/").json()
    severe = next(r for r in ratios if r["key"] == "employment-severe_disability")
    assert (severe["numerator"], severe["denominator"], severe["people_hidden"]) == (1, 1, True)
    assert not next(r for r in ratios if r["key"] == "employment-at_risk")["people_hidden"]
    url = f"/api/v1/projects/{project.pk}/effectiveness/employment-severe_disability/"
    body = api(cast.referent).get(url).json()
    assert body["ratio"]["numerator"] == 1
    assert (body["count"], body["results"], body["next"]) == (0, [], None)
    assert logged(cast.referent) == []
    # The auditor (health data) is shown P7, who counts.
    rows = api(cast.audytor).get(url).json()["results"]
    assert [(r["participant"], r["counts"]) for r in rows] == [(cohort["P7"].pk, True)]
    assert logged(cast.audytor) == [cohort["P7"].person_id]


def _cohort_of(cast, project, target_group, size, first=0):
    builder = Builder(cast, project, target_group)
    for i in range(first, first + size):
        participant = builder.exit(builder.enrol(f"N{i}"))
        at_risk(participant)
        builder.attend(participant, "social_competence_training")
        builder.attend(participant, "vocational_training")
        builder.employment(participant, 10, "1.0", 6)
        builder.outcome(participant, "social_progress", 30)


def test_both_answers_cost_the_same_queries_for_3_and_30_participants(cast, project, target_group):
    link_call(cast.admin, project)
    client = api(cast.audytor)
    ratios_url = f"/api/v1/projects/{project.pk}/effectiveness/"
    people_url = f"{ratios_url}employment-at_risk/"

    def count():
        with CaptureQueriesContext(connection) as ratios_queries:
            ratios = client.get(ratios_url)
        with CaptureQueriesContext(connection) as people_queries:
            people = client.get(people_url)
        assert ratios.status_code == people.status_code == 200
        return len(ratios_queries), len(people_queries), people.json()["ratio"]["denominator"]

    _cohort_of(cast, project, target_group, 3)
    client.get(ratios_url)  # the session and the caches of a first request
    client.get(people_url)
    three_ratios, three_people, denominator = count()
    assert denominator == 3
    _cohort_of(cast, project, target_group, 27, first=3)
    # 30 on one page of 50: every one explained and logged, in the same number of queries.
    assert count() == (three_ratios, three_people, 30)
