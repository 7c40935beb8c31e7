"""The effectiveness page counted in the database: the ratios of one aggregate equal the Python ones
(szansa.domain.support.indicators.effectiveness.compute_effectiveness) on the hand-built cohort of
tests/factories/indicator_cohort.py, under both methods; the people of one ratio are paged in the database,
explained and access-logged only for the page shown; a ratio of the severe-disability group lists nobody
to a role without health data; the page costs the same queries for 3 and 30 participants."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from szansa.domain.people.models import Person
from szansa.domain.projects.models import Call
from szansa.domain.support.indicators import effectiveness as indicator_effectiveness
from szansa.web.support.views import indicators as indicator_views
from tests.factories.indicator_cohort import (
    Builder,
    at_risk,
    build_cohort,
    cohort_project,
    cohort_target_group,
    link_call,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def project(cast):
    """S-1 without a participant limit (30 participants for the query count)."""
    return cohort_project(cast, participant_limit=None)


@pytest.fixture
def target_group(project, cast):
    return cohort_target_group(cast, project, planned_total=40)


@pytest.fixture
def cohort(cast, project, target_group):
    link_call(cast.admin, project)
    return build_cohort(cast, project, target_group)


def english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _as_counts(result):
    return [
        (r.kind, r.group, len(r.numerator), len(r.denominator), r.threshold, r.met) for r in result.ratios
    ]


def _figures(result):
    return [(r.kind, r.group, r.numerator, r.denominator, r.threshold, r.met) for r in result.ratios]


def test_the_database_figures_equal_the_python_ratios(project, cohort):
    python = indicator_effectiveness.project_effectiveness(project)
    database = indicator_effectiveness.effectiveness_figures(project)
    assert _figures(database) == _as_counts(python)
    # The worked figures of tests/support/test_effectiveness.py: ES 3/3, EZ 1/3; severe ES 0/1, EZ 1/1.
    assert [(r.numerator, r.denominator) for r in database.ratios] == [(3, 3), (1, 3), (0, 1), (1, 1)]
    assert [r.percent for r in database.ratios] == [D("100.0"), D("33.3"), D("0.0"), D("100.0")]


def test_the_database_figures_equal_the_python_ratios_under_the_combined_method(project, cohort):
    Call.objects.filter(number=f"CALL-{project.number}").update(announced_on=datetime.date(2016, 3, 1))
    python = indicator_effectiveness.project_effectiveness(project)
    database = indicator_effectiveness.effectiveness_figures(project)
    assert database.method == indicator_effectiveness.COMBINED
    assert _figures(database) == _as_counts(python)
    # The combined at-risk ratio of tests/support/test_effectiveness_combined.py: 4/5 = 80 % against 56 %.
    assert (database.ratios[0].numerator, database.ratios[0].denominator) == (4, 5)
    assert database.ratios[0].threshold == D("56.00")


def test_the_ratio_lists_its_people_counted_first_with_why(project, cohort):
    people = indicator_effectiveness.ratio_participants(project, "employment", "at_risk")
    with translation.override("en"):
        explained = indicator_effectiveness.explain_page("employment", people)
    # P1 counts (½ FTE for 3 months); P2 (2 months) and P3 (no employment) do not, by name.
    assert [(e.participant.person.last_name, e.counted) for e in explained] == [
        ("P1", True),
        ("P2", False),
        ("P3", False),
    ]
    assert explained[0].reason.startswith("counts: ")
    assert "not at least ½ FTE for 3 months" in explained[1].reason


def test_the_page_lists_one_ratio_with_why_and_keeps_the_explanations(client, cast, project, cohort):
    url = reverse("support:effectiveness", args=[project.pk])
    html = english(client, cast.audytor).get(url).content.decode()
    row = html[html.index('id="ratio-social-severe_disability"') :]
    assert "0.0 %" in row[: row.index("</tr>")] and "not met" in row[: row.index("</tr>")]
    # The first ratio's people by default: P3 counts by starting education.
    assert 'id="list-social-at_risk"' in html and "counts: starting education" in html
    assert "Calls announced before 1 Oct 2016" in html
    assert "list=employment-at_risk#people-h" in html  # each ratio's denominator links to its people
    severe = english(client, cast.audytor).get(url, {"list": "social-severe_disability"}).content.decode()
    assert "<td>P7 " in severe
    assert "does not count: no form of social progress within 90 days after the end" in severe


def test_the_people_of_a_ratio_are_paged_and_only_the_page_is_logged(
    client, cast, project, cohort, monkeypatch
):
    monkeypatch.setattr(indicator_views, "DRILLDOWN_PAGE_SIZE", 2)
    url = reverse("support:effectiveness", args=[project.pk])
    client = english(client, cast.audytor)
    # EZ at-risk: P1 (counted), then P2, P3 by name; two a page.
    first = client.get(url, {"list": "employment-at_risk"})
    assert [r["participant"].person.last_name for r in first.context["rows"]] == ["P1", "P2"]
    assert first.context["rows"].paginator.count == 3
    html = first.content.decode()
    assert "list=employment-at_risk&amp;page=2#people-h" in html  # the ratio kept in the paging link
    LogEntry.objects.filter(action=LogEntry.Action.ACCESS).delete()
    second = client.get(url, {"list": "employment-at_risk", "page": 2})
    assert [r["participant"].person.last_name for r in second.context["rows"]] == ["P3"]
    logged = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=cast.audytor)
    assert {int(pk) for pk in logged.values_list("object_pk", flat=True)} == {cohort["P3"].person_id}
    assert {e.additional_data["what"] for e in logged} == {"effectiveness"}


def test_a_role_without_health_data_sees_the_severe_figures_but_not_its_people(client, cast, project, cohort):
    url = reverse("support:effectiveness", args=[project.pk])
    response = english(client, cast.referent).get(url, {"list": "employment-severe_disability"})
    html = response.content.decode()
    assert "not shown to your role" in html and "<td>P7 " not in html
    row = html[html.index('id="ratio-employment-severe_disability"') :]
    assert "100.0 %" in row[: row.index("</tr>")]
    logged = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=cast.referent)
    assert cohort["P7"].person_id not in {int(pk) for pk in logged.values_list("object_pk", flat=True)}
    # The same list to a role with health data names P7.
    assert (
        "<td>P7 "
        in english(client, cast.audytor).get(url, {"list": "employment-severe_disability"}).content.decode()
    )


def _cohort_of(cast, project, target_group, size, first=0):
    builder = Builder(cast, project, target_group)
    for i in range(first, first + size):
        participant = builder.exit(builder.enrol(f"N{i}"))
        at_risk(participant)
        builder.attend(participant, "social_competence_training")
        builder.attend(participant, "vocational_training")
        builder.employment(participant, 10, "1.0", 6)
        builder.outcome(participant, "social_progress", 30)


def test_the_page_costs_the_same_queries_for_3_and_30_participants(client, cast, project, target_group):
    link_call(cast.admin, project)
    client.force_login(cast.audytor)
    url = reverse("support:effectiveness", args=[project.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"list": "employment-at_risk"})
        assert response.status_code == 200
        return len(queries), response.context["result"].ratios[1].denominator

    _cohort_of(cast, project, target_group, 3)
    client.get(url)  # the session and the caches of a first request
    three, denominator = count()
    assert denominator == 3
    _cohort_of(cast, project, target_group, 27, first=3)
    assert count() == (three, 30)


def test_a_social_worker_sees_the_ratio_but_only_the_people_of_their_team(client, cast, project, cohort):
    # P3 moves to team B: pracownik (team A) no longer sees P3 in ES at-risk, yet the ratio stays 3/3.
    Person.objects.filter(pk=cohort["P3"].person_id).update(responsible_worker=cast.pracownik2)
    url = reverse("support:effectiveness", args=[project.pk])
    response = english(client, cast.pracownik).get(url, {"list": "social-at_risk"})
    assert (response.context["selected"].numerator, response.context["selected"].denominator) == (3, 3)
    html = response.content.decode()
    assert "<td>P3 " not in html and "<td>U " in html and "<td>P4 " in html
    assert "1 person is outside your scope and not listed." in html


def test_the_drill_down_of_an_effectiveness_indicator_lists_its_ratio(client, cast, project, cohort):
    url = reverse("support:indicator_people", args=[project.pk, "EFS-EZ"])
    response = english(client, cast.audytor).get(url)
    assert response.context["selected"].key == "employment-at_risk"
    assert [r["participant"].person.last_name for r in response.context["rows"]] == ["P1", "P2", "P3"]
