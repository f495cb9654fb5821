"""Proactive disclosure's rules as data (``rules.yaml``), with the installation's overrides from
``settings.GONGKAI_PROACTIVE`` (``index_number_pattern``, ``attachment_max_bytes``)."""

import functools
from pathlib import Path

import yaml
from django.conf import settings

RULES_FILE = Path(__file__).with_name("rules.yaml")


@functools.cache
def load() -> dict:
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def _override(name: str):
    return getattr(settings, "GONGKAI_PROACTIVE", {}).get(name)


def timeliness() -> dict:
    """Art 26: ``working_days``, ``article``, ``wording``."""
    return load()["timeliness"]


def timeliness_days() -> int:
    return timeliness()["working_days"]


def channels() -> dict[str, dict]:
    return load()["channels"]


def channel_choices() -> list[tuple[str, str]]:
    return [(key, entry["label"]) for key, entry in channels().items()]


def attachment_types() -> dict[str, dict]:
    return load()["attachments"]["types"]


def attachment_max_bytes() -> int:
    return _override("attachment_max_bytes") or load()["attachments"]["max_bytes"]


def index_number_pattern() -> str:
    return _override("index_number_pattern") or load()["index_number"]["pattern"]
