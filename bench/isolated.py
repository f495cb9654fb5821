"""What the database benches share: each database is measured in a child process of its own (so
Django is set up once per database), and the bench's PostgreSQL databases are made and dropped
through the server's maintenance database."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = "postgresql://postgres@127.0.0.1:5432"


def run(script: str, vendor: str, url: str) -> dict:
    """Runs ``script VENDOR`` on the database at ``url``; its last line of output is its figures as JSON."""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "gongkai.web.settings",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run([sys.executable, script, vendor], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{vendor} bench failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# BENCH_KEEP_DATABASE=1 keeps the loaded database after the run (dropped at the next run's start), so
# that queries can be studied on it without loading millions of rows again.
KEEP = os.environ.get("BENCH_KEEP_DATABASE") == "1"


def measure(script: str, vendor: str, database: str, sqlite_file: Path) -> dict:
    """``run`` on a fresh database of ``vendor`` (``database`` on the server, or ``sqlite_file``), dropped
    afterwards whatever happens (unless ``KEEP``)."""
    if vendor == "postgresql":
        postgresql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        postgresql(f"CREATE DATABASE {database}")
        try:
            return run(script, vendor, f"{SERVER}/{database}")
        finally:
            if not KEEP:
                postgresql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    sqlite_file.unlink(missing_ok=True)
    try:
        return run(script, vendor, f"sqlite:///{sqlite_file}")
    finally:
        if not KEEP:
            sqlite_file.unlink(missing_ok=True)


def postgresql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(statement)


AGENCY_COLUMNS = ("id", "name", "kind", "parent_id", "jurisdiction_name", "path", "designation")


def agencies(jurisdictions: int, departments: int) -> list[tuple]:
    """Rows of ``AGENCY_COLUMNS`` for a province, its jurisdictions and their departments, loaded in bulk
    (bypassing ``Agency.save``, hence the paths written here)."""
    rows = [(1, "基准省人民政府", "government", None, "基准省", "/1/", "基准省")]
    for j in range(jurisdictions):
        government = 2 + j * (departments + 1)
        rows.append((government, f"基准省第{j}区人民政府", "government", 1, f"基准省第{j}区", f"/1/{government}/",
                     f"基{j}政"))
        rows.extend((government + 1 + d, f"基准省第{j}区第{d}局", "department", government, "",
                     f"/1/{government}/{government + 1 + d}/", f"基{j}局{d}") for d in range(departments))
    return rows
