"""The default 主题分类 and 体裁 (``taxonomy.yaml``), for the office to edit."""

from django.db import migrations


def load(apps, schema_editor):
    from gongkai.web.proactive.defaults import load_taxonomy
    load_taxonomy(apps.get_model("proactive", "Category"), apps.get_model("proactive", "Genre"))


class Migration(migrations.Migration):
    dependencies = [("proactive", "0002_search_index")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
