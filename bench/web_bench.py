"""Web platform under load, for `make bench`: a jurisdiction of 1,000 agencies on PostgreSQL, served by
gunicorn, hit by a load generator on loopback (bounded in time, stops by itself).

Measures requests per second and p95 latency of the public report page, and of the compile step
(汇总: the jurisdiction's table as the sum of 1,000 approved agency reports) as an office user's
POST over HTTP.
"""

import http.client
import http.cookiejar
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "gongkai_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = free_port()
AGENCIES = 1000
YEAR = 2024
PASSWORD = "bench-password-1"


def prepare_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")


def load_jurisdiction():
    """A government with 1,000 departments, each with an approved gov2021 report; the office's account."""
    import django
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from run import agency_report

    from gongkai.sheets import json_value
    from gongkai.web.accounts.models import Role
    from gongkai.web.agencies.models import Agency
    from gongkai.web.reports.models import AnnualReport, CellValue

    government = Agency.objects.create(name="基准市人民政府", kind=Agency.Kind.GOVERNMENT, jurisdiction_name="基准市")
    departments = Agency.objects.bulk_create(
        Agency(name=f"基准市第{i}局", kind=Agency.Kind.DEPARTMENT, parent=government) for i in range(AGENCIES))
    for agency in departments:  # bulk_create skips Agency.save, which keeps the path in the tree
        agency.path = f"{government.path}{agency.pk}/"
    Agency.objects.bulk_update(departments, ["path"])
    reports = AnnualReport.objects.bulk_create(
        AnnualReport(agency=agency, year=YEAR, format_id="gov2021", status=AnnualReport.Status.APPROVED)
        for agency in departments)
    rng = random.Random(YEAR)
    CellValue.objects.bulk_create(
        (CellValue(report=report, key=key, value=str(json_value(value)))
         for index, report in enumerate(reports)
         for key, value in agency_report(index, rng).sheet.values.items()), batch_size=20000)
    office = get_user_model().objects.create_user("office", password=PASSWORD)
    Role.objects.create(user=office, kind=Role.Kind.COORDINATION_OFFICE, agency=government)
    return government, office


def publish_total(government):
    """The compiled jurisdiction report, approved and published, is the public page under load."""
    from django.contrib.auth import get_user_model

    from gongkai.web.reports import services
    from gongkai.web.reports.models import AnnualReport

    report = AnnualReport.objects.get(agency=government, year=YEAR)
    admin = get_user_model().objects.create_superuser("bench-admin", password=PASSWORD)
    services.submit(report, admin)
    services.approve(report, admin, override="基准测试数据")
    services.publish(report, admin, override="基准测试数据")
    return report


def start_gunicorn() -> subprocess.Popen:
    environment = dict(os.environ, DATABASE_URL=DATABASE_URL, DJANGO_SETTINGS_MODULE="gongkai.web.settings")
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "gongkai.web.wsgi", "--workers", "2", "--bind",
         f"127.0.0.1:{PORT}", "--log-level", "warning"], env=environment, cwd=ROOT)
    for _ in range(100):
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped at start")
        try:
            http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/public/")
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def load(path: str, seconds: float, concurrency: int) -> tuple[float, float, int]:
    """GET ``path`` from ``concurrency`` connections for ``seconds``: (requests/s, p95 ms, errors)."""
    latencies: list[float] = []
    errors = [0]
    deadline = time.perf_counter() + seconds
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine = []
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            if response.status != 200:
                errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return len(latencies) / elapsed, statistics.quantiles(latencies, n=20)[18] * 1000, errors[0]


def compile_over_http(government_id: int, runs: int) -> tuple[float, float, float]:
    """The office signs in, then POSTs 汇总 ``runs`` times: (requests/s, median ms, p95 ms)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{PORT}"
    opener.open(f"{base}/accounts/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode({"username": "office", "password": PASSWORD, "csrfmiddlewaretoken": token})
    opener.open(urllib.request.Request(f"{base}/accounts/login/", form.encode(), headers={"Referer": base})).read()
    if not any(c.name == "sessionid" for c in jar):
        raise RuntimeError("the office could not sign in")
    token = next(c.value for c in jar if c.name == "csrftoken")
    url = f"{base}/jurisdictions/{government_id}/years/{YEAR}/compile/"
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        with opener.open(urllib.request.Request(url, urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
                                                headers={"Referer": base})) as response:
            response.read()
            assert response.status == 200
        durations.append(time.perf_counter() - start)
    return runs / sum(durations), statistics.median(durations) * 1000, max(durations) * 1000


def bench() -> list[str]:
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    sys.path.insert(0, str(Path(__file__).parent))
    prepare_database()
    started = time.perf_counter()
    government, office = load_jurisdiction()
    loaded = time.perf_counter() - started
    server = start_gunicorn()
    try:
        compile_rate, compile_median, compile_worst = compile_over_http(government.pk, runs=10)
        total = publish_total(government)
        rate, p95, errors = load(f"/public/reports/{total.pk}/", seconds=10, concurrency=8)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return [
        f"| set-up: {AGENCIES:,} agencies with approved reports (200 cells each) loaded | {loaded:.1f} s | |",
        f"| public report page of the compiled jurisdiction report (gunicorn, 2 workers, 8 connections, 10 s) | "
        f"{rate:.0f} requests/s, p95 {p95:.0f} ms, {errors} errors | |",
        f"| compile step (汇总 of {AGENCIES:,} approved reports, POST as the office, 10 runs) | "
        f"{compile_rate:.2f} requests/s, median {compile_median:.0f} ms, slowest {compile_worst:.0f} ms "
        f"(10 runs, so the slowest stands for p95) | |",
    ]


if __name__ == "__main__":
    print("\n".join(bench()))
