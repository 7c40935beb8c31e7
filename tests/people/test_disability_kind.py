"""The kind of disability (cause symbols of the certificate, rozporządzenie w sprawie orzekania o
niepełnosprawności i stopniu niepełnosprawności, § 32) on a disability situation: the page field, the API
field, and what it means for the severe-disability effectiveness group (docs/indicators.md)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from szansa.domain.people import enums
from szansa.domain.people.models import Situation
from tests.factories import SituationFactory

pytestmark = pytest.mark.django_db


def test_the_page_records_the_causes_of_a_disability(cast, client_for):
    url = reverse("people:situation_create", args=[cast.person_a.pk])
    response = client_for(cast.kierownik).post(
        url,
        {
            "kind": "disability",
            "valid_from": "2024-01-01",
            "disability_degree": "moderate",
            "disability_causes": ["01-U", "05-R"],
        },
    )
    assert response.status_code == 302
    situation = Situation.objects.get(person=cast.person_a)
    assert situation.disability_causes == ["01-U", "05-R"]
    # 01-U is an intellectual disability; two causes are multiple disabilities.
    assert situation.is_intellectual_disability and situation.is_multiple_disability


def test_an_unknown_cause_is_refused_in_polish_and_the_form_keeps_the_typed_values(cast, client_for):
    url = reverse("people:situation_create", args=[cast.person_a.pk])
    response = client_for(cast.kierownik).post(
        url,
        {
            "kind": "disability",
            "valid_from": "2024-01-01",
            "disability_degree": "mild",
            "disability_causes": ["99-X"],
        },
        HTTP_ACCEPT_LANGUAGE="pl",
    )
    form = response.context["form"]
    assert "disability_causes" in form.errors
    assert "Wybierz poprawną wartość" in str(form.errors["disability_causes"])
    assert form["disability_degree"].value() == "mild"
    assert not Situation.objects.exists()


def test_causes_are_cleared_for_another_kind_of_situation(cast, client_for):
    client_for(cast.kierownik).post(
        reverse("people:situation_create", args=[cast.person_a.pk]),
        {
            "kind": "labour_market",
            "valid_from": "2024-01-01",
            "labour_status": "inactive",
            "disability_causes": ["01-U"],
        },
    )
    assert Situation.objects.get(person=cast.person_a).disability_causes == []


def test_a_clerk_without_health_access_is_not_offered_the_field(cast, client_for):
    response = client_for(cast.referent).get(reverse("people:person_detail", args=[cast.person_a.pk]))
    form = response.context.get("situation_form")
    assert form is None or "disability_causes" not in form.fields


def test_the_api_gives_the_causes_to_those_who_may_see_health_data(cast):
    SituationFactory(
        person=cast.person_a,
        kind=enums.SituationKind.DISABILITY,
        disability_degree=enums.DisabilityDegree.MILD,
        disability_causes=["02-P", "04-O"],
    )
    api = APIClient()
    api.force_login(cast.kierownik)
    body = api.get(f"/api/v1/persons/{cast.person_a.pk}/").json()
    [situation] = body["situations"]
    assert situation["disability_causes"] == ["02-P", "04-O"]
