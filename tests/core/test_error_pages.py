"""Szansa's own error pages (issue 16): 403, 404 and 500 in the layout and the language of the
interface, saying what happened and what to do."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse
from django.utils import translation

ENGLISH = {settings.LANGUAGE_COOKIE_NAME: "en"}

TEXTS = {
    403: {
        "pl": ["Brak uprawnień", "Twoja rola nie pozwala na tę czynność."],
        "en": ["Access denied", "Your role does not allow this action."],
    },
    404: {
        "pl": ["Nie znaleziono", "nie istnieje albo jest poza tym, co może widzieć Twoja rola"],
        "en": ["Not found", "does not exist, or it is outside what your role may see"],
    },
    500: {
        "pl": ["Błąd serwera", "Spróbuj ponownie za chwilę."],
        "en": ["Server error", "Try again in a moment."],
    },
}


def signed_in(user, language=None) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize("language", ["pl", "en"])
def test_403_is_szansas_page_with_the_menu(cast, language):
    # A coordinator sees the person but may not edit them.
    url = reverse("people:person_update", args=[cast.person_a.pk])
    response = signed_in(cast.koordynator, language if language == "en" else None).get(url)

    assert response.status_code == 403
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    for text in TEXTS[403][language]:
        assert text in content
    assert f'href="{reverse("people:person_list")}"' in content  # the menu of a signed-in user
    assert "403 Forbidden" not in content


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("where", ["no-such-page", "out-of-scope"])
def test_404_is_szansas_page_with_the_menu(cast, language, where):
    url = (
        "/no-such-page/"
        if where == "no-such-page"
        else reverse("people:person_detail", args=[cast.person_b.pk])  # another team's person
    )
    response = signed_in(cast.pracownik, language if language == "en" else None).get(url)

    assert response.status_code == 404
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    for text in TEXTS[404][language]:
        assert text in content
    assert f'href="{reverse("people:person_list")}"' in content
    assert cast.person_b.last_name not in content


def test_404_for_an_anonymous_visitor_has_no_menu_and_offers_signing_in(db):
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "Nie znaleziono" in content
    assert f'href="{reverse("people:person_list")}"' not in content
    assert f'href="{reverse("login")}"' in content


@pytest.mark.parametrize("language", ["pl", "en"])
def test_500_is_szansas_page_in_the_language_of_the_interface(cast, monkeypatch, language):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("szansa.web.home.views.scope_persons", broken)
    response = signed_in(cast.pracownik, language if language == "en" else None).get(reverse("core:home"))

    assert response.status_code == 500
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert "Szansa" in content
    for text in TEXTS[500][language]:
        assert text in content
    assert "boom" not in content


def test_500_renders_without_a_database_or_a_request_context():
    # No django_db mark: any query would fail the test.
    handler = get_resolver().resolve_error_handler(500)
    with translation.override("pl"):
        response = handler(RequestFactory().get("/"))

    assert response.status_code == 500
    for text in TEXTS[500]["pl"]:
        assert text in response.content.decode()
