"""The API's one exception handler (szansa.api.errors): the domain's refusals and Django's errors
answered in the API's error format, byte for byte as the API has always answered them."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from szansa.domain.work import services
from szansa.lib.errors import ServiceError

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _answer(error, **attributes):
    """What a view that raises `error` answers (status, body bytes)."""

    class Raising(APIView):
        authentication_classes = []
        permission_classes = []

        def get(self, request):
            raise error

    for name, value in attributes.items():
        setattr(Raising, name, value)
    with translation.override("en"):
        response = Raising.as_view()(APIRequestFactory().get("/"))
        response.render()
    return response.status_code, response.content


# --- each mapping, on a bare view ---------------------------------------------------------------------------


def test_a_service_error_by_field_keeps_the_field_keys():
    error = ServiceError({"amount": "Too much.", NON_FIELD_ERRORS: "Not now.", "on": ["Late.", "Sunday."]})

    assert _answer(error) == (
        400,
        b'{"amount":["Too much."],"non_field_errors":["Not now."],"on":["Late.","Sunday."]}',
    )


def test_a_service_error_without_a_field_answers_under_non_field_errors():
    assert _answer(ServiceError("Not now.", code="late")) == (400, b'{"non_field_errors":["Not now."]}')
    assert _answer(DjangoValidationError(["One.", "Two."])) == (400, b'{"non_field_errors":["One.","Two."]}')


def test_a_view_names_the_field_of_a_refusal_by_its_code():
    error = ServiceError("The place is taken.", code="place_taken")

    assert _answer(error, error_fields={"place_taken": "place"}) == (
        400,
        b'{"place":["The place is taken."]}',
    )
    assert _answer(error, error_fields={"other": "place"}) == (
        400,
        b'{"non_field_errors":["The place is taken."]}',
    )


def test_a_refusal_answers_403_with_its_message_or_the_generic_one():
    generic = b'{"detail":"You do not have permission to perform this action."}'

    assert _answer(PermissionDenied("You may not do this.")) == (403, b'{"detail":"You may not do this."}')
    assert _answer(PermissionDenied()) == (403, generic)


def test_not_found_answers_404_with_its_message_or_the_generic_one():
    assert _answer(Http404()) == (404, b'{"detail":"Not found."}')
    assert _answer(Http404("No Person matches the given query.")) == (
        404,
        b'{"detail":"No Person matches the given query."}',
    )


# --- through the endpoints ----------------------------------------------------------------------------------


@pytest.fixture
def task(cast):
    return services.task_create(actor=cast.kierownik, kind="payment_order", person=cast.person_a)


def _reassign(client, task, body):
    return client.post(f"/api/v1/tasks/{task.pk}/reassign/", body, content_type="application/json", **EN)


def test_the_endpoints_answer_the_services_refusals(cast, client_for, task):
    refused = _reassign(client_for(cast.referent), task, {"assignee": cast.referent.pk})
    assert (refused.status_code, refused.content) == (
        403,
        b'{"detail":"You may not do this with this task."}',
    )

    manager = client_for(cast.kierownik)
    by_field = _reassign(manager, task, {"assignee": cast.audytor.pk})
    assert (by_field.status_code, by_field.content) == (
        400,
        b'{"assignee":["This user cannot work on tasks."]}',
    )

    services.task_complete(actor=cast.kierownik, task=task, minutes=5)
    closed = _reassign(manager, task, {"assignee": None})
    assert (closed.status_code, closed.content) == (
        400,
        b'{"non_field_errors":["Only an open task can be reassigned."]}',
    )


def test_a_selector_not_finding_the_object_answers_404(cast, client_for):
    for url in ("/api/v1/support/plans/999999/", "/api/v1/persons/999999/", "/api/v1/applications/999999/"):
        response = client_for(cast.kierownik).get(url, **EN)
        assert (response.status_code, response.content) == (404, b'{"detail":"Not found."}'), url
    ranking = client_for(cast.kierownik).get("/api/v1/projects/999999/ranking/", **EN)
    assert (ranking.status_code, ranking.content) == (
        404,
        b'{"detail":"No Project matches the given query."}',
    )


def test_an_api_path_no_route_matches_answers_json_404(cast, client_for):
    """A negative id does not match an `<int:pk>` route: the API's JSON error, not the HTML page (issue 13,
    found by schemathesis)."""
    response = client_for(cast.admin).get("/api/v1/projects/-1/indicators/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_a_page_past_the_end_is_a_documented_404(cast, client_for):
    response = client_for(cast.admin).get("/api/v1/persons/", {"page": 999})
    assert response.status_code == 404 and set(response.json()) == {"detail"}


def test_a_nul_byte_in_text_is_refused_not_a_server_error(cast, client_for):
    """PostgreSQL cannot store a NUL byte in text: a JSON body with a NUL anywhere is refused with 400 by the
    API's parser (szansa/api/parsers.py), before any field or lookup sees it, and a NUL in a query answers
    no 5xx (issue 13)."""
    client = client_for(cast.admin)
    response = client.patch(
        f"/api/v1/persons/{cast.person_a.pk}/",
        {"first_name": "An\x00na", "street": "Długa\x00"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Text may not contain NUL characters."
    cast.person_a.refresh_from_db()
    assert "\x00" not in cast.person_a.first_name
    for query in ({"search": "a\x00b"}, {"q": "\x00"}, {"gmina": "x\x00"}):
        assert client.get("/api/v1/persons/", query).status_code < 500
