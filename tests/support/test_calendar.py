# ruff: noqa: F811 - the shared fixtures are imported by name and used as parameters
"""Week calendars per specialist, room and participant, and the specialist's iCalendar feed (a
signed token in the URL, a bad token is 404)."""

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from szansa.domain.support import calendar
from szansa.domain.support.activities import services as activity_services
from tests.factories.support import D, at


@pytest.fixture(autouse=True)
def english():
    translation.activate("en")


@pytest.fixture
def week_of_sessions(cast, group, counselling, participants):
    """Tue 12.03.2019 10–12 group (Sala 1, specjalista); Wed 13.03 9–10 counselling of participant 0
    (Sala 2, pracownik); Tue 19.03 group (next week)."""
    group_session = activity_services.session_schedule(
        actor=cast.koordynator,
        activity=group,
        starts_at=at(D(2019, 3, 12), 10),
        ends_at=at(D(2019, 3, 12), 12),
        topic="Asertywność",
    )
    individual = activity_services.session_schedule(
        actor=cast.koordynator,
        activity=counselling,
        participant=participants[0],
        specialist=cast.pracownik,
        starts_at=at(D(2019, 3, 13), 9),
        ends_at=at(D(2019, 3, 13), 10),
    )
    activity_services.session_schedule(
        actor=cast.koordynator,
        activity=group,
        starts_at=at(D(2019, 3, 19), 10),
        ends_at=at(D(2019, 3, 19), 12),
        topic="Kolejny tydzień",
    )
    return group_session, individual


def _get(client_for, user, url, **params):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.get(url, params)


def test_the_specialists_week_shows_their_sessions_and_links_to_other_weeks(
    cast, client_for, week_of_sessions
):
    url = reverse("support:calendar_specialist", args=[cast.specjalista.pk])
    page = _get(client_for, cast.specjalista, url, week="2019-03-14")
    body = page.content.decode()
    assert page.status_code == 200
    assert "11 Mar 2019 – 17 Mar 2019" in body
    assert "Asertywność" in body and "10:00–12:00" in body
    assert "Kolejny tydzień" not in body and "Poradnictwo psychologiczne" not in body
    assert "?week=2019-03-04" in body and "?week=2019-03-18" in body
    assert calendar.feed_token(cast.specjalista) in body  # their own calendar offers the feed address
    other = _get(client_for, cast.koordynator, url, week="2019-03-11").content.decode()
    assert "Asertywność" in other and calendar.feed_token(cast.specjalista) not in other


def test_the_room_week_shows_what_takes_place_there(cast, client_for, rooms, week_of_sessions):
    body = _get(
        client_for, cast.koordynator, reverse("support:calendar_room", args=[rooms[1].pk]), week="2019-03-11"
    ).content.decode()
    assert "Poradnictwo psychologiczne" in body and "Asertywność" not in body


def test_the_participants_week_has_their_group_and_individual_sessions(
    cast, client_for, participants, week_of_sessions
):
    url = reverse("support:calendar_participant", args=[participants[0].pk])
    body = _get(client_for, cast.pracownik, url, week="2019-03-11").content.decode()
    assert "Asertywność" in body and "Poradnictwo psychologiczne" in body
    assert _get(client_for, cast.pracownik2, url).status_code == 404


def test_the_week_helper_puts_sessions_on_their_days(cast, week_of_sessions):
    from szansa.domain.support.models import Session

    week = calendar.week(Session.objects.all(), D(2019, 3, 11))
    assert [len(day.sessions) for day in week.days] == [0, 1, 1, 0, 0, 0, 0]
    assert calendar.parse_week("2019-03-17", D(2020, 1, 1)) == D(2019, 3, 11)
    assert calendar.parse_week("nonsense", D(2019, 3, 20)) == D(2019, 3, 18)


def _altered(token: str) -> str:
    """The token with its first character changed (never to itself: a token may begin with "x")."""
    return ("y" if token[0] == "x" else "x") + token[1:]


def test_the_ical_feed_parses_and_a_bad_token_is_not_found(cast, client, week_of_sessions, settings):
    good = reverse("support:calendar_feed", args=[cast.specjalista.pk, calendar.feed_token(cast.specjalista)])
    from django.utils import timezone

    # The feed keeps the last 90 days: read it as of March 2019.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: at(D(2019, 3, 1), 8))
        answer = client.get(good)
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(answer.content)
    events = list(parsed.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == [
        "Trening kompetencji społecznych: Asertywność",
        "Trening kompetencji społecznych: Kolejny tydzień",
    ]
    assert events[0].decoded("DTSTART") == at(D(2019, 3, 12), 10)
    assert str(events[0]["LOCATION"]) == "Sala 1"
    bad = reverse(
        "support:calendar_feed", args=[cast.specjalista.pk, _altered(calendar.feed_token(cast.specjalista))]
    )
    assert client.get(bad).status_code == 404
    borrowed = reverse(
        "support:calendar_feed", args=[cast.pracownik.pk, calendar.feed_token(cast.specjalista)]
    )
    assert client.get(borrowed).status_code == 404


def test_a_date_jumps_to_its_week_and_the_room_title_names_the_room_once(
    cast, client_for, rooms, week_of_sessions
):
    url = reverse("support:calendar_room", args=[rooms[0].pk])
    body = _get(client_for, cast.koordynator, url, week="2019-03-14").content.decode()
    # Thursday 14.03.2019 lies in the week Monday 11 – Sunday 17 March; the date field keeps its Monday
    assert "11 Mar 2019 – 17 Mar 2019" in body and "Asertywność" in body
    assert 'name="week" value="2019-03-11"' in body
    assert f"<h1>{rooms[0].name}</h1>" in body and f"Room {rooms[0].name}" not in body
    # a date typed in the Polish way is read too
    polish = _get(client_for, cast.koordynator, url, week="14.03.2019").content.decode()
    assert "11 Mar 2019 – 17 Mar 2019" in polish


def test_a_date_that_cannot_be_read_is_said_so_and_kept(cast, client_for, rooms, week_of_sessions):
    url = reverse("support:calendar_room", args=[rooms[0].pk])
    page = _get(client_for, cast.koordynator, url, week="32.13.2019")
    body = page.content.decode()
    assert page.status_code == 200
    assert "“32.13.2019” is not a date" in body and 'id="id_week_error"' in body
    assert 'value="32.13.2019"' in body
