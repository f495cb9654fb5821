"""The bulletin's rules as data (``rules.yaml``): its wording, its number and the ranking."""

import functools
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).with_name("rules.yaml")
ORDER_WORDS = {"desc": "从高到低", "asc": "从低到高"}


@functools.cache
def load() -> dict:
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def bulletin() -> dict:
    return load()["bulletin"]


def figures() -> dict[str, str]:
    return load()["figures"]


def ranking() -> dict:
    return load()["ranking"]


def ranking_rule() -> str:
    """The ranking rule in words, as the bulletin states it."""
    first, *then = (f"{figures()[key['figure']]}{ORDER_WORDS[key['order']]}" for key in ranking()["keys"])
    return (f"排名规则：按{first}排列；相同的，依次按{'、'.join(then)}排列；以上各项均相同的，名次并列。"
            f"本月未发布信息的单位，{figures()['rate']}按{ranking()['unpublished_rate']}%计。")
