"""Who sees and writes a support path: the own team's social worker writes, another team's gets 404, the
auditor reads and cannot write, and a specialist named in the current plan sees that participant's path
and the person in the registry, and nobody else's."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from szansa.domain.people.access import scope_persons
from szansa.domain.people.models import Person
from szansa.domain.support.plans import selectors as plan_selectors
from szansa.domain.support.plans import services as plan_services
from tests.factories.support import conclude, diagnose, goal, make_plan, support

pytestmark = pytest.mark.django_db
D = datetime.date


def _client(client_for, user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def path_objects(cast, participant):
    return {
        "diagnosis": diagnose(cast.pracownik, participant),
        "plan": make_plan(cast, participant),
        "contract": conclude(cast, participant),
    }


def _read_urls(participant, objects):
    return [
        reverse("support:path", args=[participant.pk]),
        reverse("support:diagnosis", args=[objects["diagnosis"].pk]),
        reverse("support:plan", args=[objects["plan"].pk]),
        reverse("support:plan_pdf", args=[objects["plan"].pk]),
        reverse("support:contract", args=[objects["contract"].pk]),
    ]


def _write_urls(participant, objects):
    return [
        reverse("support:diagnosis_create", args=[participant.pk]),
        reverse("support:plan_revise", args=[objects["plan"].pk]),
        reverse("support:contract_create", args=[participant.pk]),
    ]


def test_a_social_worker_of_another_team_gets_404_everywhere(cast, client_for, participant, path_objects):
    client = _client(client_for, cast.pracownik2)
    for url in _read_urls(participant, path_objects) + _write_urls(participant, path_objects):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("support:plan_accept", args=[path_objects["plan"].pk])).status_code == 404


def test_the_auditor_reads_every_page_and_cannot_open_a_form(cast, client_for, participant, path_objects):
    client = _client(client_for, cast.audytor)
    for url in _read_urls(participant, path_objects):
        assert client.get(url).status_code == 200, url
    for url in _write_urls(participant, path_objects):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("support:plan_accept", args=[path_objects["plan"].pk]), {"by_worker_on": "2019-02-09"}
    )
    assert response.status_code == 403
    path_html = client.get(reverse("support:path", args=[participant.pk])).content.decode()
    assert "Revise the plan" not in path_html and "Record a re-diagnosis" not in path_html


def test_the_own_team_worker_writes(cast, client_for, participant, path_objects):
    client = _client(client_for, cast.pracownik)
    for url in _write_urls(participant, path_objects):
        assert client.get(url).status_code == 200, url


def test_a_specialist_named_in_the_current_plan_sees_that_path_and_person_only(
    cast, client_for, participants
):
    served, other = participants[0], participants[1]
    client = _client(client_for, cast.specjalista)
    assert client.get(reverse("support:path", args=[served.pk])).status_code == 404
    assert not scope_persons(Person.objects.all(), cast.specjalista).filter(pk=served.person_id).exists()

    plan = make_plan(cast, served)  # the specialist is responsible for psychological counselling
    make_plan(cast, other, supports=[support()])  # no specialist named
    assert client.get(reverse("support:path", args=[served.pk])).status_code == 200
    assert client.get(reverse("support:plan", args=[plan.pk])).status_code == 200
    assert client.get(reverse("people:person_detail", args=[served.person_id])).status_code == 200
    assert client.get(reverse("support:path", args=[other.pk])).status_code == 404
    assert client.get(reverse("people:person_detail", args=[other.person_id])).status_code == 404
    assert list(plan_selectors.path_participants(cast.specjalista)) == [served]
    # serving lets them diagnose, not approve
    assert client.get(reverse("support:diagnosis_create", args=[served.pk])).status_code == 200
    assert client.get(reverse("support:plan_revise", args=[plan.pk])).status_code == 403

    # a revision without them ends their access
    plan_services.plan_revise(
        actor=cast.koordynator,
        plan=plan,
        reason="Zmiana",
        on=D(2019, 4, 1),
        goals=[goal()],
        supports=[support()],
    )
    assert client.get(reverse("support:path", args=[served.pk])).status_code == 404
    assert not scope_persons(Person.objects.all(), cast.specjalista).filter(pk=served.person_id).exists()
