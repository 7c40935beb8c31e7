import datetime

import pytest

from szansa.demo.housing import seed_housing
from szansa.demo.people import seed as seed_people
from szansa.domain.housing import enums
from szansa.domain.housing.models import Apartment, MonthlyStatement, Stay, Visit
from szansa.domain.housing.selectors import arrears, standards_check

pytestmark = pytest.mark.django_db


def test_with_an_empty_registry_only_the_andrychow_flats_are_created():
    flats = seed_housing(rng_seed=1)
    assert len(flats) == 3
    assert {flat.project.title for flat in flats} == {"Wykorzystaj swoją szansę"}
    assert not Stay.objects.exists()
    assert seed_housing(rng_seed=1) == flats  # idempotent


def test_the_demo_houses_residents_of_the_project_years_with_visits_and_fees():
    seed_people(people=400, seed=1)
    flats = seed_housing(rng_seed=1)
    flat = flats[0]
    assert flat.kind_on(datetime.date(2020, 1, 1)) == enums.ApartmentKind.CHRONIONE_TRENINGOWE
    assert flat.kind_on(datetime.date(2025, 1, 1)) == enums.ApartmentKind.TRENINGOWE
    stays = Stay.objects.filter(place__room__apartment__in=flats)
    years = {stay.target_group.year: stay.target_group.name for stay in stays}
    assert years == {
        2019: "Osoby z niepełnosprawnościami",
        2020: "Osoby bezrobotne",
        2021: "Rodziny wieloproblemowe",
    }
    assert all(stay.occupied_from.year == stay.target_group.year for stay in stays)
    assert stays.count() == 30
    assert Visit.objects.filter(stay__in=stays, specialist__username="specjalista").count() > 300
    assert MonthlyStatement.objects.filter(stay__in=stays, fee_due__gt=0).exists()
    assert any(arrears(stay) > 0 for stay in stays)
    assert standards_check(flat, datetime.date(2019, 6, 1)).met is True
    assert Apartment.objects.count() == 3
