"""Fifty coordinators enrolling at the same moment never push a project over its limit (row lock)."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from szansa.domain.recruitment import services
from szansa.domain.recruitment.models import Participant
from tests.factories import PersonFactory
from tests.factories.recruitment import with_consent


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_enrolments_never_exceed_the_participant_limit(cast, project, target_group):
    assert connection.vendor == "postgresql"
    target_group.planned_total = 50
    target_group.save()
    project.participant_limit = 10
    project.save()
    people = [with_consent(PersonFactory()) for _ in range(50)]
    carer = with_consent(PersonFactory())
    barrier = threading.Barrier(len(people))
    outcomes = []

    def enrol(person):
        try:
            barrier.wait()
            services.participant_enrol(
                actor=cast.koordynator,
                person=person,
                project=project,
                target_group=target_group,
                start_date=datetime.date(2019, 3, 1),
            )
            outcomes.append("enrolled")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()  # each thread has its own connection; close it

    threads = [threading.Thread(target=enrol, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("enrolled") == 10
    assert outcomes.count("participant_limit_reached") == 40
    assert Participant.objects.filter(project=project).count() == 10
    # The environment does not count against the limit: a carer still joins the full project.
    services.participant_enrol(
        actor=cast.koordynator,
        person=carer,
        project=project,
        start_date=datetime.date(2019, 3, 1),
        role="environment",
        linked_to=Participant.objects.filter(project=project).first(),
    )
    assert Participant.objects.filter(project=project).count() == 11
