"""Synthetic demo data: staff accounts, two teams and a registry of made-up people and households.

Never real data. Names, addresses and PESELs come from Faker (pl_PL); every other choice comes from
`random.Random(seed)`. All dates are computed from a fixed reference date (not from today), so the same
`people` and `seed` give the same registry on any day, whatever the database ids are.

`plan_registry` builds the registry in memory (pure, easy to test); `load_registry` writes it with
bulk_create so that tens of thousands of people load in seconds. The `seed_demo` command is a thin
wrapper around `ensure_demo_accounts`, `reset_registry` and `seed`.
"""

import base64
import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from auditlog.context import disable_auditlog
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.db import transaction
from faker import Faker

from szansa.domain.accounts import second_factor
from szansa.domain.accounts.enums import Role
from szansa.domain.accounts.models import Team, User
from szansa.domain.people import enums
from szansa.domain.people.models import (
    Art7Reason,
    Consent,
    Household,
    IncomeCriterion,
    IncomeRecord,
    Person,
    Situation,
    normalise_name,
)
from szansa.lib.money import to_money

# Every date in the demo is relative to this day; incomes cover its month and the two before it.
REFERENCE_DATE = datetime.date(2026, 11, 1)
DEMO_PASSWORD = "szansa-demo"  # demo accounts only; never used outside the demo
# The demo accounts' second factor: one fixed, published TOTP secret (README: Demo sign-in). Its base32
# form is what an authenticator app takes; the hex form is what django-otp stores.
DEMO_TOTP_KEY = b"szansa-demo-totp-key".hex()
DEMO_TOTP_SECRET_BASE32 = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode("ascii")
BATCH_SIZE = 2000

# The criterion (single person, per person in a family) the incomes are drawn around when no other is
# given: docs/income-criterion.md (Dz.U. 2024 poz. 1044), in force from 1 Jan 2025. `seed` reads the
# one in force from IncomeCriterion.
DEFAULT_CRITERION = (Decimal("1010.00"), Decimal("823.00"))


@dataclass(frozen=True)
class Place:
    team: str
    worker: str
    town: str
    gmina: str
    powiat: str
    postal_code: str


ANDRYCHOW = Place("Zespół Andrychów", "pracownik", "Andrychów", "Andrychów", "wadowicki", "34-120")
OLKUSZ = Place("Zespół Olkusz", "pracownik2", "Olkusz", "Olkusz", "olkuski", "32-300")
PLACES = (ANDRYCHOW, OLKUSZ)

# username -> (role, first name, last name, team name or None)
DEMO_ACCOUNTS = {
    "admin": (Role.ADMINISTRATOR, "Tomasz", "Wrona", None),
    "kierownik": (Role.CENTRE_MANAGER, "Barbara", "Kowalczyk", None),
    "koordynator": (Role.PROJECT_COORDINATOR, "Piotr", "Zieliński", None),
    "pracownik": (Role.SOCIAL_WORKER, "Katarzyna", "Nowak", ANDRYCHOW.team),
    "pracownik2": (Role.SOCIAL_WORKER, "Marek", "Wiśniewski", OLKUSZ.team),
    "specjalista": (Role.SPECIALIST, "Agnieszka", "Lewandowska", None),
    "referent": (Role.ADMINISTRATIVE_CLERK, "Joanna", "Wójcik", None),
    "audytor": (Role.AUDITOR, "Krzysztof", "Kamiński", None),
}


@dataclass
class PersonPlan:
    fields: dict
    worker: str
    incomes: list[dict] = field(default_factory=list)
    situations: list[dict] = field(default_factory=list)
    consents: list[dict] = field(default_factory=list)


@dataclass
class HouseholdPlan:
    """A household; `registered` is False for a person living alone without a household record."""

    members: list[PersonPlan]
    multi_problem_family: bool = False
    registered: bool = True


@dataclass
class SeedSummary:
    people: int = 0
    households: int = 0
    multi_problem_families: int = 0
    incomes: int = 0
    situations: int = 0
    consents: int = 0
    per_team: dict = field(default_factory=dict)


# --- accounts --------------------------------------------------------------------------------------


def ensure_demo_accounts() -> dict[str, User]:
    """Create (or complete) the two teams and the eight demo accounts; existing passwords are kept."""
    teams = {place.team: Team.objects.get_or_create(name=place.team)[0] for place in PLACES}
    users = {}
    for username, (role, first_name, last_name, team_name) in DEMO_ACCOUNTS.items():
        admin = role == Role.ADMINISTRATOR
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.org",
                "team": teams.get(team_name),
                "is_staff": admin,
                "is_superuser": admin,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
        second_factor.give_fixed_device(user, DEMO_TOTP_KEY)
        users[username] = user
    return users


# --- planning (pure, deterministic) ----------------------------------------------------------------


class _Planner:
    def __init__(self, people: int, seed: int, reference: datetime.date, criterion: tuple[Decimal, Decimal]):
        self.wanted = people
        self.reference = reference
        self.criterion = criterion
        self.rng = random.Random(seed)
        self.fake = Faker("pl_PL")
        self.fake.seed_instance(seed)
        self.pesels: set[str] = set()
        self.document_numbers: set[str] = set()
        self.months = [reference.replace(day=1) - relativedelta(months=n) for n in (2, 1, 0)]
        # A few streets of each town lie in its revitalisation area (obszar rewitalizacji).
        self.streets = {place.town: self._streets(12) for place in PLACES}

    def _streets(self, count: int) -> list[str]:
        names: list[str] = []
        while len(names) < count:
            name = self.fake.street_name()
            if name not in names:
                names.append(name)
        return names

    # helpers
    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def birth_date(self, age_from: int, age_to: int) -> datetime.date:
        """A birth date for someone aged age_from..age_to (inclusive) on the reference date."""
        earliest = self.reference - relativedelta(years=age_to + 1) + datetime.timedelta(days=1)
        latest = self.reference - relativedelta(years=age_from)
        return earliest + datetime.timedelta(days=self.rng.randint(0, (latest - earliest).days))

    def age(self, born: datetime.date) -> int:
        return relativedelta(self.reference, born).years

    def days_before(self, low: int, high: int) -> datetime.date:
        return self.reference - datetime.timedelta(days=self.rng.randint(low, high))

    # households
    def plan(self) -> list[HouseholdPlan]:
        households = []
        remaining = self.wanted
        while remaining > 0:
            size = min(remaining, self.rng.choices([1, 2, 3, 4, 5], weights=[30, 25, 20, 15, 10])[0])
            place = self.rng.choices(PLACES, weights=[55, 45])[0]
            households.append(self.household(size, place))
            remaining -= size
        return households

    def household(self, size: int, place: Place) -> HouseholdPlan:
        profile = self.rng.choices(["poor", "near", "above"], weights=[35, 25, 40])[0]
        multi_problem = size >= 2 and profile == "poor" and self.chance(0.2 if size == 2 else 0.5)
        family_name = self.fake.last_name_male()
        street = self.rng.choice(self.streets[place.town])
        address = {
            "street": street,
            "building_number": str(self.rng.randint(1, 120)) + ("a" if self.chance(0.08) else ""),
            "flat_number": str(self.rng.randint(1, 60)) if self.chance(0.45) else "",
            "postal_code": place.postal_code,
            "town": place.town,
            "gmina": place.gmina,
            "powiat": place.powiat,
            "voivodeship": enums.Voivodeship.MALOPOLSKIE,
            # The first three streets of each town are its revitalisation area.
            "revitalisation_area": street in self.streets[place.town][:3],
        }
        members = self.members(size, family_name)
        people = [
            self.person(relation, sex, born, name, address, place) for relation, sex, born, name in members
        ]
        household = HouseholdPlan(people, multi_problem, registered=size > 1 or self.chance(0.5))
        if not household.registered:
            for person in people:
                person.fields["household_relation"] = ""
        self.incomes(household, profile)
        self.household_situations(household, profile)
        return household

    def members(self, size: int, family_name: str) -> list[tuple]:
        """(relation, sex, birth date, last name) of each member; the head comes first."""
        head_sex = self.rng.choice([enums.Sex.FEMALE, enums.Sex.MALE])
        head_born = self.birth_date(20 if size == 1 else 24, 85 if size == 1 else 60)
        members = [(enums.HouseholdRelation.HEAD, head_sex, head_born)]
        head_age = self.age(head_born)
        if size >= 2 and self.chance(0.7):
            spouse_sex = enums.Sex.MALE if head_sex == enums.Sex.FEMALE else enums.Sex.FEMALE
            spouse_age = max(19, min(90, head_age + self.rng.randint(-6, 6)))
            members.append(
                (enums.HouseholdRelation.SPOUSE, spouse_sex, self.birth_date(spouse_age, spouse_age))
            )
        while len(members) < size:
            sex = self.rng.choice([enums.Sex.FEMALE, enums.Sex.MALE])
            if head_age >= 40 and self.chance(0.12):
                age = min(95, head_age + self.rng.randint(20, 30))
                members.append((enums.HouseholdRelation.PARENT, sex, self.birth_date(age, age)))
            elif head_age >= 55 and self.chance(0.3):
                members.append((enums.HouseholdRelation.GRANDCHILD, sex, self.birth_date(0, 12)))
            else:
                oldest = max(0, min(25, head_age - 19))
                members.append((enums.HouseholdRelation.CHILD, sex, self.birth_date(0, oldest)))
        return [(relation, sex, born, _surname(family_name, sex)) for relation, sex, born in members]

    def person(self, relation, sex, born, last_name, address, place) -> PersonPlan:
        female = sex == enums.Sex.FEMALE
        age = self.age(born)
        first_name = self.fake.first_name_female() if female else self.fake.first_name_male()
        fields = {
            "first_name": first_name,
            "last_name": last_name,
            "birth_date": born,
            "sex": sex,
            "household_relation": relation,
            "education_level": self.education(age),
            **address,
        }
        if self.chance(0.02) and age >= 18:
            # A foreigner without PESEL, identified by a residence card.
            fields.update(citizenship=enums.Citizenship.THIRD_COUNTRY, pesel=None)
            fields.update(other_id_type=enums.IdentityDocumentType.RESIDENCE_CARD)
            fields["other_id_number"] = self.document_number()
        else:
            if self.chance(0.03):
                fields["citizenship"] = enums.Citizenship.THIRD_COUNTRY
            fields["pesel"] = self.pesel(born, female)
        if age >= 16 and self.chance(0.65):
            fields["phone"] = self.fake.phone_number()
        if age >= 16 and self.chance(0.3):
            fields["email"] = self.fake.email(safe=True)
        return PersonPlan(fields, place.worker)

    def pesel(self, born: datetime.date, female: bool) -> str:
        when = datetime.datetime.combine(born, datetime.time())
        while True:
            pesel = self.fake.pesel(date_of_birth=when, sex="F" if female else "M")
            if pesel not in self.pesels:
                self.pesels.add(pesel)
                return pesel

    def document_number(self) -> str:
        while True:
            number = "RP" + "".join(str(self.rng.randint(0, 9)) for _ in range(7))
            if number not in self.document_numbers:
                self.document_numbers.add(number)
                return number

    def education(self, age: int) -> str:
        levels = enums.EducationLevel
        if age < 7:
            return ""
        if age < 15:
            return levels.ISCED_1
        if age < 19:
            return levels.ISCED_2
        return self.rng.choices(
            [levels.ISCED_1, levels.ISCED_2, levels.ISCED_3, levels.ISCED_4, levels.ISCED_5_8],
            weights=[8, 22, 40, 12, 18],
        )[0]

    # labour market and income
    def incomes(self, household: HouseholdPlan, profile: str) -> None:
        size = len(household.members)
        criterion = self.criterion[0] if size == 1 else self.criterion[1]
        factor = {
            "poor": self.rng.uniform(0.25, 0.95),
            "near": self.rng.uniform(0.92, 1.12),
            "above": self.rng.uniform(1.2, 3.2),
        }[profile]
        if profile == "near" and self.chance(0.15):
            factor = 1.0  # exactly on the criterion: `≤` qualifies
        per_month = criterion * Decimal(str(round(factor, 4))) * size
        earners = []
        for index, person in enumerate(household.members):
            age = self.age(person.fields["birth_date"])
            if age < 18:
                continue
            source = self.labour_status(person, age, profile, head=index == 0)
            if source:
                earners.append((person, source))
        if profile == "poor" and self.chance(0.15):
            earners = []  # no income at all this quarter
        if not earners:
            return
        weights = [self.rng.uniform(0.5, 1.5) for _ in earners]
        total_weight = sum(weights)
        for (person, source), weight in zip(earners, weights, strict=True):
            share = per_month * Decimal(str(round(weight / total_weight, 4)))
            for month in self.months:
                steady = source in (enums.IncomeSource.PENSION, enums.IncomeSource.DISABILITY_PENSION)
                wobble = Decimal("1") if steady else Decimal(str(round(self.rng.uniform(0.95, 1.05), 3)))
                person.incomes.append(
                    {"month": month, "source": source, "net_amount": to_money(share * wobble)}
                )
        children = [p for p in household.members if self.age(p.fields["birth_date"]) < 18]
        if children:
            for month in self.months:
                household.members[0].incomes.append(
                    {
                        "month": month,
                        "source": enums.IncomeSource.FAMILY_BENEFIT,
                        "net_amount": to_money(800 * len(children)),
                        "counts_as_income": False,
                        "note": "świadczenie wychowawcze (800+), art. 8 ust. 4",
                    }
                )

    def labour_status(self, person: PersonPlan, age: int, profile: str, head: bool) -> str | None:
        """Record the labour-market situation of an adult; return their main income source."""
        statuses = enums.LabourMarketStatus
        sources = enums.IncomeSource
        if age >= 65:
            return sources.PENSION
        if self.chance(0.12):
            degree = self.rng.choices(list(enums.DisabilityDegree), weights=[40, 40, 20])[0]
            since = self.days_before(200, 4000)
            until = None if self.chance(0.3) else since + relativedelta(years=self.rng.randint(1, 6))
            person.situations.append(
                {
                    "kind": enums.SituationKind.DISABILITY,
                    "valid_from": since,
                    "disability_degree": degree,
                    "certificate_valid_until": until,
                }
            )
            if degree != enums.DisabilityDegree.MILD:
                self.add_situation(person, enums.SituationKind.LABOUR_MARKET, since, status=statuses.INACTIVE)
                return sources.DISABILITY_PENSION
        employed_chance = {"poor": 0.25, "near": 0.55, "above": 0.85}[profile]
        if profile == "above" and head:
            employed_chance = 1.0
        if self.chance(employed_chance):
            since = self.days_before(60, 5000)
            self.add_situation(person, enums.SituationKind.LABOUR_MARKET, since, status=statuses.EMPLOYED)
            return self.rng.choices(
                [sources.EMPLOYMENT, sources.CIVIL_CONTRACT, sources.SELF_EMPLOYMENT], weights=[80, 12, 8]
            )[0]
        status = self.rng.choices(
            [statuses.REGISTERED_UNEMPLOYED, statuses.UNREGISTERED_UNEMPLOYED, statuses.INACTIVE],
            weights=[55, 20, 25],
        )[0]
        # Spells from one month to four years: some people are long-term unemployed, some are not.
        since = self.days_before(30, 1500)
        self.add_situation(person, enums.SituationKind.LABOUR_MARKET, since, status=status)
        if status == statuses.REGISTERED_UNEMPLOYED:
            self.add_reason(person, "4", since)
            recent = (self.reference - since).days < 365
            return sources.UNEMPLOYMENT_BENEFIT if recent and self.chance(0.6) else sources.SOCIAL_ASSISTANCE
        return self.rng.choice([sources.SOCIAL_ASSISTANCE, sources.ALIMONY, sources.OTHER])

    # other situations
    def household_situations(self, household: HouseholdPlan, profile: str) -> None:
        head = household.members[0]
        if profile == "poor":
            self.add_reason(head, "1", self.days_before(30, 900))
            if self.chance(0.35):
                self.add_situation(head, enums.SituationKind.FOOD_AID, self.days_before(20, 700))
        if len(household.members) == 1 and profile == "poor" and self.chance(0.3):
            since = self.days_before(30, 2000)
            self.add_situation(head, enums.SituationKind.HOMELESSNESS, since, note="adres do korespondencji")
            self.add_reason(head, "3", since)
        for person in household.members:
            for situation in person.situations:
                if situation["kind"] == enums.SituationKind.DISABILITY:
                    self.add_reason(person, "5", situation["valid_from"])
        children = [p for p in household.members if p.fields["household_relation"] == "child"]
        if len(children) >= 3:
            self.add_reason(head, "8", self.days_before(30, 1500))
        if household.multi_problem_family:
            for code in self.rng.sample(["6", "7", "9", "13", "14"], k=self.rng.randint(2, 3)):
                self.add_reason(head, code, self.days_before(30, 1200))
        elif self.chance(0.04):
            self.add_reason(head, self.rng.choice(["2", "6", "12", "14"]), self.days_before(30, 800))
        for person in household.members:
            self.consents(person)

    def add_situation(self, person: PersonPlan, kind: str, since: datetime.date, status="", note="") -> None:
        person.situations.append({"kind": kind, "valid_from": since, "labour_status": status, "note": note})

    def add_reason(self, person: PersonPlan, code: str, since: datetime.date) -> None:
        situations = person.situations
        if any(s.get("reason_code") == code for s in situations):
            return
        situations.append(
            {"kind": enums.SituationKind.ASSISTANCE_REASON, "valid_from": since, "reason_code": code}
        )

    def consents(self, person: PersonPlan) -> None:
        if self.age(person.fields["birth_date"]) < 18:
            return
        kinds = enums.ConsentKind
        for kind, p in (
            (kinds.EU_PROJECT_DATA, 0.45),
            (kinds.ELECTRONIC_CONTACT, 0.35),
            (kinds.PARTNER_SHARING, 0.15),
            (kinds.IMAGE, 0.08),
        ):
            if self.chance(p):
                given = self.days_before(10, 1100)
                withdrawn = None
                if self.chance(0.07):
                    withdrawn = given + datetime.timedelta(
                        days=self.rng.randint(1, (self.reference - given).days)
                    )
                person.consents.append({"kind": kind, "given_on": given, "withdrawn_on": withdrawn})


def _surname(family_name: str, sex: str) -> str:
    """The feminine form of adjectival surnames (Kowalski -> Kowalska); other surnames do not change."""
    if sex == enums.Sex.FEMALE and family_name.endswith(("ski", "cki", "dzki")):
        return family_name[:-1] + "a"
    return family_name


def plan_registry(
    people: int,
    seed: int,
    reference: datetime.date = REFERENCE_DATE,
    criterion: tuple[Decimal, Decimal] = DEFAULT_CRITERION,
) -> list[HouseholdPlan]:
    """The demo registry in memory: households with their members, incomes, situations and consents.

    `criterion` is (single person, per person in a family): incomes are drawn below, around and above it.
    """
    return _Planner(people, seed, reference, criterion).plan()


def criterion_on(day: datetime.date) -> tuple[Decimal, Decimal]:
    row = IncomeCriterion.objects.on(day).order_by("-valid_from").first()
    return (row.single_person, row.per_person) if row else DEFAULT_CRITERION


# --- writing -----------------------------------------------------------------------------------------


def reset_registry() -> int:
    """Delete every person and household (the registry holds demo data only). Returns people deleted."""
    count = Person.objects.count()
    with transaction.atomic(), disable_auditlog():
        Person.objects.all().delete()
        Household.objects.all().delete()
    return count


@transaction.atomic
def load_registry(households: list[HouseholdPlan], workers: dict[str, User]) -> SeedSummary:
    """Write a planned registry with bulk_create (which skips save(), so search_text is set here)."""
    summary = SeedSummary()
    rows = Household.objects.bulk_create(
        [Household(multi_problem_family=h.multi_problem_family) for h in households if h.registered],
        batch_size=BATCH_SIZE,
    )
    registered = iter(rows)
    people, plans = [], []
    for household in households:
        row = next(registered) if household.registered else None
        for plan in household.members:
            person = Person(**plan.fields, household=row, responsible_worker=workers[plan.worker])
            person.search_text = normalise_name(f"{person.last_name} {person.first_name}")
            people.append(person)
            plans.append(plan)
    Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
    reasons = {reason.code: reason for reason in Art7Reason.objects.all()}
    incomes, situations, consents = [], [], []
    for person, plan in zip(people, plans, strict=True):
        incomes += [IncomeRecord(person=person, **income) for income in plan.incomes]
        for data in plan.situations:
            data = dict(data)
            code = data.pop("reason_code", None)
            situations.append(Situation(person=person, assistance_reason=reasons.get(code), **data))
        consents += [Consent(person=person, **consent) for consent in plan.consents]
    IncomeRecord.objects.bulk_create(incomes, batch_size=BATCH_SIZE)
    Situation.objects.bulk_create(situations, batch_size=BATCH_SIZE)
    Consent.objects.bulk_create(consents, batch_size=BATCH_SIZE)
    summary.people = len(people)
    summary.households = len(rows)
    summary.multi_problem_families = sum(1 for row in rows if row.multi_problem_family)
    summary.incomes, summary.situations, summary.consents = len(incomes), len(situations), len(consents)
    for person in people:
        team = person.responsible_worker.team.name
        summary.per_team[team] = summary.per_team.get(team, 0) + 1
    return summary


def seed(people: int, seed: int, reference: datetime.date = REFERENCE_DATE) -> SeedSummary:
    """Create the demo accounts and a registry of `people` synthetic people."""
    users = ensure_demo_accounts()
    return load_registry(plan_registry(people, seed, reference, criterion_on(reference)), users)
