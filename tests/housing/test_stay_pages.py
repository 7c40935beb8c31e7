"""Stay pages: referral, extension, end, detail, visits, payments and statements, through the services;
errors next to the fields with the input kept; out of scope 404, visible but not allowed 403."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse

from szansa.domain.housing import enums, services
from szansa.domain.housing.models import MonthlyStatement, Stay, SupportPlan, Visit
from tests.factories import IncomeRecordFactory, PersonFactory
from tests.factories.housing import refer

D = datetime.date


def _client(client_for, user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _referral(person, place, **extra):
    data = {
        "person": person.pk,
        "place": place.pk,
        "referred_by": "Kierownik OPS w Andrychowie",
        "decision_number": "OPS.8311.7.2024",
        "decision_date": "2024-01-02",
        "planned_start": "2024-01-15",
        "planned_end": "2024-12-31",
    }
    data.update(extra)
    return data


@pytest.fixture
def stay(cast, places, resident):
    return refer(cast.pracownik, resident, places[0], D(2024, 1, 1), D(2024, 12, 31))


def _access_entries(person):
    return LogEntry.objects.filter(
        object_pk=str(person.pk), action=LogEntry.Action.ACCESS, content_type__model="person"
    )


def test_a_social_worker_refers_a_resident_of_their_team_to_a_place(cast, client_for, places, resident):
    client = _client(client_for, cast.pracownik)
    url = reverse("housing:stay_create", args=[places[1].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _referral(resident, places[1]))
    stay = Stay.objects.get(person=resident)
    assert response.status_code == 302 and response["Location"] == stay.get_absolute_url()
    assert (stay.place, stay.occupied_from, stay.occupied_to) == (places[1], D(2024, 1, 15), D(2024, 12, 31))


def test_an_overlapping_referral_is_refused_next_to_the_place_and_the_input_is_kept(
    cast, client_for, places, stay
):
    client = _client(client_for, cast.kierownik)
    newcomer = PersonFactory(responsible_worker=cast.pracownik)
    response = client.post(
        reverse("housing:stay_create", args=[places[0].pk]),
        _referral(newcomer, places[0], decision_number="OPS.8311.99.2024"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["place"] == [f"The place {places[0]} is taken from 01.01.2024 to 31.12.2024."]
    assert 'value="OPS.8311.99.2024"' in response.content.decode()
    assert not Stay.objects.filter(person=newcomer).exists()


def test_a_social_worker_cannot_refer_someone_of_another_team(cast, client_for, places):
    response = _client(client_for, cast.pracownik).post(
        reverse("housing:stay_create", args=[places[1].pk]), _referral(cast.person_b, places[1])
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert not Stay.objects.filter(person=cast.person_b).exists()


def test_the_auditor_may_not_refer_and_a_place_out_of_scope_is_not_found(
    cast, client_for, places, other_specialist
):
    url = reverse("housing:stay_create", args=[places[0].pk])
    assert _client(client_for, cast.audytor).get(url).status_code == 403
    assert _client(client_for, other_specialist).get(url).status_code == 404


def test_an_extension_records_the_new_decision_and_moves_the_planned_end(cast, client_for, stay):
    client = _client(client_for, cast.pracownik)
    url = reverse("housing:stay_extend", args=[stay.pk])
    response = client.post(
        url,
        {
            "decision_number": "OPS.8311.7.2025",
            "decision_date": "2024-12-01",
            "new_planned_end": "2025-06-30",
        },
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.occupied_to == D(2025, 6, 30)
    extension = stay.extensions.get()
    assert (extension.decision_number, extension.decision_date) == ("OPS.8311.7.2025", D(2024, 12, 1))
    page = client.get(stay.get_absolute_url()).content.decode()
    assert "OPS.8311.7.2025" in page and "30 Jun 2025" in page


def test_an_extension_that_does_not_move_the_end_is_refused_next_to_the_date(cast, client_for, stay):
    response = _client(client_for, cast.pracownik).post(
        reverse("housing:stay_extend", args=[stay.pk]),
        {"decision_number": "X/1", "decision_date": "2024-12-01", "new_planned_end": "2024-11-30"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_planned_end"] == [
        "The new planned end must come after 31.12.2024."
    ]
    assert not stay.extensions.exists()


def test_ending_a_stay_records_the_actual_end_and_the_reason(cast, client_for, stay):
    response = _client(client_for, cast.pracownik).post(
        reverse("housing:stay_end", args=[stay.pk]),
        {"on": "2024-08-31", "reason": enums.EndReason.INDEPENDENT_LIVING, "note": "własne mieszkanie"},
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.actual_end, stay.end_reason, stay.occupied_to) == (
        D(2024, 8, 31),
        enums.EndReason.INDEPENDENT_LIVING,
        D(2024, 8, 31),
    )


def test_an_end_before_the_start_is_refused_next_to_the_date(cast, client_for, stay):
    response = _client(client_for, cast.pracownik).post(
        reverse("housing:stay_end", args=[stay.pk]), {"on": "2023-12-01", "reason": enums.EndReason.OTHER}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["on"]
    stay.refresh_from_db()
    assert stay.actual_end is None


def test_the_clerk_may_read_a_stay_but_not_extend_it_and_another_team_does_not_find_it(
    cast, client_for, stay
):
    assert (
        _client(client_for, cast.referent).get(reverse("housing:stay_extend", args=[stay.pk])).status_code
        == 403
    )
    assert _client(client_for, cast.pracownik2).get(stay.get_absolute_url()).status_code == 404


def test_the_stay_page_is_access_logged_and_shows_the_clerk_fees_but_not_visits(
    cast, client_for, stay, carer
):
    services.visit_log(
        actor=carer,
        visit=Visit(
            stay=stay, specialist=carer, kind=enums.SupportKind.CARER, date=D(2024, 2, 3), duration_minutes=90
        ),
    )
    IncomeRecordFactory(person=stay.person, month=D(2024, 3, 1), net_amount=Decimal("1000.00"))
    services.statement_generate(actor=cast.referent, stay=stay, month=D(2024, 3, 1))
    before = _access_entries(stay.person).count()
    clerk_page = _client(client_for, cast.referent).get(stay.get_absolute_url()).content.decode()
    assert _access_entries(stay.person).count() == before + 1
    entry = _access_entries(stay.person).latest("timestamp")
    assert entry.actor == cast.referent
    assert entry.additional_data == {
        "route": "housing:stay_detail",
        "what": f"stay {stay.pk}",
        "person_id": stay.person.pk,
    }
    assert 'id="statements"' in clerk_page and "100.00 zł" in clerk_page
    assert 'id="visits"' not in clerk_page
    carer_page = _client(client_for, carer).get(stay.get_absolute_url()).content.decode()
    assert 'id="visit-months"' in carer_page and "02.2024" in carer_page and "carer" in carer_page
    assert 'id="fees"' not in carer_page


def test_a_carer_logs_a_visit_and_a_day_they_did_not_serve_is_refused_next_to_the_date(
    cast, client_for, stay, carer
):
    from szansa.domain.housing.models import ApartmentStaff

    client = _client(client_for, carer)
    url = reverse("housing:visit_create", args=[stay.pk])
    data = {
        "kind": enums.SupportKind.CARER,
        "date": "2024-02-03",
        "duration_minutes": "45",
        "notes": "zakupy",
    }
    assert client.post(url, data).status_code == 302
    visit = Visit.objects.get(stay=stay)
    assert (visit.specialist, visit.duration_minutes) == (carer, 45)
    ApartmentStaff.objects.filter(user=carer).update(valid_to=D(2024, 3, 31))
    response = client.post(url, {**data, "date": "2024-04-02"})
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == ["You did not serve this flat on 02.04.2024."]
    assert Visit.objects.filter(stay=stay).count() == 1


def test_a_carer_of_another_flat_does_not_find_the_stay(cast, client_for, stay, other_specialist):
    assert (
        _client(client_for, other_specialist).get(reverse("housing:visit_create", args=[stay.pk])).status_code
        == 404
    )


def test_the_clerk_generates_statements_and_records_a_payment_leaving_arrears(cast, client_for, stay):
    IncomeRecordFactory(person=stay.person, month=D(2024, 3, 1), net_amount=Decimal("1000.00"))
    client = _client(client_for, cast.referent)
    response = client.post(reverse("housing:statements_create", args=[stay.pk]), {"until": "2024-03-20"})
    assert response.status_code == 302
    march = MonthlyStatement.objects.get(stay=stay, month=D(2024, 3, 1))
    assert march.fee_due == Decimal("100.00")
    assert MonthlyStatement.objects.filter(stay=stay).count() == 3
    response = client.post(
        reverse("housing:payment_create", args=[stay.pk]),
        {"statement": march.pk, "amount": "60.00", "on": "2024-04-10"},
    )
    assert response.status_code == 302
    page = client.get(stay.get_absolute_url()).content.decode()
    assert 'id="arrears">40.00 zł' in page


def test_a_payment_of_zero_is_refused_next_to_the_amount(cast, client_for, stay):
    IncomeRecordFactory(person=stay.person, month=D(2024, 3, 1), net_amount=Decimal("1000.00"))
    march = services.statement_generate(actor=cast.referent, stay=stay, month=D(2024, 3, 1))
    response = _client(client_for, cast.referent).post(
        reverse("housing:payment_create", args=[stay.pk]),
        {"statement": march.pk, "amount": "0", "on": "2024-04-10"},
    )
    assert response.status_code == 200 and response.context["form"].errors["amount"]


def test_the_social_worker_may_not_record_payments(cast, client_for, stay):
    assert (
        _client(client_for, cast.pracownik).get(reverse("housing:payment_create", args=[stay.pk])).status_code
        == 403
    )


def test_the_board_and_the_apartment_page_link_to_the_stay_and_the_referral(
    cast, client_for, apartment, places
):
    today = datetime.date.today()
    stay = refer(
        cast.admin,
        cast.person_a,
        places[0],
        today - datetime.timedelta(days=20),
        today + datetime.timedelta(days=200),
    )
    client = _client(client_for, cast.kierownik)
    board = client.get(reverse("housing:occupancy_board")).content.decode()
    assert stay.get_absolute_url() in board
    page = client.get(reverse("housing:apartment_detail", args=[apartment.pk])).content.decode()
    assert stay.get_absolute_url() in page
    assert reverse("housing:stay_create", args=[places[1].pk]) in page


def test_the_social_worker_draws_up_and_edits_the_support_plan_with_hours(cast, client_for, stay):
    client = _client(client_for, cast.pracownik)
    url = reverse("housing:support_plan_edit", args=[stay.pk])
    refused = client.post(url, {"drawn_up_on": "2024-01-20", "goals": "", "hours_psychologist": "-1"})
    assert refused.status_code == 200
    assert not SupportPlan.objects.filter(stay=stay).exists()
    response = client.post(
        url,
        {
            "drawn_up_on": "2024-01-20",
            "goals": "Samodzielne gotowanie",
            "hours_psychologist": "4",
            "hours_carer": "20",
        },
    )
    assert response.status_code == 302
    plan = SupportPlan.objects.get(stay=stay)
    assert {item.kind: item.hours_per_month for item in plan.items.all()} == {
        "psychologist": Decimal("4.0"),
        "carer": Decimal("20.0"),
    }
    client.post(url, {"drawn_up_on": "2024-01-20", "goals": "Samodzielne gotowanie", "hours_carer": "10"})
    assert {item.kind: item.hours_per_month for item in plan.items.all()} == {"carer": Decimal("10.0")}
    assert "Samodzielne gotowanie" in client.get(stay.get_absolute_url()).content.decode()


def test_the_auditor_may_not_change_the_support_plan(cast, client_for, stay):
    url = reverse("housing:support_plan_edit", args=[stay.pk])
    assert _client(client_for, cast.audytor).post(url, {"goals": "x"}).status_code == 403
