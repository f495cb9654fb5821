"""Sustained mixed load, for `make bench` (issue 10, item 12): the platform as deployed (gunicorn on a
fresh database with the demo district) under a mix of what the public and the staff do at once, on
PostgreSQL with 4 workers and on SQLite with 2. Loopback only; bounded in time and in count; stops
by itself.

Reported per kind of request: how many, errors, p50 and p95. Afterwards every acknowledged write is
looked up in the database: each online application whose tracking code the applicant was shown, and
each staff save answered "saved" (the cell holds the last value saved, the report's revision counts
every save). A run passes with 0 errors and 0 lost writes.

``MIX`` is the table of kinds: a new kind (the catalogue search, once the catalogue exists) is one
function taking the ``Client`` and returning a ``Sample``, and one row with its share.

    python bench/mixed_load.py --seconds 15 [--only sqlite] [--write]
"""

import argparse
import datetime
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from serve import Served, Session, manage  # noqa: E402

CONCURRENCY = 8  # client threads
MAX_OPERATIONS = 100_000  # a bound besides the time: the run stops at whichever comes first
ITEMS = "stats.proactive.items|value"
ADMIN = ("admin", "jiutai-admin-2016")
# Reports the staff save, one per client thread (a thread owns its report, so that the last value it
# saved is the one the database must hold): legacy-format years nobody else touches.
STAFF_AGENCIES = ["九台区教育局", "九台区民政局", "九台区人力资源和社会保障局", "九台区卫生和计划生育局"]
STAFF_YEARS = [2014, 2017]

SETUP = """
import json
from django.contrib.auth import get_user_model
from gongkai.web.agencies.models import Agency
from gongkai.web.applications.models import Application
from gongkai.web.reports import services
from gongkai.web.reports.models import AnnualReport
admin = get_user_model().objects.get(username="admin")
reports = [services.create_report(Agency.objects.get(name=name), year, admin)
           for name in AGENCIES for year in YEARS]
print(json.dumps({
    "reports": [[r.pk, r.revision] for r in reports],
    "published": list(AnnualReport.objects.filter(status="published").values_list("pk", flat=True)),
    "agencies": list(Agency.objects.exclude(kind="government").values_list("pk", flat=True)),
    "codes": list(Application.objects.values_list("tracking_code", flat=True)),
    "applications": Application.objects.count(),
}))
"""

VERIFY = """
import json
from gongkai.web.applications.models import Application
from gongkai.web.reports.models import AnnualReport, CellValue
acked = json.load(open(PATH))
codes = set(acked["codes"])
found = set(Application.objects.filter(tracking_code__in=codes).values_list("tracking_code", flat=True))
reports = {}
for pk, expected in acked["saves"].items():
    report = AnnualReport.objects.get(pk=int(pk))
    cell = CellValue.objects.filter(report=report, key=KEY).first()
    reports[pk] = {"revision": report.revision, "value": cell.value if cell else None}
print(json.dumps({"missing_codes": sorted(codes - found), "applications": Application.objects.count(),
                  "reports": reports}))
"""


@dataclass
class Sample:
    kind: str
    seconds: float
    error: str = ""  # empty when the answer was the expected one


@dataclass
class Client:
    """One client thread's state: the shared facts of the run, its own staff session and report."""

    url: str
    facts: dict
    rng: random.Random
    staff: Session
    report: list  # [pk, revision] of the report this thread saves
    acked: dict = field(default_factory=lambda: {"codes": [], "saves": {}, "saved": 0})
    next_address: Callable[[], str] = lambda: "127.0.0.1"


def timed(kind: str, operation: Callable[[], str]) -> Sample:
    start = time.perf_counter()
    try:
        error = operation()
    except Exception as exception:  # a failed connection is an error of the run, not of the bench
        error = f"{type(exception).__name__}: {exception}"
    return Sample(kind, time.perf_counter() - start, error)


def public_read(client: Client) -> Sample:
    path = client.rng.choice(["/", "/public/", *(f"/public/reports/{pk}/" for pk in client.facts["published"])])

    def read() -> str:
        status, _, _ = Session(client.url).request("GET", path)
        return "" if status == 200 else f"GET {path}: HTTP {status}"
    return timed("public page read", read)


def online_application(client: Client) -> Sample:
    """A citizen opens the form and submits it (each from an address of their own: the per-address
    limit is not what is measured); the tracking code shown is the acknowledgement."""
    agency = client.rng.choice(client.facts["agencies"])
    citizen = Session(client.url, source_address=client.next_address())

    def apply() -> str:
        status, _, page = citizen.request("GET", f"/applications/apply/{agency}/")
        if status != 200:
            return f"GET apply form: HTTP {status}"
        token = re.search(rb'name="form_token" value="([^"]+)"', page).group(1).decode()
        status, _, page = citizen.request("POST", f"/applications/apply/{agency}/", form={
            "csrfmiddlewaretoken": citizen.cookies.get("csrftoken", ""), "form_token": token,
            "applicant_kind": "natural_person", "name": "基准测试申请人", "id_type": "其他身份证明",
            "id_number": f"BENCH{client.rng.randrange(10**9):09d}", "phone": "13900000000", "email": "",
            "address": "长春市九台区新华大街1号", "description": "九台区基准测试所需的政府信息名称",
            "medium": "电子文档", "delivery": "当面领取"})
        code = re.search(rb'id="tracking-code">([^<]+)<', page) if status == 200 else None
        if code is None:
            return f"POST application: HTTP {status}"
        client.acked["codes"].append(code.group(1).decode())
        return ""
    return timed("online application (form opened and submitted)", apply)


def tracking_lookup(client: Client) -> Sample:
    codes = client.facts["codes"] + client.acked["codes"][-20:]
    code = client.rng.choice(codes)

    def look_up() -> str:
        status, _, body = Session(client.url, source_address=client.next_address()).request(
            "POST", "/api/applications/track", body=json.dumps({"code": code}).encode(),
            headers={"Content-Type": "application/json"})
        return "" if status == 200 and json.loads(body)["status"] else f"tracking lookup: HTTP {status}"
    return timed("tracking lookup", look_up)


def staff_save(client: Client) -> Sample:
    """The staff saves a cell of its report, from the revision its last save left."""
    pk, revision = client.report
    value = str(revision + 1000)

    def save() -> str:
        status, _, _ = client.staff.request("POST", f"/reports/{pk}/cells/",
                                            form={"revision": revision, ITEMS: value})
        if status != 302:
            return f"staff save: HTTP {status}"
        client.report[1] = revision + 1
        client.acked["saves"][str(pk)] = {"value": value, "revision": revision + 1}
        client.acked["saved"] += 1
        return ""
    return timed("staff save (one cell, POST)", save)


# (kind, share of operations). Add the catalogue search here once the catalogue exists.
MIX: list[tuple[Callable[[Client], Sample], int]] = [
    (public_read, 50),
    (online_application, 10),
    (tracking_lookup, 20),
    (staff_save, 20),
]


def addresses():
    """127.1.0.1, 127.1.0.2, …: a client address per citizen, all on loopback."""
    lock, counter = threading.Lock(), [0]

    def next_address() -> str:
        with lock:
            counter[0] += 1
            n = counter[0]
        return f"127.{1 + n // 65536 % 250}.{n // 256 % 256}.{n % 256}"
    return next_address


def run_load(server: Served, seconds: float) -> tuple[list[Sample], float, dict, dict]:
    """The mix from ``CONCURRENCY`` threads for ``seconds``: the samples, the time the load ran, the
    demo's facts and the acknowledged writes."""
    facts = json.loads(manage(server.database_url, "shell", "--no-imports", "-c", SETUP.replace(
        "AGENCIES", repr(STAFF_AGENCIES)).replace("YEARS", repr(STAFF_YEARS))))
    assert len(facts["reports"]) >= CONCURRENCY
    next_address = addresses()
    clients = [Client(server.url, facts, random.Random(index), Session(server.url).sign_in(*ADMIN),
                      list(facts["reports"][index]), next_address=next_address) for index in range(CONCURRENCY)]
    kinds, shares = zip(*MIX, strict=True)
    samples: list[Sample] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    started = [0]

    def worker(client: Client) -> None:
        mine = []
        while time.monotonic() < deadline:
            with lock:
                if started[0] >= MAX_OPERATIONS:
                    break
                started[0] += 1
            mine.append(client.rng.choices(kinds, shares)[0](client))
        with lock:
            samples.extend(mine)

    threads = [threading.Thread(target=worker, args=(client,)) for client in clients]
    started_at = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started_at
    acked = {"codes": [code for c in clients for code in c.acked["codes"]],
             "saves": {pk: save for c in clients for pk, save in c.acked["saves"].items()},
             "saved": sum(c.acked["saved"] for c in clients)}
    return samples, elapsed, facts, acked


def verify(server: Served, facts: dict, acked: dict) -> list[str]:
    """Every acknowledged write, looked up in the database: the problems found (none when all are there)."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(acked, handle)
    try:
        found = json.loads(manage(server.database_url, "shell", "--no-imports", "-c",
                                  VERIFY.replace("PATH", repr(handle.name)).replace("KEY", repr(ITEMS))))
    finally:
        os.unlink(handle.name)
    problems = [f"application {code} acknowledged but not in the database" for code in found["missing_codes"]]
    expected_total = facts["applications"] + len(set(acked["codes"]))
    if found["applications"] != expected_total:
        problems.append(f"{found['applications']} applications in the database, {expected_total} expected")
    for pk, save in acked["saves"].items():
        if found["reports"][pk] != save:
            problems.append(f"report {pk}: saved {save}, the database holds {found['reports'][pk]}")
    return problems


def percentile(values: list[float], fraction: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(fraction * 100) - 1] if len(values) > 1 \
        else (values[0] if values else 0.0)


def bench_database(name: str, database_url: str, workers: int, seconds: float) -> list[str]:
    with Served(database_url, workers=workers) as server:
        load_before = os.getloadavg()
        samples, elapsed, facts, acked = run_load(server, seconds)
        load_after = os.getloadavg()
        problems = verify(server, facts, acked)
    errors = [s for s in samples if s.error]
    lines = [f"| {name}, gunicorn {workers} workers, {CONCURRENCY} clients, {seconds:.0f} s: all requests | "
             f"{len(samples):,} operations ({len(samples) / elapsed:.0f}/s), {len(errors)} errors | "
             f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after (1 min) |"]
    for label in dict.fromkeys(s.kind for s in samples):
        mine = [s for s in samples if s.kind == label]
        durations = [s.seconds * 1000 for s in mine]
        failed = sum(1 for s in mine if s.error)
        lines.append(f"| {name}: {label} | {len(mine):,}, {failed} errors, p50 {percentile(durations, .5):.0f} ms, "
                     f"p95 {percentile(durations, .95):.0f} ms | |")
    lines.append(f"| {name}: acknowledged writes checked afterwards | {len(set(acked['codes'])):,} applications, "
                 f"{acked['saved']:,} staff saves; {len(problems)} lost | {'; '.join(problems[:3])} |")
    for error in dict.fromkeys(s.error for s in errors):
        print(f"  {name} error: {error}", file=sys.stderr)
    return lines


def bench(seconds: float = 60, only: str | None = None) -> list[str]:
    lines = []
    if only in (None, "postgresql"):
        database = os.environ.get("GONGKAI_BENCH_DATABASE", "gongkai_bench_mixed")
        lines += bench_database("PostgreSQL", f"postgres://postgres@127.0.0.1:5432/{database}", 4, seconds)
    if only in (None, "sqlite"):
        with tempfile.TemporaryDirectory(prefix="gongkai-mixed-") as folder:
            lines += bench_database("SQLite", f"sqlite:///{folder}/gongkai.sqlite3", 2, seconds)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--only", choices=["postgresql", "sqlite"])
    parser.add_argument("--write", action="store_true",
                        help="replace this section of BENCHMARKS.md, marked as a run of this duration")
    arguments = parser.parse_args()
    lines = bench(arguments.seconds, arguments.only)
    print("\n".join(lines))
    if arguments.write:
        sys.path.insert(0, str(Path(__file__).parent))
        from run import machine

        heading = "## Mixed load: public reads, online applications, tracking lookups and staff saves at once"
        note = (f"Measured {datetime.date.today().isoformat()} on {machine()}, by `python bench/mixed_load.py "
                f"--seconds {arguments.seconds:.0f}`: a short run ({arguments.seconds:.0f} s per database instead "
                "of `make bench`'s 60 s), on a machine shared with other work (see the load averages).")
        section = "\n".join([heading, "", note, "", "| what | figure | note |", "|---|---|---|", *lines, ""])
        path = ROOT / "BENCHMARKS.md"
        text = path.read_text(encoding="utf-8")
        start = text.find(heading)
        if start >= 0:
            end = text.find("\n## ", start + len(heading))
            text = text[:start] + section + (text[end + 1:] if end >= 0 else "")
        else:
            text = text.rstrip("\n") + "\n\n" + section
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
