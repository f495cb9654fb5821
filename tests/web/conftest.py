"""Fixtures of the web tests: a small jurisdiction with one user per role."""

import importlib
import os
from pathlib import Path
from types import SimpleNamespace

import django
import pytest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models.signals import post_migrate  # noqa: E402

from gongkai.web.accounts.models import Role  # noqa: E402
from gongkai.web.agencies.models import Agency  # noqa: E402
from gongkai.web.applications.documents import default_templates  # noqa: E402
from gongkai.web.proactive.defaults import load_taxonomy  # noqa: E402
from gongkai.web.reports import services  # noqa: E402


def restore_migrated_rows(sender, **kwargs):
    """A transactional test ends by flushing the database, rows the data migrations loaded included,
    and then Django sends post_migrate. With the files spread over workers (xdist) such a test is not
    always the last on its database, so the rows the tests after it expect are put back here."""
    from gongkai.web.applications.models import DocumentTemplate
    from gongkai.web.proactive.models import Category, Genre

    if sender.label == "proactive":
        load_taxonomy(Category, Genre)
    elif sender.label == "applications":
        for kind, fields in default_templates().items():
            DocumentTemplate.objects.get_or_create(kind=kind, defaults=fields)


post_migrate.connect(restore_migrated_rows, dispatch_uid="tests-restore-migrated-rows")

# For a test that makes its own SQLite database whatever DATABASE_URL says (a deployment served from a file,
# settings checked in a subprocess): make test's PostgreSQL pass would only repeat it.
sqlite_pass_only = pytest.mark.skipif(connection.vendor != "sqlite",
                                      reason="makes its own SQLite database: run in the SQLite pass")

# The reason given to approve or publish a test report that leaves cells or sections blank (most test
# reports fill only the cells their test is about); tests of that rule itself give none.
PARTIAL = "测试报告只填写了所测的数值"


@pytest.fixture(autouse=True)
def published_cache_in_memory(settings):
    """Each test its own empty cache of published versions, never the files under var/."""
    settings.CACHES = {**settings.CACHES,
                       "published": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                     "LOCATION": f"published-{os.urandom(4).hex()}"},
                       "published-local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                           "LOCATION": f"published-local-{os.urandom(4).hex()}"}}


def make_user(username: str, kind: str | None, agency: Agency | None):
    user = get_user_model().objects.create_user(username)  # no password: tests sign in with force_login
    if kind:
        Role.objects.create(user=user, kind=kind, agency=agency)
    return user


@pytest.fixture
def world(db):
    """九台区 with its coordination office, two departments and a town; 双阳区 next door."""
    government = Agency.objects.create(name="长春市九台区人民政府", kind=Agency.Kind.GOVERNMENT,
                                       jurisdiction_name="长春市九台区")
    office = Agency.objects.create(name="九台区政务公开协调办公室", kind=Agency.Kind.DEPARTMENT, parent=government)
    education = Agency.objects.create(name="九台区教育局", kind=Agency.Kind.DEPARTMENT, parent=government,
                                      designation="九教")
    civil = Agency.objects.create(name="九台区民政局", kind=Agency.Kind.DEPARTMENT, parent=government,
                                  designation="九民")
    town = Agency.objects.create(name="其塔木镇人民政府", kind=Agency.Kind.TOWNSHIP, parent=government,
                                 designation="其政")
    other = Agency.objects.create(name="长春市双阳区人民政府", kind=Agency.Kind.GOVERNMENT,
                                  jurisdiction_name="长春市双阳区")
    w = SimpleNamespace(government=government, office=office, education=education, civil=civil, town=town,
                        other=other)
    w.clerk = make_user("clerk", Role.Kind.CLERK, education)
    w.other_clerk = make_user("other_clerk", Role.Kind.CLERK, civil)
    w.coordinator = make_user("coordinator", Role.Kind.COORDINATION_OFFICE, office)
    w.reviewer = make_user("reviewer", Role.Kind.REVIEWER, government)
    w.admin = make_user("admin", Role.Kind.ADMIN, None)
    w.outsider = make_user("outsider", Role.Kind.COORDINATION_OFFICE, other)
    w.nobody = make_user("nobody", None, None)
    return w


@pytest.fixture
def report(world):
    """教育局's 2016 report (legacy format), a draft."""
    return services.create_report(world.education, 2016, world.clerk)


def login(client, user):
    client.force_login(user)
    return client


# The modules of what the database vendor decides, beside what commits (below): make test runs them on
# PostgreSQL too (marker ``vendor``). Module → the code under test that differs per vendor.
VENDOR_MODULES = {
    "proactive/test_catalogue.py": "full-text search: SQLite FTS5 or PostgreSQL's bigram GIN index, estimates",
    "proactive/test_import.py": "bulk inserts (UNNEST on PostgreSQL), index numbers reserved by upsert",
    "proactive/test_register.py": "index numbers reserved by upsert and a locked update",
    "proactive/test_counting.py": "the counting engine's aggregates over dates",
    "applications/test_counting.py": "the counting engine's aggregates over dates",
    "applications/test_statistics.py": "tables filled from aggregates over dates",
    "applications/test_fees_counted.py": "sums of amounts",
    "engagement/test_facts.py": "facts counted per year",
    "engagement/test_responses.py": "records counted to the seed's tables",
    "test_demo.py": "the whole register imported and counted to the seed",
    "test_public.py": "published versions read in SQL of its own, their times as each database returns them",
    "test_import_published.py": "published versions read in SQL of its own",
    "test_rate_limits.py": "the throttle's counter, an upsert in SQL of its own",
    "test_login_throttle.py": "the throttle's counter, an upsert in SQL of its own",
    "applications/test_online.py": "the throttle's counter, an upsert in SQL of its own",
    "test_backup.py": "sqlite3's backup or pg_dump / pg_restore",
    "test_migrations.py": "append-only triggers and the search index, made per vendor",
    "test_parallel_writes.py": "locking and isolation under parallel writers",
    "test_lost_update.py": "row locks (select_for_update)",
}
COMMITS = {"transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """A test that takes the ``browser`` fixture is a browser test: marked ``browser`` here, so that
    make test runs it once (in the PostgreSQL pass) without each module having to say so. A test of
    what the database vendor decides is marked ``vendor``, and runs in both passes: one that commits
    (locking, isolation, a flush that truncates or deletes) or is in ``VENDOR_MODULES``."""
    here = Path(__file__).parent
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        module = Path(item.fspath).relative_to(here).as_posix() if Path(item.fspath).is_relative_to(here) else ""
        database = item.get_closest_marker("django_db")
        commits = fixtures & COMMITS or (database is not None and database.kwargs.get("transaction"))
        if commits or module in VENDOR_MODULES:
            item.add_marker(pytest.mark.vendor)


@pytest.fixture(scope="module")
def browser():
    """Chromium for the browser tests of one module (``tests.web.browsing``)."""
    from tests.web.browsing import launch

    playwright, chromium = launch()
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Setting a password (load_demo sets six) and signing in through the form hash it; the deployed
    # hasher takes a quarter to most of a second each time, and no test is about the hash's strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def events_cleared(transactional_db):
    """After the test the database is flushed; on SQLite that is a DELETE, which the append-only
    trigger refuses (PostgreSQL truncates, which row triggers do not see). So the events go first,
    with the trigger lifted for that moment only."""
    yield
    if connection.vendor != "sqlite":
        return
    append_only = importlib.import_module("gongkai.web.applications.migrations.0002_events_append_only")
    with connection.cursor() as cursor:
        for action in ("update", "delete"):
            cursor.execute(f"DROP TRIGGER {append_only.TABLE}_no_{action}")
        cursor.execute(f"DELETE FROM {append_only.TABLE}")
        for statement in append_only.SQLITE:
            cursor.execute(statement)
