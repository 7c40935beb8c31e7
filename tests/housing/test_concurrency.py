"""Two referrals to the same place at the same moment: exactly one wins (PostgreSQL)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from szansa.domain.housing.models import Stay
from tests.factories import PersonFactory
from tests.factories.housing import refer


@pytest.mark.django_db(transaction=True)
def test_concurrent_overlapping_bookings_leave_exactly_one_stay(cast, places):
    assert connection.vendor == "postgresql"
    people = [PersonFactory(responsible_worker=cast.pracownik) for _ in range(2)]
    starts = [datetime.date(2024, 1, 1), datetime.date(2024, 3, 1)]
    barrier = threading.Barrier(2)
    outcomes = []

    def book(person, start):
        try:
            barrier.wait()
            refer(cast.admin, person, places[0], start, datetime.date(2024, 6, 30))
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.append(error.error_list[0].code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=pair) for pair in zip(people, starts, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked", "place_taken"]
    assert Stay.objects.filter(place=places[0]).count() == 1
