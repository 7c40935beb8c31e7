"""Every factory of tests.factories builds a valid object: saved, and `full_clean()` (fields, the model's
clean and the database check constraints) finds nothing wrong with it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

import tests.factories as factories
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

FACTORIES = sorted(name for name in factories.__all__ if name.endswith("Factory"))


def test_every_factory_is_exported_and_checked_here():
    """A factory defined in a module of tests.factories but not re-exported would escape the check below."""
    import inspect

    import factory

    defined = {
        name
        for module in (
            factories.accounts,
            factories.people,
            factories.projects,
            factories.recruitment,
            factories.support,
            factories.housing,
            factories.work,
            factories.interviews,
        )
        for name, value in vars(module).items()
        if inspect.isclass(value)
        and issubclass(value, factory.django.DjangoModelFactory)
        and value.__module__ == module.__name__
    }
    assert defined == set(FACTORIES)


@pytest.mark.parametrize("name", FACTORIES)
def test_the_factory_builds_a_valid_object(name):
    instance = getattr(factories, name)()
    assert instance.pk is not None
    instance.full_clean()


def test_the_check_catches_an_invalid_object():
    """The check is real: full_clean refuses what the model's constraints refuse."""
    project = ProjectFactory.build(start=datetime.date(2019, 12, 31), end=datetime.date(2019, 1, 1))
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    assert [error.code for error in refused.value.error_dict["__all__"]] == ["project_period_ordered"]
