"""Art. 97: no fee at or below the income criterion; above it the council table's band."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from szansa.domain.housing import services
from szansa.domain.housing.models import ExemptionGround, FeeExemption, MonthlyStatement
from szansa.domain.housing.selectors import arrears, statements_with_running_arrears
from tests.factories import IncomeRecordFactory
from tests.factories.housing import refer

D = datetime.date
MARCH = D(2024, 3, 1)  # criterion for a single person 776,00 zł (2022-2024)


@pytest.fixture
def stay(cast, places, resident):
    return refer(cast.admin, resident, places[0], D(2024, 1, 1), D(2024, 12, 31))


def _income(person, amount, month=MARCH):
    IncomeRecordFactory(person=person, month=month, net_amount=Decimal(amount))


def test_income_exactly_at_the_criterion_costs_nothing(stay):
    _income(stay.person, "776.00")
    fee = services.fee_for(stay, MARCH)
    assert fee.criterion == Decimal("776.00")
    assert fee.fee_due == Decimal("0.00") and fee.band is None


def test_one_grosz_above_the_criterion_falls_in_the_first_band(stay):
    _income(stay.person, "776.01")
    fee = services.fee_for(stay, MARCH)
    assert (fee.band.income_above_pct, fee.band.fee_percent) == (Decimal("100.00"), Decimal("10.00"))
    assert fee.fee_due == Decimal("77.60")


def test_income_at_the_top_of_a_band_stays_in_it_and_one_grosz_more_moves_up(cast, stay, places):
    _income(stay.person, "1164.00")  # exactly 150 % of 776
    assert services.fee_for(stay, MARCH).band.fee_percent == Decimal("10.00")
    _income(stay.person, "0.01", month=D(2024, 4, 1))
    IncomeRecordFactory(person=stay.person, month=D(2024, 4, 1), net_amount=Decimal("1164.00"))
    fee = services.fee_for(stay, D(2024, 4, 1))
    assert fee.band.fee_percent == Decimal("15.00")
    assert fee.fee_due == Decimal("174.60")  # 15 % of 1164,01


def test_a_partial_month_is_prorated_by_days_of_stay(cast, places, resident):
    stay = refer(cast.admin, resident, places[1], D(2024, 3, 11), D(2024, 12, 31))
    _income(resident, "1000.00")  # 10 % = 100 zł for a full month
    fee = services.fee_for(stay, MARCH)
    assert (fee.days_charged, fee.days_in_month) == (21, 31)
    assert fee.fee_due == Decimal("67.74")


def test_an_exemption_removes_its_days_from_the_fee(cast, stay):
    _income(stay.person, "1000.00")
    services.exemption_grant(
        actor=cast.kierownik,
        exemption=FeeExemption(
            stay=stay,
            valid_from=MARCH,
            valid_to=D(2024, 3, 31),
            ground=ExemptionGround.objects.get(code="hospital"),  # waives its days (share 0 %)
            reason="Pobyt w szpitalu",
        ),
    )
    assert services.fee_for(stay, MARCH).fee_due == Decimal("0.00")
    assert services.fee_for(stay, D(2024, 4, 1)).fee_due == Decimal("0.00")  # no income in April


def test_statements_and_payments_give_the_arrears(cast, stay):
    for month in (D(2024, 1, 1), D(2024, 2, 1), MARCH):
        _income(stay.person, "1000.00", month=month)
    statements = services.statements_generate(actor=cast.referent, stay=stay, until=D(2024, 3, 15))
    assert [s.fee_due for s in statements] == [Decimal("100.00")] * 3
    services.payment_record(
        actor=cast.referent, statement=statements[0], amount=Decimal("100.00"), on=D(2024, 2, 5)
    )
    services.payment_record(
        actor=cast.referent, statement=statements[1], amount=Decimal("40.00"), on=D(2024, 3, 5)
    )
    assert arrears(stay) == Decimal("160.00")
    assert [running for _, running in statements_with_running_arrears(stay)] == [
        Decimal("0.00"),
        Decimal("60.00"),
        Decimal("160.00"),
    ]
    again = services.statement_generate(actor=cast.referent, stay=stay, month=D(2024, 2, 1))
    assert again.paid_amount == Decimal("40.00")
    assert MonthlyStatement.objects.filter(stay=stay).count() == 3


def test_the_auditor_cannot_generate_statements(cast, stay):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.statement_generate(actor=cast.audytor, stay=stay, month=MARCH)


def test_a_payment_must_be_positive(cast, stay):
    statement = services.statement_generate(actor=cast.referent, stay=stay, month=MARCH)
    with pytest.raises(ValidationError):
        services.payment_record(actor=cast.referent, statement=statement, amount=Decimal("0"), on=MARCH)
