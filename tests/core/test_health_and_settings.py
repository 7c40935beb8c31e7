"""Health check, production settings, language and self-hosted assets."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from szansa import settings as project_settings

ROOT = Path(__file__).resolve().parents[2]
ASSET = re.compile(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', re.IGNORECASE)


@pytest.mark.django_db
def test_healthz_answers_200_with_a_database_check_without_login():
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"


def test_check_deploy_is_clean_with_debug_off():
    # A production-like environment: none of the relaxations the test runner sets for the test client.
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG", "TMPDIR"}}
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="example.org")

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_polish_is_the_default_language_with_warsaw_time_and_argon2_hashing():
    assert settings.LANGUAGE_CODE == "pl"
    assert [code for code, _name in settings.LANGUAGES] == ["pl", "en"]
    assert settings.TIME_ZONE == "Europe/Warsaw"
    assert settings.USE_TZ
    # The suite swaps in a fast hasher (tests/conftest.py); the project's own setting is Argon2.
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_the_login_page_renders_in_polish_by_default():
    response = Client().get("/login/")

    assert response.status_code == 200
    assert '<html lang="pl">' in response.content.decode()
    assert 'name="username"' in response.content.decode()
    assert 'name="password"' in response.content.decode()
    assert response["Content-Language"] == "pl"


@pytest.mark.django_db
def test_the_language_switch_changes_the_language_of_the_next_page():
    client = Client()

    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    page = client.get("/login/")

    assert switched.status_code == 302
    assert switched["Location"] == "/login/"
    assert '<html lang="en">' in page.content.decode()
    assert page["Content-Language"] == "en"


@pytest.mark.django_db
def test_the_page_header_offers_the_language_switch():
    page = Client().get("/login/").content.decode()

    assert 'action="/i18n/setlang/"' in page
    assert 'value="pl"' in page and 'value="en"' in page


def test_the_base_template_loads_no_asset_from_another_server():
    template = (ROOT / "szansa" / "web" / "templates" / "base.html").read_text(encoding="utf-8")

    assets = ASSET.findall(template)
    assert assets, "base.html should load its stylesheet and htmx"
    assert not [url for url in assets if "http" in url or url.startswith("//")]


@pytest.mark.django_db
def test_htmx_is_served_by_our_own_server():
    page = Client().get("/login/").content.decode()
    scripts = [url for url in ASSET.findall(page) if "htmx" in url]
    assert scripts, "the page should load htmx"
    assert all(url.startswith(settings.STATIC_URL) or url.startswith("/static/") for url in scripts)

    response = Client().get(scripts[0])

    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"htmx" in body
    assert len(body) > 10_000


@pytest.mark.django_db
def test_pages_speak_polish_to_an_english_browser_until_the_user_switches():
    client = Client()
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="pl"' in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    page = client.get("/login/", HTTP_ACCEPT_LANGUAGE="pl").content.decode()
    assert 'lang="en"' in page
