"""The field app's server side (docs/offline.md): the service worker answered at /teren/sw.js with its scope
and the app shell, the manifest, the page for those who conduct interviews only, and the sign-out answer that
tells the browser to wipe what Szansa keeps on the device."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def shell_of(code: str) -> list[str]:
    return json.loads(re.search(r"^const SHELL = (\[.*\]);$", code, re.M).group(1))


def test_the_service_worker_is_javascript_with_the_scope_of_the_field_app():
    response = Client().get("/teren/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/teren/"
    code = response.content.decode()
    # The static worker's code follows the prelude the view writes.
    assert 'self.addEventListener("fetch"' in code
    assert re.search(r'^const CACHE = "szansa-teren-[0-9a-f]{16}";$', code, re.M)
    assert re.search(r'^const PAGE = "/teren/";$', code, re.M)


def test_the_shell_holds_the_page_its_files_and_the_vendored_idb_each_once_and_each_served(client):
    shell = shell_of(Client().get("/teren/sw.js").content.decode())

    assert shell[0] == "/teren/"
    assert "/teren/manifest.webmanifest" in shell
    assert "/static/vendor/idb/idb-8.0.4.js" in shell
    assert {"/static/js/field/app.js", "/static/js/field/store.js", "/static/css/szansa.css"} <= set(shell)
    assert len(shell) == len(set(shell))
    for url in shell:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url


def test_the_cache_name_changes_with_the_shell(settings):
    first = Client().get("/teren/sw.js").content.decode()
    settings.STATIC_URL = "/static-2/"
    second = Client().get("/teren/sw.js").content.decode()

    cache = re.compile(r'^const CACHE = "(.*)";$', re.M)
    assert cache.search(first).group(1) != cache.search(second).group(1)


def test_the_manifest_names_the_app_in_polish_with_the_field_scope():
    response = Client().get("/teren/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Szansa: wywiady w terenie"
    assert manifest["start_url"] == manifest["scope"] == "/teren/"
    assert manifest["display"] == "standalone"
    icon = manifest["icons"][0]["src"]
    assert finders.find(icon.removeprefix("/static/"))


def test_signing_out_tells_the_browser_to_clear_the_site_storage_and_cache(cast, client_for):
    client = client_for(cast.pracownik)

    response = client.post("/logout/")

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session


def test_the_field_page_answers_those_who_conduct_interviews_only(cast, client_for):
    answers = {
        name: client_for(getattr(cast, name)).get("/teren/").status_code
        for name in vars(cast)
        if name not in ("team_a", "team_b", "person_a", "person_b")
    }

    assert answers == {
        "admin": 403,
        "kierownik": 200,
        "koordynator": 403,
        "pracownik": 200,
        "pracownik2": 200,
        "specjalista": 403,
        "referent": 403,
        "audytor": 403,
    }
    anonymous = Client().get("/teren/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_the_field_page_has_no_inline_script_and_hands_its_texts_over_as_json(cast, client_for):
    response = client_for(cast.pracownik).get("/teren/")
    html = response.content.decode()

    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    # Every script is a file, except the texts: a JSON data block, which the browser never executes.
    inline = [(attrs, body) for attrs, body in scripts if body.strip()]
    assert [attrs.strip() for attrs, _ in inline] == ['id="field-texts" type="application/json"']
    texts = json.loads(inline[0][1])
    assert texts["applyConflict"] == "Zastosuj wybór i wyślij"
    assert 'rel="manifest" href="/teren/manifest.webmanifest"' in html
    assert "Pobierz wywiady na dziś" in html
    assert 'role="status"' in html
    assert f'data-user="{cast.pracownik.pk}"' in html
    assert "script-src 'self';" in response["Content-Security-Policy"]


def test_the_menu_links_the_field_app_for_social_workers_and_not_for_clerks(cast, client_for):
    assert 'href="/teren/"' in client_for(cast.pracownik).get("/").content.decode()
    assert 'href="/teren/"' in client_for(cast.kierownik).get("/").content.decode()
    assert 'href="/teren/"' not in client_for(cast.referent).get("/").content.decode()
