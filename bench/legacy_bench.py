"""The whole legacy table (一 through 九) computed from records for one jurisdiction-year, for `make bench`.

A district of 100 agencies (its government and 99 departments) with, over 2016–2018, 50,000 proactively
published items (the proactive bench's generator), 10,000 applications with their replies (5% charging
costs under the 2007 Regulation) and review cases, and the year's other records: responses to hot
topics, meetings and courses, the agencies' facts with their 查阅点 and 专项经费, and complaints. Scale:
``LEGACY_BENCH_ITEMS`` and ``LEGACY_BENCH_APPLICATIONS``. PostgreSQL (goal < 200 ms, issue 12); SQLite
when ``LEGACY_BENCH_SQLITE=1``. Each backend in a child process on a fresh database.

Measured: ``counting.count`` of the legacy format (every cell), each population's share of it, and the
bare grouped queries over the same records in the same run (items by channel, applications by
outcome and applicant kind, the complaints, the summed costs and funds).
"""

import datetime
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

import isolated
import proactive_bench

DATABASE = "gongkai_legacy_bench"
SQLITE_FILE = Path("/tmp/gongkai_legacy_bench.sqlite3")
ITEMS = int(os.environ.get("LEGACY_BENCH_ITEMS", 50_000))
APPLICATIONS = int(os.environ.get("LEGACY_BENCH_APPLICATIONS", 10_000))
VENDORS = ("postgresql", "sqlite") if os.environ.get("LEGACY_BENCH_SQLITE") == "1" else ("postgresql",)
YEARS = range(2016, 2019)
YEAR = 2017
DEPARTMENTS = 99
GOALS = {"postgresql": 200}  # ms, the whole table (issue 12)
REPEAT = 5


def _between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _records(agency_ids: list[int]) -> dict:
    """Everything but the items, through the ORM's bulk inserts (tens of thousands of rows)."""
    from gongkai.web.applications import rules
    from gongkai.web.applications.models import Application, Reply, ReviewCase
    from gongkai.web.complaints.models import Complaint
    from gongkai.web.engagement.models import AgencyFacts, Meeting, ReadingPoint, Response, Topic

    rng = random.Random(12)
    outcomes = list(rules.outcomes("legacy"))
    kinds = [kind for kind, _ in rules.applicant_kinds()]
    first, last = datetime.date(YEARS[0], 1, 1), datetime.date(YEARS[-1], 12, 31)
    applications, replies, cases = [], [], []
    for pk in range(1, APPLICATIONS + 1):
        received = _between(rng, first, last)
        replied = received + datetime.timedelta(days=rng.randrange(1, 30)) if rng.random() > 0.02 else None
        outcome = rng.choice(outcomes) if replied else ""
        applications.append(Application(
            pk=pk, agency_id=rng.choice(agency_ids), tracking_code=f"L{pk:015d}", channel=rng.choice(
                ["online", "letter", "in_person", "fax"]), received=received, applicant_kind=rng.choice(kinds),
            description="基准申请", status="closed" if replied else "processing",
            due=received + datetime.timedelta(days=21), replied_on=replied, outcome=outcome))
        if replied:
            replies.append(Reply(pk=pk, application_id=pk, replied_on=replied, format_id="legacy", outcome=outcome,
                                 due_on=received + datetime.timedelta(days=21), extended=rng.random() < 0.05,
                                 costs=Decimal(rng.randrange(100, 20000)) / 100 if rng.random() < 0.05 else 0))
            if rng.random() < 0.01:
                filed = replied + datetime.timedelta(days=20)
                cases.append(ReviewCase(application_id=pk, kind=rng.choice(["review", "direct", "after_review"]),
                                        filed_on=filed, body="基准市人民政府",
                                        decided_on=filed + datetime.timedelta(60),
                                        decision="upheld", outcome="upheld"))
    Application.objects.bulk_create(applications, batch_size=2000)
    Reply.objects.bulk_create(replies, batch_size=2000)
    ReviewCase.objects.bulk_create(cases)
    topics = Topic.objects.bulk_create(Topic(agency_id=rng.choice(agency_ids), title=f"热点{n}") for n in range(300))
    Response.objects.bulk_create(
        Response(agency_id=topic.agency_id, topic=topic, way=rng.choice(Response.Way.values),
                 on=_between(rng, first, last), principal_attended=rng.random() < 0.2)
        for topic in topics for _ in range(rng.randrange(1, 6)))
    Meeting.objects.bulk_create(Meeting(agency_id=rng.choice(agency_ids), kind=rng.choice(Meeting.Kind.values),
                                        title="基准会议", on=_between(rng, first, last),
                                        attendance=rng.randrange(10, 100)) for _ in range(300))
    facts = AgencyFacts.objects.bulk_create(
        AgencyFacts(agency_id=agency, year=year, offices=1, full_time=rng.randrange(1, 4), part_time=rng.randrange(4),
                    special_funds=Decimal(rng.randrange(0, 50000)) / 10000)
        for agency in agency_ids for year in YEARS)
    ReadingPoint.objects.bulk_create(ReadingPoint(facts=each, address="基准地址", opening_hours="工作日")
                                     for each in facts for _ in range(rng.randrange(0, 3)))
    Complaint.objects.bulk_create(
        Complaint(agency_id=rng.choice(agency_ids), about_id=rng.choice(agency_ids), received=day, channel="letter",
                  content="基准举报", due=day + datetime.timedelta(days=21))
        for day in (_between(rng, first, last) for _ in range(600)))
    return {"applications": len(applications), "replies": len(replies)}


def _analyze(vendor: str) -> None:
    from django.db import connection

    if vendor == "postgresql":
        connection.ensure_connection()
        connection.connection.autocommit = True
        with connection.connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        connection.close()
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(function) -> tuple[float, float]:
    """Best and median wall time in ms over ``REPEAT`` runs (after one warm-up)."""
    function()
    durations = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        function()
        durations.append((time.perf_counter() - started) * 1000)
    return min(durations), statistics.median(durations)


def _bare(jurisdiction) -> None:
    """The grouped queries a hand-written report would run over the same records."""
    from django.db.models import Count, Sum

    from gongkai.web.applications.models import Application, Reply
    from gongkai.web.complaints.models import Complaint
    from gongkai.web.engagement.models import AgencyFacts
    from gongkai.web.proactive.models import ItemChannel

    year = (datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    subtree = jurisdiction.path
    list(ItemChannel.objects.filter(item__agency__path__startswith=subtree, item__published_on__range=year)
         .values("channel").annotate(n=Count("pk")).order_by())
    list(Application.objects.filter(agency__path__startswith=subtree, replied_on__range=year)
         .values("outcome", "applicant_kind").annotate(n=Count("pk")).order_by())
    Complaint.objects.filter(agency__path__startswith=subtree, received__range=year).count()
    Reply.objects.filter(application__agency__path__startswith=subtree, replied_on__range=year).aggregate(Sum("costs"))
    AgencyFacts.objects.filter(agency__path__startswith=subtree, year=YEAR).aggregate(Sum("special_funds"))


def worker(vendor: str) -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    # The proactive bench's loader, for one district: its agencies (ids 2: the government, 3–101) and items.
    proactive_bench.JURISDICTIONS, proactive_bench.DEPARTMENTS, proactive_bench.YEARS = 1, DEPARTMENTS, YEARS
    started = time.perf_counter()
    proactive_bench._load(vendor, ITEMS)
    agency_ids = list(range(2, 3 + DEPARTMENTS))
    figures = _records(agency_ids)
    _analyze(vendor)
    figures["load_s"] = time.perf_counter() - started

    from gongkai.formats import load_format
    from gongkai.web import counting
    from gongkai.web.agencies.models import Agency

    legacy = load_format("legacy")
    jurisdiction = Agency.objects.get(pk=2)
    values = counting.count(legacy, jurisdiction, YEAR)
    assert set(values) == set(legacy.cells), "every legacy cell is computed"
    figures["items"] = values["stats.proactive.items|value"]
    figures["complaints"] = values["stats.complaints|value"]
    figures["fees"] = str(values["stats.fees|value"])
    figures["table"] = timed(lambda: counting.count(legacy, jurisdiction, YEAR))
    figures["bare"] = timed(lambda: _bare(jurisdiction))
    cells = counting.computed_cells(legacy)
    shares = {}
    for name in sorted({cell.population for cell in cells.values()}):
        own = [cell for cell in cells.values() if cell.population == name]
        shares[name] = timed(lambda own=own, name=name: counting._count_population(
            counting.population(name), legacy, own, jurisdiction, YEAR, dict.fromkeys((c.key for c in own), 0)))[0]
    figures["shares"] = shares
    return figures


def _lines(vendor: str, label: str, f: dict) -> list[str]:
    goal = f"goal < {GOALS[vendor]} ms; " if vendor in GOALS else ""
    slowest = sorted(f["shares"].items(), key=lambda share: -share[1])[:3]
    return [
        f"| {label}: the whole legacy table (一–九) of a district-year from records ({f['items']:,} items published, "
        f"{ITEMS:,} items, {f['applications']:,} applications, 100 agencies; load {f['load_s']:.0f} s) "
        f"| {f['table'][0]:.1f} ms (median {f['table'][1]:.1f} ms) | {goal}bare grouped queries (items by channel, "
        f"applications by outcome and kind, complaints, costs, funds): {f['bare'][0]:.1f} ms; slowest populations: "
        + ", ".join(f"{name} {ms:.1f} ms" for name, ms in slowest) + " |",
    ]


def bench() -> list[str]:
    lines = []
    for vendor in VENDORS:
        label = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}[vendor]
        lines += _lines(vendor, label, isolated.measure(__file__, vendor, DATABASE, SQLITE_FILE))
    return lines


if __name__ == "__main__":
    if len(sys.argv) == 2:
        print(json.dumps(worker(sys.argv[1]), default=str))
    else:
        print("\n".join(bench()))
