import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PersonFactory
from tests.factories.housing import make_apartment, refer

D = datetime.date


def _client(client_for, user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def occupied(cast, apartment, places):
    today = datetime.date.today()
    ending = refer(
        cast.admin,
        cast.person_a,
        places[0],
        today - datetime.timedelta(days=60),
        today + datetime.timedelta(days=10),
    )
    other = refer(
        cast.admin,
        cast.person_b,
        places[1],
        today - datetime.timedelta(days=60),
        today + datetime.timedelta(days=100),
    )
    return ending, other


def test_the_board_shows_places_months_rate_and_stays_ending_soon(cast, client_for, occupied):
    response = _client(client_for, cast.pracownik).get(reverse("housing:occupancy_board"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mieszkanie 1" in page and "Miejsce 3" in page
    assert "Stays ending within 30 days" in page
    ending, other = occupied
    # the social worker of team A sees their resident, not team B's
    assert cast.person_a.full_name in page
    assert cast.person_b.full_name not in page
    assert len(response.context["board"].months) == 6


def test_a_carer_sees_on_the_board_only_the_flats_they_serve(cast, client_for, occupied, carer):
    make_apartment(cast.admin, name="Mieszkanie obce")
    page = _client(client_for, carer).get(reverse("housing:occupancy_board")).content.decode()
    assert "Mieszkanie 1" in page and "Mieszkanie obce" not in page


def test_the_apartment_page_shows_the_standards_check_for_a_chosen_day(cast, client_for, apartment):
    from szansa.domain.housing import services
    from szansa.domain.housing.models import Place, Room

    room = services.apartment_record_save(
        actor=cast.admin, record=Room(apartment=apartment, name="Duży", area=40)
    )
    for n in range(5):
        place = services.apartment_record_save(actor=cast.admin, record=Place(room=room, label=f"X{n}"))
        refer(cast.admin, PersonFactory(), place, D(2022, 1, 1), D(2024, 12, 31))
    client = _client(client_for, cast.kierownik)
    url = reverse("housing:apartment_detail", args=[apartment.pk])
    in_2022 = client.get(url, {"dzien": "2022-06-01"}).content.decode()
    assert "5 residents, at most 10 allowed" in in_2022
    assert "not met" not in in_2022.split('id="standards"')[1]
    in_2024 = client.get(url, {"dzien": "2024-06-01"}).content.decode()
    assert "8 places, more than the 7 persons allowed" in in_2024


def test_an_apartment_out_of_scope_is_not_found(cast, client_for, apartment, other_specialist):
    response = _client(client_for, other_specialist).get(
        reverse("housing:apartment_detail", args=[apartment.pk])
    )
    assert response.status_code == 404
