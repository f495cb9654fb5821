"""The coordination office's monthly bulletin for a province, for `make bench` (issue 12): 10,000 agencies,
5,000,000 items and 1,000,000 applications on PostgreSQL; goal < 2 s for the page and for the DOCX.

Scale is a parameter: ``SUPERVISION_BENCH_ITEMS`` (default 5,000,000) and ``SUPERVISION_BENCH_APPLICATIONS``
(default 1,000,000); ``SUPERVISION_BENCH_ITEMS=0`` skips the bench. The agencies are a province of 100
jurisdictions of 99 departments (10,001). The items are spread over the 24 months of 2024–2025 (one to
two channels each, one in twenty-five late); the applications over the same months, four in five answered
(one in ten of those late), the rest open with a due date a month after receipt. All of it is generated
by the server (INSERT … SELECT FROM generate_series), never through the ORM, and analysed.

Measured for December 2025 (and November, its month before), each beside the bare grouped queries the
bulletin needs, run as plain SQL in the same run:
- the figures (``bulletins.figures``): the grouped queries plus ranking;
- the draft page as the province's office opens it (the month and the month before computed, the
  first 100 ranked rows rendered), through Django's test client;
- the DOCX of the bulletin (every agency in both tables);
- the issued bulletin's page (read back from its archived content).
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

import isolated
from isolated import AGENCY_COLUMNS

DATABASE = os.environ.get("SUPERVISION_BENCH_DATABASE", "gongkai_supervision_bench")
ITEMS = int(os.environ.get("SUPERVISION_BENCH_ITEMS", 5_000_000))
APPLICATIONS = int(os.environ.get("SUPERVISION_BENCH_APPLICATIONS", 1_000_000))
JURISDICTIONS, DEPARTMENTS = 100, 99
GOAL_MS = 2000
DAYS = 730  # 2024-01-01 … 2025-12-30
LOADED = ("proactive_item", "proactive_itemchannel", "applications_application", "applications_reply")

# Each item's ``channel_keys`` are the channels CHANNELS_SQL gives it, sorted.
ITEMS_SQL = """
INSERT INTO proactive_item (id, title, agency_id, formed_on, published_on, category_id, category_code,
  document_number, summary, body, attachment, attachment_name, attachment_type, normative_kind, validity,
  status, withdrawal_reason, source_id, working_days_to_publish, late, search_text, channel_keys, created_at)
SELECT i, '基准信息' || i, %(first)s + (i::bigint * 7919) %% %(agencies)s, day - 3, day, %(category)s, %(code)s,
  '', '', '', '', '', '', '', '', 'published', '', '', CASE WHEN i %% 25 = 0 THEN 30 ELSE 3 END, i %% 25 = 0, '',
  CASE WHEN i %% 3 = 0 AND i %% 5 IN (3, 4) THEN channel || ',website'
       WHEN i %% 3 = 0 AND i %% 5 IN (1, 2) THEN 'website,' || channel ELSE channel END, now()
FROM (SELECT i, DATE '2024-01-01' + (i %% %(days)s) AS day,
        (ARRAY['website', 'wechat', 'weibo', 'gazette', 'other'])[1 + i %% 5] AS channel
      FROM generate_series(1, %(count)s) AS i) AS s
"""
CHANNELS_SQL = """
INSERT INTO proactive_itemchannel (item_id, channel, published_on, gazette_issue, url)
SELECT id, (ARRAY['website', 'wechat', 'weibo', 'gazette', 'other'])[1 + id %% 5], published_on, '', ''
FROM proactive_item
UNION ALL
SELECT id, 'website', published_on, '', '' FROM proactive_item WHERE id %% 3 = 0 AND id %% 5 <> 0
"""
APPLICATIONS_SQL = """
INSERT INTO applications_application (id, tracking_code, agency_id, channel, received, applicant_kind, description,
  form_requirements, status, due, due_provisional, replied_on, outcome, created_at, extension_approver)
SELECT i, 'B' || lpad(i::text, 15, '0'), %(first)s + (i::bigint * 104729) %% %(agencies)s, 'in_person', received,
  'natural_person', '基准申请', '', CASE WHEN i %% 5 = 0 THEN 'processing' ELSE 'closed' END, received + 28, false,
  CASE WHEN i %% 5 = 0 THEN NULL WHEN i %% 50 = 1 THEN received + 35 ELSE received + 10 END,
  CASE WHEN i %% 5 = 0 THEN '' ELSE 't3.granted' END, now(), ''
FROM (SELECT i, DATE '2024-01-01' + (i %% %(days)s) AS received FROM generate_series(1, %(count)s) AS i) AS s
"""
REPLIES_SQL = """
INSERT INTO applications_reply (application_id, replied_on, format_id, outcome, due_on, extended, note)
SELECT id, replied_on, 'gov2021', outcome, due, false, '' FROM applications_application WHERE replied_on IS NOT NULL
"""
# What the bulletin groups, as bare SQL: the month's items per agency with their late ones, their channels,
# and the applications received, answered, answered on time and overdue at the month's end.
BARE_SQL = [
    """SELECT i.agency_id, count(*), count(*) FILTER (WHERE i.late) FROM proactive_item i
       JOIN agencies_agency a ON a.id = i.agency_id WHERE a.path LIKE '/1/%%' AND i.published_on BETWEEN %s AND %s
       AND i.status <> 'draft' GROUP BY i.agency_id""",
    """SELECT i.agency_id, c.channel, count(*) FROM proactive_itemchannel c JOIN proactive_item i ON i.id = c.item_id
       JOIN agencies_agency a ON a.id = i.agency_id WHERE a.path LIKE '/1/%%' AND i.published_on BETWEEN %s AND %s
       AND i.status <> 'draft' GROUP BY i.agency_id, c.channel""",
    """SELECT p.agency_id, count(*) FILTER (WHERE p.received BETWEEN %(s)s AND %(e)s),
         count(*) FILTER (WHERE p.replied_on BETWEEN %(s)s AND %(e)s),
         count(*) FILTER (WHERE p.replied_on BETWEEN %(s)s AND %(e)s
           AND (r.due_on IS NULL OR p.replied_on <= r.due_on)),
         count(*) FILTER (WHERE p.due < %(e)s AND (p.replied_on IS NULL OR p.replied_on > %(e)s))
       FROM applications_application p JOIN agencies_agency a ON a.id = p.agency_id
       LEFT JOIN applications_reply r ON r.application_id = p.id
       WHERE a.path LIKE '/1/%%' AND (p.received BETWEEN %(s)s AND %(e)s OR p.replied_on BETWEEN %(s)s AND %(e)s
         OR (p.due < %(e)s AND (p.replied_on IS NULL OR p.replied_on > %(e)s)))
       GROUP BY p.agency_id""",
]


def _load() -> dict:
    from django.db import connection

    from gongkai.web.proactive.models import Category

    agencies = isolated.agencies(JURISDICTIONS, DEPARTMENTS)
    category = Category.objects.filter(parent__isnull=False).values_list("pk", "code").first()
    started = time.perf_counter()
    connection.ensure_connection()
    raw = connection.connection
    values = {"first": 1, "agencies": len(agencies), "days": DAYS, "category": category[0], "code": category[1]}
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY agencies_agency ({', '.join(AGENCY_COLUMNS)}) FROM STDIN") as copy:
            for row in agencies:
                copy.write_row(row)
        # The loaded tables' secondary indexes are built once after the load, not row by row during it.
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexdef NOT LIKE "
                       "'CREATE UNIQUE%%'", [list(LOADED)])
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(ITEMS_SQL, {**values, "count": ITEMS})
        cursor.execute(CHANNELS_SQL, {})  # its %% are escaped like the others'
        cursor.execute(APPLICATIONS_SQL, {**values, "count": APPLICATIONS})
        cursor.execute(REPLIES_SQL)
        for _, definition in indexes:
            cursor.execute(definition)
        for table in ("agencies_agency", "proactive_item", "applications_application"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    raw.commit()
    raw.autocommit = True
    with raw.cursor() as cursor:
        for table in ("agencies_agency", *LOADED):
            cursor.execute(f"VACUUM ANALYZE {table}")
    connection.close()
    return {"agencies": len(agencies), "items": ITEMS, "applications": APPLICATIONS,
            "load_s": time.perf_counter() - started}


def _timed(function, repeat: int = 3) -> tuple[float, float]:
    """(best, median) in ms of ``repeat`` runs after a warm-up."""
    function()
    durations = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        durations.append((time.perf_counter() - started) * 1000)
    return min(durations), statistics.median(durations)


def _measure() -> dict:
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from gongkai.web.accounts.models import Role
    from gongkai.web.agencies.models import Agency
    from gongkai.web.supervision import bulletins

    province = Agency.objects.get(pk=1)
    month, before = datetime.date(2025, 12, 1), datetime.date(2025, 11, 1)
    today = datetime.date(2026, 1, 5)
    timezone.localdate = lambda *args: today  # the bulletin of December, issued in January
    user = get_user_model().objects.create_user("office")
    Role.objects.create(user=user, kind=Role.Kind.COORDINATION_OFFICE, agency=province)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)

    def bare():
        end = bulletins.month_end(month)
        with connection.cursor() as cursor:
            for start_, end_ in ((month, end), (before, bulletins.month_end(before))):
                for sql in BARE_SQL[:2]:
                    cursor.execute(sql, [start_, end_])
                    cursor.fetchall()
                cursor.execute(BARE_SQL[2], {"s": start_, "e": end_})
                cursor.fetchall()

    def page():
        response = client.get(reverse("supervision:draft", args=[province.pk, month.year, month.month]))
        assert response.status_code == 200 and b"ranking" in response.content, response.status_code

    content = bulletins.draft(province, month)
    docx = bulletins.render_docx(content)
    figures = {"published": content["totals"]["published"], "received": content["totals"]["received"],
               "rows": len(content["rows"]), "docx_kb": len(docx) / 1024,
               "bare": _timed(bare), "figures": _timed(lambda: bulletins.figures(province, month)),
               "page": _timed(page), "docx": _timed(lambda: bulletins.render_docx(content))}
    issued = bulletins.issue(province, month, user)  # after the draft's page, which then shows the issued one

    def issued_page():
        assert client.get(reverse("supervision:bulletin", args=[issued.pk])).status_code == 200

    return {**figures, "issued_page": _timed(issued_page)}


def worker(vendor: str) -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    figures = _load()
    figures.update(_measure())
    return figures


def _lines(f: dict) -> list[str]:
    bare = f"bare grouped queries of both months: {f['bare'][0]:.0f} ms"
    return [
        f"| load {f['agencies']:,} agencies, {f['items']:,} items, {f['applications']:,} applications "
        f"(generate_series) | {f['load_s']:.0f} s | |",
        f"| figures of a month ({f['rows']:,} agencies, {f['published']:,} items, {f['received']:,} applications "
        f"received) | {f['figures'][0]:.0f} ms (median {f['figures'][1]:.0f} ms) | {bare} |",
        f"| draft page (both months computed, first 100 rows) | {f['page'][0]:.0f} ms (median {f['page'][1]:.0f} ms)"
        f" | goal < {GOAL_MS} ms; {bare} |",
        f"| DOCX of the bulletin ({f['rows']:,} rows in two tables, {f['docx_kb']:,.0f} KB) | {f['docx'][0]:.0f} ms "
        f"(median {f['docx'][1]:.0f} ms) | goal < {GOAL_MS} ms |",
        f"| issued bulletin's page (archived content) | {f['issued_page'][0]:.0f} ms "
        f"(median {f['issued_page'][1]:.0f} ms) | |",
    ]


def bench() -> list[str]:
    if not ITEMS:
        return []
    return _lines(isolated.measure(__file__, "postgresql", DATABASE, Path("/tmp/unused.sqlite3")))


if __name__ == "__main__":
    if len(sys.argv) == 2:
        print(json.dumps(worker(sys.argv[1]), default=str))
    else:
        print("\n".join(bench()))
