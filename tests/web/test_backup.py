"""Backup and restore (docs/operations.md): `gongkai web backup FILE` while the platform runs, the
database lost, `gongkai web restore FILE` brings back every report, published version, event and
application, on SQLite and on PostgreSQL alike (issue 10, item 13)."""

import json
import os
import stat
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gongkai.web.applications.models import Application
from gongkai.web.reports.models import AnnualReport

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from serve import fresh_database, manage  # noqa: E402

KEPT = ["reports.annualreport", "reports.publishedversion", "reports.reportevent", "applications.application",
        "applications.applicationevent", "applications.applicantdetails"]


def databases() -> list[str]:
    """A file of SQLite; or, when the suite runs on PostgreSQL, a PostgreSQL database of its own (make test's
    SQLite pass has tried the file already)."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith("postgres"):
        parsed = urllib.parse.urlparse(configured)
        return [parsed._replace(path=f"{parsed.path}_backup_test").geturl()]
    return ["sqlite"]


def everything(url: str) -> list[dict]:
    """Every row of every table the platform's models keep, as dumpdata writes them."""
    return json.loads(manage(url, "dumpdata", "--indent", "0"))


@pytest.mark.parametrize("database", databases())
def test_backup_wipe_restore_finds_every_report_version_application_and_event(database, tmp_path):
    url = f"sqlite:///{tmp_path / 'gongkai.sqlite3'}" if database == "sqlite" else database
    fresh_database(url)
    manage(url, "migrate", "--noinput", "-v", "0")
    manage(url, "load_demo")
    before = everything(url)
    kept = {model: sum(row["model"] == model for row in before) for model in KEPT}
    assert all(kept.values()), kept

    backup = tmp_path / "备份" / "gongkai.backup"
    manage(url, "backup", str(backup))
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # it holds applicants' personal data
    assert not list(backup.parent.glob(".*partial"))

    fresh_database(url)  # the database is lost
    manage(url, "migrate", "--noinput", "-v", "0")
    assert everything(url) != before
    manage(url, "restore", "--noinput", str(backup))
    assert everything(url) == before
    # The restored database goes on working: a new report gets a new key, not one the restore brought back.
    new = manage(url, "shell", "--no-imports", "-c", NEW_REPORT)
    assert int(new) > max(row["pk"] for row in before if row["model"] == "reports.annualreport")


NEW_REPORT = """
from django.contrib.auth import get_user_model
from gongkai.web.agencies.models import Agency
from gongkai.web.reports import services
report = services.create_report(Agency.objects.get(name="九台区民政局"), 2017, get_user_model().objects.get(username="admin"))
print(report.pk)
"""


def snapshot() -> tuple[int, int]:
    return AnnualReport.objects.count(), Application.objects.count()


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(world, report, tmp_path):
    before = snapshot()
    not_a_backup = tmp_path / "年报.xlsx"
    not_a_backup.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(not_a_backup), interactive=False)
    assert refused.value.returncode == 2
    assert "年报.xlsx" in str(refused.value) and "不是" in str(refused.value) and "备份文件" in str(refused.value)
    with pytest.raises(CommandError, match="备份文件不存在"):
        call_command("restore", str(tmp_path / "missing.backup"), interactive=False)
    assert snapshot() == before


def test_a_backup_of_the_other_database_kind_is_refused(db, tmp_path):
    other = tmp_path / "other.backup"
    other.write_bytes(b"PGDMP\x01\x0e" if connection.vendor == "sqlite" else b"SQLite format 3\x00" + bytes(100))
    with pytest.raises(CommandError, match="不是 (SQLite|PostgreSQL) 数据库的备份文件"):
        call_command("restore", str(other), interactive=False)
