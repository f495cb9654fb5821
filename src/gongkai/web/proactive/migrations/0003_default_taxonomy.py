"""The default 主题分类 and 体裁 (``taxonomy.yaml``), for the office to edit."""

from pathlib import Path

import yaml
from django.db import migrations

TAXONOMY = Path(__file__).resolve().parents[1] / "taxonomy.yaml"


def load(apps, schema_editor):
    Category, Genre = apps.get_model("proactive", "Category"), apps.get_model("proactive", "Genre")
    data = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    for entry in data["categories"]:
        parent, _ = Category.objects.get_or_create(code=entry["code"], defaults={"name": entry["name"]})
        for child in entry.get("children", []):
            Category.objects.get_or_create(code=child["code"], defaults={"name": child["name"], "parent": parent})
    for position, name in enumerate(data["genres"], start=1):
        Genre.objects.get_or_create(code=f"{position:02d}", defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("proactive", "0002_search_index")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
