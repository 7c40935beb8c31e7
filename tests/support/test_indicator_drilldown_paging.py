"""The drill-down of an indicator is paged (issue 14): each list (counted, not counted) shows a page of
rows with its own page parameter, and only the people on the pages shown are listed; on the hand-built
cohort of tests/factories/indicator_cohort.py, with pages of 3 rows."""

import pytest
from django.conf import settings
from django.urls import reverse

from szansa.web.support.views import indicators as indicator_views
from tests.factories.indicator_cohort import add_targets, build_cohort, link_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(cast, project, target_group, monkeypatch):
    monkeypatch.setattr(indicator_views, "DRILLDOWN_PAGE_SIZE", 3)
    link_call(cast.admin, project)
    add_targets(cast.admin, project)
    return build_cohort(cast, project, target_group)


def test_the_counted_list_is_paged_and_numbered_on(client_for, cast, project, cohort):
    client = client_for(cast.audytor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # PI9i-P-01 counts U and P1-P7 (8 people, by name): pages of 3 -> 3 pages; page 2 is rows 4-6.
    url = reverse("support:indicator_people", args=[project.pk, "PI9i-P-01"])
    response = client.get(url, {"page": "2"})
    rows = response.context["rows"]
    assert (rows.number, rows.paginator.num_pages, rows.paginator.count) == (2, 3, 8)
    html = response.content.decode()
    assert "<tr><td>4</td>" in html and "<tr><td>6</td>" in html and "<tr><td>7</td>" not in html
    assert '<dd id="achieved">8</dd>' in html  # the figure is the whole project's
    assert "?page=3#people-h" in html


def test_the_not_counted_list_has_its_own_page_parameter(client_for, cast, project, cohort):
    client = client_for(cast.audytor)
    # PI9i-R-02 counts P1, P2; the six others are listed with why: pages of 3 -> 2 pages.
    url = reverse("support:indicator_people", args=[project.pk, "PI9i-R-02"])
    response = client.get(url, {"other": "2"})
    assert (response.context["rows"].number, len(response.context["rows"])) == (1, 2)
    others = response.context["not_counted"]
    assert (others.number, others.paginator.count, len(others)) == (2, 6, 3)
    assert "?other=1#not-counted-h" in response.content.decode()
