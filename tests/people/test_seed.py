"""seed_demo: deterministic synthetic registry, valid identifiers, demo accounts and both teams."""

import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from szansa.demo import people as demo
from szansa.domain.accounts.enums import Role
from szansa.domain.accounts.models import User
from szansa.domain.people import enums
from szansa.domain.people.access import scope_persons
from szansa.domain.people.assessment import assess
from szansa.domain.people.models import Consent, Household, IncomeRecord, Person, Situation
from szansa.domain.people.validators import pesel_birth_date, pesel_sex, validate_pesel

pytestmark = pytest.mark.django_db

EXPECTED_ACCOUNTS = {
    "admin": Role.ADMINISTRATOR,
    "kierownik": Role.CENTRE_MANAGER,
    "koordynator": Role.PROJECT_COORDINATOR,
    "pracownik": Role.SOCIAL_WORKER,
    "pracownik2": Role.SOCIAL_WORKER,
    "specjalista": Role.SPECIALIST,
    "referent": Role.ADMINISTRATIVE_CLERK,
    "audytor": Role.AUDITOR,
}


def seed_demo(**options) -> str:
    """The registry part of the demo (the other apps' demo data are tested in their own apps)."""
    options.setdefault("registry_only", True)
    options.setdefault("i_know_this_is_not_production", True)  # tests run with DEBUG off
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def registry_digest() -> str:
    """A fingerprint of the registry's content that does not depend on database ids."""
    rows = []
    for person in Person.objects.prefetch_related(
        "income_records", "situations__assistance_reason", "consents", "household__members"
    ):
        incomes = sorted(
            (r.month, r.source, r.net_amount, r.counts_as_income) for r in person.income_records.all()
        )
        situations = sorted(
            (
                s.kind,
                s.valid_from,
                s.valid_to or datetime.date.min,
                s.disability_degree,
                s.certificate_valid_until or datetime.date.min,
                s.labour_status,
                s.assistance_reason.code if s.assistance_reason else "",
            )
            for s in person.situations.all()
        )
        consents = sorted(
            (c.kind, c.given_on, c.withdrawn_on or datetime.date.min) for c in person.consents.all()
        )
        household = (
            sorted((m.pesel or m.other_id_number) for m in person.household.members.all())
            if person.household
            else []
        )
        rows.append(
            (
                person.first_name,
                person.last_name,
                person.pesel or "",
                person.other_id_number,
                person.birth_date,
                person.sex,
                person.address_line,
                person.responsible_worker.username,
                person.household_relation,
                household,
                incomes,
                situations,
                consents,
            )
        )
    return hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()


def test_the_same_seed_gives_an_identical_registry_after_a_reset():
    seed_demo(people=60, seed=5)
    first_digest = registry_digest()
    first_ids = set(Person.objects.values_list("pk", flat=True))

    seed_demo(people=60, seed=5, reset=True)

    assert set(Person.objects.values_list("pk", flat=True)).isdisjoint(first_ids)  # really rebuilt
    assert registry_digest() == first_digest


def test_a_different_seed_gives_a_different_registry():
    seed_demo(people=60, seed=5)
    digest_5 = registry_digest()
    names_5 = set(Person.objects.values_list("pesel", flat=True))

    seed_demo(people=60, seed=6, reset=True)

    assert registry_digest() != digest_5
    assert set(Person.objects.values_list("pesel", flat=True)) != names_5


def test_the_plan_depends_only_on_size_seed_and_reference_date_never_on_today():
    reference = datetime.date(2021, 3, 1)
    plan = demo.plan_registry(40, 9, reference)

    assert plan == demo.plan_registry(40, 9, reference)
    people = [person for household in plan for person in household.members]
    past = [person.fields["birth_date"] for person in people]
    past += [s["valid_from"] for person in people for s in person.situations]
    past += [c["given_on"] for person in people for c in person.consents]
    past += [c["withdrawn_on"] for person in people for c in person.consents if c["withdrawn_on"]]
    past += [i["month"] for person in people for i in person.incomes]
    assert max(past) <= reference


def test_it_seeds_exactly_the_number_of_people_asked_for():
    output = seed_demo(people=37, seed=2)

    assert Person.objects.count() == 37
    assert "Seeded 37 people" in output


def test_without_reset_a_non_empty_registry_is_left_alone():
    seed_demo(people=20, seed=1)
    digest = registry_digest()

    output = seed_demo(people=50, seed=2)

    assert "--reset" in output
    assert Person.objects.count() == 20
    assert registry_digest() == digest


def test_every_pesel_is_valid_and_matches_birth_date_and_sex():
    seed_demo(people=300, seed=1)
    people = list(Person.objects.all())

    with_pesel = [p for p in people if p.pesel]
    assert len(with_pesel) > 250
    for person in with_pesel:
        validate_pesel(person.pesel)
        assert pesel_birth_date(person.pesel) == person.birth_date, person.pesel
        assert pesel_sex(person.pesel) == person.sex, person.pesel
    for person in people:
        if not person.pesel:
            assert person.other_id_type and person.other_id_number


def test_every_seeded_record_passes_model_validation_that_bulk_create_skipped():
    seed_demo(people=80, seed=4)

    for model in (Person, Household, IncomeRecord, Situation, Consent):
        for record in model.objects.all():
            record.full_clean()
    person = Person.objects.first()
    assert person.search_text == f"{person.last_name} {person.first_name}".lower()
    assert person in Person.objects.search(person.last_name[:4])


def test_addresses_are_in_andrychow_or_olkusz_with_their_postal_codes():
    seed_demo(people=120, seed=1)

    places = set(Person.objects.values_list("town", "gmina", "powiat", "postal_code", "voivodeship"))
    assert places == {
        ("Andrychów", "Andrychów", "wadowicki", "34-120", "12"),
        ("Olkusz", "Olkusz", "olkuski", "32-300", "12"),
    }


def test_households_have_one_head_one_to_five_members_and_a_shared_address():
    seed_demo(people=300, seed=1)

    households = Household.objects.prefetch_related("members")
    sizes = set()
    for household in households:
        members = list(household.members.all())
        sizes.add(len(members))
        assert [m.household_relation for m in members].count(enums.HouseholdRelation.HEAD) == 1
        assert len({(m.address_line, m.responsible_worker_id) for m in members}) == 1
    assert sizes <= {1, 2, 3, 4, 5}
    assert {1, 5} <= sizes
    relations = set(Person.objects.values_list("household_relation", flat=True))
    assert {"head", "spouse", "child"} <= relations
    assert households.filter(multi_problem_family=True).exists()
    assert Person.objects.filter(revitalisation_area=True).exists()
    assert Person.objects.filter(revitalisation_area=False).exists()


def test_incomes_cover_the_month_of_the_reference_date_and_the_two_before_in_decimal_zloty():
    seed_demo(people=60, seed=1, reference_date="2025-06-15")

    months = set(IncomeRecord.objects.values_list("month", flat=True))
    assert months == {datetime.date(2025, 4, 1), datetime.date(2025, 5, 1), datetime.date(2025, 6, 1)}
    amount = IncomeRecord.objects.first().net_amount
    assert isinstance(amount, Decimal)
    assert amount == amount.quantize(Decimal("0.01"))


def test_some_people_meet_the_income_criterion_and_some_do_not():
    seed_demo(people=200, seed=1)
    outcomes = [
        assess(p, demo.REFERENCE_DATE) for p in Person.objects.filter(household_relation__in=["head", ""])
    ]

    meets = [a for a in outcomes if a.meets_income_criterion]
    assert meets and len(meets) < len(outcomes)
    assert all(a.income_criterion in (Decimal("823.00"), Decimal("1010.00")) for a in outcomes)
    # Some are close to the criterion on either side, not only far below or far above it.
    near = [a for a in outcomes if abs(a.income_per_person - a.income_criterion) <= Decimal("100")]
    assert near


def test_situations_cover_every_kind_and_some_long_term_unemployment():
    seed_demo(people=300, seed=1)

    kinds = set(Situation.objects.values_list("kind", flat=True))
    assert kinds == set(enums.SituationKind.values)
    statuses = set(Situation.objects.values_list("labour_status", flat=True)) - {""}
    assert statuses == set(enums.LabourMarketStatus.values)
    degrees = set(Situation.objects.values_list("disability_degree", flat=True)) - {""}
    assert degrees == set(enums.DisabilityDegree.values)
    assert Situation.objects.filter(assistance_reason__code="1").exists()
    on = demo.REFERENCE_DATE
    assessed = [
        assess(p, on)
        for p in Person.objects.filter(situations__labour_status="registered_unemployed").distinct()
    ]
    assert any(a.long_term_unemployed for a in assessed)
    assert not all(a.long_term_unemployed for a in assessed)
    assert Consent.objects.filter(withdrawn_on__isnull=True).exists()


def test_each_demo_account_has_its_role_and_logs_in_with_the_demo_password():
    seed_demo(people=5, seed=1)

    for username, role in EXPECTED_ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert user.has_role(role), username
        assert user.first_name and user.last_name, username
        assert Client().login(request=HttpRequest(), username=username, password="szansa-demo"), username
    assert not Client().login(request=HttpRequest(), username="pracownik", password="wrong-password")


def test_admin_is_staff_and_superuser_and_social_workers_are_in_the_two_teams():
    seed_demo(people=5, seed=1)

    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    assert User.objects.get(username="pracownik").team.name == "Zespół Andrychów"
    assert User.objects.get(username="pracownik2").team.name == "Zespół Olkusz"


def test_both_teams_are_populated_and_each_social_worker_sees_only_their_town():
    seed_demo(people=100, seed=1)
    andrychow = scope_persons(Person.objects.all(), User.objects.get(username="pracownik"))
    olkusz = scope_persons(Person.objects.all(), User.objects.get(username="pracownik2"))

    assert andrychow.exists() and olkusz.exists()
    assert andrychow.count() + olkusz.count() == 100
    assert set(andrychow.values_list("town", flat=True)) == {"Andrychów"}
    assert set(olkusz.values_list("town", flat=True)) == {"Olkusz"}


def test_reseeding_keeps_the_demo_accounts_and_their_passwords():
    seed_demo(people=5, seed=1)
    user = User.objects.get(username="kierownik")
    user.set_password("changed-by-the-user")
    user.save()

    seed_demo(people=5, seed=1, reset=True)

    assert User.objects.filter(username__in=EXPECTED_ACCOUNTS).count() == len(EXPECTED_ACCOUNTS)
    assert Client().login(request=HttpRequest(), username="kierownik", password="changed-by-the-user")


def test_incomes_are_drawn_around_the_criterion_in_force_on_the_reference_date():
    seed_demo(people=150, seed=1, reference_date="2023-06-01")

    outcomes = [
        assess(p, datetime.date(2023, 6, 1))
        for p in Person.objects.filter(household_relation__in=["head", ""])
    ]

    assert {a.income_criterion for a in outcomes} <= {Decimal("600.00"), Decimal("776.00")}
    assert any(a.meets_income_criterion for a in outcomes)
    assert not all(a.meets_income_criterion for a in outcomes)


@pytest.mark.django_db
def test_the_demo_also_loads_the_seed_projects_of_andrychow_and_olkusz():
    from szansa.domain.projects.models import Project

    seed_demo(people=10, seed=1, registry_only=False)
    titles = set(Project.objects.values_list("title", flat=True))
    assert "Wykorzystaj swoją szansę" in titles
    assert any(title.startswith("Nowa jakość") for title in titles)
    assert any(title.startswith("Nowa szansa") for title in titles)


@pytest.mark.slow
def test_the_whole_demo_dated_from_a_reference_date_is_kept_by_a_re_run_dated_otherwise():
    from szansa.demo.live import LIVE_NUMBER
    from szansa.domain.projects.models import Project
    from szansa.domain.recruitment.models import Application
    from szansa.domain.support.models import Session
    from szansa.domain.work.models import Task

    def state():
        project = Project.objects.get(number=LIVE_NUMBER)
        return (
            Project.objects.count(),
            (project.start, project.end),
            Application.objects.count(),
            Session.objects.count(),
            Task.objects.count(),
            registry_digest(),
        )

    output = seed_demo(people=120, seed=1, reference_date="2026-01-15", registry_only=False)
    assert f"Live project {LIVE_NUMBER} around 2026-01-15" in output
    before = state()
    assert before[1] == (datetime.date(2025, 1, 1), datetime.date(2027, 12, 31))

    output = seed_demo(people=120, seed=1, reference_date="today", registry_only=False)

    assert f"Live project {LIVE_NUMBER}: already there" in output
    assert state() == before
