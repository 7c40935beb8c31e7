import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from szansa.domain.housing import enums, services
from szansa.domain.housing.models import ApartmentKindPeriod, Stay
from tests.factories import PersonFactory
from tests.factories.housing import refer

D = datetime.date


def test_a_referral_takes_the_place_for_the_planned_period(cast, places, resident):
    stay = refer(cast.pracownik, resident, places[0], D(2024, 1, 1), D(2024, 6, 30))
    assert (stay.occupied_from, stay.occupied_to) == (D(2024, 1, 1), D(2024, 6, 30))
    assert list(Stay.objects.on(D(2024, 3, 1))) == [stay]


def test_an_overlapping_referral_on_the_same_place_is_refused_with_the_taken_period(cast, places, resident):
    refer(cast.admin, resident, places[0], D(2024, 1, 1), D(2024, 6, 30))
    with pytest.raises(ValidationError) as refusal:
        refer(cast.admin, PersonFactory(), places[0], D(2024, 6, 30), D(2024, 12, 31))
    assert refusal.value.error_list[0].code == "place_taken"
    assert "30.06.2024" in refusal.value.messages[0]
    assert Stay.objects.count() == 1


def test_a_stay_may_start_the_day_after_the_previous_one_ends(cast, places, resident):
    refer(cast.admin, resident, places[0], D(2024, 1, 1), D(2024, 6, 30))
    refer(cast.admin, PersonFactory(), places[0], D(2024, 7, 1), D(2024, 12, 31))
    assert Stay.objects.filter(place=places[0]).count() == 2


def test_an_indefinite_stay_blocks_the_place_for_good(cast, places, resident):
    refer(cast.admin, resident, places[0], D(2022, 1, 1), None)
    with pytest.raises(ValidationError) as refusal:
        refer(cast.admin, PersonFactory(), places[0], D(2030, 1, 1), D(2030, 2, 1))
    assert refusal.value.error_list[0].code == "place_taken"


def test_a_resident_cannot_hold_two_places_at_once(cast, places, resident):
    refer(cast.admin, resident, places[0], D(2024, 1, 1), D(2024, 6, 30))
    with pytest.raises(ValidationError) as refusal:
        refer(cast.admin, resident, places[1], D(2024, 3, 1), D(2024, 9, 30))
    assert refusal.value.error_list[0].code == "resident_has_stay"


def test_the_database_refuses_overlapping_stays_written_past_the_service(cast, places, resident):
    stay = refer(cast.admin, resident, places[0], D(2024, 1, 1), D(2024, 6, 30))
    copy = Stay(
        person=PersonFactory(),
        place=places[0],
        referred_by="x",
        decision_number="x",
        decision_date=D(2024, 1, 1),
        planned_start=D(2024, 5, 1),
        planned_end=D(2024, 8, 1),
        occupied_from=D(2024, 5, 1),
        occupied_to=D(2024, 8, 1),
    )
    with pytest.raises(IntegrityError, match="stay_no_overlap_on_place"), transaction.atomic():
        copy.save()
    assert Stay.objects.get() == stay


def test_an_extension_moves_the_planned_end_and_keeps_the_decision(cast, places, resident):
    stay = refer(cast.pracownik, resident, places[0], D(2024, 1, 1), D(2024, 6, 30))
    extension = services.stay_extend(
        actor=cast.pracownik,
        stay=stay,
        decision_number="OPS.8311.7.2024",
        decision_date=D(2024, 6, 10),
        new_planned_end=D(2024, 12, 31),
    )
    stay.refresh_from_db()
    assert stay.planned_end == D(2024, 6, 30)
    assert stay.current_planned_end == D(2024, 12, 31) == stay.occupied_to
    assert list(stay.extensions.all()) == [extension]


def test_an_extension_into_the_next_residents_stay_is_refused(cast, places, resident):
    stay = refer(cast.admin, resident, places[0], D(2024, 1, 1), D(2024, 6, 30))
    refer(cast.admin, PersonFactory(), places[0], D(2024, 9, 1), D(2024, 12, 31))
    with pytest.raises(ValidationError) as refusal:
        services.stay_extend(
            actor=cast.admin,
            stay=stay,
            decision_number="D/2",
            decision_date=D(2024, 6, 1),
            new_planned_end=D(2024, 9, 30),
        )
    assert refusal.value.error_list[0].code == "place_taken"
    stay.refresh_from_db()
    assert stay.occupied_to == D(2024, 6, 30)
    assert not stay.extensions.exists()


def test_an_extension_must_move_the_end_later(cast, places, resident):
    stay = refer(cast.admin, resident, places[0], D(2024, 1, 1), D(2024, 6, 30))
    with pytest.raises(ValidationError) as refusal:
        services.stay_extend(
            actor=cast.admin,
            stay=stay,
            decision_number="D/2",
            decision_date=D(2024, 6, 1),
            new_planned_end=D(2024, 6, 30),
        )
    assert refusal.value.error_list[0].code == "not_later"


def test_ending_a_stay_early_frees_the_place_from_the_next_day(cast, places, resident):
    stay = refer(cast.admin, resident, places[0], D(2024, 1, 1), D(2024, 12, 31))
    services.stay_end(
        actor=cast.admin, stay=stay, on=D(2024, 4, 15), reason=enums.EndReason.INDEPENDENT_LIVING
    )
    stay.refresh_from_db()
    assert (stay.actual_start, stay.occupied_to) == (D(2024, 1, 1), D(2024, 4, 15))
    refer(cast.admin, PersonFactory(), places[0], D(2024, 4, 16), D(2024, 12, 31))


def test_a_flat_converted_in_2024_keeps_its_former_kind(cast, apartment):
    services.apartment_convert(
        actor=cast.admin,
        apartment=apartment,
        kind=enums.ApartmentKind.WSPOMAGANE,
        on=D(2024, 4, 1),
        resolution_ref="Uchwała nr X/1/2024",
    )
    assert apartment.kind_on(D(2022, 5, 1)) == enums.ApartmentKind.CHRONIONE_TRENINGOWE
    assert apartment.kind_on(D(2024, 3, 31)) == enums.ApartmentKind.CHRONIONE_TRENINGOWE
    assert apartment.kind_on(D(2024, 4, 1)) == enums.ApartmentKind.WSPOMAGANE
    assert ApartmentKindPeriod.objects.filter(apartment=apartment).count() == 2


def test_an_old_regime_kind_cannot_start_after_october_2023(cast, apartment):
    with pytest.raises(ValidationError) as refusal:
        services.apartment_convert(
            actor=cast.admin,
            apartment=apartment,
            kind=enums.ApartmentKind.CHRONIONE_WSPIERANE,
            on=D(2024, 1, 1),
        )
    assert refusal.value.error_dict["kind"][0].code == "kind_out_of_regime"
