"""Web platform under load, for `make bench`: a jurisdiction of 1,000 agencies on PostgreSQL, served by
gunicorn, hit by a load generator on loopback (bounded in time, stops by itself).

Measures requests per second and p95 latency of the public report page beside a bare Django page
(``/favicon.ico``: a file through the same middleware) in the same run; the office dashboard (报送情况)
of the 1,000 agencies, first load and then as the office reloads it; and the compile step (汇总: the
jurisdiction's table as the sum of 1,000 approved agency reports) as an office user's POST over HTTP.
``GONGKAI_BENCH_AGENCIES`` sets another number of agencies (a quick run at a small scale).
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
DATABASE = os.environ.get("GONGKAI_BENCH_DATABASE", "gongkai_bench")
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = free_port()
AGENCIES = int(os.environ.get("GONGKAI_BENCH_AGENCIES", "1000"))
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
    # This checkout's source first: the interpreter's environment may have another checkout installed.
    environment = dict(os.environ, DATABASE_URL=DATABASE_URL, DJANGO_SETTINGS_MODULE="gongkai.web.settings",
                       PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "gongkai.web.wsgi", "--workers", "2", "--bind",
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


def stop(server: subprocess.Popen) -> None:
    """Stop gunicorn; a worker still busy with a long request is killed after a while."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


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
            connection.request("GET", path, headers={"Accept-Encoding": "gzip"})  # as browsers do
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


def sign_in_as_office():
    """An opener carrying the office's session, and its CSRF token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{PORT}"
    opener.open(f"{base}/accounts/login/").read()
    token = next(c.value for c in jar if c.name == "csrftoken")
    form = urllib.parse.urlencode({"username": "office", "password": PASSWORD, "csrfmiddlewaretoken": token})
    opener.open(urllib.request.Request(f"{base}/accounts/login/", form.encode(), headers={"Referer": base})).read()
    if not any(c.name == "sessionid" for c in jar):
        raise RuntimeError("the office could not sign in")
    return opener, next(c.value for c in jar if c.name == "csrftoken")


def timed_requests(opener, requests: list[urllib.request.Request]) -> list[float]:
    durations = []
    for request in requests:
        start = time.perf_counter()
        with opener.open(request) as response:
            response.read()
            assert response.status == 200
        durations.append(time.perf_counter() - start)
    return durations


def dashboard_over_http(government_id: int, runs: int) -> tuple[float, float, float]:
    """The office opens the dashboard once (every report checked), then ``runs`` times more:
    (first load ms, median ms, slowest ms of the reloads)."""
    opener, _ = sign_in_as_office()
    url = f"http://127.0.0.1:{PORT}/jurisdictions/{government_id}/years/{YEAR}/"
    first, *again = timed_requests(opener, [urllib.request.Request(url) for _ in range(runs + 1)])
    return first * 1000, statistics.median(again) * 1000, max(again) * 1000


def compile_over_http(government_id: int, runs: int) -> tuple[float, float, float]:
    """The office signs in, then POSTs 汇总 ``runs`` times: (requests/s, median ms, p95 ms)."""
    opener, token = sign_in_as_office()
    base = f"http://127.0.0.1:{PORT}"
    url = f"{base}/jurisdictions/{government_id}/years/{YEAR}/compile/"
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode()
    durations = timed_requests(opener, [urllib.request.Request(url, body, headers={"Referer": base})
                                        for _ in range(runs)])
    return runs / sum(durations), statistics.median(durations) * 1000, max(durations) * 1000


def in_process(path: str, runs: int, cookies: str = "") -> tuple[float, int]:
    """GET ``path`` ``runs`` times through Django's WSGI handler in this process, as gunicorn calls it:
    (CPU ms per request, queries per request once warm). CPU time is this process's alone (not the database
    server's), and unlike a rate it hardly depends on what else the machine runs."""
    import io

    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection

    handler = WSGIHandler()
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
               "SERVER_NAME": "127.0.0.1", "SERVER_PORT": str(PORT), "HTTP_HOST": "127.0.0.1",
               "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_ACCEPT_ENCODING": "gzip", "HTTP_COOKIE": cookies,
               "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr}
    statuses = []

    def get():
        response = handler({**environ, "wsgi.input": io.BytesIO()}, lambda status, headers: statuses.append(status))
        b"".join(response)
        response.close()

    get()  # the first one builds what is kept
    queries = []
    with connection.execute_wrapper(lambda execute, *args: queries.append(args[0]) or execute(*args)):
        get()
    start = time.process_time()
    for _ in range(runs):
        get()
    elapsed = time.process_time() - start
    assert set(statuses) == {"200 OK"}, set(statuses)
    return elapsed / runs * 1000, len(queries)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


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
        dashboard_first, dashboard_median, dashboard_worst = dashboard_over_http(government.pk, runs=10)
        compile_rate, compile_median, compile_worst = compile_over_http(government.pk, runs=10)
        total = publish_total(government)
        page = f"/public/reports/{total.pk}/"
        load(page, seconds=1, concurrency=2)  # built once and kept: the run measures the kept page
        load_before = load_average()
        rate, p95, errors = load(page, seconds=10, concurrency=8)
        bare_rate, bare_p95, bare_errors = load("/favicon.ico", seconds=10, concurrency=8)
        load_after = load_average()
    finally:
        stop(server)
    from django.test import Client

    office_client = Client(HTTP_HOST="127.0.0.1")
    office_client.force_login(office)
    dashboard_cpu, dashboard_queries = in_process(f"/jurisdictions/{government.pk}/years/{YEAR}/", runs=10,
                                                  cookies=f"sessionid={office_client.cookies['sessionid'].value}")
    page_cpu, page_queries = in_process(page, runs=2000)
    bare_cpu, bare_queries = in_process("/favicon.ico", runs=2000)
    return [
        f"| set-up: {AGENCIES:,} agencies with approved reports (200 cells each) loaded | {loaded:.1f} s | |",
        f"| public report page of the compiled jurisdiction report (gunicorn, 2 workers, 8 connections, 10 s) | "
        f"{rate:.0f} requests/s, p95 {p95:.0f} ms, {errors} errors | goal ≥ 1,000/s; load average "
        f"{load_before} before, {load_after} after |",
        f"| bare Django page in the same run (/favicon.ico through the same middleware, same load) | "
        f"{bare_rate:.0f} requests/s, p95 {bare_p95:.0f} ms, {bare_errors} errors | the ceiling of the set-up |",
        f"| public report page in-process (Django's WSGI handler, 2,000 GETs; CPU time) | "
        f"{page_cpu:.2f} ms CPU per request, {page_queries} queries | bare page: {bare_cpu:.2f} ms CPU, "
        f"{bare_queries} queries |",
        f"| office dashboard of {AGENCIES:,} agencies (GET as the office), first load: every report checked | "
        f"{dashboard_first:.0f} ms | |",
        f"| office dashboard, reloaded (10 runs: the counts kept, nothing checked again) | "
        f"median {dashboard_median:.0f} ms, slowest {dashboard_worst:.0f} ms | goal < 300 ms |",
        f"| office dashboard reloaded in-process (Django's WSGI handler, 10 GETs) | {dashboard_cpu:.0f} ms CPU "
        f"per request (the web process's alone), {dashboard_queries} queries | |",
        f"| compile step (汇总 of {AGENCIES:,} approved reports, POST as the office, 10 runs) | "
        f"{compile_rate:.2f} requests/s, median {compile_median:.0f} ms, slowest {compile_worst:.0f} ms "
        f"(10 runs, so the slowest stands for p95) | |",
    ]


if __name__ == "__main__":
    print("\n".join(bench()))
