"""The indicators page, the drill-down of the people counted, the effectiveness page and the project
dashboard, on the hand-built cohort of tests/factories/indicator_cohort.py."""

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from szansa.domain.people.models import Person
from szansa.domain.recruitment.models import Participant
from tests.factories.indicator_cohort import Builder, add_targets, at_risk, build_cohort, link_call
from tests.factories.projects import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(cast, project, target_group):
    link_call(cast.admin, project)
    add_targets(cast.admin, project)
    return build_cohort(cast, project, target_group)


def english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_indicators_page_shows_target_achieved_percent_and_forecast(client, cast, project, cohort):
    page = english(client, cast.audytor).get(reverse("support:indicators", args=[project.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    drill = reverse("support:indicator_people", args=[project.pk, "PI9i-R-02"])
    assert f'<a href="{drill}">2</a>' in html  # achieved 2 of the target 3
    assert "66.67 %" in html  # PI9i-R-02: 2 of 3
    assert "2.8" in html  # its forecast
    assert "multiplied by the rate achieved so far" in html


def test_the_drill_down_lists_exactly_the_people_counted_with_their_evidence(client, cast, project, cohort):
    url = reverse("support:indicator_people", args=[project.pk, "PI9i-R-02"])
    html = english(client, cast.audytor).get(url).content.decode()
    counted, not_counted = html.split('id="not-counted"')
    for name in ("P1", "P2"):
        assert f"<td>{name} " in counted and f"<td>{name} " not in not_counted
    for name in ("P3", "P4", "P7", "U"):
        assert f"<td>{name} " not in counted and f"<td>{name} " in not_counted
    assert "Env" not in html  # the environment is never listed
    # Why each one does not count: U under 18, P7's contract on day 50, P5 has not left.
    assert "under 18 at entry (aged 17" in not_counted
    assert "day 50 after leaving" in not_counted
    assert "has not left yet" in not_counted
    assert "27 Nov 2019" in html and "28 Nov 2019" in html
    assert "dokument P1 employment" in html
    pesel = cohort["P1"].person.pesel
    assert pesel not in html and "•••••••" + pesel[-4:] in html


def test_reading_the_drill_down_is_access_logged_for_each_person_listed(client, cast, project, cohort):
    url = reverse("support:indicator_people", args=[project.pk, "PI9i-R-02"])
    english(client, cast.audytor).get(url)
    logged = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=cast.audytor)
    # Both lists are read: the two counted (P1, P2) and the six main participants not counted, with why.
    assert {int(pk) for pk in logged.values_list("object_pk", flat=True)} == {
        cohort[name].person_id for name in ("U", "P1", "P2", "P3", "P4", "P5", "P6", "P7")
    }
    assert all(entry.additional_data["what"] == "indicator PI9i-R-02" for entry in logged)
    assert all(entry.additional_data["route"] == "support:indicator_people" for entry in logged)


def test_a_social_worker_sees_the_figure_but_only_the_people_of_their_team(client, cast, project, cohort):
    # Move P2 to team B: pracownik (team A) no longer sees P2 listed, yet the figure stays 2.
    Person.objects.filter(pk=cohort["P2"].person_id).update(responsible_worker=cast.pracownik2)
    url = reverse("support:indicator_people", args=[project.pk, "PI9i-R-02"])
    html = english(client, cast.pracownik).get(url).content.decode()
    assert '<dd id="achieved">2</dd>' in html
    assert "<td>P1 " in html and "<td>P2 " not in html
    assert "1 person counted is outside your scope" in html


def test_a_role_without_health_data_does_not_see_who_has_a_disability(client, cast, project, cohort):
    url = reverse("support:indicator_people", args=[project.pk, "PI9i-P-02"])
    html = english(client, cast.referent).get(url).content.decode()
    assert '<dd id="achieved">3</dd>' in html
    assert "not shown to your role" in html and "<td>P5 " not in html
    html = english(client, cast.audytor).get(url).content.decode()
    assert "<td>P5 " in html and "disability declared at entry" in html


def test_a_project_out_of_scope_is_not_found(client, cast, cohort):
    other = make_project(cast.admin, number="S-2")
    client.force_login(cast.specjalista)  # on the staff of S-1 only
    assert client.get(reverse("support:indicators", args=[other.pk])).status_code == 404
    assert client.get(reverse("support:effectiveness", args=[other.pk])).status_code == 404


def test_an_unknown_indicator_code_is_not_found(client, cast, project, cohort):
    client.force_login(cast.audytor)
    assert client.get(reverse("support:indicator_people", args=[project.pk, "NOPE"])).status_code == 404


def test_the_effectiveness_page_shows_ratios_thresholds_and_a_ratios_people(client, cast, project, cohort):
    url = reverse("support:effectiveness", args=[project.pk])
    html = english(client, cast.audytor).get(url).content.decode()
    # ES 3/3 = 100 % (education counts as social progress), EZ 1/3 = 33.3 %; severe group ES 0 %.
    assert "100.0 %" in html and "33.3 %" in html and "0.0 %" in html
    assert "counts: starting education" in html  # P3's row of the first ratio (ES) says why it counts
    # P7 (severe group) had social activation and no form of social progress within the 90 days.
    severe = english(client, cast.audytor).get(url, {"list": "social-severe_disability"}).content.decode()
    assert "does not count: no form of social progress within 90 days after the end" in severe
    row = html[html.index('id="ratio-social-severe_disability"') :]
    assert "not met" in row[: row.index("</tr>")]
    assert "CALL-S-1" in html
    assert (
        "Calls announced before 1 Oct 2016" in html
    )  # the combined method of older calls, in the date format of English


def test_the_project_dashboard_shows_achieved_values_forecast_and_links(client, cast, project, cohort):
    html = english(client, cast.audytor).get(reverse("projects:project_detail", args=[project.pk])).content
    html = html.decode()
    drill = reverse("support:indicator_people", args=[project.pk, "PI9i-P-01"])
    assert f'<a href="{drill}">8</a>' in html
    assert reverse("support:indicators", args=[project.pk]) in html
    assert reverse("support:effectiveness", args=[project.pk]) in html


def _cohort_of(cast, project, target_group, size, first=0):
    builder = Builder(cast, project, target_group)
    for i in range(first, first + size):
        participant = builder.exit(builder.enrol(f"N{i}"))
        at_risk(participant)
        builder.attend(participant, "social_competence_training")
        builder.attend(participant, "vocational_training")
        builder.plan(participant, "career_counselling")
        builder.employment(participant, 10, "1.0", 6)
        builder.outcome(participant, "social_progress", 30)


@pytest.mark.parametrize("name", ["support:indicators", "support:effectiveness", "projects:project_detail"])
def test_pages_cost_the_same_queries_for_3_and_9_participants(client, cast, project, target_group, name):
    link_call(cast.admin, project)
    add_targets(cast.admin, project)
    client.force_login(cast.audytor)
    url = reverse(name, args=[project.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _cohort_of(cast, project, target_group, 3)
    three = count()
    _cohort_of(cast, project, target_group, 6, first=3)
    assert Participant.objects.filter(project=project).count() == 9
    assert count() == three


def test_nine_participants_show_in_the_figures(client, cast, project, target_group):
    add_targets(cast.admin, project)
    _cohort_of(cast, project, target_group, 9)
    html = english(client, cast.audytor).get(reverse("support:indicators", args=[project.pk])).content
    drill = reverse("support:indicator_people", args=[project.pk, "PI9i-R-02"])
    assert f'<a href="{drill}">9</a>' in html.decode()  # employment on day 10 after the exit
