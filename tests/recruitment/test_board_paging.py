"""The recruitment board of a large project: every list (applications, ranking, waiting list,
participants, overdue follow-ups) is paged in the database, the counts come from aggregate queries, and
the board costs the same number of queries with 3 or 30 rows (issue 14; docs/architecture.md)."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from szansa.domain.recruitment import enums
from szansa.web.recruitment import views
from tests.factories.recruitment import ApplicationFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views, "BOARD_PAGE_SIZE", 5)


def fill(project, target_group, round_, count):
    """`count` participants of the project and `count` ranked applications of the round, all of the
    team's people (the coordinator sees the whole project)."""
    for index in range(count):
        participant = ParticipantFactory(project=project, target_group=target_group)
        ApplicationFactory(
            round=round_,
            person=participant.person,
            status=enums.ApplicationStatus.WAITING_LIST,
            rank=index + 1,
            score=1,
        )


def board(client, project, **params):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(reverse("recruitment:board", args=[project.pk]), params)


def queries_of(client, project) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert board(client, project).status_code == 200
    return len(captured)


def test_the_board_costs_the_same_queries_with_3_or_30_rows(
    cast, client_for, project, target_group, round_, small_pages
):
    client = client_for(cast.koordynator)
    fill(project, target_group, round_, 3)
    board(client, project)  # warm: the session, the translations, the content types
    with_3 = queries_of(client, project)
    fill(project, target_group, round_, 27)
    assert queries_of(client, project) == with_3


def test_each_list_is_paged_and_its_links_keep_the_other_lists_pages(
    cast, client_for, project, target_group, round_, small_pages
):
    fill(project, target_group, round_, 12)
    response = board(client_for(cast.koordynator), project, **{f"waiting-{round_.pk}": "3"})
    context = response.context
    # 12 participants, 5 a page: 3 pages, the first shows 5.
    assert context["participants"].paginator.num_pages == 3
    assert len(context["participants"]) == 5
    [entry] = context["groups"]
    [r] = entry["rounds"]
    # Applications and ranking on their first page; the waiting list on its third (rows 11-12).
    assert [a.rank for a in r["ranking"]["page"]] == [1, 2, 3, 4, 5]
    assert [a.rank for a in r["waiting"]["page"]] == [11, 12]
    assert r["status_counts"] == [(enums.ApplicationStatus.WAITING_LIST.label, 12)]
    html = response.content.decode()
    # The participants' "next" link keeps the waiting list on its page 3.
    assert f'?waiting-{round_.pk}=3&amp;page=2#participants"' in html
    assert 'start="11"' in html  # the waiting list is numbered on from the earlier pages
