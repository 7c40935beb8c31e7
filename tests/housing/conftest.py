"""A sheltered flat in Andrychów with two rooms and three places, built through the services."""

import datetime
from decimal import Decimal

import pytest

from szansa.domain.accounts.enums import Role
from szansa.domain.housing import enums, services
from szansa.domain.housing.models import Apartment, ApartmentKindPeriod, ApartmentStaff, Place, Room, Stay
from tests.factories import PersonFactory, UserFactory


def make_apartment(actor, name="Mieszkanie 1", opened_on=datetime.date(2019, 3, 1), places=3, **extra):
    fields = {
        "name": name,
        "operator": "OPS Andrychów",
        "street": "ul. Krakowska",
        "building_number": "12",
        "flat_number": "3",
        "postal_code": "34-120",
        "town": "Andrychów",
        "gmina": "Andrychów",
        "group_served": enums.ServedGroup.DISABILITIES,
        "usable_area": Decimal("96.00"),
        "bathroom_area": Decimal("4.50"),
        "opened_on": opened_on,
    }
    fields.update(extra)
    apartment = services.apartment_save(actor=actor, apartment=Apartment(**fields))
    kind = (
        enums.ApartmentKind.TRENINGOWE
        if opened_on >= enums.NEW_REGIME_FROM
        else enums.ApartmentKind.CHRONIONE_TRENINGOWE
    )
    services.apartment_record_save(
        actor=actor, record=ApartmentKindPeriod(apartment=apartment, kind=kind, valid_from=opened_on)
    )
    rooms = [
        services.apartment_record_save(
            actor=actor, record=Room(apartment=apartment, name=f"Pokój {n}", area=Decimal("14.00"))
        )
        for n in (1, 2)
    ]
    for index in range(places):
        services.apartment_record_save(
            actor=actor, record=Place(room=rooms[index % 2], label=f"Miejsce {index + 1}")
        )
    return apartment


def refer(actor, person, place, start, end=None, **extra):
    fields = {
        "person": person,
        "place": place,
        "referred_by": "Kierownik OPS w Andrychowie",
        "decision_number": f"OPS.8311.{person.pk}.{start:%Y}",
        "decision_date": start - datetime.timedelta(days=14),
        "planned_start": start,
        "planned_end": end,
        "indefinite": end is None,
    }
    fields.update(extra)
    return services.stay_refer(actor=actor, stay=Stay(**fields))


@pytest.fixture
def apartment(cast):
    return make_apartment(cast.admin)


@pytest.fixture
def places(apartment):
    return list(Place.objects.filter(room__apartment=apartment).order_by("label"))


@pytest.fixture
def carer(cast, apartment):
    """The demo specialist serves the flat as its carer from its opening."""
    services.apartment_record_save(
        actor=cast.admin,
        record=ApartmentStaff(
            apartment=apartment,
            user=cast.specjalista,
            kind=enums.SupportKind.CARER,
            valid_from=apartment.opened_on,
        ),
    )
    return cast.specjalista


@pytest.fixture
def resident(cast):
    return PersonFactory(responsible_worker=cast.pracownik)


@pytest.fixture
def other_specialist(db):
    return UserFactory(username="psycholog", role=Role.SPECIALIST)
