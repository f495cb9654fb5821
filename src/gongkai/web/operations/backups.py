"""Backup and restore of the whole database, online (the platform keeps serving while a backup is
taken): SQLite through its online backup API, PostgreSQL through ``pg_dump``/``pg_restore`` in their
custom archive format. A backup is one file, created readable by its owner alone (it holds
applicants' personal data), written under a temporary name and renamed when complete.

A restore replaces everything in the database with the backup's content, in one transaction: a
backup that cannot be read changes nothing.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

from gongkai.errors import InputError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def _private_temporary(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.partial")
    temporary.unlink(missing_ok=True)
    os.close(os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
    return temporary


def _require(program: str) -> str:
    if shutil.which(program) is None:
        raise InputError(f"找不到 {program}：请安装 PostgreSQL 客户端（apt-get install postgresql-client）。")
    return program


def _pg_command(program: str) -> tuple[list[str], dict[str, str]]:
    """The client program with the connection's host, port and user; the password in the
    environment, never on the command line."""
    _require(program)
    db = connection.settings_dict
    arguments = [program, "--no-owner", "--no-privileges"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            arguments += [option, str(db[key])]
    environment = dict(os.environ)
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = db["PASSWORD"]
    return arguments, environment


def _run(arguments: list[str], environment: dict[str, str], what: str) -> None:
    done = subprocess.run(arguments, env=environment, capture_output=True, text=True, check=False)
    if done.returncode:
        raise InputError(f"{what}失败：{done.stderr.strip() or done.stdout.strip()}")


def backup(path: str | os.PathLike) -> str:
    """Write the whole database to ``path``; returns the kind of backup written."""
    target = Path(path)
    temporary = _private_temporary(target)
    try:
        if _engine() == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(temporary) as copy:
                connection.connection.backup(copy)
            copy.close()
        else:
            arguments, environment = _pg_command("pg_dump")
            _run([*arguments, "--format=custom", "--file", str(temporary), connection.settings_dict["NAME"]],
                 environment, "备份")
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return _engine()


def _check_sqlite_backup(path: Path) -> None:
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise InputError("不是 SQLite 数据库的备份文件（本平台使用 SQLite 时由 gongkai web backup 生成）。",
                             str(path))
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise InputError("备份文件已损坏（SQLite 完整性检查未通过）。", str(path))
        source.execute("SELECT count(*) FROM django_migrations")
    except sqlite3.DatabaseError as error:
        raise InputError(f"不是本平台的备份文件（{error}）。", str(path)) from error
    finally:
        source.close()


def _check_pg_backup(path: Path) -> None:
    with path.open("rb") as handle:
        if handle.read(len(PG_DUMP_MAGIC)) != PG_DUMP_MAGIC:
            raise InputError("不是 PostgreSQL 数据库的备份文件（本平台使用 PostgreSQL 时由 gongkai web backup 生成）。",
                             str(path))
    listing = subprocess.run([_require("pg_restore"), "--list", str(path)], capture_output=True, text=True,
                             check=False)
    if listing.returncode or " TABLE public django_migrations " not in listing.stdout:
        raise InputError("不是本平台的备份文件，或备份文件已损坏。", str(path))


def restore(path: str | os.PathLike) -> str:
    """Replace the whole database with the backup at ``path``; returns the kind of backup read."""
    source = Path(path)
    if not source.is_file():
        raise InputError("备份文件不存在。", str(source))
    if _engine() == "sqlite":
        _check_sqlite_backup(source)
        connection.ensure_connection()
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup_db:
            backup_db.backup(connection.connection)
        backup_db.close()
    else:
        _check_pg_backup(source)
        arguments, environment = _pg_command("pg_restore")
        connection.close()  # the restore drops and recreates the tables this process may hold open
        _run([*arguments, "--clean", "--if-exists", "--single-transaction", "--exit-on-error",
              "--dbname", connection.settings_dict["NAME"], str(source)], environment, "恢复")
    return _engine()
