"""Chinese full-text search of the catalogue: title, document number (文号) and body.

Chinese has no spaces and most search words are two characters, which trigram indexes (SQLite FTS5's
``trigram`` tokenizer, PostgreSQL's ``pg_trgm``) cannot look up. So every item's text is reduced to its
letters and digits (``normalize``) and indexed as overlapping character bigrams; a term matches when
all its bigrams are there in order (SQLite: an FTS5 phrase of bigram tokens) or all there and the text
contains the term (PostgreSQL: a GIN index on ``proactive_bigrams(search_text)`` finds the candidates,
``LIKE`` confirms those of a term longer than its one bigram). A one-character term has no bigram: SQLite
matches it as a token prefix (the text's last character is indexed alone for this), PostgreSQL scans with
``LIKE``.

On PostgreSQL the function is declared as costly as it is (about 0.1 ms a row): the planner then reads
the GIN index for a rare term and, for a common one, walks the newest items and tests each with ``LIKE``
(cheap), never computing an item's bigrams once per row for thousands of rows. How many items a query
finds is estimated by the planner from the column statistics (``estimate``), so that a common word is
not counted item by item.

The index is made by migration 0002. On SQLite the FTS5 table is kept by ``index_items`` (every service
that writes an item calls it); on PostgreSQL the expression index keeps itself.
"""

import json
import unicodedata

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

FTS_TABLE = "proactive_search"
MAX_TERMS = 5


def normalize(text: str) -> str:
    """Letters and digits only, full-width folded, lower case: how both the text and a query are seen."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())


def bigrams(text: str) -> list[str]:
    return [text[i:i + 2] for i in range(len(text) - 1)]


def search_text(title: str, document_number: str, body: str) -> str:
    # Fields are joined by an ideographic space, which no normalized term contains: no bigram or LIKE
    # match spans two fields.
    return "\u3000".join(normalize(part) for part in (title, document_number, body) if part)


def terms(query: str) -> list[str]:
    """The query's words (split on spaces), each normalized; at most ``MAX_TERMS``."""
    return [term for term in (normalize(word) for word in query.split()) if term][:MAX_TERMS]


def _tokens(text: str) -> str:
    tokens = []
    for part in text.split("\u3000"):
        tokens.extend(bigrams(part))
        if part:
            tokens.append(part[-1])  # lets a one-character query find a text's last character
    return " ".join(tokens)


def _sqlite_match(term: str) -> str:
    # Terms are letters and digits only, so the expression needs no escaping.
    return f'"{" ".join(bigrams(term))}"' if len(term) > 1 else f"{term}*"


def filter_items(items: QuerySet, query: str, *, common: bool = False) -> QuerySet:
    """``items`` that contain every word of ``query``. ``common`` (PostgreSQL): the words are common
    (``estimate`` says so), so each item is tested with ``LIKE`` alone as the newest are walked; the
    index would hand over every one of a common word's many items before the newest could be picked."""
    for term in terms(query):
        if connection.vendor == "postgresql":
            if len(term) > 1 and not common:
                items = items.filter(RawSQL('proactive_bigrams("proactive_item"."search_text") @> %s::text[]',
                                            [sorted(set(bigrams(term)))], output_field=BooleanField()))
            if len(term) != 2 or common:  # a two-character term is its one bigram: the index alone decides
                items = items.filter(search_text__contains=term)
        elif connection.vendor == "sqlite":
            items = items.filter(pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                                               [_sqlite_match(term)]))
        else:
            items = items.filter(Q(search_text__contains=term))
    return items


def estimate(items: QuerySet, query: str) -> int | None:
    """How many of ``items`` contain every word of ``query``, as the PostgreSQL planner estimates it
    from the column statistics without reading the items (``None`` elsewhere). Each word is put as
    ``LIKE`` alone here, whose estimate samples the texts, where the bigram containment's assumes the
    bigrams independent and would be far too low for a four-character word."""
    if connection.vendor != "postgresql":
        return None
    for term in terms(query):
        items = items.filter(search_text__contains=term)
    plan = json.loads(items.values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def index_items(ids) -> None:
    """Bring the SQLite FTS5 table up to date for the items ``ids`` (nothing to do elsewhere)."""
    if connection.vendor != "sqlite":
        return
    from gongkai.web.proactive.models import Item

    ids = list(ids)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("%s" for _ in chunk)
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)
            rows = Item.objects.filter(pk__in=chunk).values_list("pk", "search_text")
            cursor.executemany(f"INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (%s, %s)",
                               [(pk, _tokens(text)) for pk, text in rows])


SQLITE_SQL = f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(tokens)"
POSTGRESQL_SQL = [
    """CREATE OR REPLACE FUNCTION proactive_bigrams(value text) RETURNS text[]
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST 10000 AS $$
         SELECT coalesce(array_agg(substr(value, i, 2)), '{}')
         FROM generate_series(1, char_length(value) - 1) AS i
       $$""",
    "CREATE INDEX IF NOT EXISTS proactive_item_bigrams ON proactive_item USING gin (proactive_bigrams(search_text))",
]


def create_index(schema_editor) -> None:
    """The search index of this database (migration 0002)."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_SQL)
    elif schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_SQL:
            schema_editor.execute(statement)


def drop_index(schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS proactive_item_bigrams")
        schema_editor.execute("DROP FUNCTION IF EXISTS proactive_bigrams(text)")
