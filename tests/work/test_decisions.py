"""Decisions (docs/social-work.md#decision): the register number, delivery and the appeal deadline
counted from it, finality, immediate enforceability of a decision granting in full, the register page,
the PDF and the API. Every expected date is worked out by hand in the comment beside it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from szansa.domain.work import decisions as rules
from szansa.domain.work import services
from szansa.domain.work.models import Decision
from szansa.lib.pdf import pdf_text
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _issued(cast, *, outcome="grant", person=None, issued_on=None, document=None):
    """A case of `person` (default person_a) taken to an issued decision through the case's steps."""
    case = services.case_open(
        actor=cast.referent,
        person=person or cast.person_a,
        benefit="zasiłek celowy",
        opened_on=D(2025, 4, 14),
    )
    services.case_record_interview(actor=cast.pracownik, case=case, on=D(2025, 4, 22))
    services.case_propose_support(actor=cast.pracownik, case=case, proposal="Zakup opału.", on=D(2025, 4, 23))
    services.case_draft_decision(
        actor=cast.referent, case=case, outcome=outcome, on=D(2025, 4, 24), document=document
    )
    services.case_approve_decision(actor=cast.kierownik, case=case, on=D(2025, 4, 25))
    services.case_issue_decision(actor=cast.referent, case=case, on=issued_on or D(2025, 4, 30))
    case.refresh_from_db()
    return case


# --- the rules -----------------------------------------------------------------------------------------


def test_deemed_delivery_by_post_and_the_appeal_deadline_across_a_weekend_and_a_holiday():
    # First notice on Saturday 5 April 2025: the letter waits 14 days, delivery is deemed made as the
    # 14th day ends: 5 + 14 = 19 April (art. 44 § 4 KPA).
    day, deemed = rules.delivery_date("post", delivered_on=None, notice_on=D(2025, 4, 5))
    assert (day, deemed) == (D(2025, 4, 19), True)
    # 19 April + 14 days = 3 May: a Saturday and the 3 May holiday; 4 May is a Sunday, so the appeal
    # deadline moves to Monday 5 May (art. 57 § 4 KPA).
    assert rules.appeal_deadline(day) == D(2025, 5, 5)


def test_a_receipt_date_wins_over_the_notice():
    assert rules.delivery_date("post", delivered_on=D(2025, 4, 10), notice_on=D(2025, 4, 5)) == (
        D(2025, 4, 10),
        False,
    )


def test_electronic_delivery_before_christmas():
    # Confirmed on Thursday 11 December 2025 + 14 days = 25 December (Christmas), 26 December (holiday),
    # 27-28 December (weekend): the deadline is Monday 29 December.
    day, deemed = rules.delivery_date("electronic", delivered_on=D(2025, 12, 11), notice_on=None)
    assert (day, deemed) == (D(2025, 12, 11), False)
    assert rules.appeal_deadline(day) == D(2025, 12, 29)


def test_a_delivery_in_person_needs_its_day():
    assert rules.delivery_date("in_person", delivered_on=None, notice_on=D(2025, 4, 5)) == (None, False)


def test_finality_and_enforceability():
    deadline = D(2025, 5, 14)
    # No appeal: final the day after the deadline.
    assert rules.final_on(appeal_deadline=deadline, appeal_lodged_on=None, appeal_waived_on=None) == D(
        2025, 5, 15
    )
    # Waived on 5 May: final that day (art. 127a § 2 KPA).
    assert rules.final_on(
        appeal_deadline=deadline, appeal_lodged_on=None, appeal_waived_on=D(2025, 5, 5)
    ) == D(2025, 5, 5)
    # Appealed: not final.
    assert (
        rules.final_on(appeal_deadline=deadline, appeal_lodged_on=D(2025, 5, 6), appeal_waived_on=None)
        is None
    )
    # Granted in full: enforceable at delivery (art. 130 § 4); in part or refused: once final.
    assert rules.enforceable_from(outcome="grant", delivered_on=D(2025, 4, 30), final=None) == D(2025, 4, 30)
    assert rules.enforceable_from(outcome="partial", delivered_on=D(2025, 4, 30), final=D(2025, 5, 15)) == D(
        2025, 5, 15
    )


# --- the register ---------------------------------------------------------------------------------------


def test_numbers_follow_the_register_of_each_year(cast, settings):
    settings.DECISION_NUMBER_PREFIX = "OPS.8311"
    first = _issued(cast).decisions.get()
    second = _issued(cast, person=cast.person_a).decisions.get()
    next_year = _issued(cast, issued_on=D(2026, 1, 2)).decisions.get()
    assert [first.number, second.number, next_year.number] == [
        "OPS.8311.1.2025",
        "OPS.8311.2.2025",
        "OPS.8311.1.2026",
    ]


def test_the_draft_is_prefilled_from_the_case_and_keeps_the_clerks_text(cast):
    case = _issued(cast, document={"justification_law": "Art. 39 ust. 1 ustawy o pomocy społecznej."})
    decision = case.decisions.get()
    assert cast.person_a.full_name in decision.parties
    assert "zasiłek celowy" in decision.operative_part
    assert decision.justification_facts == "Zakup opału."
    assert decision.justification_law == "Art. 39 ust. 1 ustawy o pomocy społecznej."
    assert "14 dni od dnia jej doręczenia" in decision.appeal_instruction
    # Granting in full, the instruction says it is enforceable at once.
    assert "art. 130 § 4" in decision.appeal_instruction
    assert (decision.drafted_by, decision.approved_by, decision.issued_on) == (
        cast.referent,
        cast.kierownik,
        D(2025, 4, 30),
    )


def test_an_approved_draft_can_no_longer_be_edited(cast):
    decision = _issued(cast).decisions.get()
    with pytest.raises(ValidationError):
        services.decision_update(
            actor=cast.referent, decision=decision, outcome="grant", document={"place": "X"}
        )


def test_a_social_worker_may_not_edit_the_draft(cast):
    case = services.case_open(
        actor=cast.referent, person=cast.person_a, benefit="zasiłek", opened_on=D(2025, 4, 14)
    )
    services.case_record_interview(actor=cast.pracownik, case=case, on=D(2025, 4, 22))
    services.case_propose_support(actor=cast.pracownik, case=case, proposal="x", on=D(2025, 4, 23))
    services.case_draft_decision(actor=cast.referent, case=case, outcome="refuse", on=D(2025, 4, 24))
    decision = case.decisions.get()
    with pytest.raises(PermissionDenied):
        services.decision_update(actor=cast.pracownik, decision=decision, outcome="grant", document={})
    services.decision_update(
        actor=cast.referent, decision=decision, outcome="partial", document={"place": "Wadowice"}
    )
    decision.refresh_from_db()
    case.refresh_from_db()
    assert (decision.outcome, decision.place, case.decision_outcome) == ("partial", "Wadowice", "partial")


# --- delivery, appeal, closing ---------------------------------------------------------------------------


def test_deemed_delivery_sets_the_appeal_deadline_of_the_case(cast):
    case = _issued(cast, outcome="refuse", issued_on=D(2025, 4, 4))
    services.case_record_delivery(
        actor=cast.referent, case=case, method="post", notice_on=D(2025, 4, 5), today=D(2025, 4, 25)
    )
    case.refresh_from_db()
    decision = case.decisions.get()
    # As in the rule test: deemed 19 April, deadline Monday 5 May.
    assert (decision.delivered_on, decision.deemed_delivery, decision.appeal_deadline) == (
        D(2025, 4, 19),
        True,
        D(2025, 5, 5),
    )
    assert case.appeal_deadline == D(2025, 5, 5)
    assert case.tasks.get(kind__code="appeal_watch").due_on == D(2025, 5, 5)
    # A refusal is executed only once final, and creates no payment order.
    assert decision.enforceable_from is None
    assert not case.tasks.filter(kind__code="payment_order").exists()
    with pytest.raises(ValidationError):
        services.case_close(actor=cast.referent, case=case, on=D(2025, 5, 5))
    assert services.case_close(actor=cast.referent, case=case, on=D(2025, 5, 6)) is None
    decision.refresh_from_db()
    assert decision.final_on == D(2025, 5, 6) == decision.enforceable_from


def test_a_deemed_delivery_cannot_be_recorded_before_the_14_days_pass(cast):
    case = _issued(cast, issued_on=D(2025, 4, 4))
    with pytest.raises(ValidationError) as refused:
        services.case_record_delivery(
            actor=cast.referent, case=case, method="post", notice_on=D(2025, 4, 5), today=D(2025, 4, 18)
        )
    assert refused.value.error_dict["notice_on"][0].code == "not_yet_deemed"


@pytest.mark.parametrize(
    ("delivered_on", "code"), [(D(2025, 4, 29), "before_issue"), (D(2025, 5, 2), "future")]
)
def test_a_delivery_day_before_issue_or_in_the_future_is_refused(cast, delivered_on, code):
    case = _issued(cast)
    with pytest.raises(ValidationError) as refused:
        services.case_record_delivery(
            actor=cast.referent, case=case, method="in_person", delivered_on=delivered_on, today=D(2025, 5, 1)
        )
    assert refused.value.error_dict["delivered_on"][0].code == code


def test_only_the_clerk_watching_the_appeal_records_the_delivery(cast):
    case = _issued(cast)
    with pytest.raises(PermissionDenied):
        services.case_record_delivery(
            actor=cast.pracownik,
            case=case,
            method="in_person",
            delivered_on=D(2025, 4, 30),
            today=D(2025, 4, 30),
        )


def test_a_partial_grant_waits_for_finality_and_a_waiver_makes_it_final(cast):
    case = _issued(cast, outcome="partial")
    services.case_record_delivery(
        actor=cast.referent, case=case, method="in_person", delivered_on=D(2025, 4, 30), today=D(2025, 4, 30)
    )
    assert not case.tasks.filter(kind__code="payment_order").exists()
    services.case_waive_appeal(actor=cast.referent, case=case, on=D(2025, 5, 2))
    decision = case.decisions.get()
    assert (decision.final_on, decision.enforceable_from) == (D(2025, 5, 2), D(2025, 5, 2))
    # Final on the waiver day: the case may be closed that day, before the 14 May deadline.
    payment = services.case_close(actor=cast.referent, case=case, on=D(2025, 5, 2))
    assert payment.kind.code == "payment_order"


def test_an_appealed_decision_does_not_close_the_case(cast):
    case = _issued(cast)
    services.case_record_delivery(
        actor=cast.referent, case=case, method="in_person", delivered_on=D(2025, 4, 30), today=D(2025, 4, 30)
    )
    services.case_record_appeal(actor=cast.referent, case=case, on=D(2025, 5, 7))
    with pytest.raises(ValidationError) as refused:
        services.case_close(actor=cast.referent, case=case, on=D(2025, 5, 20))
    assert refused.value.code == "appealed"
    assert case.decisions.get().stage == "appealed"


# --- pages, PDF, API -------------------------------------------------------------------------------------


def test_the_register_page_filters_by_party_without_diacritics_and_by_stage(cast, client_for):
    wanted = PersonFactory(first_name="Żaneta", last_name="Białczyk", responsible_worker=cast.pracownik)
    _issued(cast, person=wanted)
    _issued(cast)
    client = client_for(cast.referent)
    page = client.get(reverse("work:decision_list"), {"q": "bialczyk"}).content.decode()
    assert "Białczyk" in page and cast.person_a.last_name not in page
    page = client.get(reverse("work:decision_list"), {"stage": "delivered"}).content.decode()
    assert "Żadna decyzja nie spełnia tych warunków." in page


def test_the_case_page_records_a_delivery_and_explains_a_missing_day(cast, client_for):
    case = _issued(cast)
    client = client_for(cast.referent)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Zapisz doręczenie" in page
    answer = client.post(reverse("work:case_delivery", args=[case.pk]), {"method": "post"}, follow=True)
    assert "Podaj dzień doręczenia albo dzień pozostawienia pierwszego awizo." in answer.content.decode()
    client.post(
        reverse("work:case_delivery", args=[case.pk]), {"method": "in_person", "delivered_on": "2025-04-30"}
    )
    decision = Decision.objects.get(case=case)
    assert (decision.delivered_on, decision.appeal_deadline) == (D(2025, 4, 30), D(2025, 5, 14))


def test_the_pdf_reads_as_the_decision(cast, client_for):
    case = _issued(cast)
    decision = case.decisions.get()
    response = client_for(cast.referent).get(reverse("work:decision_pdf", args=[decision.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "DECYZJA",
        decision.number,
        "orzekam",
        cast.person_a.full_name,
        "Pouczenie",
        "Otrzymują",
    ):
        assert expected in text, expected


def test_a_social_worker_of_another_team_does_not_see_the_decision(cast, client_for):
    decision = _issued(cast).decisions.get()
    assert client_for(cast.pracownik2).get(decision.get_absolute_url()).status_code == 404


def test_the_api_lists_filters_and_records_a_delivery(cast, client_for):
    decision = _issued(cast).decisions.get()
    client = client_for(cast.referent)
    listed = client.get("/api/v1/decisions/", {"stage": "issued"}).json()
    assert [row["number"] for row in listed["results"]] == [decision.number]
    assert client.get("/api/v1/decisions/", {"stage": "final"}).json()["results"] == []
    answer = client.post(
        f"/api/v1/decisions/{decision.pk}/deliver/",
        {"delivery_method": "in_person", "delivered_on": "2025-04-30"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert {
        key: body[key]
        for key in ("issued_on", "delivered_on", "delivery_method", "appeal_deadline", "final_on")
    } == {
        "issued_on": "2025-04-30",
        "delivered_on": "2025-04-30",
        "delivery_method": "in_person",
        "appeal_deadline": "2025-05-14",
        "final_on": None,
    }
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/decisions/{id}/deliver/" in schema
