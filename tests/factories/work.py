"""Work: factories for task kinds, cases and tasks."""

import datetime

import factory

from szansa.domain.accounts.enums import Role
from szansa.domain.work import enums
from szansa.domain.work.models import Case, Task, TaskKind
from tests.factories.accounts import UserFactory
from tests.factories.people import PersonFactory


class TaskKindFactory(factory.django.DjangoModelFactory):
    """A kind of social work due within 7 calendar days, queued for social workers."""

    class Meta:
        model = TaskKind

    code = factory.Sequence(lambda n: f"test-kind-{n + 1}")
    name = "Home visit"
    name_pl = "Wizyta domowa"
    work_class = enums.WorkClass.SOCIAL_WORK
    default_role = Role.SOCIAL_WORKER
    deadline_kind = enums.DeadlineKind.CALENDAR_DAYS
    deadline_amount = 7


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    person = factory.SubFactory(PersonFactory)
    opened_on = datetime.date(2026, 1, 5)
    benefit = "zasiłek okresowy"
    created_by = factory.SubFactory(UserFactory)


class TaskFactory(factory.django.DjangoModelFactory):
    """An open task of a person in its kind's queue, due in a week."""

    class Meta:
        model = Task

    kind = factory.SubFactory(TaskKindFactory)
    title = "Wizyta domowa"
    person = factory.SubFactory(PersonFactory)
    role = factory.SelfAttribute("kind.default_role")
    start_on = datetime.date(2026, 1, 5)
    due_on = datetime.date(2026, 1, 12)
    created_by = factory.SubFactory(UserFactory)
