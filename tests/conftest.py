"""The cast: one user per role, two teams, a person in each team (like healthchecks' Alice, Bob)."""

from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from szansa.domain.accounts.enums import Role
from tests.factories import PersonFactory, TeamFactory, UserFactory


def pytest_collection_modifyitems(items):
    """Transactional tests flush the database at their end, roles and reference data included.
    They are marked `transactional` (scripts/run-tests.sh runs them last, one at a time) and get a
    serialized rollback, which restores the migrated data before each of them."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
            item.add_marker(pytest.mark.transactional)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_folder(settings, tmp_path_factory):
    """Import jobs write to a private folder of their own per test, never to the project's."""
    settings.PRIVATE_ROOT = tmp_path_factory.mktemp("private")


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language (Polish), whatever an earlier test activated."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def cast(db):
    team_a = TeamFactory(name="Zespół A")
    team_b = TeamFactory(name="Zespół B")
    users = {
        "admin": UserFactory(username="admin", role=Role.ADMINISTRATOR, is_staff=True),
        "kierownik": UserFactory(username="kierownik", role=Role.CENTRE_MANAGER),
        "koordynator": UserFactory(username="koordynator", role=Role.PROJECT_COORDINATOR),
        "pracownik": UserFactory(username="pracownik", role=Role.SOCIAL_WORKER, team=team_a),
        "pracownik2": UserFactory(username="pracownik2", role=Role.SOCIAL_WORKER, team=team_b),
        "specjalista": UserFactory(username="specjalista", role=Role.SPECIALIST),
        "referent": UserFactory(username="referent", role=Role.ADMINISTRATIVE_CLERK),
        "audytor": UserFactory(username="audytor", role=Role.AUDITOR),
    }
    person_a = PersonFactory(responsible_worker=users["pracownik"])
    person_b = PersonFactory(responsible_worker=users["pracownik2"])
    return SimpleNamespace(team_a=team_a, team_b=team_b, person_a=person_a, person_b=person_b, **users)


@pytest.fixture
def client_for():
    """A logged-in Django test client for a user."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
