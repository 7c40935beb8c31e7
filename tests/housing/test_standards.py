import datetime
from decimal import Decimal

from szansa.domain.housing import services
from szansa.domain.housing.models import Place, Room
from szansa.domain.housing.selectors import standards_check
from tests.factories import PersonFactory
from tests.factories.housing import make_apartment, refer

D = datetime.date


def _verdicts(check):
    return {rule.code: rule.met for rule in check.rules}


def _fill(actor, apartment, count, start, end):
    room = services.apartment_record_save(
        actor=actor, record=Room(apartment=apartment, name="Pokój duży", area=Decimal("40.00"))
    )
    for index in range(count):
        place = services.apartment_record_save(actor=actor, record=Place(room=room, label=f"M{index}"))
        refer(actor, PersonFactory(), place, start, end)


def test_a_flat_of_eight_meets_the_ten_person_limit_in_2022_but_not_the_seven_person_limit_in_2024(cast):
    apartment = make_apartment(cast.admin, places=0, usable_area=Decimal("120.00"))
    _fill(cast.admin, apartment, 8, D(2022, 1, 1), D(2024, 12, 31))

    in_2022 = standards_check(apartment, D(2022, 6, 1))
    assert in_2022.residents == 8
    assert in_2022.standard.max_persons == 10
    assert _verdicts(in_2022)["max_persons"] is True
    assert in_2022.met is True

    in_2024 = standards_check(apartment, D(2024, 6, 1))
    assert in_2024.standard.max_persons == 7
    assert _verdicts(in_2024)["max_persons"] is False
    assert in_2024.met is False
    reason = next(rule.reason for rule in in_2024.rules if rule.code == "max_persons")
    assert "8" in reason and "7" in reason


def test_twelve_square_metres_per_person_are_required_from_2024(cast):
    apartment = make_apartment(cast.admin, places=0, usable_area=Decimal("70.00"))
    _fill(cast.admin, apartment, 6, D(2024, 1, 1), D(2025, 12, 31))
    verdicts = _verdicts(standards_check(apartment, D(2025, 3, 1)))
    assert verdicts["area_per_person"] is False  # 70 / 6 = 11.67 m²
    assert verdicts["max_persons"] is True


def test_the_bathroom_minimum_applies_only_to_flats_opened_from_november_2023(cast):
    old = make_apartment(cast.admin, name="Stare", bathroom_area=Decimal("3.00"))
    new = make_apartment(cast.admin, name="Nowe", opened_on=D(2024, 2, 1), bathroom_area=Decimal("3.00"))
    assert _verdicts(standards_check(old, D(2025, 3, 1)))["bathroom"] is None
    assert _verdicts(standards_check(new, D(2025, 3, 1)))["bathroom"] is False
    new.bathroom_area = Decimal("4.00")
    services.apartment_save(actor=cast.admin, apartment=new)
    assert _verdicts(standards_check(new, D(2025, 3, 1)))["bathroom"] is True


def test_the_2012_regulation_wants_at_least_three_places(cast):
    apartment = make_apartment(cast.admin, places=2, opened_on=D(2015, 1, 1))
    assert _verdicts(standards_check(apartment, D(2016, 1, 1)))["min_persons"] is False


def test_before_the_first_regulation_no_standard_is_checked(cast):
    apartment = make_apartment(cast.admin, opened_on=D(2010, 1, 1))
    check = standards_check(apartment, D(2011, 1, 1))
    assert check.standard is None and check.met is None
