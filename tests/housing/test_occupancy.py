import datetime
from decimal import Decimal

from szansa.domain.housing import enums, services
from szansa.domain.housing.selectors import occupancy, stays_ending_within
from tests.factories import PersonFactory
from tests.factories.housing import make_apartment, refer

D = datetime.date
APRIL = D(2024, 4, 1)  # 30 days


def test_occupancy_of_a_constructed_month(cast, apartment, places):
    refer(cast.admin, PersonFactory(), places[0], D(2024, 1, 1), D(2024, 12, 31))  # all 30 days
    refer(cast.admin, PersonFactory(), places[1], D(2024, 4, 11), D(2024, 9, 30))  # 20 days
    early = refer(cast.admin, PersonFactory(), places[2], D(2024, 2, 1), D(2024, 12, 31))
    services.stay_end(
        actor=cast.admin, stay=early, on=D(2024, 4, 5), reason=enums.EndReason.RESIGNATION
    )  # 5 days

    board = occupancy(user=cast.kierownik, months=[APRIL, D(2024, 5, 1)])
    (flat,) = board.apartments
    april = flat.totals[0]
    assert (april.places, april.place_days, april.occupied_days) == (3, 90, 55)
    assert april.rate == Decimal("61.11")
    assert april.free_places == 1
    days = {place.label: cells[0].occupied_days for place, cells in flat.places}
    assert days == {"Miejsce 1": 30, "Miejsce 2": 20, "Miejsce 3": 5}
    may = board.totals[1]
    assert (may.place_days, may.occupied_days, may.free_places) == (93, 62, 1)


def test_a_flat_opened_mid_month_counts_only_its_open_days(cast):
    make_apartment(cast.admin, name="Nowe", opened_on=D(2024, 4, 21), places=2)
    (totals,) = occupancy(user=cast.admin, months=[APRIL]).totals
    assert (totals.place_days, totals.occupied_days, totals.rate, totals.free_places) == (
        20,
        0,
        Decimal("0.00"),
        2,
    )


def test_stays_ending_within_thirty_days_are_listed_for_the_social_worker(cast, places):
    soon = refer(cast.admin, cast.person_a, places[0], D(2024, 1, 1), D(2024, 4, 30))
    refer(
        cast.admin, PersonFactory(responsible_worker=cast.pracownik), places[1], D(2024, 1, 1), D(2024, 5, 31)
    )
    refer(cast.admin, cast.person_b, places[2], D(2024, 1, 1), D(2024, 4, 20))  # other team
    assert list(stays_ending_within(user=cast.pracownik, on=D(2024, 4, 15))) == [soon]
    assert len(stays_ending_within(user=cast.kierownik, on=D(2024, 4, 15))) == 2
    services.stay_end(actor=cast.admin, stay=soon, on=D(2024, 4, 16), reason=enums.EndReason.PLANNED_END)
    assert list(stays_ending_within(user=cast.pracownik, on=D(2024, 4, 15))) == []
