"""Synthetic test data. Never real people: names and PESELs come from Faker (pl_PL)."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from faker import Faker

from szansa.domain.accounts.enums import Role
from szansa.domain.accounts.models import Team, User
from szansa.domain.people import enums
from szansa.domain.people.models import Consent, Household, IncomeRecord, Person, Situation

fake = Faker("pl_PL")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Zespół {n + 1}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
    password = factory.django.Password("szansa-test")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class SocialWorkerFactory(UserFactory):
    team = factory.SubFactory(TeamFactory)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=extracted or Role.SOCIAL_WORKER))


def _pesel(person):
    return fake.unique.pesel(
        date_of_birth=datetime.datetime.combine(person.birth_date, datetime.time()),
        sex="F" if person.sex == enums.Sex.FEMALE else "M",
    )


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="pl_PL")
    last_name = factory.Faker("last_name", locale="pl_PL")
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
