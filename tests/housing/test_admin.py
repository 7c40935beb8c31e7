"""The admin keeps the reference data and apartments; stays, visits and statements are shown read-only
and never deleted there."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.urls import reverse

from szansa.domain.housing import enums, models, services
from tests.factories import IncomeRecordFactory, UserFactory
from tests.factories.housing import refer

D = datetime.date


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def records(cast, places, resident, carer):
    stay = refer(cast.admin, resident, places[0], D(2024, 1, 1), D(2024, 12, 31))
    visit = services.visit_log(
        actor=carer,
        visit=models.Visit(
            stay=stay, specialist=carer, kind=enums.SupportKind.CARER, date=D(2024, 2, 1), duration_minutes=30
        ),
    )
    IncomeRecordFactory(person=resident, month=D(2024, 3, 1), net_amount=Decimal("1000.00"))
    statement = services.statement_generate(actor=cast.admin, stay=stay, month=D(2024, 3, 1))
    return stay, visit, statement


@pytest.mark.parametrize("model", [models.Stay, models.Visit, models.MonthlyStatement, models.FeeExemption])
def test_stays_visits_and_fees_cannot_be_deleted_added_or_changed_in_the_admin(superuser, model):
    request = RequestFactory().get("/")
    request.user = superuser
    model_admin = site._registry[model]
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert model_admin.has_view_permission(request)


def test_the_admin_lists_the_housing_records(client, superuser, records, apartment):
    client.force_login(superuser)
    for model in (models.Apartment, models.Stay, models.Visit, models.MonthlyStatement, models.FeeTable):
        url = reverse(f"admin:housing_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, model
    stay, _, _ = records
    assert client.get(reverse("admin:housing_stay_change", args=[stay.pk])).status_code == 200
    assert client.get(reverse("admin:housing_apartment_change", args=[apartment.pk])).status_code == 200
    assert (
        client.post(reverse("admin:housing_stay_delete", args=[stay.pk]), {"post": "yes"}).status_code == 403
    )
    assert models.Stay.objects.filter(pk=stay.pk).exists()
