import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture
def seed(db):
    """Load the seed fixtures, as `make run` does."""
    call_command("loaddata", *settings.SEED_FIXTURES, verbosity=0)


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="chief", is_staff=True, is_superuser=True)
