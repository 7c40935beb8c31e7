"""The cast: one user per role, two teams, a person in each team (like healthchecks' Alice, Bob)."""

import time
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


def pass_second_factor(client, user) -> None:
    """Mark a signed-in test client's session as past the second factor, as the verification page does
    (django_otp.login): the user gets a confirmed TOTP device if they have none."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    from szansa.web.accounts.middleware import LAST_SEEN_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    # Seen now, as after a sign-in: the first request does not write the session (query-count tests).
    session[LAST_SEEN_KEY] = int(time.time())
    session.save()


@pytest.fixture(autouse=True)
def fresh_cache():
    """The API's rate limits count in the cache: every test starts with none used."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def force_login_passes_second_factor(monkeypatch):
    """Every page and API call needs the second factor (szansa.web.accounts.middleware). A test client's
    `force_login(user)` stands for a complete sign-in, so it passes the second factor too;
    `force_login(user, second_factor=False)` signs in with the password only (the enforcement tests in
    tests/web/test_sign_in.py)."""
    original = Client.force_login

    def force_login(self, user, backend=None, second_factor=True):
        original(self, user, backend)
        if second_factor:
            pass_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


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
