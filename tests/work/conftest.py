import pytest

from szansa.domain.accounts.enums import Role
from tests.factories import UserFactory


@pytest.fixture
def clerk2(cast):
    """A second administrative clerk, to show that administrative work waits in a shared queue."""
    return UserFactory(username="referent2", role=Role.ADMINISTRATIVE_CLERK)
