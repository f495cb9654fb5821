"""The search candidates for the catalogue, measured side by side on the same generated titles and bodies
(``python bench/proactive_search_candidates.py [N]``, default 200,000 texts): for a two-character and a
four-character term, how many texts each finds and how long the query takes.

SQLite: ``LIKE '%term%'`` (a full scan), FTS5 ``trigram`` (finds nothing for two characters), FTS5 over
bigram tokens (the choice). PostgreSQL (if reachable): ``LIKE`` scan, ``pg_trgm`` GIN (cannot use the
index below three characters), GIN on ``proactive_bigrams(text)`` with ``LIKE`` to confirm (the choice).
"""

import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from proactive_bench import TITLES, TOPICS  # noqa: E402

from gongkai.web.proactive.search import POSTGRESQL_SQL, _tokens, bigrams, normalize  # noqa: E402

TERMS = {"two characters": "低保", "four characters": "防汛抗旱"}


def texts(count: int) -> list[str]:
    rng = random.Random(5)
    found = []
    for _ in range(count):
        title = rng.choice(TITLES).format(year=rng.randrange(2016, 2026), topic=rng.choice(TOPICS), agency="第3局",
                                          n=rng.randrange(1, 13))
        found.append(normalize(title) + "\u3000" + normalize(f"{title}。现将有关事项通知如下，请认真贯彻落实。"))
    return found


def timed(run) -> tuple[int, float]:
    run()
    durations, hits = [], 0
    for _ in range(5):
        started = time.perf_counter()
        hits = run()
        durations.append((time.perf_counter() - started) * 1000)
    return hits, statistics.median(durations)


def sqlite(rows: list[str]) -> list[str]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)")
    db.execute("CREATE VIRTUAL TABLE tri USING fts5(text, tokenize='trigram')")
    db.execute("CREATE VIRTUAL TABLE bi USING fts5(tokens)")
    db.executemany("INSERT INTO t VALUES (?, ?)", enumerate(rows))
    db.executemany("INSERT INTO tri(rowid, text) VALUES (?, ?)", enumerate(rows))
    db.executemany("INSERT INTO bi(rowid, tokens) VALUES (?, ?)", ((i, _tokens(text)) for i, text in enumerate(rows)))
    lines = []
    for label, term in TERMS.items():
        candidates = {
            "LIKE scan": lambda term=term: db.execute("SELECT count(*) FROM t WHERE text LIKE ?",
                                                      (f"%{term}%",)).fetchone()[0],
            "FTS5 trigram": lambda term=term: db.execute("SELECT count(*) FROM tri WHERE tri MATCH ?",
                                                         (f'"{term}"',)).fetchone()[0],
            "FTS5 bigram tokens": lambda term=term: db.execute("SELECT count(*) FROM bi WHERE bi MATCH ?",
                                                               (f'"{" ".join(bigrams(term))}"',)).fetchone()[0],
        }
        for name, run in candidates.items():
            hits, ms = timed(run)
            lines.append(f"| SQLite, {label} 「{term}」 | {name} | {hits:,} found | {ms:.1f} ms |")
    return lines


def postgresql(rows: list[str]) -> list[str]:
    import psycopg

    server = "postgresql://postgres@127.0.0.1:5432"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS gongkai_search_candidates WITH (FORCE)")
        admin.execute("CREATE DATABASE gongkai_search_candidates")
    lines = []
    try:
        with psycopg.connect(f"{server}/gongkai_search_candidates", autocommit=True) as db:
            db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            db.execute("CREATE TABLE proactive_item (id int PRIMARY KEY, search_text text)")
            with db.cursor().copy("COPY proactive_item FROM STDIN") as copy:
                for row in enumerate(rows):
                    copy.write_row(row)
            db.execute(POSTGRESQL_SQL[0])
            db.execute(POSTGRESQL_SQL[1])
            db.execute("CREATE INDEX trgm ON proactive_item USING gin (search_text gin_trgm_ops)")
            db.execute("VACUUM ANALYZE proactive_item")
            for label, term in TERMS.items():
                like = f"%{term}%"
                candidates = {
                    "LIKE scan (no index)": ("SET enable_bitmapscan = off", "SELECT count(*) FROM proactive_item "
                                             "WHERE search_text LIKE %s", (like,)),
                    "pg_trgm GIN + LIKE": ("SET enable_bitmapscan = on", "SELECT count(*) FROM proactive_item "
                                           "WHERE search_text LIKE %s", (like,)),
                    "bigram GIN @> + LIKE": ("SET enable_bitmapscan = on", "SELECT count(*) FROM proactive_item WHERE "
                                             "proactive_bigrams(search_text) @> %s::text[] AND search_text LIKE %s",
                                             (sorted(set(bigrams(term))), like)),
                }
                for name, (setting, sql, params) in candidates.items():
                    db.execute(setting)
                    hits, ms = timed(lambda sql=sql, params=params: db.execute(sql, params).fetchone()[0])
                    lines.append(f"| PostgreSQL, {label} 「{term}」 | {name} | {hits:,} found | {ms:.1f} ms |")
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS gongkai_search_candidates WITH (FORCE)")
    return lines


if __name__ == "__main__":
    generated = texts(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
    print("| query | candidate | found | median |\n|---|---|---|---|")
    print("\n".join(sqlite(generated) + postgresql(generated)))
