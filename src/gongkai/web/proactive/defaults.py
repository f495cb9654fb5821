"""The default 主题分类 and 体裁 of a new installation (``taxonomy.yaml``), which the office then edits.
Loaded by migration 0003 (with its historical models) and wherever a database lacks them (tests that
flush the database, a fresh demo)."""

from pathlib import Path

import yaml

TAXONOMY = Path(__file__).with_name("taxonomy.yaml")


def load_taxonomy(category_model, genre_model) -> None:
    data = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    for entry in data["categories"]:
        parent, _ = category_model.objects.get_or_create(code=entry["code"], defaults={"name": entry["name"]})
        for child in entry.get("children", []):
            category_model.objects.get_or_create(code=child["code"], defaults={"name": child["name"],
                                                                               "parent": parent})
    for position, name in enumerate(data["genres"], start=1):
        genre_model.objects.get_or_create(code=f"{position:02d}", defaults={"name": name})
