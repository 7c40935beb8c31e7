"""Registry pages: who sees what, the access log, the person form, records and households."""

import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from faker import Faker

from szansa.domain.people import enums
from szansa.domain.people.models import Household, IncomeRecord, Person, Situation
from tests.factories import PersonFactory, SituationFactory

fake = Faker("pl_PL")

# role -> (sees person_a, sees person_b, may edit person_a, may edit person_b); None = 404.
MATRIX = {
    "admin": (True, True, True, True),
    "kierownik": (True, True, True, True),
    "koordynator": (True, True, False, False),
    "pracownik": (True, False, True, None),
    "pracownik2": (False, True, None, True),
    "specjalista": (False, False, None, None),
    "referent": (True, True, True, True),
    "audytor": (True, True, False, False),
}


@pytest.fixture
def english(client_for):
    """A logged-in client that asks for English pages (Polish messages are tested elsewhere)."""

    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def pesel_for(born: datetime.date, sex: str = enums.Sex.FEMALE) -> str:
    return fake.unique.pesel(
        date_of_birth=datetime.datetime.combine(born, datetime.time()),
        sex="F" if sex == enums.Sex.FEMALE else "M",
    )


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


def detail_url(person):
    return reverse("people:person_detail", args=[person.pk])


# Scoping -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", MATRIX)
def test_the_person_list_shows_exactly_the_people_in_the_role_scope(cast, client_for, role):
    sees_a, sees_b, _, _ = MATRIX[role]
    response = client_for(getattr(cast, role)).get(reverse("people:person_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert (f'href="{detail_url(cast.person_a)}"' in content) is sees_a
    assert (f'href="{detail_url(cast.person_b)}"' in content) is sees_b


@pytest.mark.parametrize("role", MATRIX)
def test_a_person_file_opens_in_scope_and_answers_404_outside(cast, client_for, role):
    sees_a, sees_b, _, _ = MATRIX[role]
    client = client_for(getattr(cast, role))
    response_a = client.get(detail_url(cast.person_a))
    response_b = client.get(detail_url(cast.person_b))
    assert response_a.status_code == (200 if sees_a else 404)
    assert response_b.status_code == (200 if sees_b else 404)
    if sees_a:
        assert cast.person_a.pesel in response_a.content.decode()
    else:
        assert cast.person_a.pesel not in response_a.content.decode()


@pytest.mark.parametrize("role", MATRIX)
def test_the_edit_form_is_allowed_forbidden_or_hidden_by_role(cast, client_for, role):
    _, _, edit_a, edit_b = MATRIX[role]
    client = client_for(getattr(cast, role))
    expected = {True: 200, False: 403, None: 404}
    for person, allowed in ((cast.person_a, edit_a), (cast.person_b, edit_b)):
        url = reverse("people:person_update", args=[person.pk])
        assert client.get(url).status_code == expected[allowed]
        assert client.post(url, {"first_name": "Zmieniony"}).status_code in (
            (200,) if allowed else (expected[allowed],)
        )
        person.refresh_from_db()
        assert person.first_name != "Zmieniony"


def test_an_auditor_reads_a_file_without_edit_buttons(cast, client_for):
    content = client_for(cast.audytor).get(detail_url(cast.person_a)).content.decode()
    assert cast.person_a.full_name in content
    assert reverse("people:person_update", args=[cast.person_a.pk]) not in content
    assert reverse("people:income_create", args=[cast.person_a.pk]) not in content


def test_an_administrative_clerk_sees_the_file_but_not_the_disability(cast, client_for):
    SituationFactory(
        person=cast.person_a,
        kind=enums.SituationKind.DISABILITY,
        disability_degree=enums.DisabilityDegree.SEVERE,
        note="orzeczenie-tajne-123",
    )
    SituationFactory(person=cast.person_a, kind=enums.SituationKind.HOMELESSNESS, note="bezdomny-456")
    clerk = client_for(cast.referent).get(detail_url(cast.person_a)).content.decode()
    worker = client_for(cast.pracownik).get(detail_url(cast.person_a)).content.decode()
    assert cast.person_a.pesel in clerk
    assert "bezdomny-456" in clerk
    assert "orzeczenie-tajne-123" not in clerk
    assert "orzeczenie-tajne-123" in worker


def test_the_list_does_not_offer_a_disability_filter_to_a_clerk(cast, client_for):
    clerk = client_for(cast.referent).get(reverse("people:person_list"), {"situation": "disability"})
    worker = client_for(cast.pracownik).get(reverse("people:person_list"), {"situation": "disability"})
    assert 'value="disability"' not in clerk.content.decode()
    assert "situation" in clerk.context["form"].errors
    assert 'value="disability"' in worker.content.decode()


def test_a_specialist_sees_nobody_yet(cast, client_for):
    response = client_for(cast.specjalista).get(reverse("people:person_list"))
    assert response.context["page"].paginator.count == 0


def test_an_anonymous_visitor_is_sent_to_the_login_page(cast, client):
    response = client.get(detail_url(cast.person_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# List --------------------------------------------------------------------------------------------


def test_the_list_searches_by_surname_fragment_and_pesel_prefix(cast, client_for):
    PersonFactory(last_name="Brzęczyszczykiewicz", responsible_worker=cast.pracownik)
    client = client_for(cast.pracownik)
    by_name = client.post(reverse("people:person_list"), {"q": "czyszczyk"})
    assert [p.last_name for p in by_name.context["page"]] == ["Brzęczyszczykiewicz"]
    by_pesel = client.post(reverse("people:person_list"), {"q": cast.person_a.pesel[:8]})
    assert cast.person_a in by_pesel.context["page"].object_list


def test_my_caseload_filter_keeps_only_my_people(cast, client_for):
    colleague = type(cast.pracownik).objects.create_user("kolega", team=cast.team_a)
    colleague.groups.add(*cast.pracownik.groups.all())
    PersonFactory(responsible_worker=colleague)
    client = client_for(cast.pracownik)
    everyone = client.get(reverse("people:person_list"))
    mine = client.get(reverse("people:person_list"), {"worker": "me"})
    assert everyone.context["page"].paginator.count == 2
    assert list(mine.context["page"].object_list) == [cast.person_a]


def test_the_situation_filter_keeps_people_with_a_situation_in_force(cast, client_for):
    SituationFactory(person=cast.person_b, kind=enums.SituationKind.HOMELESSNESS)
    response = client_for(cast.kierownik).get(reverse("people:person_list"), {"situation": "homelessness"})
    assert list(response.context["page"].object_list) == [cast.person_b]


def test_an_htmx_search_returns_only_the_results_table(cast, client_for):
    response = client_for(cast.pracownik).post(
        reverse("people:person_list"), {"q": cast.person_a.last_name}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert "<html" not in content
    assert "<table" in content
    assert detail_url(cast.person_a) in content


def test_the_list_pages_by_25(cast, client_for):
    PersonFactory.create_batch(30, responsible_worker=cast.pracownik)
    client = client_for(cast.pracownik)
    first = client.get(reverse("people:person_list"))
    second = client.get(reverse("people:person_list"), {"page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 6


def test_the_list_query_count_does_not_grow_with_the_people(cast, client_for):
    client = client_for(cast.pracownik)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("people:person_list")).status_code == 200
        return len(queries)

    PersonFactory.create_batch(4, responsible_worker=cast.pracownik)
    count_queries()  # warm the per-process caches (the access log's content type)
    small = count_queries()
    PersonFactory.create_batch(25, responsible_worker=cast.pracownik)
    large = count_queries()
    assert large == small


# File --------------------------------------------------------------------------------------------


def test_opening_a_file_writes_an_access_entry_with_the_reader(cast, client_for):
    client_for(cast.audytor).get(detail_url(cast.person_a))
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS, object_pk=str(cast.person_a.pk))
    assert entry.actor == cast.audytor
    assert entry.additional_data == {
        "route": "people:person_detail",
        "what": "file",
        "person_id": cast.person_a.pk,
    }


def test_a_refused_file_writes_no_access_entry(cast, client_for):
    client_for(cast.pracownik).get(detail_url(cast.person_b))
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_the_file_shows_the_assessment_for_the_chosen_date(cast, client_for):
    IncomeRecord.objects.create(
        person=cast.person_a, month=datetime.date(2025, 3, 1), source="employment", net_amount="500.00"
    )
    response = client_for(cast.pracownik).get(detail_url(cast.person_a), {"on": "2025-03-15"})
    result = response.context["assessment"]
    assert result.income_per_person == Decimal("500.00")
    assert result.income_criterion == Decimal("1010.00")
    assert result.meets_income_criterion is True
    assert "1 010,00 zł" in response.content.decode()


def test_the_file_shows_who_changed_what(cast, english):
    client = english(cast.kierownik)
    url = reverse("people:person_update", args=[cast.person_a.pk])
    data = person_post(cast.pracownik, pesel=cast.person_a.pesel, first_name="Marianna")
    assert client.post(url, data).status_code == 302
    response = client.get(detail_url(cast.person_a))
    entry = response.context["history"][0]
    assert entry.actor == cast.kierownik
    assert "Marianna" in response.content.decode()


# Create and edit ---------------------------------------------------------------------------------


def test_a_social_worker_registers_a_person_with_birth_date_and_sex_from_pesel(cast, client_for):
    pesel = pesel_for(datetime.date(1990, 7, 4), enums.Sex.MALE)
    client = client_for(cast.pracownik)
    assert client.get(reverse("people:person_create")).context["form"]["responsible_worker"].value() == (
        cast.pracownik.pk
    )
    response = client.post(
        reverse("people:person_create"), person_post(cast.pracownik, pesel=pesel, first_name="Jan")
    )
    person = Person.objects.get(pesel=pesel)
    assert response.status_code == 302
    assert response.url == detail_url(person)
    assert person.birth_date == datetime.date(1990, 7, 4)
    assert person.sex == enums.Sex.MALE
    assert person.responsible_worker == cast.pracownik
    assert person.created_by == cast.pracownik


def test_an_invalid_pesel_is_shown_next_to_the_field_and_the_typed_data_stay(cast, english):
    response = english(cast.pracownik).post(
        reverse("people:person_create"),
        person_post(cast.pracownik, pesel="44051401358", first_name="Genowefa", street="Zielona"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["pesel"]
    assert 'id="id_pesel_error"' in content
    assert "wrong check digit" in content
    assert 'value="Genowefa"' in content
    assert 'value="Zielona"' in content
    assert 'value="44051401358"' in content
    assert not Person.objects.filter(first_name="Genowefa").exists()


def test_a_person_without_pesel_needs_a_document_birth_date_and_sex(cast, client_for):
    response = client_for(cast.pracownik).post(
        reverse("people:person_create"), person_post(cast.pracownik, pesel="")
    )
    assert set(response.context["form"].errors) == {"birth_date", "sex", "other_id_type", "other_id_number"}


def test_a_person_without_pesel_is_registered_with_a_document(cast, client_for):
    data = person_post(
        cast.pracownik,
        pesel="",
        birth_date="1979-02-01",
        sex=enums.Sex.FEMALE,
        other_id_type=enums.IdentityDocumentType.PASSPORT,
        other_id_number="UA1234567",
    )
    response = client_for(cast.pracownik).post(reverse("people:person_create"), data)
    assert response.status_code == 302
    person = Person.objects.get(other_id_number="UA1234567")
    assert person.pesel is None


def test_a_wrong_postal_code_is_refused_next_to_the_field(cast, client_for):
    response = client_for(cast.pracownik).post(
        reverse("people:person_create"), person_post(cast.pracownik, postal_code="34120")
    )
    assert list(response.context["form"].errors) == ["postal_code"]


def test_a_duplicate_pesel_is_blocked(cast, client_for):
    response = client_for(cast.kierownik).post(
        reverse("people:person_create"), person_post(cast.pracownik, pesel=cast.person_a.pesel)
    )
    assert response.status_code == 200
    assert "pesel" in response.context["form"].errors
    assert Person.objects.filter(pesel=cast.person_a.pesel).count() == 1


def test_a_similar_name_with_the_same_birth_date_warns_and_saves_after_confirmation(cast, client_for):
    twin = cast.person_a
    data = person_post(
        cast.pracownik,
        first_name=twin.first_name,
        last_name=twin.last_name,
        pesel=pesel_for(twin.birth_date, twin.sex),
    )
    client = client_for(cast.pracownik)
    warned = client.post(reverse("people:person_create"), data)
    assert warned.status_code == 200
    assert warned.context["candidates"] == [twin]
    assert f'href="{detail_url(twin)}"' in warned.content.decode()
    assert 'name="confirm_not_duplicate"' in warned.content.decode()
    assert Person.objects.filter(last_name=twin.last_name, first_name=twin.first_name).count() == 1

    saved = client.post(reverse("people:person_create"), {**data, "confirm_not_duplicate": "on"})
    assert saved.status_code == 302
    assert Person.objects.filter(last_name=twin.last_name, first_name=twin.first_name).count() == 2


def test_a_possible_duplicate_outside_the_scope_is_counted_not_linked(cast, client_for):
    twin = cast.person_a
    data = person_post(
        cast.pracownik2,
        first_name=twin.first_name,
        last_name=twin.last_name,
        pesel=pesel_for(twin.birth_date, twin.sex),
    )
    response = client_for(cast.pracownik2).post(reverse("people:person_create"), data)
    assert response.context["candidates"] == []
    assert response.context["hidden_candidates"] == 1
    assert detail_url(twin) not in response.content.decode()


def test_a_social_worker_cannot_give_a_person_to_another_team(cast, client_for):
    response = client_for(cast.pracownik).post(reverse("people:person_create"), person_post(cast.pracownik2))
    assert list(response.context["form"].errors) == ["responsible_worker"]


def test_a_specialist_and_an_auditor_may_not_register_people(cast, client_for):
    assert client_for(cast.specjalista).get(reverse("people:person_create")).status_code == 403
    assert (
        client_for(cast.audytor)
        .post(reverse("people:person_create"), person_post(cast.pracownik))
        .status_code
        == 403
    )


def test_editing_a_person_saves_through_the_form(cast, client_for):
    url = reverse("people:person_update", args=[cast.person_a.pk])
    data = person_post(cast.pracownik, pesel=cast.person_a.pesel, town="Wadowice", postal_code="34-100")
    response = client_for(cast.pracownik).post(url, data)
    assert response.status_code == 302
    cast.person_a.refresh_from_db()
    assert (cast.person_a.town, cast.person_a.postal_code) == ("Wadowice", "34-100")


# Records of the file -----------------------------------------------------------------------------


def test_an_income_is_added_for_a_month_with_a_polish_decimal(cast, client_for):
    url = reverse("people:income_create", args=[cast.person_a.pk])
    response = client_for(cast.pracownik).post(
        url, {"month": "2025-03", "source": "employment", "net_amount": "1234,56", "counts_as_income": "on"}
    )
    assert response.status_code == 302
    record = cast.person_a.income_records.get()
    assert (record.month, record.net_amount) == (datetime.date(2025, 3, 1), Decimal("1234.56"))


def test_a_negative_income_is_refused_and_nothing_is_saved(cast, client_for):
    url = reverse("people:income_create", args=[cast.person_a.pk])
    response = client_for(cast.pracownik).post(
        url, {"month": "2025-03-17", "source": "employment", "net_amount": "-5"}
    )
    assert "net_amount" in response.context["form"].errors
    assert response.context["form"]["month"].value() == "2025-03-17"
    assert not IncomeRecord.objects.exists()


def test_a_disability_needs_its_degree_and_a_clerk_may_not_record_situations(cast, client_for):
    url = reverse("people:situation_create", args=[cast.person_a.pk])
    data = {"kind": "disability", "valid_from": "2024-01-01"}
    response = client_for(cast.pracownik).post(url, data)
    assert "disability_degree" in response.context["form"].errors
    assert not Situation.objects.exists()
    assert client_for(cast.referent).post(url, data).status_code == 403


def test_a_situation_is_added_and_ended(cast, client_for):
    client = client_for(cast.pracownik)
    client.post(
        reverse("people:situation_create", args=[cast.person_a.pk]),
        {"kind": "labour_market", "valid_from": "2024-01-01", "labour_status": "registered_unemployed"},
    )
    situation = cast.person_a.situations.get()
    early = client.post(
        reverse("people:situation_end", args=[cast.person_a.pk, situation.pk]), {"valid_to": "2023-01-01"}
    )
    assert "valid_to" in early.context["form"].errors
    client.post(
        reverse("people:situation_end", args=[cast.person_a.pk, situation.pk]), {"valid_to": "2024-06-30"}
    )
    situation.refresh_from_db()
    assert situation.valid_to == datetime.date(2024, 6, 30)


def test_a_consent_is_recorded_and_withdrawn(cast, client_for):
    client = client_for(cast.pracownik)
    client.post(
        reverse("people:consent_create", args=[cast.person_a.pk]),
        {"kind": "eu_project_data", "given_on": "2024-02-01"},
    )
    consent = cast.person_a.consents.get()
    response = client.post(
        reverse("people:consent_withdraw", args=[cast.person_a.pk, consent.pk]),
        {"withdrawn_on": "2024-05-01"},
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date(2024, 5, 1)


# Households --------------------------------------------------------------------------------------


def test_a_household_is_created_joined_and_left(cast, client_for):
    client = client_for(cast.pracownik)
    partner = PersonFactory(last_name="Partnerska", responsible_worker=cast.pracownik)
    response = client.post(reverse("people:household_create", args=[cast.person_a.pk]), {"notes": ""})
    household = Household.objects.get()
    assert response.url == reverse("people:household_detail", args=[household.pk])
    add_url = reverse("people:household_add_member", args=[household.pk])
    assert partner in client.post(add_url, {"q": "Partnersk", "search": "1"}).context["candidates"]
    client.post(add_url, {"q": "Partnersk", "relation": "spouse"})
    partner.refresh_from_db()
    assert (partner.household, partner.household_relation) == (household, "spouse")

    IncomeRecord.objects.create(
        person=partner, month=datetime.date(2025, 1, 1), source="pension", net_amount=900
    )
    detail = client.get(reverse("people:household_detail", args=[household.pk]), {"month": "2025-01"})
    assert detail.context["total"] == Decimal("900.00")
    assert detail.context["per_person"] == Decimal("450.00")

    client.post(reverse("people:household_remove_member", args=[household.pk, partner.pk]))
    partner.refresh_from_db()
    assert partner.household is None


def test_households_are_scoped_like_their_members(cast, client_for):
    client_for(cast.pracownik).post(reverse("people:household_create", args=[cast.person_a.pk]), {})
    household = Household.objects.get()
    other_team = client_for(cast.pracownik2)
    assert other_team.get(reverse("people:household_list")).context["page"].paginator.count == 0
    assert other_team.get(reverse("people:household_detail", args=[household.pk])).status_code == 404
    assert (
        client_for(cast.audytor).get(reverse("people:household_update", args=[household.pk])).status_code
        == 403
    )


def test_a_person_out_of_scope_cannot_be_added_to_a_household(cast, client_for):
    client = client_for(cast.pracownik)
    client.post(reverse("people:household_create", args=[cast.person_a.pk]), {})
    household = Household.objects.get()
    response = client.post(
        reverse("people:household_add_member", args=[household.pk]),
        {"q": cast.person_b.pesel, "relation": "spouse"},
    )
    assert "q" in response.context["form"].errors
    cast.person_b.refresh_from_db()
    assert cast.person_b.household is None


@pytest.mark.parametrize(("role", "shown", "hidden"), [("pracownik", 1, 1), ("kierownik", 2, 0)])
def test_the_file_shows_the_members_the_reader_may_see_and_counts_the_others(
    cast, client_for, role, shown, hidden
):
    """person_a (team A) heads a household that person_b (team B) joins: team A's worker sees one member
    (the head) and is told of one more; the manager sees both. The count of the others comes from the
    income test, which counts every member."""
    from szansa.domain.people.services import household_add_member, household_create

    household = household_create(actor=cast.admin, head=cast.person_a)
    household_add_member(actor=cast.admin, household=household, person=cast.person_b, relation="child")
    response = client_for(getattr(cast, role)).get(reverse("people:person_detail", args=[cast.person_a.pk]))
    assert response.status_code == 200
    assert len(response.context["members"]) == shown
    assert response.context["hidden_members"] == hidden
    assert response.context["assessment"].household_size == 2


def test_the_files_history_names_a_household_after_its_head_only_for_a_reader_who_may_see_the_head(
    cast, client_for
):
    """person_b (team B) joins a household headed by person_a (team A): the change is in person_b's
    history. Team B's worker, who may not see person_a, reads "Household no. N" there; the manager reads
    the head's name (people.selectors.record_name_for)."""
    from django.utils import translation

    from szansa.domain.people.services import household_add_member, household_create

    household = household_create(actor=cast.admin, head=cast.person_a)
    household_add_member(actor=cast.admin, household=household, person=cast.person_b, relation="child")
    url = reverse("people:person_detail", args=[cast.person_b.pk])

    def history_text(user) -> str:
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(url)
        with translation.override("en"):
            return " ".join(str(s) for entry in response.context["history"] for s in entry.sentences)

    head = cast.person_a.full_name
    worker = history_text(cast.pracownik2)
    assert f"Household no. {household.pk}" in worker and head not in worker
    assert f"Household of {head}" in history_text(cast.kierownik)
