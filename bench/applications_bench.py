"""Tables 三 and 四 computed from the records of a province, for `make bench`.

10,000 agencies in 100 jurisdictions (a province government, 100 jurisdiction governments, 99
departments each), 1,000,000 applications received 2021–2025 with their replies (3% still open,
answers crossing the year end) and review and litigation cases, loaded on PostgreSQL (its own
database, COPY) and on SQLite (a file under /tmp, executemany in one transaction). Each backend runs
in a child process, because Django's database is fixed when it is set up.

Measured: one jurisdiction-year's full tables 三 and 四 (carry-over included) through the app's
``statistics.computed_sheet``, and the province-year; next to each, the bare ``GROUP BY outcome,
applicant kind`` over the same agencies and year, in the same run.
"""

import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import isolated
from isolated import AGENCY_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
DATABASE = os.environ.get("GONGKAI_BENCH_DATABASE", "gongkai_applications_bench")
SQLITE_FILE = Path(os.environ.get("GONGKAI_BENCH_SQLITE", "/tmp/gongkai_applications_bench.sqlite3"))
JURISDICTIONS = 100
DEPARTMENTS = 99  # per jurisdiction, beside its government: 100 × 100 = 10,000 agencies
APPLICATIONS = int(os.environ.get("GONGKAI_BENCH_APPLICATIONS", "1000000"))  # fewer: a quick run that proves it works
YEARS = range(2021, 2026)
YEAR = 2024  # measured: carry-over from 2023 in, and into 2025 out
OPEN_SHARE = 0.03
CASE_SHARE = 0.01
REPEAT = 5
RANDOM_PAGE_COST = 1.1  # PostgreSQL's default is 4 (spinning disks); see _load_postgresql
GOALS = {("postgresql", "jurisdiction"): 50, ("sqlite", "jurisdiction"): 100, ("postgresql", "province"): 300}


def _records(agency_ids: list[int]):
    """Applications, replies and cases as row tuples (deterministic)."""
    from gongkai.web.applications import rules

    rng = random.Random(2024)
    outcomes = list(rules.outcomes("gov2021"))
    kinds = [kind for kind, _ in rules.applicant_kinds()]
    kind_weights = [70, 15, 3, 2, 5, 5][:len(kinds)]
    channels = ["online", "letter", "in_person", "fax"]
    decisions = list(rules.setting("decision_outcomes").items())
    first = datetime.date(YEARS[0], 1, 1)
    days = (datetime.date(YEARS[-1], 12, 31) - first).days
    created = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    applications, replies, cases = [], [], []
    for pk in range(1, APPLICATIONS + 1):
        received = first + datetime.timedelta(days=rng.randrange(days + 1))
        answered = rng.random() >= OPEN_SHARE
        replied = received + datetime.timedelta(days=rng.randrange(1, 40)) if answered else None
        outcome = rng.choice(outcomes) if answered else ""
        applications.append((pk, rng.choice(agency_ids), f"B{pk:015d}", rng.choice(channels), received,
                             rng.choices(kinds, kind_weights)[0], "基准申请", "", "",
                             "closed" if answered else "processing", received + datetime.timedelta(days=28), False,
                             replied, outcome, created))
        if not answered:
            continue
        replies.append((pk, pk, replied, "gov2021", outcome, received + datetime.timedelta(days=28), False, ""))
        if rng.random() < CASE_SHARE:
            kind = rng.choice(["review", "direct", "after_review"])
            filed = replied + datetime.timedelta(days=rng.randrange(1, 60))
            decided = filed + datetime.timedelta(days=rng.randrange(20, 120)) if rng.random() < 0.8 else None
            decision, outcome = rng.choice(decisions) if decided else ("", "pending")
            cases.append((len(cases) + 1, pk, kind, filed, "基准省人民政府", decided, decision, outcome))
    return applications, replies, cases


APPLICATION_COLUMNS = ("id", "agency_id", "tracking_code", "channel", "received", "applicant_kind", "description",
                       "form_requirements", "extension_approver", "status", "due", "due_provisional", "replied_on",
                       "outcome", "created_at")
REPLY_COLUMNS = ("id", "application_id", "replied_on", "format_id", "outcome", "due_on", "extended", "note")
CASE_COLUMNS = ("id", "application_id", "kind", "filed_on", "body", "decided_on", "decision", "outcome")


def _tables(agencies, applications, replies, cases):
    return [("agencies_agency", AGENCY_COLUMNS, agencies),
            ("applications_application", APPLICATION_COLUMNS, applications),
            ("applications_reply", REPLY_COLUMNS, replies), ("applications_reviewcase", CASE_COLUMNS, cases)]


def _load_postgresql(tables) -> None:
    from django.db import connection

    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        for table, columns, rows in tables:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        for table, _, _ in tables:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    # What autovacuum does to a live database soon after a bulk load, done at once: VACUUM sets the
    # visibility map (without it PostgreSQL cannot answer from the covering indexes alone: every index-only
    # scan falls back to the heap) and ANALYZE gives the planner the statistics. random_page_cost = 1.1
    # is the usual setting for SSD or RAM-resident data (the default 4 assumes spinning disks and makes the
    # planner hash-join the whole reply table instead of looking up one jurisdiction's replies in the index).
    connection.connection.autocommit = True
    with connection.connection.cursor() as cursor:
        for table, _, _ in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute(f"ALTER DATABASE {connection.settings_dict['NAME']} SET random_page_cost = {RANDOM_PAGE_COST}")
    connection.close()  # the next query reconnects with the database's settings


def _load_sqlite(tables) -> None:
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    raw.execute("PRAGMA synchronous = OFF")
    raw.execute("BEGIN")  # one transaction: Django's SQLite connection is in autocommit mode
    for table, columns, rows in tables:
        marks = ", ".join("?" * len(columns))
        raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                        (tuple(value.isoformat() if isinstance(value, datetime.date) else value for value in row)
                         for row in rows))
    raw.execute("COMMIT")
    raw.execute("ANALYZE")


def timed(function) -> tuple[float, float]:
    """Best and median wall time in ms over ``REPEAT`` runs (after one warm-up)."""
    function()
    durations = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        function()
        durations.append((time.perf_counter() - start) * 1000)
    return min(durations), statistics.median(durations)


def worker(vendor: str) -> dict:
    """In the child process: set up Django on the backend, load, measure; the figures as a dict."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.db.models import Count

    from gongkai.formats import load_format
    from gongkai.web.agencies.models import Agency
    from gongkai.web.applications.models import Application
    from gongkai.web.applications.statistics import computed_sheet
    from gongkai.web.counting import of_agency

    start = time.perf_counter()
    agencies = isolated.agencies(JURISDICTIONS, DEPARTMENTS)
    applications, replies, cases = _records([row[0] for row in agencies if row[0] != 1])
    generated = time.perf_counter() - start
    (_load_postgresql if vendor == "postgresql" else _load_sqlite)(_tables(agencies, applications, replies, cases))
    loaded = time.perf_counter() - start - generated
    fmt = load_format("gov2021")
    figures = {"generate_s": generated, "load_s": loaded, "applications": len(applications),
               "replies": len(replies), "cases": len(cases)}
    for scope, agency in (("jurisdiction", Agency.objects.get(pk=2 + 37 * (DEPARTMENTS + 1))),
                          ("province", Agency.objects.get(pk=1))):
        sheet = computed_sheet(fmt, agency, YEAR)

        def bare(agency=agency):
            year = (datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
            return list(Application.objects.filter(of_agency(agency), replied_on__range=year)
                        .values("outcome", "applicant_kind").annotate(n=Count("pk")).order_by())

        figures[scope] = {
            "agencies": agency.subtree().count(), "answered": sheet.get("t3.total|total"),
            "new": sheet.get("t3.new|total"),
            "carried_in": sheet.get("t3.carried_in|total"), "carried_out": sheet.get("t3.carried_out|total"),
            "cases": sum(sheet.get(f"t4.cases|{kind}.total") for kind in ("review", "direct", "after_review")),
            "tables": timed(lambda agency=agency: computed_sheet(fmt, agency, YEAR)),
            "bare": timed(bare),
        }
    return figures



def _lines(vendor: str, label: str, figures: dict) -> list[str]:
    prepared = (f"then VACUUM ANALYZE of each table and random_page_cost = {RANDOM_PAGE_COST} (default 4)"
                if vendor == "postgresql" else "then ANALYZE")
    lines = [f"| {label}: load {figures['applications']:,} applications, {figures['replies']:,} replies, "
             f"{figures['cases']:,} review and litigation cases | {figures['load_s']:.0f} s "
             f"(generating them {figures['generate_s']:.0f} s) | {prepared}, before measuring |"]
    for scope, what in (("jurisdiction", "one jurisdiction-year"), ("province", "the province-year")):
        found = figures[scope]
        (best, median), (bare_best, bare_median) = found["tables"], found["bare"]
        goal = GOALS.get((vendor, scope))
        note = f"goal < {goal} ms; " if goal else ""
        lines.append(
            f"| {label}: {what} ({found['agencies']:,} agencies, {YEAR}), tables 三 and 四 | {best:.1f} ms "
            f"(median {median:.1f} ms) | {note}bare GROUP BY outcome, applicant kind: {bare_best:.1f} ms "
            f"(median {bare_median:.1f} ms); {found['answered']:,} answered, {found['new']:,} new, "
            f"{found['carried_in']:,} carried in, {found['carried_out']:,} carried out, {found['cases']:,} cases |")
    return lines


def bench() -> list[str]:
    return [*_lines("postgresql", "PostgreSQL", isolated.measure(__file__, "postgresql", DATABASE, SQLITE_FILE)),
            *_lines("sqlite", "SQLite", isolated.measure(__file__, "sqlite", DATABASE, SQLITE_FILE))]


if __name__ == "__main__":
    if len(sys.argv) == 2:
        print(json.dumps(worker(sys.argv[1]), default=str))
    else:
        print("\n".join(bench()))
