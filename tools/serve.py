"""The platform as deployed, for tests and benchmarks that need real processes: a fresh database
(an SQLite file or a PostgreSQL database), migrated and loaded with the demo district, served by
gunicorn on loopback. ``with Served(database_url, workers=2) as server: server.url``.

The port is ``GONGKAI_SERVE_PORT`` when set (a developer's own), else a free one.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database_url: str) -> dict[str, str]:
    """The child processes' environment: this checkout's source first, the given database."""
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, DATABASE_URL=database_url, PYTHONPATH=path,
                DJANGO_SETTINGS_MODULE="gongkai.web.settings")


def fresh_database(database_url: str) -> None:
    """Drop and create the database the URL names (SQLite: remove the file and its WAL)."""
    parsed = urllib.parse.urlparse(database_url)
    if parsed.scheme == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(parsed.path + suffix).unlink(missing_ok=True)
        return
    import psycopg

    name = parsed.path.lstrip("/")
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(database_url: str, *arguments: str) -> str:
    """``gongkai web ARGUMENTS`` against the database; its output (raises when it fails)."""
    done = subprocess.run([sys.executable, "-m", "gongkai.web", *arguments], env=environment(database_url),
                          cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"gongkai web {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


class Served:
    """A fresh database with the demo district, served by gunicorn until the ``with`` block ends."""

    def __init__(self, database_url: str, workers: int = 2, demo: bool = True):
        self.database_url = database_url
        self.workers = workers
        self.demo = demo
        self.port = int(os.environ.get("GONGKAI_SERVE_PORT") or free_port())
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        # gunicorn's output goes to a file: a pipe nobody reads would block it once full.
        self.log_file = tempfile.NamedTemporaryFile(prefix="gongkai-gunicorn-", suffix=".log")

    def __enter__(self) -> "Served":
        fresh_database(self.database_url)
        manage(self.database_url, "migrate", "--noinput", "-v", "0")
        if self.demo:
            manage(self.database_url, "load_demo")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "gongkai.web.wsgi", "--workers", str(self.workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "60",
             "--no-control-socket"],  # the default socket is one per user: parallel servers would fight over it
            env=environment(self.database_url), cwd=ROOT, stdout=self.log_file, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120  # a loaded machine starts slowly
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start:\n{self.log()}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/public/")
                if connection.getresponse().status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer within 120 s")

    def log(self) -> str:
        """What gunicorn and the application wrote to stdout and stderr so far."""
        return Path(self.log_file.name).read_text(encoding="utf-8", errors="replace")

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


class Session:
    """One signed-in user over plain HTTP (a cookie header and the CSRF token), usable from threads:
    each request opens its own connection."""

    def __init__(self, base_url: str, source_address: str | None = None):
        self.base = urllib.parse.urlparse(base_url)
        self.cookies: dict[str, str] = {}
        # Another loopback address (127.x.y.z) stands for another client: per-address limits apply to each.
        self.source_address = (source_address, 0) if source_address else None

    def request(self, method: str, path: str, form: dict | None = None, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(self.base.hostname, self.base.port, timeout=60,
                                                source_address=self.source_address)
        headers = dict(headers or {})
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if method != "GET":
            headers.setdefault("X-CSRFToken", self.cookies.get("csrftoken", ""))
            headers.setdefault("Referer", f"{self.base.scheme}://{self.base.netloc}/")
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, {k.lower(): v for k, v in response.getheaders()}, content

    def sign_in(self, username: str, password: str) -> "Session":
        self.request("GET", "/accounts/login/")
        status, _, _ = self.request("POST", "/accounts/login/", form={
            "username": username, "password": password, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} could not sign in (HTTP {status})")
        return self

    def revision(self, report_id: int) -> int:
        """The revision a report's page shows (what a form opened now would send)."""
        status, _, content = self.request("GET", f"/reports/{report_id}/")
        if status != 200:
            raise RuntimeError(f"report {report_id}: HTTP {status}")
        return int(re.search(rb'name="revision" value="(\d+)"', content).group(1))
