"""Registry writes: validation, duplicates, households, consents and the audit trail."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import translation

from szansa.domain.people import enums
from szansa.domain.people.models import Person
from szansa.domain.people.selectors import person_file_open, person_history, person_reads
from szansa.domain.people.services import (
    ConsentRequired,
    consent_withdraw,
    ensure_consent,
    find_duplicates,
    household_add_member,
    household_create,
    household_remove_member,
    person_create,
    person_update,
    record_save,
)
from tests.factories import ConsentFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def person_data(worker, **overrides):
    data = dict(
        first_name="Anna",
        last_name="Testowa",
        pesel="02211307589",
        street="Krakowska",
        building_number="5",
        postal_code="34-120",
        town="Andrychów",
        gmina="Andrychów",
        powiat="wadowicki",
        responsible_worker=worker,
    )
    data.update(overrides)
    return data


def test_birth_date_and_sex_are_derived_from_pesel(cast):
    person = person_create(actor=cast.pracownik, data=person_data(cast.pracownik))
    assert person.birth_date == D(2002, 1, 13)
    assert person.sex == enums.Sex.FEMALE
    assert person.created_by == cast.pracownik


def test_birth_date_and_sex_that_contradict_pesel_are_refused(cast):
    with pytest.raises(ValidationError) as error:
        person_create(
            actor=cast.pracownik,
            data=person_data(cast.pracownik, birth_date=D(2002, 1, 14), sex=enums.Sex.MALE),
        )
    assert set(error.value.message_dict) == {"birth_date", "sex"}


def test_an_invalid_pesel_is_refused_under_its_field(cast):
    with pytest.raises(ValidationError) as error:
        person_create(
            actor=cast.pracownik,
            data=person_data(cast.pracownik, pesel="02211307588", birth_date=D(2002, 1, 13), sex="K"),
        )
    assert "pesel" in error.value.message_dict
    assert not Person.objects.filter(last_name="Testowa").exists()


def test_a_person_without_pesel_needs_another_document(cast):
    data = person_data(cast.pracownik, pesel=None, birth_date=D(1990, 5, 5), sex="M")
    with pytest.raises(ValidationError):
        person_create(actor=cast.pracownik, data=data)
    data.update(other_id_type=enums.IdentityDocumentType.PASSPORT, other_id_number="UA123456")
    person = person_create(actor=cast.pracownik, data=data)
    assert person.pesel is None


def test_the_same_pesel_blocks_a_second_registration(cast):
    person_create(actor=cast.pracownik, data=person_data(cast.pracownik))
    with pytest.raises(ValidationError) as error:
        person_create(actor=cast.pracownik2, data=person_data(cast.pracownik2, first_name="Inna"))
    assert "pesel" in error.value.message_dict


def test_same_birth_date_and_similar_name_warns_until_confirmed(cast):
    existing = PersonFactory(first_name="Katarzyna", last_name="Nowakowska", birth_date=D(1980, 2, 2))
    data = person_data(
        cast.pracownik,
        pesel=None,
        first_name="Katarzyna",
        last_name="Nowakowska-Kot",
        birth_date=D(1980, 2, 2),
        sex="K",
        other_id_type="passport",
        other_id_number="X1",
    )
    with pytest.raises(ValidationError) as error:
        person_create(actor=cast.pracownik, data=data)
    assert error.value.code == "possible_duplicate"
    assert error.value.params["candidates"] == [existing]
    person = person_create(actor=cast.pracownik, data=data, confirm_not_duplicate=True)
    assert person.pk


def test_a_different_birth_date_or_a_different_name_is_no_duplicate():
    PersonFactory(first_name="Jan", last_name="Kowalski", birth_date=D(1970, 1, 1))
    assert find_duplicates(first_name="Jan", last_name="Kowalski", birth_date=D(1970, 1, 2)).similar == []
    assert find_duplicates(first_name="Piotr", last_name="Zieliński", birth_date=D(1970, 1, 1)).similar == []
    assert len(find_duplicates(first_name="jan", last_name="KOWALSKI", birth_date=D(1970, 1, 1)).similar) == 1


def test_households_keep_one_head_and_refuse_double_membership(cast):
    other = PersonFactory(responsible_worker=cast.pracownik)
    household = household_create(actor=cast.pracownik, head=cast.person_a, multi_problem_family=True)
    household_add_member(actor=cast.pracownik, household=household, person=other, relation="child")
    assert household.head == cast.person_a
    assert household.members.count() == 2
    with pytest.raises(ValidationError):
        household_create(actor=cast.pracownik, head=other)
    with pytest.raises(ValidationError):
        household_add_member(actor=cast.pracownik, household=household, person=cast.person_b, relation="head")
    with pytest.raises(ValidationError):
        household_remove_member(actor=cast.pracownik, person=cast.person_a)
    household_remove_member(actor=cast.pracownik, person=other)
    other.refresh_from_db()
    assert other.household is None and other.household_relation == ""


def test_processing_that_needs_consent_refuses_without_it(cast):
    person = cast.person_a
    with translation.override("en"), pytest.raises(ConsentRequired, match="has not given consent"):
        ensure_consent(person, enums.ConsentKind.EU_PROJECT_DATA, D(2025, 1, 1))
    consent = ConsentFactory(person=person, given_on=D(2024, 12, 1))
    assert ensure_consent(person, enums.ConsentKind.EU_PROJECT_DATA, D(2025, 1, 1)) == consent
    with pytest.raises(ConsentRequired):
        ensure_consent(person, enums.ConsentKind.ELECTRONIC_CONTACT, D(2025, 1, 1))
    consent_withdraw(actor=cast.pracownik, consent=consent, on=D(2025, 2, 1))
    assert ensure_consent(person, enums.ConsentKind.EU_PROJECT_DATA, D(2025, 1, 31))
    with pytest.raises(ConsentRequired):
        ensure_consent(person, enums.ConsentKind.EU_PROJECT_DATA, D(2025, 2, 1))


def test_a_consent_cannot_be_withdrawn_before_it_was_given(cast):
    consent = ConsentFactory(person=cast.person_a, given_on=D(2025, 1, 10))
    with pytest.raises(ValidationError):
        consent_withdraw(actor=cast.pracownik, consent=consent, on=D(2025, 1, 9))


def test_changes_are_audited_with_their_actor_and_gathered_in_the_person_history(cast):
    person = person_create(actor=cast.pracownik, data=person_data(cast.pracownik))
    person_update(actor=cast.referent, person=person, data={"phone": "600100200"})
    from szansa.domain.people.models import IncomeRecord

    record_save(
        actor=cast.pracownik,
        record=IncomeRecord(person=person, month=D(2025, 1, 1), source="pension", net_amount="1500.00"),
    )
    history = list(person_history(person))
    assert [entry.actor for entry in history] == [cast.pracownik, cast.referent, cast.pracownik]
    assert history[0].content_type.model == "incomerecord"
    assert history[1].changes_dict["phone"] == ["", "600100200"]
    assert history[2].action == LogEntry.Action.CREATE


def test_reading_a_file_writes_an_access_log_entry_with_the_reader(cast):
    person_file_open(user=cast.audytor, pk=cast.person_a.pk, route="people:person_detail")
    person_file_open(user=cast.pracownik, pk=cast.person_a.pk, route="person-detail")
    reads = list(person_reads(cast.person_a))
    assert [entry.actor for entry in reads] == [cast.pracownik, cast.audytor]
    assert all(entry.action == LogEntry.Action.ACCESS for entry in reads)
    assert [entry.additional_data for entry in reads] == [
        {"route": "person-detail", "what": "file", "person_id": cast.person_a.pk},
        {"route": "people:person_detail", "what": "file", "person_id": cast.person_a.pk},
    ]
    assert all(entry.action != LogEntry.Action.ACCESS for entry in person_history(cast.person_a))


def test_a_file_out_of_scope_is_not_found_and_not_logged(cast):
    from django.http import Http404

    with pytest.raises(Http404):
        person_file_open(user=cast.pracownik2, pk=cast.person_a.pk, route="people:person_detail")
    assert not person_reads(cast.person_a).exists()
