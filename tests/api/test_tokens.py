"""API tokens (issue 13): stored only as a digest, issued and revoked by their user or the
administrator, refused once expired or revoked; the OpenAPI security scheme; the API's rate limits."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from szansa.domain.accounts import tokens
from szansa.domain.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/persons/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def api_with(key):
    return APIClient(HTTP_AUTHORIZATION=f"Token {key}")


def test_a_token_issued_on_the_account_page_is_shown_once_and_stored_as_a_digest(cast, client_for):
    client = client_for(cast.pracownik)

    page = client.post(
        reverse("accounts:token_issue", args=[cast.pracownik.pk]), {"name": "Raporty", "days": 30}
    )

    assert page.status_code == 200
    token = ApiToken.objects.get(user=cast.pracownik)
    body = page.content.decode()
    key = body.split('<code class="secret">', 1)[1].split("</code>", 1)[0]
    assert key.startswith(token.prefix + ".")
    assert token.digest == tokens.digest(key) and key not in token.digest
    # 30 days from now, to the minute
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(
        minutes=1
    )
    assert api_with(key).get(LIST_URL).status_code == 200
    # The account page lists the token by its beginning, never the key again.
    again = client.get(reverse("accounts:account")).content.decode()
    assert token.prefix in again and key not in again


def test_an_expired_token_is_refused(cast):
    issued = tokens.issue(cast.pracownik, name="test", days=1)
    assert api_with(issued.key).get(LIST_URL).status_code == 200

    ApiToken.objects.filter(pk=issued.token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = api_with(issued.key).get(LIST_URL, **EN)

    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Invalid token."


def test_a_revoked_token_is_refused_and_only_its_user_or_the_administrator_may_revoke(cast, client_for):
    issued = tokens.issue(cast.pracownik, name="test")
    url = reverse("accounts:token_revoke", args=[issued.token.pk])

    assert client_for(cast.pracownik2).post(url).status_code == 403
    assert api_with(issued.key).get(LIST_URL).status_code == 200

    assert client_for(cast.pracownik).post(url).status_code == 302
    assert api_with(issued.key).get(LIST_URL).status_code in (401, 403)

    other = tokens.issue(cast.pracownik, name="second")
    assert (
        client_for(cast.admin).post(reverse("accounts:token_revoke", args=[other.token.pk])).status_code
        == 302
    )
    assert api_with(other.key).get(LIST_URL).status_code in (401, 403)


def test_the_administrator_issues_a_token_to_another_user_and_others_may_not(cast, client_for):
    url = reverse("accounts:token_issue", args=[cast.pracownik.pk])

    refused = client_for(cast.kierownik).post(url, {"name": "x", "days": 5})
    issued = client_for(cast.admin).post(url, {"name": "Integracja", "days": 5})

    assert refused.status_code == 403
    assert issued.status_code == 200
    token = ApiToken.objects.get(user=cast.pracownik)
    assert token.created_by == cast.admin and token.name == "Integracja"


def test_a_token_longer_than_allowed_is_refused_in_polish(cast, client_for, settings):
    response = client_for(cast.pracownik).post(
        reverse("accounts:token_issue", args=[cast.pracownik.pk]),
        {"name": "x", "days": settings.API_TOKEN_MAX_DAYS + 1},
    )

    assert response.status_code == 400
    assert "mniejsza lub równa" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_token_of_an_inactive_user_is_refused(cast):
    issued = tokens.issue(cast.pracownik, name="test")
    cast.pracownik.is_active = False
    cast.pracownik.save()

    assert api_with(issued.key).get(LIST_URL).status_code in (401, 403)


def test_the_schema_names_the_token_scheme(cast, client_for):
    schema = client_for(cast.admin).get("/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en").json()

    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "Authorization"}
    assert "expires" in scheme["description"]


def test_the_api_limits_requests_per_user_and_per_anonymous_address(cast, settings):
    settings.API_THROTTLE_RATES = {"anon": "2/hour", "user": "3/hour"}
    key = tokens.issue(cast.pracownik, name="test").key
    user = [api_with(key).get(LIST_URL).status_code for _ in range(4)]
    # Without credentials the person list is refused before any limit counts; the public schema is limited.
    anonymous = [APIClient().get("/api/schema/").status_code for _ in range(3)]

    assert user == [200, 200, 200, 429]
    assert anonymous == [200, 200, 429]
