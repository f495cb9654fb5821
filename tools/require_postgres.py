"""Fail early, and say why, when the PostgreSQL server the test suite needs is not reachable."""

import os
import socket
import sys

host = os.environ.get("GONGKAI_PG_HOST", "127.0.0.1")
port = int(os.environ.get("GONGKAI_PG_PORT", "5432"))
try:
    socket.create_connection((host, port), timeout=3).close()
except OSError as error:
    sys.exit(
        f"make test: cannot reach PostgreSQL at {host}:{port} ({error}).\n"
        "The test suite runs on SQLite and on PostgreSQL; start the server "
        "(pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) and run make test again."
    )
