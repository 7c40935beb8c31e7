"""Issue 16: inputs and records that used to crash the registry pages or slip through unchecked."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from faker import Faker

from szansa.domain.people import enums, services
from szansa.domain.people.assessment import assess
from szansa.domain.people.models import Household, IncomeRecord, Person
from tests.factories import IncomeRecordFactory, PersonFactory

fake = Faker("pl_PL")


def pesel_for(born: datetime.date) -> str:
    return fake.unique.pesel(date_of_birth=datetime.datetime.combine(born, datetime.time()), sex="F")


def person_post(worker, **overrides) -> dict:
    data = {
        "first_name": "Anna",
        "last_name": "Wiśniewska",
        "pesel": pesel_for(datetime.date(1984, 3, 12)),
        "other_id_type": "",
        "other_id_number": "",
        "birth_date": "",
        "sex": "",
        "citizenship": enums.Citizenship.POLISH,
        "phone": "",
        "email": "",
        "street": "Krakowska",
        "building_number": "12",
        "flat_number": "3",
        "postal_code": "34-120",
        "town": "Andrychów",
        "gmina": "Andrychów",
        "powiat": "wadowicki",
        "voivodeship": enums.Voivodeship.MALOPOLSKIE,
        "education_level": "",
        "responsible_worker": worker.pk,
    }
    data.update(overrides)
    return data


def next_year() -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year + 1, day=min(today.day, 28))


# 1. The history of a file renders whatever keys its entries hold ---------------------------------


def test_a_history_entry_with_an_items_key_renders_the_file(cast, client_for):
    person = cast.person_a
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Person),
        object_pk=str(person.pk),
        object_id=person.pk,
        object_repr=str(person),
        action=LogEntry.Action.UPDATE,
        changes={"items": ["stara-wartość", "nowa-wartość"], "keys": ["k1", "k2"]},
    )

    response = client_for(cast.pracownik).get(person.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "stara-wartość" in content
    assert "nowa-wartość" in content
    assert "k2" in content


# 2. The household form of a person who already has a household ----------------------------------


def test_opening_the_household_form_of_a_person_in_a_household_explains_instead_of_crashing(cast, client_for):
    person = cast.person_a
    household = Household.objects.create()
    Person.objects.filter(pk=person.pk).update(
        household=household, household_relation=enums.HouseholdRelation.HEAD
    )
    client = client_for(cast.pracownik)
    url = reverse("people:household_create", args=[person.pk])

    response = client.get(url, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(person.get_absolute_url())
    assert f"{person.full_name} należy już do gospodarstwa domowego." in response.content.decode()

    response = client.post(url, {"notes": "drugie"})
    assert response.status_code == 302
    assert Household.objects.count() == 1


def test_the_household_form_of_a_person_without_a_household_still_opens(cast, client_for):
    response = client_for(cast.pracownik).get(reverse("people:household_create", args=[cast.person_a.pk]))
    assert response.status_code == 200


# 4. Birth dates in the future ---------------------------------------------------------------------

FUTURE_BIRTH_DATE_PL = "Data urodzenia jest w przyszłości."


def test_a_typed_birth_date_in_the_future_is_refused_next_to_the_field(cast, client_for):
    born = next_year()
    data = person_post(
        cast.pracownik,
        pesel="",
        other_id_type="passport",
        other_id_number="ZX1234567",
        birth_date=born.isoformat(),
        sex=enums.Sex.FEMALE,
    )

    response = client_for(cast.pracownik).post(reverse("people:person_create"), data)

    assert response.status_code == 200
    assert FUTURE_BIRTH_DATE_PL in response.context["form"].errors["birth_date"]
    assert response.context["form"]["birth_date"].value() == born.isoformat()
    assert not Person.objects.filter(other_id_number="ZX1234567").exists()


def test_a_pesel_of_someone_born_next_year_is_refused_next_to_the_pesel(cast, client_for):
    born = next_year()
    pesel = pesel_for(born)
    response = client_for(cast.pracownik).post(
        reverse("people:person_create"), person_post(cast.pracownik, pesel=pesel)
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["pesel"]
    assert errors == [f"Ten PESEL zawiera datę urodzenia w przyszłości ({born:%d.%m.%Y})."]
    assert not Person.objects.filter(pesel=pesel).exists()


def test_the_service_refuses_a_future_birth_date(cast):
    data = person_post(cast.pracownik, pesel=None, other_id_type="passport", other_id_number="QQ1")
    data.update(birth_date=next_year(), sex=enums.Sex.MALE, responsible_worker=cast.pracownik)
    with pytest.raises(ValidationError) as refusal:
        services.person_create(actor=cast.pracownik, data=data)
    assert "birth_date" in refusal.value.message_dict


def test_the_file_never_shows_a_negative_age(cast, client_for):
    Person.objects.filter(pk=cast.person_a.pk).update(birth_date=next_year())

    response = client_for(cast.pracownik).get(cast.person_a.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "(-" not in content
    assert " -1 " not in content


# 5. No income recorded for the month --------------------------------------------------------------


def test_without_income_records_the_assessment_gives_no_verdict_on_the_criterion(db):
    person = PersonFactory(household=None)

    result = assess(person, datetime.date(2025, 3, 10))

    assert result.income_recorded is False
    assert result.income_criterion is not None
    assert result.meets_income_criterion is None
    assert "poverty" not in result.categories


def test_a_record_of_no_counted_income_is_still_a_recorded_month(db):
    person = PersonFactory(household=None)
    IncomeRecordFactory(person=person, month=datetime.date(2025, 3, 1), counts_as_income=False)

    result = assess(person, datetime.date(2025, 3, 10))

    assert result.income_recorded is True
    assert result.meets_income_criterion is True


def test_the_file_says_that_no_income_is_recorded_for_the_month(cast, client_for):
    person = cast.person_a
    IncomeRecord.objects.filter(person=person).delete()
    url = f"{person.get_absolute_url()}?on=2025-03-10"

    content = client_for(cast.pracownik).get(url).content.decode()

    assert "Brak dochodu zapisanego za 03.2025" in content
    assert "Spełnia kryterium dochodowe" in content

    english = client_for(cast.pracownik)
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "No income is recorded for 03.2025" in english.get(url).content.decode()


def test_the_api_gives_no_verdict_without_income_records(cast, client_for):
    person = cast.person_a
    IncomeRecord.objects.filter(person=person).delete()

    response = client_for(cast.pracownik).get(f"/api/v1/persons/{person.pk}/assessment/?on=2025-03-10")

    assert response.status_code == 200
    assert response.json()["meets_income_criterion"] is None
    assert response.json()["income_recorded"] is False
    assert response.json()["income_criterion"] is not None


def test_the_api_says_income_is_recorded_when_a_member_has_a_record(cast, client_for):
    person = cast.person_a
    IncomeRecord.objects.filter(person=person).delete()
    # A record that does not count as income still means the month was recorded (0 zł counted).
    IncomeRecordFactory(
        person=person, month=datetime.date(2025, 3, 1), net_amount=0, source=enums.IncomeSource.OTHER
    )

    body = client_for(cast.pracownik).get(f"/api/v1/persons/{person.pk}/assessment/?on=2025-03-10").json()

    assert body["income_recorded"] is True
    assert body["meets_income_criterion"] is True


# 6. Names longer than the field ------------------------------------------------------------------


def test_a_name_longer_than_the_field_is_refused_not_cut(cast, client_for):
    client = client_for(cast.pracownik)
    form_page = client.get(reverse("people:person_create")).content.decode()
    assert 'maxlength="100"' not in form_page  # a browser would cut a pasted name silently

    long_name = "Aleksandra" * 11
    response = client.post(
        reverse("people:person_create"),
        person_post(cast.pracownik, first_name=long_name, last_name=long_name),
    )

    assert response.status_code == 200
    form = response.context["form"]
    message = "Upewnij się, że ta wartość ma co najwyżej 100 znaków (obecnie ma 110)."
    assert form.errors["first_name"] == [message]
    assert form.errors["last_name"] == [message]
    assert form["first_name"].value() == long_name
    assert not Person.objects.filter(first_name__startswith="Aleksandra").exists()
