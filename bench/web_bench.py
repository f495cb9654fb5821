"""Web platform under load, for `make bench`: a jurisdiction of 1,000 agencies on PostgreSQL, served by
gunicorn, loaded by wrk on loopback (bounded in time, stops by itself; `make bench` installs wrk).

Measures requests per second, latency percentiles and gunicorn's CPU time per request of the public report
page beside a bare Django page (``/favicon.ico``: a file through the same middleware) in the same run; the
office dashboard (报送情况) of the 1,000 agencies, first load and then as the office reloads it; and the
compile step (汇总: the jurisdiction's table as the sum of 1,000 approved agency reports) as an office
user's POST over HTTP. ``GONGKAI_BENCH_AGENCIES`` sets another number of agencies (a quick run at a small
scale), ``GONGKAI_BENCH_DATABASE`` the database (dropped and made again), ``GONGKAI_BENCH_GUNICORN``
gunicorn's options (another set-up to compare).
"""

import http.client
import http.cookiejar
import os
import random
import resource
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
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
# As docs/operations.md deploys it; GONGKAI_BENCH_GUNICORN compares another set-up.
GUNICORN = os.environ.get("GONGKAI_BENCH_GUNICORN", "--workers 2")


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


def start_gunicorn(options: str = GUNICORN) -> subprocess.Popen:
    # This checkout's source first: the interpreter's environment may have another checkout installed.
    environment = dict(os.environ, DATABASE_URL=DATABASE_URL, DJANGO_SETTINGS_MODULE="gongkai.web.settings",
                       PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "gongkai.web.wsgi", *shlex.split(options), "--bind",
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


@dataclass
class Load:
    rate: float  # requests/s
    p50: float  # ms
    p95: float
    p99: float
    socket_errors: int  # connect, read, write and timeout errors
    failed: int  # responses with a status > 399
    server_cpu: float  # gunicorn's CPU time (its workers', kernel time included) per request, in ms
    generator_cpu: float  # wrk's CPU time per second of the run, in cores

    def figures(self) -> str:
        return (f"{self.rate:,.0f} requests/s, p50 {self.p50:.1f} ms, p95 {self.p95:.1f} ms, p99 {self.p99:.1f} ms, "
                f"{self.socket_errors} socket errors, {self.failed} error responses; gunicorn's CPU "
                f"{self.server_cpu:.2f} ms per request")


WRK_SUMMARY = Path(__file__).with_name("wrk_summary.lua")


def server_cpu(server: subprocess.Popen) -> float:
    """CPU seconds (user and system) of gunicorn's master and workers so far: what a request costs the
    server whatever else shares the cores, where requests per second depend on them."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that ended meanwhile
            continue
        if stat.parent.name == str(server.pid) or fields[1] == str(server.pid):
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def load(path: str, seconds: int, connections: int, server: subprocess.Popen) -> Load:
    """GET ``path`` as browsers ask for it (Accept-Encoding: gzip) from ``connections`` connections for
    ``seconds``, with wrk: an event loop in C on one thread, so the 2 cores go to the server, not to
    the load generator."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
    status = connection.getresponse().status
    connection.close()
    if status != 200:  # wrk would count a redirect as done
        raise RuntimeError(f"{path} answered {status}")
    before, server_before = resource.getrusage(resource.RUSAGE_CHILDREN), server_cpu(server)
    run = subprocess.run(["wrk", "--threads", "1", "--connections", str(connections), "--duration", f"{seconds}s",
                          "--timeout", "10s", "--header", "Accept-Encoding: gzip", "--script", str(WRK_SUMMARY),
                          f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True)
    after, server_after = resource.getrusage(resource.RUSAGE_CHILDREN), server_cpu(server)
    summary = next(line for line in run.stdout.splitlines() if line.startswith("wrk-summary "))
    requests, duration, p50, p95, p99, *errors, failed = (int(figure) for figure in summary.split()[1:])
    if not requests:
        raise RuntimeError(f"wrk: no answer from {path} in {seconds} s")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Load(requests / duration * 1e6, p50 / 1000, p95 / 1000, p99 / 1000, sum(errors), failed,
                (server_after - server_before) / requests * 1000, cpu / (duration / 1e6))


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


def load_rows(report_page: Load, bare_page: Load, load_before: str, load_after: str) -> list[str]:
    return [
        f"| public report page of the compiled jurisdiction report (gunicorn {GUNICORN}; wrk, 1 thread, "
        f"8 connections, 10 s, Accept-Encoding: gzip) | {report_page.figures()} | goal ≥ 1,000/s; load average "
        f"{load_before} before, {load_after} after; wrk used {report_page.generator_cpu:.2f} of a core |",
        f"| bare Django page in the same run (/favicon.ico through the same middleware, same load) | "
        f"{bare_page.figures()} | the reference of the set-up (a file: opened and sent for each request); the "
        f"report page at {report_page.rate / bare_page.rate:.2f}× its rate; wrk used {bare_page.generator_cpu:.2f} "
        f"of a core |",
    ]


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
        loads = None
        if shutil.which("wrk"):
            load(page, seconds=3, connections=2, server=server)  # built once and kept: the run measures the kept page
            load_before = load_average()
            report_page = load(page, seconds=10, connections=8, server=server)
            bare_page = load("/favicon.ico", seconds=10, connections=8, server=server)
            loads = report_page, bare_page, load_before, load_average()
        else:
            print("web bench: wrk is not installed (apt-get install wrk; make bench installs it): "
                  "the pages under load are not measured", file=sys.stderr)
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
        *(load_rows(*loads) if loads else
          ["| public report page and bare Django page under load | not measured: wrk is not installed | "
           "apt-get install wrk (make bench installs it) |"]),
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
