"""The proactive register at scale, for `make bench`: catalogue search, the CMS import, and legacy 一 and
表二 第二十条第（一）项 counted for a jurisdiction-year.

Scale is a parameter: ``PROACTIVE_BENCH_POSTGRESQL`` and ``PROACTIVE_BENCH_SQLITE`` items (defaults: the
issue's 5,000,000 and 1,000,000; ``0`` skips a backend) and ``PROACTIVE_BENCH_IMPORT`` CSV rows (default
100,000); ``PROACTIVE_BENCH_DATABASE`` names the database made and dropped (default
gongkai_proactive_bench). Items of 20 jurisdictions × 50 agencies over 2016–2025, with titles from per-category
templates, 10% with a document number, normative documents with repeals, one to three channels each.
Loaded with COPY (PostgreSQL; the bigram index built after the load) or executemany in one transaction
(SQLite, then its FTS5 table), each backend in a child process.

Measured, each beside a bare indexed query in the same run:
- the catalogue search (``catalogue.page``: the page of 20 and its count, or estimate), p95 and median of 200
  typical queries: two-character and four-character terms, a document number, terms with an agency
  filter; bare: the newest 20 items of an agency;
- the import of a CSV through ``imports.run`` (every row checked, then written): rows per second, and
  the peak memory growth of a tenth of the file against the whole (flat if streamed);
- legacy 一 and gov2021 表二 for one jurisdiction-year through the counting engine; bare: COUNT(*) of
  the jurisdiction's items published in the year.
"""

import csv
import datetime
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import isolated
from isolated import AGENCY_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
# Named by PROACTIVE_BENCH_DATABASE so that benches run side by side do not drop each other's database.
DATABASE = os.environ.get("PROACTIVE_BENCH_DATABASE", "gongkai_proactive_bench")
SQLITE_FILE = Path(f"/tmp/{DATABASE}.sqlite3")
SCALE = {"postgresql": int(os.environ.get("PROACTIVE_BENCH_POSTGRESQL", 5_000_000)),
         "sqlite": int(os.environ.get("PROACTIVE_BENCH_SQLITE", 1_000_000))}
IMPORT_ROWS = int(os.environ.get("PROACTIVE_BENCH_IMPORT", 100_000))
JURISDICTIONS, DEPARTMENTS = 20, 49
YEARS = range(2016, 2026)
YEAR = 2024
QUERIES = 200
GOALS = {"postgresql": 100}  # ms, search p95 and counting (issue 11)
TITLES = [
    "关于做好{year}年{topic}工作的通知", "关于印发{year}年{topic}实施方案的通知", "{agency}{year}年{topic}工作总结",
    "九台区{year}年第{n}季度城乡居民最低生活保障资金发放情况", "{year}年{topic}专项资金分配情况公示",
    "关于开展{topic}专项检查的通报", "{agency}{year}年部门预算", "{year}年义务教育阶段学校招生工作方案",
    "{agency}关于{topic}有关事项的公告", "{year}年{n}月行政处罚决定公示", "关于调整{topic}补助标准的通知",
]
TOPICS = ["防汛抗旱", "秸秆禁烧", "扶贫开发", "农村危房改造", "城乡环境整治", "安全生产", "政务公开", "招商引资",
          "冬季供暖", "道路交通安全", "校舍安全", "医疗保险", "就业援助", "棚户区改造", "森林防火", "食品安全",
          "农田水利", "养老服务", "低保救助", "学前教育"]
TWO = ["低保", "招生", "供暖", "防汛", "扶贫", "预算", "处罚", "食品", "养老", "就业", "公示", "通知", "森林", "医疗"]
FOUR = ["防汛抗旱", "安全生产", "政务公开", "学前教育", "养老服务", "农田水利", "食品安全", "招商引资"]
CHANNELS = ["website", "weibo", "wechat", "gazette", "other"]
ITEM_COLUMNS = ("id", "index_number", "title", "agency_id", "document_date", "formed_on", "published_on", "category_id",
                "category_code", "document_number", "summary", "body", "attachment", "attachment_name",
                "attachment_type", "normative_kind", "validity", "invalid_on", "status", "withdrawal_reason",
                "source_id", "working_days_to_publish", "late", "search_text", "created_at", "channel_keys")
# A publisher row copies the item's fields that the count reads (ItemAgency.COPIED).
PUBLISHER_COLUMNS = ("id", "item_id", "agency_id", "published_on", "normative_kind", "status", "document_date",
                     "invalid_on", "validity", "channel_keys")


def _items(count: int, agency_ids: list[int], categories: list[tuple[int, str]]):
    """(item, publishers, channels) row tuples, generated lazily (nothing kept in memory)."""
    from gongkai.web.proactive import search

    rng = random.Random(11)
    first = datetime.date(YEARS[0], 1, 1)
    days = (datetime.date(YEARS[-1], 12, 31) - first).days
    created = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    channel_id = 0
    for pk in range(1, count + 1):
        agency = rng.choice(agency_ids)
        category_id, code = rng.choice(categories)
        formed = first + datetime.timedelta(days=rng.randrange(days + 1))
        published = formed + datetime.timedelta(days=rng.randrange(0, 10) if rng.random() > 0.03 else 40)
        title = rng.choice(TITLES).format(year=formed.year, topic=rng.choice(TOPICS), agency=f"第{agency}局",
                                          n=rng.randrange(1, 13))
        number = f"基{agency}发〔{formed.year}〕{pk}号" if rng.random() < 0.1 else ""
        normative = "normative" if rng.random() < 0.004 else ""
        repealed = normative and rng.random() < 0.2
        body = f"{title}。现将有关事项通知如下，请认真贯彻落实。"
        keys = rng.sample(CHANNELS, rng.choice([1, 1, 1, 2, 3]))
        channels = []
        for channel in keys:
            channel_id += 1
            channels.append((channel_id, pk, channel, published, "", ""))
        document_date = formed if normative or number else None
        validity = ("repealed" if repealed else "in_force") if normative else ""
        invalid_on = published + datetime.timedelta(days=400) if repealed else None
        channel_keys = ",".join(sorted(keys))  # as Item.keys_of
        item = (pk, f"{agency:06d}/{code}/{formed.year}-{pk:07d}", title, agency, document_date, formed, published,
                category_id, code, number, "", body, "", "", "", normative, validity, invalid_on, "published", "", "",
                3, False, search.search_text(title, number, body), created, channel_keys)
        yield item, (pk, pk, agency, published, normative, "published", document_date, invalid_on, validity,
                     channel_keys), channels


def _load(vendor: str, count: int) -> dict:
    from django.db import connection

    from gongkai.web.proactive import search
    from gongkai.web.proactive.models import Category

    agencies = isolated.agencies(JURISDICTIONS, DEPARTMENTS)
    categories = list(Category.objects.filter(parent__isnull=False).values_list("pk", "code"))
    agency_ids = [row[0] for row in agencies if row[2] == "department"]
    start = time.perf_counter()
    connection.ensure_connection()
    raw = connection.connection
    if vendor == "postgresql":
        with raw.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS proactive_item_bigrams")  # built once after the load
            with cursor.copy(f"COPY agencies_agency ({', '.join(AGENCY_COLUMNS)}) FROM STDIN") \
                    as copy:
                for row in agencies:
                    copy.write_row(row)
            # One COPY at a time on a connection: publishers and channels wait in temporary files.
            with tempfile.TemporaryFile("w+") as publishers, tempfile.TemporaryFile("w+") as channels:
                with cursor.copy(f"COPY proactive_item ({', '.join(ITEM_COLUMNS)}) FROM STDIN") as copy:
                    for item, publisher, item_channels in _items(count, agency_ids, categories):
                        copy.write_row(item)
                        # In COPY text \N is NULL (the dates a publisher row may lack).
                        publishers.write("\t".join(r"\N" if v is None else str(v) for v in publisher) + "\n")
                        channels.writelines("\t".join(map(str, channel)) + "\n" for channel in item_channels)
                for table, columns, handle in (
                        ("proactive_itemagency", ", ".join(PUBLISHER_COLUMNS), publishers),
                        ("proactive_itemchannel", "id, item_id, channel, published_on, gazette_issue, url", channels)):
                    handle.seek(0)
                    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        while block := handle.read(1 << 20):
                            copy.write(block)
            raw.commit()
            cursor.execute(search.POSTGRESQL_SQL[1])
            for table in ("agencies_agency", "proactive_item", "proactive_itemagency", "proactive_itemchannel"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            raw.commit()
        raw.autocommit = True
        with raw.cursor() as cursor:
            for table in ("agencies_agency", "proactive_item", "proactive_itemagency", "proactive_itemchannel"):
                cursor.execute(f"VACUUM ANALYZE {table}")
            cursor.execute(f"ALTER DATABASE {connection.settings_dict['NAME']} SET random_page_cost = 1.1")
        connection.close()
    else:
        raw.execute("PRAGMA synchronous = OFF")
        raw.execute("BEGIN")
        raw.executemany(f"INSERT INTO agencies_agency ({', '.join(AGENCY_COLUMNS)}) "
                        f"VALUES ({', '.join('?' * len(AGENCY_COLUMNS))})", agencies)
        marks = ", ".join("?" * len(ITEM_COLUMNS))

        def plain(row):
            return tuple(v.isoformat() if isinstance(v, datetime.date) else v for v in row)

        batch = []
        for item, publisher, item_channels in _items(count, agency_ids, categories):
            batch.append((item, publisher, item_channels))
            if len(batch) == 10000 or item[0] == count:
                raw.executemany(f"INSERT INTO proactive_item ({', '.join(ITEM_COLUMNS)}) VALUES ({marks})",
                                [plain(i) for i, _, _ in batch])
                raw.executemany(f"INSERT INTO proactive_itemagency ({', '.join(PUBLISHER_COLUMNS)}) "
                                f"VALUES ({', '.join('?' * len(PUBLISHER_COLUMNS))})",
                                [plain(p) for _, p, _ in batch])
                raw.executemany("INSERT INTO proactive_itemchannel (id, item_id, channel, published_on, gazette_issue,"
                                " url) VALUES (?, ?, ?, ?, ?, ?)", [plain(c) for _, _, cs in batch for c in cs])
                raw.executemany(f"INSERT INTO {search.FTS_TABLE}(rowid, tokens) VALUES (?, ?)",
                                [(i[0], search._tokens(i[ITEM_COLUMNS.index("search_text")])) for i, _, _ in batch])
                batch = []
        raw.execute("COMMIT")
        raw.execute("ANALYZE")
    return {"items": count, "load_s": time.perf_counter() - start}


def _percentiles(durations: list[float]) -> tuple[float, float]:
    ordered = sorted(durations)
    return ordered[int(len(ordered) * 0.95) - 1], statistics.median(ordered)


def _search(count: int) -> dict:
    from gongkai.web.proactive import catalogue
    from gongkai.web.proactive.models import Item

    rng = random.Random(200)
    governments = [2 + j * (DEPARTMENTS + 1) for j in range(JURISDICTIONS)]
    queries = ([{"q": rng.choice(TWO)} for _ in range(80)] + [{"q": rng.choice(FOUR)} for _ in range(60)]
               + [{"q": f"基{number}发"} for number in rng.sample(range(3, 1000), 20)]
               + [{"q": rng.choice(TWO), "agency": str(rng.choice(governments))} for _ in range(40)])
    catalogue.page(catalogue.parse(queries[0]))  # warm-up
    durations, hits = [], []
    for params in queries:
        started = time.perf_counter()
        found = catalogue.page(catalogue.parse(params))
        durations.append((time.perf_counter() - started) * 1000)
        hits.append(found.count)
    bare = []
    for agency in rng.sample(range(3, 3 + JURISDICTIONS * (DEPARTMENTS + 1)), QUERIES):
        started = time.perf_counter()
        list(Item.objects.filter(agency_id=agency, status="published").order_by("-published_on")[:20])
        bare.append((time.perf_counter() - started) * 1000)
    return {"search": _percentiles(durations), "bare": _percentiles(bare), "hits_median": statistics.median(hits)}


def _csv(path: Path, rows: int, offset: int) -> None:
    rng = random.Random(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["来源编号", "信息名称", "生成日期", "发布日期", "主题分类", "公开渠道", "网址", "正文"])
        for i in range(rows):
            day = datetime.date(2024, 1, 2) + datetime.timedelta(days=rng.randrange(300))
            title = rng.choice(TITLES).format(year=2024, topic=rng.choice(TOPICS), agency="", n=rng.randrange(1, 13))
            published = day + datetime.timedelta(days=2)
            writer.writerow([f"CMS{offset + i}", title, day.isoformat(), published.isoformat(), "0703",
                             rng.choice(["网站", "网站；政务微博"]), f"http://www.example.gov.cn/{offset + i}.html",
                             f"{title}。" * 5])


def _import() -> dict:
    from django.contrib.auth import get_user_model

    from gongkai.web.agencies.models import Agency
    from gongkai.web.proactive import imports

    agency = Agency.objects.get(pk=3)
    user = get_user_model().objects.create_user("bench")
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        for label, rows, offset in (("tenth", max(IMPORT_ROWS // 10, 1), 0), ("whole", IMPORT_ROWS, 10_000_000)):
            path = Path(folder) / f"{label}.csv"
            _csv(path, rows, offset)
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            started = time.perf_counter()
            result = imports.run(path, path.name, agency, user, imports.guess_mapping(imports.headers(path, path.name)),
                                 [agency])
            seconds = time.perf_counter() - started
            assert result.saved and result.created == rows, result.errors[:3]
            figures[label] = {"rows": rows, "rows_per_s": rows / seconds,
                              "rss_growth_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024}
    return figures


def _counting() -> dict:
    from gongkai.formats import load_format
    from gongkai.web import counting
    from gongkai.web.agencies.models import Agency
    from gongkai.web.proactive.models import Item

    jurisdiction = Agency.objects.get(pk=2 + 7 * (DEPARTMENTS + 1))
    legacy, gov2021 = load_format("legacy"), load_format("gov2021")
    year = (datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))

    def timed(function):
        function()
        durations = []
        for _ in range(5):
            started = time.perf_counter()
            function()
            durations.append((time.perf_counter() - started) * 1000)
        return min(durations), statistics.median(durations)

    values = counting.count(legacy, jurisdiction, YEAR)
    return {"items": values["stats.proactive.items|value"],
            "legacy": timed(lambda: counting.count(legacy, jurisdiction, YEAR)),
            "gov2021": timed(lambda: counting.count(gov2021, jurisdiction, YEAR)),
            "bare": timed(lambda: Item.objects.filter(agency__path__startswith=jurisdiction.path,
                                                      published_on__range=year).count())}


def worker(vendor: str) -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    figures = _load(vendor, SCALE[vendor])
    figures.update(_search(SCALE[vendor]))
    figures["counting"] = _counting()
    figures["import"] = _import()
    return figures



def _lines(vendor: str, label: str, f: dict) -> list[str]:
    goal = f"goal < {GOALS[vendor]} ms; " if vendor in GOALS else ""
    (p95, median), (bare95, bare_median) = f["search"], f["bare"]
    c, i = f["counting"], f["import"]
    return [
        f"| {label}: load {f['items']:,} items (agencies, channels, search index) | {f['load_s']:.0f} s | |",
        f"| {label}: catalogue search, {QUERIES} typical queries ({f['items']:,} items) | p95 {p95:.1f} ms "
        f"(median {median:.1f} ms) | {goal}bare: newest 20 of an agency p95 {bare95:.1f} ms (median "
        f"{bare_median:.1f} ms); median hits {f['hits_median']:,.0f} |",
        f"| {label}: legacy 一 of a jurisdiction-year ({c['items']:,} items) | {c['legacy'][0]:.1f} ms "
        f"(median {c['legacy'][1]:.1f} ms) | {goal}bare COUNT(*) of the year: {c['bare'][0]:.1f} ms |",
        f"| {label}: gov2021 表二 (一) of a jurisdiction-year | {c['gov2021'][0]:.1f} ms "
        f"(median {c['gov2021'][1]:.1f} ms) | |",
        f"| {label}: import a {i['whole']['rows']:,}-row CMS CSV | {i['whole']['rows_per_s']:,.0f} rows/s | "
        f"peak memory growth {i['whole']['rss_growth_mb']:.0f} MB; a tenth of it: "
        f"{i['tenth']['rss_growth_mb']:.0f} MB ({i['tenth']['rows_per_s']:,.0f} rows/s) |",
    ]


def bench() -> list[str]:
    lines = []
    for vendor, label in (("postgresql", "PostgreSQL"), ("sqlite", "SQLite")):
        if SCALE[vendor]:
            lines += _lines(vendor, label, isolated.measure(__file__, vendor, DATABASE, SQLITE_FILE))
    return lines


if __name__ == "__main__":
    if len(sys.argv) == 2:
        print(json.dumps(worker(sys.argv[1]), default=str))
    else:
        print("\n".join(bench()))
