"""The default deployment (an SQLite file, gunicorn with 2 workers) under parallel writes: twenty
clerks' saves of one report opened at the same revision answer 409 (someone saved first) or success,
never 500 "database is locked" (issue 10, item 11)."""

import stat
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from serve import Served, Session, manage  # noqa: E402

from tests.web.conftest import sqlite_pass_only  # noqa: E402

pytestmark = sqlite_pass_only  # SQLite's own locking

ITEMS = "stats.proactive.items|value"
EDUCATION_2016 = ("from gongkai.web.reports.models import AnnualReport; "
                  "print(AnnualReport.objects.get(agency__name='九台区教育局', year=2016).pk)")


@pytest.fixture(scope="module")
def sqlite_server(tmp_path_factory):
    database = tmp_path_factory.mktemp("parallel") / "gongkai.sqlite3"
    with Served(f"sqlite:///{database}", workers=2) as server:
        server.database = database
        yield server


def test_the_database_file_is_readable_by_its_owner_alone(sqlite_server):
    """It holds applicants' names, addresses and identity documents (issue 10, item 7)."""
    for path in (sqlite_server.database, sqlite_server.database.with_name("gongkai.sqlite3-wal")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_twenty_parallel_saves_of_one_report_answer_409_or_success_never_500(sqlite_server):
    report_id = int(manage(sqlite_server.database_url, "shell", "--no-imports", "-c", EDUCATION_2016))
    clerk = Session(sqlite_server.url).sign_in("jiaoyu", "jiutai-jiaoyu-2016")
    for round_ in range(5):  # the race is a matter of timing: several rounds make it show
        revision = clerk.revision(report_id)

        def save(value: int, revision=revision) -> int:
            status, _, _ = clerk.request("POST", f"/reports/{report_id}/cells/",
                                         form={"revision": revision, ITEMS: str(value)})
            return status

        with ThreadPoolExecutor(max_workers=20) as pool:
            statuses = list(pool.map(save, range(100 * round_, 100 * round_ + 20)))
        assert sorted(set(statuses)) == [302, 409], (statuses, sqlite_server.log()[-3000:])
        assert statuses.count(302) == 1  # the first save wins; every other was based on its revision
        assert clerk.revision(report_id) == revision + 1
    assert "database is locked" not in sqlite_server.log()


def test_parallel_saves_based_on_fresh_revisions_all_land(sqlite_server):
    """Writers that each read the current revision first (several clerks' forms, one after another's
    save) wait for the lock instead of failing: every save answers, none is lost."""
    report_id = int(manage(sqlite_server.database_url, "shell", "--no-imports", "-c", EDUCATION_2016))
    clerk = Session(sqlite_server.url).sign_in("jiaoyu", "jiutai-jiaoyu-2016")
    start = clerk.revision(report_id)

    def save_until_accepted(value: int) -> int:
        for _ in range(60):
            status, _, _ = clerk.request("POST", f"/reports/{report_id}/cells/",
                                         form={"revision": clerk.revision(report_id), ITEMS: str(value)})
            if status != 409:
                return status
        return 409

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(save_until_accepted, range(200, 210)))
    assert statuses == [302] * 10, (statuses, sqlite_server.log()[-3000:])
    assert clerk.revision(report_id) == start + 10
