"""Published versions never change, so what is built from one (its public page, its downloads) is built
once and kept: in this process's memory first (the public page), then in the shared cache ``published``
(a file cache under ``var/``, or Redis when ``GONGKAI_REDIS_URL`` is set), which every process serving
the platform reads.

Which versions a report has is remembered by each process until the shared cache's publication
generation changes (every new version changes it), so a kept page costs no query. Keys name what the
content depends on and nothing is ever invalidated: a version's downloads on the
version alone; its page also on the newest publication of the same agency (the list of versions, the
「已被更正」 notice and the agency's trend chart change with it). Each key carries the version's
publication time as well as its id, so a database rebuilt from scratch never meets an old entry.
"""

from __future__ import annotations

import datetime
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import caches
from django.db import connection
from django.utils import timezone

from gongkai.web.reports.models import AnnualReport, PublishedVersion

_VERSION = PublishedVersion._meta.db_table
_REPORT = AnnualReport._meta.db_table
VERSIONS_OF_AGENCY = (f"SELECT v.id, v.report_id, v.number, v.published_at FROM {_VERSION} v "
                      f"JOIN {_REPORT} r ON r.id = v.report_id "
                      f"WHERE r.agency_id = (SELECT agency_id FROM {_REPORT} WHERE id = %s)")

# Stands for the request's CSP nonce in a cached page; each response puts its own nonce in its place.
NONCE = "gongkai-csp-nonce-placeholder"


@dataclass(frozen=True)
class Published:
    """What one query says about a report's published versions."""

    version_id: int  # the one asked for
    number: int
    numbers: list[int]  # the report's version numbers, in order
    version_stamp: str  # the version's id and publication time
    agency_stamp: str  # changes whenever the agency publishes anything
    agency_published_at: datetime.datetime  # when the agency last published anything


# What ``published`` answered, per process, with the publication generation it was answered in.
_answers: OrderedDict[tuple[int, int | None], tuple[str, Published | None]] = OrderedDict()
ANSWERS_KEPT = 2048
GENERATION_KEY = "generation"


def generation() -> str:
    """Changes whenever anything is published (``new_publication``), in the cache every process reads."""
    cache = caches["published"]
    current = cache.get(GENERATION_KEY)
    if current is None:  # never set, or evicted: a new one invalidates every process's answers
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        current = cache.get(GENERATION_KEY)
    return current


def new_publication() -> None:
    """Called once a version is committed: every process asks the database again."""
    caches["published"].set(GENERATION_KEY, uuid.uuid4().hex, None)


def published(report_id: int, number: int | None) -> Published | None:
    """The version ``number`` of the report (its latest when None), or None when it is not published.

    Answered from this process's memory while nothing was published since (one read of the shared
    cache), else with one query: every version the report's agency published (a few per year)."""
    current = generation()
    known = _answers.get((report_id, number))
    if known is not None and known[0] == current:
        return known[1]
    answer = _published(report_id, number)
    _answers[(report_id, number)] = (current, answer)
    if len(_answers) > ANSWERS_KEPT:
        _answers.popitem(last=False)
    return answer


def _published(report_id: int, number: int | None) -> Published | None:
    # In SQL: the ORM takes longer to compile this query than the database takes to answer it, and
    # it is the only query of a kept page.
    with connection.cursor() as cursor:
        cursor.execute(VERSIONS_OF_AGENCY, [report_id])
        rows = [(pk, report, number, _aware(at)) for pk, report, number, at in cursor.fetchall()]
    mine = sorted((row for row in rows if row[1] == report_id), key=lambda row: row[2])
    if not mine:
        return None
    chosen = mine[-1] if number is None else next((row for row in mine if row[2] == number), None)
    if chosen is None:
        return None
    newest, newest_at = max(rows), max(row[3] for row in rows)
    return Published(chosen[0], chosen[2], [row[2] for row in mine], _stamp(chosen[0], chosen[3]),
                     _stamp(newest[0], newest_at), newest_at)


def _aware(value) -> datetime.datetime:
    """The backends' raw ``published_at``: aware on PostgreSQL, naive UTC (or text) on SQLite."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=datetime.UTC)


def _stamp(pk: int, at) -> str:
    return f"{pk}.{at.timestamp()}"


def built_once(key: str, build: Callable[[], object], *, local: bool = False):
    """The value cached under ``key``, built by ``build`` when no process has built it yet."""
    tiers = [caches["published-local"]] if local else []
    tiers.append(caches["published"])
    for index, cache in enumerate(tiers):
        value = cache.get(key)
        if value is not None:
            for faster in tiers[:index]:
                faster.set(key, value, None)
            return value
    value = build()
    for cache in tiers:
        cache.set(key, value, None)
    return value
