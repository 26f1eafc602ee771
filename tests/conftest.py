import pytest
from django.conf import settings
from django.core.management import call_command

from tests.smtp_sink import smtp  # noqa: F401 (a real SMTP server, for mail tests)


@pytest.fixture(autouse=True)
def shared_cache(settings):
    """Keep fragments and counts as production does with Redis (tests run in one process).

    Every test starts with nothing kept, so what one test rendered is never served to
    another that reuses its primary keys.
    """
    from django.core.cache import cache

    from newsroom.coverage.cache import forget_local

    settings.SHARED_CACHE = True
    cache.clear()
    forget_local()
    yield
    cache.clear()
    forget_local()


@pytest.fixture(autouse=True)
def search_statistics():
    """Start with no database statistics read for search: kept per process, they would
    tell one test's search what another test's rows were."""
    from newsroom.coverage.search import postgres, ranking

    postgres._statistics.clear()
    ranking.forget()


@pytest.fixture
def analysed(monkeypatch):
    """Return a function that analyses the passages' table, as autovacuum would, so
    search reads its statistics afresh, and sets search/postgres.py's `limits`
    (POOL=3: past so few matches, PostgreSQL picks what it ranks)."""
    from django.db import connection

    from newsroom.coverage.search import postgres

    def analyse(**limits):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE coverage_segment")
        postgres._statistics.clear()
        for name, value in limits.items():
            monkeypatch.setattr(postgres, name, value)

    return analyse


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Run queued work where it is queued; tests of workers and queues choose their own."""
    settings.TASK_QUEUE = "immediate"
    settings.TASKS = {"default": {"BACKEND": settings.TASK_BACKENDS["immediate"]}}


@pytest.fixture
def seed(db):
    """Load the seed fixtures, as `make run` does."""
    call_command("loaddata", *settings.SEED_FIXTURES, verbosity=0)


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="chief", is_staff=True, is_superuser=True)


def member_of(group_name: str, username: str):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def reporter(db):
    return member_of("Reporter", "reporter")


@pytest.fixture
def editor(db):
    return member_of("Editor", "editor")


@pytest.fixture
def seeded_synonyms(db):
    """The synonyms their migration adds, again if a transactional test's flush emptied
    the table (as the editorial groups are made again in e2e/conftest.py)."""
    import importlib

    from django.apps import apps

    from newsroom.coverage.models import Synonym
    from newsroom.coverage.search import lexicon

    if not Synonym.objects.exists():
        for migration in ("0022_search_synonyms", "0023_more_synonyms"):
            module = importlib.import_module(f"newsroom.coverage.migrations.{migration}")
            module.add_groups(apps, None)
    lexicon.forget()
    return Synonym.objects.all()
