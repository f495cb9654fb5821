"""Per-address rate limits of the public pages: a fixed window of an hour per address and scope.

Each request is counted by one INSERT … ON CONFLICT DO UPDATE … RETURNING statement (PostgreSQL, and
SQLite from 3.35), so parallel requests in any number of processes lose no count; the window is part of
the key, so a count lasts exactly its hour (a cache's increment would read, add and write back, and
reset the expiry to its default).
"""

from django.db import connection
from django.utils import timezone

from gongkai.web.throttle.models import RequestCount

WINDOW_SECONDS = 3600  # the limits in rules.yaml are per hour


def client_address(request) -> str:
    # REMOTE_ADDR, not X-Forwarded-For, which the client writes itself: behind a reverse proxy the
    # proxy must pass the real address in REMOTE_ADDR (e.g. nginx's real_ip module).
    return request.META.get("REMOTE_ADDR", "")


def _count(key: str, window_end: int) -> int:
    quote = connection.ops.quote_name
    table = quote(RequestCount._meta.db_table)
    key_column, hits, end = (quote(RequestCount._meta.get_field(name).column) for name in ("key", "hits", "window_end"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_column}, {hits}, {end}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({key_column}) DO UPDATE SET {hits} = {table}.{hits} + 1 RETURNING {hits}",
            [key, window_end])
        return cursor.fetchone()[0]


def allow(scope: str, address: str, limit: int) -> bool:
    """Count one request of ``scope`` from ``address``; False once ``limit`` is exceeded in the hour."""
    now = int(timezone.now().timestamp())
    window = now // WINDOW_SECONDS
    hits = _count(f"{scope}:{address}:{window}", (window + 1) * WINDOW_SECONDS)
    if hits == 1:  # the first request of a window: past windows' counts are of no more use
        RequestCount.objects.filter(window_end__lte=now).delete()
    return hits <= limit
