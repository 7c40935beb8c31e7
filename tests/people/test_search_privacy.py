"""No PESEL or name in a URL (issue 13): the person search and the household member search are POSTs
with a CSRF token, usable without JS; a GET ignores a search term; pages of results are posted too;
a duplicate PESEL is refused without repeating it, with a link to the file when the user may see it;
an import that clashes with a concurrent one reports no database text."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from szansa.domain.people import imports
from szansa.domain.people.models import Household
from tests.factories import PersonFactory

LIST = "people:person_list"


def test_the_search_form_posts_with_a_csrf_token_and_pushes_no_url(cast, client_for):
    page = client_for(cast.pracownik).get(reverse(LIST)).content.decode()
    form = re.search(r'<form [^>]*id="person-search"[^>]*>', page).group(0)
    assert 'method="post"' in form
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'hx-post="/osoby/"' in page and "hx-get" not in page and "hx-push-url" not in page


def test_a_posted_search_finds_by_pesel_and_a_get_ignores_the_term(cast, client_for):
    PersonFactory(last_name="Inna", responsible_worker=cast.pracownik)
    client = client_for(cast.pracownik)
    pesel = cast.person_a.pesel
    found = client.post(reverse(LIST), {"q": pesel})
    assert found.status_code == 200 and list(found.context["page"].object_list) == [cast.person_a]
    assert "<html" in found.content.decode()  # without JS: the whole page, the results in it
    by_url = client.get(reverse(LIST), {"q": pesel})
    assert by_url.context["page"].paginator.count == 2  # the term in a URL is not searched
    assert by_url.context["form"]["q"].value() in (None, "")


def test_the_search_needs_the_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.pracownik)
    assert client.post(reverse(LIST), {"q": cast.person_a.pesel}).status_code == 403
    page = client.get(reverse(LIST)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert (
        client.post(reverse(LIST), {"q": cast.person_a.pesel, "csrfmiddlewaretoken": token}).status_code
        == 200
    )


def test_the_pages_of_a_search_are_posted_with_the_term(cast, client_for):
    PersonFactory.create_batch(30, last_name="Kowalczyk", responsible_worker=cast.pracownik)
    client = client_for(cast.pracownik)
    first = client.post(reverse(LIST), {"q": "Kowalczyk"})
    content = first.content.decode()
    # the "next" control is a button of the search form, not a link with the term in its URL
    assert re.search(
        r'<button type="submit" class="link" form="person-search" name="page" value="2"', content
    )
    assert "?q=" not in content and "page=2" not in content
    second = client.post(reverse(LIST), {"q": "Kowalczyk", "page": "2"})
    assert len(second.context["page"].object_list) == 5  # 30 found: 25 on page 1, 5 on page 2


def test_the_household_member_search_is_a_post(cast, client_for):
    client = client_for(cast.pracownik)
    client.post(reverse("people:household_create", args=[cast.person_a.pk]), {})
    household = Household.objects.get()
    partner = PersonFactory(last_name="Partnerska", responsible_worker=cast.pracownik)
    url = reverse("people:household_add_member", args=[household.pk])
    page = client.get(url).content.decode()
    assert re.search(r'<form method="post" class="inline-form" role="search">', page)
    assert client.get(url, {"q": partner.pesel}).context["candidates"] == []
    found = client.post(url, {"q": partner.pesel, "search": "1"})
    assert found.context["candidates"] == [partner] and not found.context["form"].errors
    partner.refresh_from_db()
    assert partner.household is None  # searching adds nobody


@pytest.mark.parametrize("visible", [True, False])
def test_a_duplicate_pesel_is_refused_without_repeating_it(cast, client_for, visible):
    existing = cast.person_a if visible else cast.person_b  # person_b: the other team's
    response = client_for(cast.pracownik).post(
        reverse("people:person_create"),
        {
            "first_name": "Jan",
            "last_name": "Nowy",
            "pesel": existing.pesel,
            "building_number": "1",
            "postal_code": "34-120",
            "town": "Andrychów",
            "gmina": "Andrychów",
            "powiat": "wadowicki",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["pesel"]
    assert errors == ["Osoba z tym numerem PESEL jest już w rejestrze."]
    assert all(existing.pesel not in error for error in errors)
    content = response.content.decode()
    link = f'<a href="{existing.get_absolute_url()}">'
    assert (link in content) is visible  # a link to the file only for one who may open it


def test_a_clash_with_a_concurrent_import_is_reported_without_the_database_text():
    message = imports.concurrent_save_message()
    assert not re.search(r"\d{11}", message) and "Key (" not in message
