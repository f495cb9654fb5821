"""The catalogue's search index, by database: an FTS5 table of bigram tokens on SQLite; on PostgreSQL
the function ``proactive_bigrams`` and a GIN index on it (``search.py`` says why)."""

from django.db import migrations


def create(apps, schema_editor):
    from gongkai.web.proactive import search
    search.create_index(schema_editor)


def drop(apps, schema_editor):
    from gongkai.web.proactive import search
    search.drop_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("proactive", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
