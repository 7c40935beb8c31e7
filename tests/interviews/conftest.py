import datetime

import pytest

from szansa.domain.interviews import services
from szansa.domain.people import services as people_services
from szansa.domain.people.enums import HouseholdRelation, IncomeSource, LabourMarketStatus, SituationKind
from szansa.domain.people.models import Art7Reason
from tests.factories import IncomeRecordFactory, PersonFactory, SituationFactory

DAY = datetime.date(2026, 2, 10)  # the interview's day; "the last month" is January 2026
JANUARY = datetime.date(2026, 1, 1)


@pytest.fixture
def family(cast):
    """Person A (team A) heads a household of two with January incomes of 1000 + 500 zł, is a registered
    unemployed since June 2025, and has the art. 7 reasons 4 (unemployment) and 6 (illness, health)."""
    person = cast.person_a
    child = PersonFactory(
        responsible_worker=cast.pracownik, birth_date=datetime.date(2012, 5, 1), first_name="Zosia"
    )
    household = people_services.household_create(actor=cast.kierownik, head=person)
    people_services.household_add_member(
        actor=cast.kierownik, household=household, person=child, relation=HouseholdRelation.CHILD
    )
    IncomeRecordFactory(person=person, month=JANUARY, net_amount="1000.00")
    IncomeRecordFactory(person=child, month=JANUARY, source=IncomeSource.FAMILY_BENEFIT, net_amount="500.00")
    IncomeRecordFactory(
        person=person, month=datetime.date(2025, 12, 1), net_amount="9999.00"
    )  # not last month
    SituationFactory(
        person=person,
        kind=SituationKind.LABOUR_MARKET,
        labour_status=LabourMarketStatus.REGISTERED_UNEMPLOYED,
        valid_from=datetime.date(2025, 6, 1),
    )
    for code in ("4", "6"):
        SituationFactory(
            person=person,
            kind=SituationKind.ASSISTANCE_REASON,
            assistance_reason=Art7Reason.objects.get(code=code),
            valid_from=datetime.date(2025, 6, 1),
        )
    person.refresh_from_db()
    return person


@pytest.fixture
def draft(cast, family):
    return services.interview_start(family, cast.pracownik, DAY)
