"""The public pages' hourly limits hold (issue 10, item 1): counting is one atomic statement in the
database, so parallel requests lose no count, and the window is the hour the rules state, not the
cache's default five minutes. The parallel test needs PostgreSQL (DATABASE_URL), as a deployment with
several processes has; SQLite serialises writers anyway."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from gongkai.web.applications import rules

LOOKUPS = rules.setting("tracking_lookups_per_hour")
CODE = {"code": "ABCD-EFGH-JKLM-NPQR"}
T0 = datetime.datetime(2026, 12, 3, 9, 0, 5, tzinfo=datetime.UTC)


def lookup(client) -> int:
    return client.post("/api/applications/track", CODE, content_type="application/json",
                       REMOTE_ADDR="203.0.113.7").status_code


@pytest.fixture
def clock(monkeypatch):
    """A clock the test moves; Django's cache and the rate limits both read timezone.now."""
    now = {"value": T0}
    monkeypatch.setattr(timezone, "now", lambda: now["value"])
    return now


def test_the_hourly_limit_survives_five_minutes(db, clock):
    assert {lookup(Client()) for _ in range(LOOKUPS)} == {404}
    clock["value"] = T0 + datetime.timedelta(minutes=5, seconds=1)
    assert lookup(Client()) == 429
    clock["value"] = T0 + datetime.timedelta(minutes=59)
    assert lookup(Client()) == 429
    clock["value"] = T0 + datetime.timedelta(hours=1)
    assert lookup(Client()) == 404  # a new hour, a new count


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL (DATABASE_URL)")
def test_parallel_lookups_lose_no_count(transactional_db):
    statuses: list[int] = []
    start = threading.Barrier(16)

    def worker():
        start.wait()
        try:
            for _ in range(6):
                statuses.append(lookup(Client()))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(statuses) == 96
    assert statuses.count(404) == LOOKUPS and statuses.count(429) == 96 - LOOKUPS
