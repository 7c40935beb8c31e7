"""The referral decision sets the stay's fee (art. 97 ust. 1): monthly statements carry it whatever the
month's income, until a new decision changes it from its effective date (docs/sheltered-housing.md#fees).
The single person's income criterion of 2022-2024 is 776,00 zł; the demo council table charges 10 % of the
income above 100-150 % of the criterion, 15 % above 150-200 %, 20 % above 200-250 % and 30 % above."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from szansa.domain.housing import services
from szansa.domain.housing.models import ExemptionGround, FeeDecision, FeeExemption
from tests.factories import IncomeRecordFactory
from tests.factories.housing import refer

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def stay(cast, places, resident):
    return refer(cast.admin, resident, places[0], D(2024, 1, 1), D(2024, 12, 31))


def _income(person, amount, month):
    IncomeRecordFactory(person=person, month=month, net_amount=Decimal(amount))


def _decide(cast, stay, fee, *, number, decided_on, effective_from):
    return services.fee_decision_record(
        actor=cast.referent,
        decision=FeeDecision(
            stay=stay,
            decision_number=number,
            decision_date=decided_on,
            effective_from=effective_from,
            monthly_fee=Decimal(fee),
        ),
    )


def test_the_table_proposes_the_fee_when_the_decision_is_drafted(stay):
    # 1000 zł is 128.9 % of 776 zł: the 100-150 % band, 10 % of 1000 zł = 100,00 zł a month.
    _income(stay.person, "1000.00", D(2023, 12, 1))
    proposal = services.fee_propose(stay, D(2023, 12, 18))
    assert proposal.monthly_fee == Decimal("100.00")
    assert proposal.band.fee_percent == Decimal("10.00")


def test_a_later_income_does_not_change_the_fee_of_the_decision(cast, stay):
    _decide(
        cast,
        stay,
        "100.00",
        number="OPS.8311.1.2023",
        decided_on=D(2023, 12, 18),
        effective_from=D(2024, 1, 1),
    )
    # In March the income rises to 2000 zł (257.7 % of 776 zł): the table would ask 30 % = 600 zł, but the
    # decision agreed 100 zł and no new decision was issued.
    _income(stay.person, "2000.00", D(2024, 3, 1))
    statement = services.statement_generate(actor=cast.referent, stay=stay, month=D(2024, 3, 1))
    assert statement.fee_due == Decimal("100.00")
    assert statement.fee_decision.decision_number == "OPS.8311.1.2023"
    assert statement.fee_table is None
    assert statement.explanation_text == "Opłata wg decyzji nr OPS.8311.1.2023 z dnia 18.12.2023"


def test_a_new_decision_changes_the_fee_from_its_effective_date(cast, stay):
    _decide(
        cast,
        stay,
        "100.00",
        number="OPS.8311.1.2023",
        decided_on=D(2023, 12, 18),
        effective_from=D(2024, 1, 1),
    )
    _income(stay.person, "2000.00", D(2024, 3, 1))
    _decide(
        cast,
        stay,
        "600.00",
        number="OPS.8311.7.2024",
        decided_on=D(2024, 4, 2),
        effective_from=D(2024, 4, 16),
    )
    statements = services.statements_generate(actor=cast.referent, stay=stay, until=D(2024, 5, 31))
    fees = {statement.month: statement.fee_due for statement in statements}
    assert fees[D(2024, 3, 1)] == Decimal("100.00")  # before the new decision takes effect
    # April has 30 days: 1-15 April under the old decision, 16-30 April under the new one:
    # (15 × 100 + 15 × 600) / 30 = (1500 + 9000) / 30 = 350,00 zł.
    assert fees[D(2024, 4, 1)] == Decimal("350.00")
    assert fees[D(2024, 5, 1)] == Decimal("600.00")  # the whole of May under the new decision
    may = next(statement for statement in statements if statement.month == D(2024, 5, 1))
    assert may.fee_decision.decision_number == "OPS.8311.7.2024"


def _exempt(cast, stay, code, start, end, note=""):
    return services.exemption_grant(
        actor=cast.kierownik,
        exemption=FeeExemption(
            stay=stay,
            ground=ExemptionGround.objects.get(code=code),
            valid_from=start,
            valid_to=end,
            reason=note,
        ),
    )


def test_the_table_by_scope_proposes_the_fee_of_the_scope(stay):
    # 1000 zł is 128.9 % of 776 zł: band 100-150 %. Lodging with the specialists' support: 10 % = 100,00 zł;
    # with care services the demo table's band asks 15 % = 150,00 zł.
    _income(stay.person, "1000.00", D(2023, 12, 1))
    assert services.fee_propose(stay, D(2023, 12, 18), scope="basic").monthly_fee == Decimal("100.00")
    assert services.fee_propose(stay, D(2023, 12, 18), scope="with_care").monthly_fee == Decimal("150.00")


def test_an_exemption_of_the_catalogue_waives_its_days_of_the_decision_fee(cast, stay):
    _decide(
        cast,
        stay,
        "310.00",
        number="OPS.8311.1.2023",
        decided_on=D(2023, 12, 18),
        effective_from=D(2024, 1, 1),
    )
    _exempt(cast, stay, "hospital", D(2024, 3, 1), D(2024, 3, 10), note="Szpital powiatowy w Wadowicach")
    # The hospital ground waives its days (0 % due). March: 31 days, 10 waived, 21 charged:
    # 310 × 21 / 31 = 210,00 zł.
    fee = services.fee_for(stay, D(2024, 3, 1))
    assert (fee.days_charged, fee.fee_due) == (21, Decimal("210.00"))


def test_a_reducing_ground_halves_its_days(cast, stay):
    _decide(
        cast,
        stay,
        "310.00",
        number="OPS.8311.1.2023",
        decided_on=D(2023, 12, 18),
        effective_from=D(2024, 1, 1),
    )
    _exempt(cast, stay, "long-illness", D(2024, 3, 1), D(2024, 3, 10))
    # The long-illness ground leaves 50 % due: 21 full days + 10 half days = 26 days' worth:
    # 310 × 26 / 31 = 260,00 zł; all 31 days are still charged.
    fee = services.fee_for(stay, D(2024, 3, 1))
    assert (fee.days_charged, fee.fee_due) == (31, Decimal("260.00"))


def test_an_exemption_by_free_text_alone_is_refused(cast, stay):
    with pytest.raises(ValidationError) as error:
        services.exemption_grant(
            actor=cast.kierownik,
            exemption=FeeExemption(
                stay=stay, valid_from=D(2024, 3, 1), valid_to=D(2024, 3, 10), reason="Bo tak"
            ),
        )
    assert "ground" in error.value.message_dict
    assert not stay.exemptions.exists()


def test_the_clerk_may_not_grant_an_exemption(cast, stay):
    with pytest.raises(PermissionDenied):
        services.exemption_grant(
            actor=cast.referent,
            exemption=FeeExemption(
                stay=stay,
                ground=ExemptionGround.objects.get(code="hospital"),
                valid_from=D(2024, 3, 1),
                valid_to=D(2024, 3, 10),
            ),
        )


def test_a_negative_fee_is_refused_in_polish(cast, stay):
    with pytest.raises(ValidationError) as error:
        _decide(cast, stay, "-1.00", number="X", decided_on=D(2023, 12, 18), effective_from=D(2024, 1, 1))
    assert "monthly_fee" in error.value.message_dict


def test_two_decisions_taking_effect_the_same_day_are_refused(cast, stay):
    _decide(cast, stay, "100.00", number="A", decided_on=D(2023, 12, 18), effective_from=D(2024, 1, 1))
    with pytest.raises(ValidationError):
        _decide(cast, stay, "200.00", number="B", decided_on=D(2023, 12, 19), effective_from=D(2024, 1, 1))


@pytest.mark.parametrize("role", ["audytor", "specjalista", "pracownik"])
def test_roles_without_the_fees_cannot_record_a_fee_decision(cast, stay, role):
    with pytest.raises(PermissionDenied):
        services.fee_decision_record(
            actor=getattr(cast, role),
            decision=FeeDecision(
                stay=stay,
                decision_number="X",
                decision_date=D(2023, 12, 18),
                effective_from=D(2024, 1, 1),
                monthly_fee=Decimal("1.00"),
            ),
        )


# --- the page -------------------------------------------------------------------------------------------


def test_the_clerk_records_a_fee_decision_on_the_page_and_the_statement_shows_it(cast, client_for, stay):
    from django.urls import reverse

    client = client_for(cast.referent)
    url = reverse("housing:fee_decision_create", args=[stay.pk])
    assert client.get(url).status_code == 200
    # A negative fee is refused in Polish and what was typed stays in the form.
    response = client.post(
        url,
        {
            "decision_number": "OPS.8311.1.2023",
            "decision_date": "2023-12-18",
            "effective_from": "2024-01-01",
            "scope": "basic",
            "monthly_fee": "-5",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "OPS.8311.1.2023" in page
    assert "większa lub równa 0" in page
    response = client.post(
        url,
        {
            "decision_number": "OPS.8311.1.2023",
            "decision_date": "2023-12-18",
            "effective_from": "2024-01-01",
            "scope": "basic",
            "monthly_fee": "120.00",
        },
    )
    assert response.status_code == 302
    assert stay.fee_decisions.get().monthly_fee == Decimal("120.00")
    services.statement_generate(actor=cast.referent, stay=stay, month=D(2024, 2, 1))
    page = client.get(stay.get_absolute_url()).content.decode()
    assert "Opłata wg decyzji nr OPS.8311.1.2023 z dnia 18.12.2023" in page
    # The statement's PDF says where the fee comes from too.
    from szansa.lib.pdf import pdf_text

    statement = stay.statements.get()
    pdf = client.get(reverse("housing:statement_pdf", args=[stay.pk, statement.pk]))
    assert pdf.status_code == 200
    assert "Opłata wg decyzji nr OPS.8311.1.2023 z dnia 18.12.2023" in " ".join(pdf_text(pdf.content).split())
    assert client_for(cast.pracownik).get(url).status_code in (403, 404)


def test_the_manager_grants_an_exemption_on_the_page_only_from_the_catalogue(cast, client_for, stay):
    from django.urls import reverse

    url = reverse("housing:exemption_create", args=[stay.pk])
    client = client_for(cast.kierownik)
    assert client.get(url).status_code == 200
    # No ground chosen: refused in Polish, the note typed stays.
    response = client.post(
        url, {"valid_from": "2024-03-01", "valid_to": "2024-03-10", "reason": "Pobyt w sanatorium"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pobyt w sanatorium" in page and "To pole jest wymagane" in page
    ground = ExemptionGround.objects.get(code="hospital")
    response = client.post(
        url,
        {"ground": ground.pk, "valid_from": "2024-03-01", "valid_to": "2024-03-10", "reason": "Szpital"},
    )
    assert response.status_code == 302
    assert stay.exemptions.get().ground == ground
    # The clerk keeps the fees but does not grant exemptions.
    assert client_for(cast.referent).get(url).status_code == 403


def test_the_api_shows_fee_decisions_only_to_who_sees_the_fees(cast, stay, carer):
    from rest_framework.test import APIClient

    _decide(
        cast,
        stay,
        "100.00",
        number="OPS.8311.1.2023",
        decided_on=D(2023, 12, 18),
        effective_from=D(2024, 1, 1),
    )
    _exempt(cast, stay, "hospital", D(2024, 3, 1), D(2024, 3, 10))
    clerk, specialist = APIClient(), APIClient()
    clerk.force_login(cast.referent)
    specialist.force_login(carer)  # serves the flat: sees the stay, not its fees
    data = clerk.get(f"/api/v1/stays/{stay.pk}/").json()
    assert data["fee_decisions"] == [
        {
            "decision_number": "OPS.8311.1.2023",
            "decision_date": "2023-12-18",
            "effective_from": "2024-01-01",
            "scope": "basic",
            "monthly_fee": "100.00",
        }
    ]
    assert data["exemptions"][0]["ground"] == "hospital"
    data = specialist.get(f"/api/v1/stays/{stay.pk}/").json()
    assert "fee_decisions" not in data and "exemptions" not in data


# --- the decision of the register of decisions ---------------------------------------------------------


def _issued_referral(cast, person, *, issued_on):
    """A referral case of the resident taken to an issued decision of the register (work services)."""
    from szansa.domain.work import services as work

    case = work.case_open(
        actor=cast.referent, person=person, benefit="mieszkanie chronione", opened_on=D(2023, 11, 20)
    )
    work.case_record_interview(actor=cast.pracownik, case=case, on=D(2023, 11, 27))
    work.case_propose_support(
        actor=cast.pracownik, case=case, proposal="Mieszkanie chronione.", on=D(2023, 11, 28)
    )
    work.case_draft_decision(actor=cast.referent, case=case, outcome="grant", on=D(2023, 12, 4))
    work.case_approve_decision(actor=cast.kierownik, case=case, on=D(2023, 12, 5))
    work.case_issue_decision(actor=cast.referent, case=case, on=issued_on)
    case.refresh_from_db()
    return case.decisions.get()


def test_a_fee_decision_takes_its_number_and_date_from_the_issued_decision_of_the_register(cast, stay):
    register = _issued_referral(cast, stay.person, issued_on=D(2023, 12, 18))
    fee = services.fee_decision_record(
        actor=cast.referent,
        decision=FeeDecision(
            stay=stay,
            register_decision=register,
            effective_from=D(2024, 1, 1),
            monthly_fee=Decimal("100.00"),
        ),
    )
    # The number is the register's (e.g. OPS.8311.1.2023), the date the day it was issued.
    assert register.number.endswith(".2023")
    assert (fee.decision_number, fee.decision_date) == (register.number, D(2023, 12, 18))


def test_a_decision_of_another_person_or_not_yet_issued_is_refused(cast, stay):
    from szansa.domain.work import services as work
    from tests.factories import PersonFactory

    other = _issued_referral(
        cast, PersonFactory(responsible_worker=cast.pracownik), issued_on=D(2023, 12, 18)
    )
    with pytest.raises(ValidationError) as error:
        services.fee_decision_record(
            actor=cast.referent,
            decision=FeeDecision(
                stay=stay, register_decision=other, effective_from=D(2024, 1, 1), monthly_fee=Decimal("1.00")
            ),
        )
    assert "register_decision" in error.value.message_dict

    case = work.case_open(actor=cast.referent, person=stay.person, benefit="opłata", opened_on=D(2024, 2, 1))
    work.case_record_interview(actor=cast.pracownik, case=case, on=D(2024, 2, 5))
    work.case_propose_support(actor=cast.pracownik, case=case, proposal="Zmiana opłaty.", on=D(2024, 2, 6))
    work.case_draft_decision(actor=cast.referent, case=case, outcome="grant", on=D(2024, 2, 7))
    draft = case.decisions.get()
    with pytest.raises(ValidationError) as error:
        services.fee_decision_record(
            actor=cast.referent,
            decision=FeeDecision(
                stay=stay, register_decision=draft, effective_from=D(2024, 3, 1), monthly_fee=Decimal("1.00")
            ),
        )
    assert "register_decision" in error.value.message_dict


def test_the_page_offers_the_residents_issued_decisions_and_fills_number_and_date(cast, client_for, stay):
    from django.urls import reverse

    register = _issued_referral(cast, stay.person, issued_on=D(2023, 12, 18))
    client = client_for(cast.referent)
    url = reverse("housing:fee_decision_create", args=[stay.pk])
    assert register.number in client.get(url).content.decode()
    # Neither a register decision nor a typed number: refused in Polish, the fee typed stays.
    response = client.post(url, {"effective_from": "2024-01-01", "scope": "basic", "monthly_fee": "120.00"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Wybierz decyzję z rejestru albo wpisz jej numer i datę." in page
    assert 'value="120.00"' in page
    response = client.post(
        url,
        {
            "register_decision": register.pk,
            "effective_from": "2024-01-01",
            "scope": "basic",
            "monthly_fee": "120.00",
        },
    )
    assert response.status_code == 302
    fee = stay.fee_decisions.get()
    assert (fee.register_decision, fee.decision_number, fee.decision_date) == (
        register,
        register.number,
        D(2023, 12, 18),
    )
