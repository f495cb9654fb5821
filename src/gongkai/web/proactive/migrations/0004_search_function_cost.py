"""PostgreSQL: ``proactive_bigrams`` declared as costly as it is, so that the planner never computes it
row by row over many items (``search.py``). The bigrams it returns are the same set (the GIN index
keeps each key once), so the index stays valid."""

from django.db import migrations


def replace(apps, schema_editor):
    from gongkai.web.proactive import search
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(search.POSTGRESQL_SQL[0])


class Migration(migrations.Migration):
    dependencies = [("proactive", "0003_default_taxonomy")]
    operations = [migrations.RunPython(replace, migrations.RunPython.noop)]
