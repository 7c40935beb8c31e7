"""The kept figures' store does not wait for a writer that holds the project's row (PostgreSQL): a
writer bumping the generation in a transaction not yet committed makes the reader's store give up at once,
and the writer's bump stands (szansa.domain.support.indicators.kept)."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction

from szansa.domain.support.indicators import kept
from szansa.domain.support.models import ProjectFigures
from tests.factories.projects import ProjectFactory

TODAY = datetime.date(2026, 12, 5)


@pytest.mark.django_db(transaction=True)
def test_a_store_gives_up_while_a_writer_holds_the_row():
    assert connection.vendor == "postgresql"
    project = ProjectFactory()
    kept.invalidate_projects([project.pk])  # the row, at generation 1
    taken = kept.read(project.pk).generation
    assert taken == 1
    bumped, reader_done = threading.Event(), threading.Event()
    seen = {}

    def writer():
        try:
            with transaction.atomic():
                kept.invalidate_projects([project.pk])  # generation 2, row locked until commit
                bumped.set()
                # Commits only after the reader's store has returned: a store that waited for this lock
                # would never return before it (the wait below would time out instead).
                seen["reader_returned_first"] = reader_done.wait(timeout=10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    assert bumped.wait(timeout=10)
    stored = kept.store(project.pk, taken, TODAY, {"PI9i-P-01": {}})
    reader_done.set()
    thread.join()
    assert stored is False
    assert seen["reader_returned_first"] is True
    row = ProjectFigures.objects.get(project=project)
    assert (row.generation, row.figures, row.counted_generation) == (2, None, None)
