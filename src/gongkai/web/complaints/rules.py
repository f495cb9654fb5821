"""The complaints' rules as data (``rules.yaml`` beside this module): the handling period and the outcomes."""

import functools
from pathlib import Path

import yaml
from django.conf import settings as django_settings

RULES_FILE = Path(__file__).with_name("rules.yaml")
REPLY = "reply"  # handling_period: the Regulation's reply period (gongkai.deadlines)


@functools.cache
def load() -> dict:
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def setting(name: str):
    """A [U] point's value: the installation's override (``GONGKAI_COMPLAINTS``), else the default."""
    overrides = getattr(django_settings, "GONGKAI_COMPLAINTS", {})
    return overrides[name] if name in overrides else load()["settings"][name]["default"]


def outcome_choices() -> list[tuple[str, str]]:
    return list(load()["outcomes"].items())
