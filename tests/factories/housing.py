"""Housing: factories for flats, their rooms and places, and stays; make_apartment and refer build a
sheltered flat (two rooms, its places) and a referral to a place through the services."""

import datetime
from decimal import Decimal

import factory

from szansa.domain.housing import enums, services
from szansa.domain.housing.models import Apartment, ApartmentKindPeriod, Place, Room, Stay
from tests.factories.people import PersonFactory


class ApartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Apartment

    name = factory.Sequence(lambda n: f"Mieszkanie {n + 1}")
    operator = "OPS Andrychów"
    street = "ul. Krakowska"
    building_number = "12"
    flat_number = factory.Sequence(lambda n: str(n + 1))
    postal_code = "34-120"
    town = "Andrychów"
    gmina = "Andrychów"
    group_served = enums.ServedGroup.DISABILITIES
    usable_area = Decimal("96.00")
    bathroom_area = Decimal("4.50")
    opened_on = datetime.date(2019, 3, 1)


class HousingRoomFactory(factory.django.DjangoModelFactory):
    """A room of a flat (housing.Room; the support app's rooms: tests.factories.support.RoomFactory)."""

    class Meta:
        model = Room

    apartment = factory.SubFactory(ApartmentFactory)
    name = factory.Sequence(lambda n: f"Pokój {n + 1}")
    area = Decimal("14.00")


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    room = factory.SubFactory(HousingRoomFactory)
    label = factory.Sequence(lambda n: f"Miejsce {n + 1}")


class StayFactory(factory.django.DjangoModelFactory):
    """A referred stay from 1 April to 31 December 2019; the occupied period is the planned one (the
    services keep it so; `refer` goes through them)."""

    class Meta:
        model = Stay

    person = factory.SubFactory(PersonFactory)
    place = factory.SubFactory(PlaceFactory)
    referred_by = "Kierownik OPS w Andrychowie"
    decision_number = factory.Sequence(lambda n: f"OPS.8311.{n + 1}.2019")
    decision_date = datetime.date(2019, 3, 15)
    planned_start = datetime.date(2019, 4, 1)
    planned_end = datetime.date(2019, 12, 31)
    indefinite = False
    occupied_from = factory.SelfAttribute("planned_start")
    occupied_to = factory.SelfAttribute("planned_end")


# --- built through the services ----------------------------------------------------------------------------


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
