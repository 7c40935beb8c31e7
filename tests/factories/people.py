"""People: persons, households and their dated records; rows of the people import files.

Never real people: names and PESELs come from Faker (pl_PL) or are built from synthetic serials."""

import csv
import datetime
import io
from decimal import Decimal

import factory
from faker import Faker

from szansa.domain.people import enums
from szansa.domain.people.models import Consent, Household, IncomeRecord, Person, Situation
from tests.factories.accounts import SocialWorkerFactory

fake = Faker("pl_PL")

# Surnames of Faker's pl_PL list that are also words of Szansa's own texts (a label, a weekday, a name in the
# demo data): the privacy walks (tests/privacy/test_reads_logged.py) find a person on a page by the surname as
# a word, so a person called "Forma" would seem shown on every page with a "Forma" column. Test people never
# get one; a test there checks that this set still holds every such surname.
UI_WORD_SURNAMES = frozenset(
    {"Białczyk", "Blank", "Duży", "Forma", "Grupa", "Koniec", "Początek", "Poniedziałek", "Rok", "Ważny"}
)


def distinct_surname() -> str:
    """A Faker pl_PL surname that is no word of the application's texts (from factory_boy's seeded Faker)."""
    faker = factory.Faker._get_faker(locale="pl_PL")
    while (name := faker.last_name()) in UI_WORD_SURNAMES:
        pass
    return name


def _pesel(person):
    return fake.unique.pesel(
        date_of_birth=datetime.datetime.combine(person.birth_date, datetime.time()),
        sex="F" if person.sex == enums.Sex.FEMALE else "M",
    )


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.LazyFunction(distinct_surname)
    birth_date = factory.Faker("date_of_birth", minimum_age=18, maximum_age=80)
    sex = factory.Iterator([enums.Sex.FEMALE, enums.Sex.MALE])
    pesel = factory.LazyAttribute(_pesel)
    street = factory.Faker("street_name", locale="pl_PL")
    building_number = factory.Faker("building_number", locale="pl_PL")
    postal_code = "34-120"
    town = "Andrychów"
    gmina = "Andrychów"
    powiat = "wadowicki"
    responsible_worker = factory.SubFactory(SocialWorkerFactory)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household


class IncomeRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomeRecord

    person = factory.SubFactory(PersonFactory)
    month = datetime.date(2025, 1, 1)
    source = enums.IncomeSource.EMPLOYMENT
    net_amount = Decimal("1000.00")


class SituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Situation

    person = factory.SubFactory(PersonFactory)
    kind = enums.SituationKind.HOMELESSNESS
    valid_from = datetime.date(2024, 1, 1)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    kind = enums.ConsentKind.EU_PROJECT_DATA
    given_on = datetime.date(2024, 1, 1)


# --- rows of the people import files (tests/people) ------------------------------------------------------

WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)


def make_pesel(born: datetime.date, serial: int, female: bool) -> str:
    """A valid synthetic PESEL (docs/identifiers.md): serial 0..4999 gives distinct numbers for one day."""
    month = born.month + {18: 80, 19: 0, 20: 20}[born.year // 100]
    sex_digit = (serial // 1000) * 2 + (0 if female else 1)
    digits = f"{born.year % 100:02d}{month:02d}{born.day:02d}{serial % 1000:03d}{sex_digit}"
    check = (10 - sum(w * int(d) for w, d in zip(WEIGHTS, digits, strict=True)) % 10) % 10
    return digits + str(check)


PL_HEADER = ["Imię", "Nazwisko", "PESEL", "Data urodzenia", "Nr domu", "Kod pocztowy", "Miejscowość", "Gmina"]
PL_HEADER += ["Powiat", "Pracownik"]
EN_HEADER = ["first_name", "last_name", "pesel", "birth_date", "building_number", "postal_code", "town"]
EN_HEADER += ["gmina", "powiat", "worker"]


def person_row(n: int, *, worker="pracownik", polish_date=True, **changes) -> dict:
    born = datetime.date(1950, 1, 1) + datetime.timedelta(days=n % 18000)
    female = n % 2 == 0
    row = {
        "first_name": "Zofia" if female else "Łukasz",
        "last_name": f"Wróblewska{n}" if female else f"Żółkiewski{n}",
        "pesel": make_pesel(born, n // 18000, female),
        "birth_date": f"{born:%d.%m.%Y}" if polish_date else born.isoformat(),
        "building_number": str(n % 90 + 1),
        "postal_code": "34-120",
        "town": "Andrychów",
        "gmina": "Andrychów",
        "powiat": "wadowicki",
        "worker": worker,
    }
    row.update(changes)
    return row


def csv_bytes(rows, *, header=PL_HEADER, encoding="cp1250", delimiter=";", newline="\r\n") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    for row in rows:
        writer.writerow(list(row.values()))
    return out.getvalue().encode(encoding)
