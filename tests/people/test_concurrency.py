"""Two registrations of the same PESEL at the same moment: one is saved, the other gets the PESEL
refusal (never a database error)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from szansa.domain.people import enums, services
from szansa.domain.people.models import Person

PESEL = "84031201861"  # a valid PESEL of a woman born on 12.03.1984


def person_data(worker) -> dict:
    return {
        "first_name": "Anna",
        "last_name": "Wiśniewska",
        "pesel": PESEL,
        "citizenship": enums.Citizenship.POLISH,
        "street": "Krakowska",
        "building_number": "12",
        "postal_code": "34-120",
        "town": "Andrychów",
        "gmina": "Andrychów",
        "powiat": "wadowicki",
        "responsible_worker": worker,
    }


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_of_one_pesel_save_one_and_refuse_the_other(cast, monkeypatch):
    assert connection.vendor == "postgresql"
    barrier = threading.Barrier(2, timeout=10)
    full_clean = Person.full_clean

    def clean_then_wait(self, *args, **kwargs):
        # Both requests pass every check (no such PESEL yet) before either of them inserts.
        full_clean(self, *args, **kwargs)
        if self.pk is None:
            barrier.wait()

    monkeypatch.setattr(Person, "full_clean", clean_then_wait)
    outcomes = []

    def register(worker):
        try:
            services.person_create(actor=worker, data=person_data(worker), confirm_not_duplicate=True)
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(error.message_dict)
        except Exception as error:  # noqa: BLE001 - the test reports what a page would answer with 500
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(cast.pracownik,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert "saved" in outcomes
    outcomes.remove("saved")
    assert outcomes == [{"pesel": ["Osoba z tym numerem PESEL jest już w rejestrze."]}]
    assert Person.objects.filter(pesel=PESEL).count() == 1
