"""A sheltered flat in Andrychów with two rooms and three places, built through the services."""

import pytest

from szansa.domain.accounts.enums import Role
from szansa.domain.housing import enums, services
from szansa.domain.housing.models import ApartmentStaff, Place
from tests.factories import PersonFactory, UserFactory
from tests.factories.housing import make_apartment


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
