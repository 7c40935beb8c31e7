"""Two clerks booking on the same line at the same moment cannot both overrun it (PostgreSQL row lock)."""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from szansa.domain.projects import selectors, services
from szansa.domain.projects.models import Expenditure


@pytest.mark.django_db(transaction=True)
def test_concurrent_expenditures_cannot_both_overrun_the_line(project, training, clerk, monkeypatch):
    assert connection.vendor == "postgresql"
    real_available = services.line_available

    def slow_available(line):
        # Widen the window between reading what remains and inserting the expenditure, so that
        # without the row lock both threads would read 60 000 zł and both book 40 000 zł.
        available = real_available(line)
        time.sleep(0.5)
        return available

    monkeypatch.setattr(services, "line_available", slow_available)
    barrier = threading.Barrier(2)
    outcomes = []

    def book():
        try:
            barrier.wait()
            services.expenditure_record(
                actor=clerk,
                line=training,
                date=project.start,
                document_number="FV/C",
                supplier="Firma",
                amount=Decimal("40000.00"),
            )
            outcomes.append("booked")
        except ValidationError as error:
            outcomes.append(error.error_list[0].code)
        finally:
            connections.close_all()  # each thread has its own connection; close it

    threads = [threading.Thread(target=book) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked", "line_overrun"]
    assert Expenditure.objects.filter(line=training).count() == 1
    assert selectors.line_available(training) == Decimal("20000.00")
