"""The person picker (szansa/web/people/picker.py): its search endpoint answers only people the user may
see (the registry's scope, narrowed by the form's source), tells namesakes apart by birth date and the last
PESEL digits, writes the access log, never answers a GET; the forms using it refuse an id outside their set
and resolve a typed PESEL or a unique name without JavaScript."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse

from szansa.domain.housing.models import Place, Stay
from szansa.web.people.picker import sign_source
from tests.factories import PersonFactory
from tests.factories.housing import make_apartment

URL = reverse("people:person_picker")
FIELD = "person__search"
LISTBOX = "id_person_listbox"


def _search(client, text, source=""):
    return client.post(
        URL, {FIELD: text, "picker_field": FIELD, "picker_listbox": LISTBOX, "picker_source": source}
    )


def _options(response) -> list[dict]:
    html = response.content.decode()
    return [
        {"value": value, "text": text, "meta": meta}
        for value, text, meta in re.findall(
            r'<li role="option"[^>]*data-value="(\d+)" data-text="([^"]*)">.*?'
            r'<span class="picker-meta">(.*?)</span></li>',
            html,
        )
    ]


@pytest.fixture
def namesakes(cast):
    """Two Jan Kowalczyks in team A (born 1980 and 1991) and a third in team B."""
    first = PersonFactory(
        first_name="Jan",
        last_name="Kowalczyk",
        birth_date=datetime.date(1980, 3, 4),
        responsible_worker=cast.pracownik,
    )
    second = PersonFactory(
        first_name="Jan",
        last_name="Kowalczyk",
        birth_date=datetime.date(1991, 11, 20),
        responsible_worker=cast.pracownik,
    )
    other_team = PersonFactory(first_name="Jan", last_name="Kowalczyk", responsible_worker=cast.pracownik2)
    return first, second, other_team


def test_the_search_offers_only_people_the_user_sees_and_tells_namesakes_apart(cast, client_for, namesakes):
    first, second, other_team = namesakes
    response = _search(client_for(cast.pracownik), "kowalcz")

    assert response.status_code == 200
    options = _options(response)
    # Team A's two namesakes, in name order then by id; team B's is outside the social worker's scope.
    assert [o["value"] for o in options] == [str(first.pk), str(second.pk)]
    # Polish short dates (DD.MM.YYYY) and the last four digits of each PESEL, never the whole number.
    assert options[0]["meta"] == f"ur. 04.03.1980 · PESEL …{first.pesel[-4:]}"
    assert options[1]["meta"] == f"ur. 20.11.1991 · PESEL …{second.pesel[-4:]}"
    assert first.pesel not in response.content.decode()
    assert options[0]["text"] == "Jan Kowalczyk, ur. 04.03.1980"
    assert "Znaleziono 2 osoby." in response.content.decode()


def test_the_manager_finds_all_three_and_each_read_is_in_the_access_log(cast, client_for, namesakes):
    response = _search(client_for(cast.kierownik), "Jan Kowalczyk")

    assert sorted(int(o["value"]) for o in _options(response)) == sorted(p.pk for p in namesakes)
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=cast.kierownik)
    assert sorted(e.object_id for e in entries) == sorted(p.pk for p in namesakes)
    assert {(e.additional_data["route"], e.additional_data["what"]) for e in entries} == {
        ("people:person_picker", "person picker")
    }


def test_a_pesel_prefix_finds_the_person_and_nothing_is_logged_for_an_empty_text(cast, client_for, namesakes):
    first = namesakes[0]
    client = client_for(cast.kierownik)

    assert [o["value"] for o in _options(_search(client, first.pesel[:9]))] == [str(first.pk)]
    assert _options(_search(client, "   ")) == []
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=cast.kierownik).count() == 1


def test_the_search_is_a_post_and_a_forged_source_is_not_found(cast, client_for, namesakes):
    client = client_for(cast.kierownik)

    assert client.get(URL, {FIELD: "Kowalczyk"}).status_code == 405
    assert (
        _search(client, "Kowalczyk", source="szansa.web.housing.views.referable_persons").status_code == 404
    )
    tampered = sign_source("szansa.web.housing.views.referable_persons")[:-2] + "xx"
    assert _search(client, "Kowalczyk", source=tampered).status_code == 404


def test_a_source_narrows_the_search_to_what_the_form_accepts(cast, client_for, namesakes):
    """The specialist's registry scope is empty here, so even a source offering everyone finds nobody."""
    source = sign_source("szansa.web.housing.views.referable_persons")
    assert len(_options(_search(client_for(cast.kierownik), "Kowalczyk", source))) == 3
    assert _options(_search(client_for(cast.specjalista), "Kowalczyk", source)) == []


# --- a form using the picker: the housing referral ---------------------------------------------------------


@pytest.fixture
def place(cast):
    apartment = make_apartment(cast.admin)
    return Place.objects.filter(room__apartment=apartment).order_by("label").first()


def _referral(place, **person):
    return {
        **person,
        "place": place.pk,
        "referred_by": "Kierownik OPS w Andrychowie",
        "decision_number": "OPS.8311.7.2024",
        "decision_date": "2024-01-02",
        "planned_start": "2024-01-15",
        "planned_end": "2024-12-31",
    }


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_referral_form_shows_the_picker_not_a_list_of_the_registry(cast, client_for, place, namesakes):
    page = client_for(cast.pracownik).get(reverse("housing:stay_create", args=[place.pk])).content.decode()

    assert 'role="combobox"' in page and 'name="person__search"' in page
    assert 'aria-controls="id_person_listbox"' in page
    assert "Kowalczyk" not in page


def test_the_referral_refuses_a_person_the_user_may_not_see(cast, client_for, place, namesakes):
    other_team = namesakes[2]
    client = _english(client_for(cast.pracownik))

    response = client.post(
        reverse("housing:stay_create", args=[place.pk]), _referral(place, person=other_team.pk)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["person"] == [
        "Choose a person from the list; this one cannot be chosen here."
    ]
    assert not Stay.objects.exists()


def test_without_javascript_a_typed_pesel_or_a_unique_name_is_resolved(cast, client_for, place, namesakes):
    first, second, _other = namesakes
    client = _english(client_for(cast.pracownik))
    url = reverse("housing:stay_create", args=[place.pk])

    ambiguous = client.post(url, _referral(place, person="", person__search="Jan Kowalczyk"))
    assert ambiguous.context["form"].errors["person"] == [
        "2 people match “Jan Kowalczyk”. Choose one from the list or type the PESEL."
    ]
    # What was typed is kept in the box.
    assert 'value="Jan Kowalczyk"' in ambiguous.content.decode()

    client.post(url, _referral(place, person="", person__search=second.pesel))
    assert Stay.objects.get().person == second


def test_a_text_changed_after_the_choice_is_searched_again(cast, client_for, place, namesakes):
    """Without JavaScript the hidden id of an earlier choice stays; the edited text wins over it."""
    first, _second, _other = namesakes
    client = _english(client_for(cast.pracownik))
    response = client.post(
        reverse("housing:stay_create", args=[place.pk]),
        _referral(place, person=first.pk, person__search="Nikt Taki"),
    )
    assert response.context["form"].errors["person"] == [
        "Nobody found for “Nikt Taki”. Check the name or type the PESEL."
    ]
