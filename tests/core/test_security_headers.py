"""Headers (issue 13): a strict Content-Security-Policy (no inline script or style, no eval) and the
other security headers on a page and an API answer with personal data, templates free of inline
script and style, and `manage.py check --deploy` clean with production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "szansa" / "web" / "templates"

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def assert_security_headers(response):
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_a_person_page_carries_the_security_headers(cast, client_for):
    response = client_for(cast.pracownik).get(cast.person_a.get_absolute_url())

    assert response.status_code == 200
    assert_security_headers(response)


def test_an_api_answer_with_a_person_carries_the_security_headers(cast, client_for):
    response = client_for(cast.pracownik).get(f"/api/v1/persons/{cast.person_a.pk}/")

    assert response.status_code == 200
    assert_security_headers(response)


def test_the_sign_in_page_has_the_policy_and_htmx_needs_no_eval(client):
    response = client.get("/login/")

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert '"allowEval": false' in response.content.decode()
    assert '"includeIndicatorStyles": false' in response.content.decode()


INLINE = [
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline script"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on* handler"),
    (re.compile(r"\shx-on", re.I), "hx-on"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_served_to_a_browser_holds_inline_script_or_style():
    """PDF templates (rendered by WeasyPrint, never served as HTML) and the self-contained 500 page
    (its own policy allows its inline styles) are left out."""
    found = []
    for path in TEMPLATES.rglob("*.html"):
        relative = path.relative_to(TEMPLATES)
        if "pdf" in relative.parts or relative.name == "500.html":
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{relative}: {what}" for pattern, what in INLINE if pattern.search(text)]
        if "<style" in text:
            found.append(f"{relative}: style element")
    assert not found


@pytest.mark.slow
def test_check_deploy_gives_no_warning_with_production_settings():
    skip = {"SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by the test runner, never in production
    env = {key: value for key, value in os.environ.items() if key not in skip}
    env.update(
        DEBUG="0",
        SECRET_KEY="production-like-" + "k3y-" * 16,
        ALLOWED_HOSTS="szansa.example.org",
        CSRF_TRUSTED_ORIGINS="https://szansa.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
