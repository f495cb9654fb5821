"""Text normalisation shared by all readers, and the reading of a number as printed in a cell."""

import functools
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import opencc

_FULL_WIDTH_ALNUM = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
}
# Spaces of every width become one kind of space; zero-width characters and stray controls go.
_SPACES = {ord(c): " " for c in "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
           "\u200a\u202f\u205f\u3000\u2028\u2029\x85\r\n\x0b\x0c"}
_DROPPED = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"}
_CONTROLS = {i: None for i in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]}
_TRANSLATION = {**_CONTROLS, **_FULL_WIDTH_ALNUM, **_SPACES, **_DROPPED}
# Full-width separators are folded only between digits: elsewhere （，：） belong to the official labels.
_NUMBER_PUNCTUATION = re.compile(r"(?<=[0-9])([．，：])(?=[0-9])")
_NUMBER_PUNCTUATION_ASCII = {"．": ".", "，": ",", "：": ":"}
_WHITESPACE = re.compile(r"\s+")
SENTENCE_END = re.compile(r"[。；;！!？?]")  # ends the narrative's sentences; a table cell has none


@cache
def _converter() -> tuple[opencc.OpenCC, frozenset[str], frozenset[str], tuple[str, ...]]:
    """The t2s converter, and what can make it change a text.

    The pure-Python converter costs about 2 µs a character even on text it leaves alone, so text
    without any traditional character (most reports) skips it. It changes a text only where a dictionary
    key matches: keys are characters, or phrases that nearly always contain one of those characters;
    the few phrases that do not are looked for as such, when their first character occurs.
    """
    converter = opencc.OpenCC("t2s")
    package = Path(opencc.__file__).parent
    config = json.loads((package / "config" / "t2s.json").read_text(encoding="utf-8"))
    characters: set[str] = set()
    phrases: list[str] = []
    for chain in config["conversion_chain"]:
        for entry in chain["dict"]["dicts"]:
            path = package / "dictionary" / entry["file"]
            for row in path.read_text(encoding="utf-8").splitlines():
                key = row.split("\t", 1)[0]
                (characters.add if len(key) == 1 else phrases.append)(key)
    bare = tuple(p for p in phrases if not any(c in characters for c in p))
    return converter, frozenset(characters), frozenset(p[0] for p in bare), bare


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC t2s); text already simplified is returned as is."""
    converter, characters, bare_starts, bare = _converter()
    if characters.isdisjoint(text) and (bare_starts.isdisjoint(text) or not any(p in text for p in bare)):
        return text
    return converter.convert(text)


# Per-character translation is slow in Python; most text has nothing to translate, which a search tells.
_TRANSLATED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TRANSLATION)) + "]")


def normalize_text(text: str) -> str:
    """The form every reader stores: simplified script, ASCII digits and letters, one kind of space.

    Full-width ．，： become ASCII only between digits (``１，２３４`` → ``1,234``); line breaks and tabs
    become spaces, so call it on one line or one cell at a time. Runs of spaces are kept: they may
    separate cells.
    """
    if _TRANSLATED.search(text):
        text = text.translate(_TRANSLATION)
    if "．" in text or "，" in text or "：" in text:
        text = _NUMBER_PUNCTUATION.sub(lambda m: _NUMBER_PUNCTUATION_ASCII[m.group(1)], text)
    return to_simplified(text)


def is_normal(text: str) -> bool:
    """Does ``normalize_text`` leave ``text``, and every part of it, as it is? One search answers for
    all the pieces of a page joined (by a character it keeps, such as ``|``)."""
    _, characters, bare_starts, _ = _converter()
    return (not _TRANSLATED.search(text) and not _NUMBER_PUNCTUATION.search(text)
            and characters.isdisjoint(text) and bare_starts.isdisjoint(text))


def collapse_spaces(text: str) -> str:
    """Runs of whitespace become one space; ends stripped."""
    return _WHITESPACE.sub(" ", text).strip()


def compact(label: str) -> str:
    """A label without any whitespace, for matching labels printed with spaces or wrapped inside."""
    return _WHITESPACE.sub("", label.translate(_DROPPED))


@dataclass(frozen=True)
class NumberToken:
    """A cell's content read as a number, or the reason it is not one; ``raw`` is the text as given.

    ``kind``:
    - ``integer``: ``value`` is an ``int`` (``3001``, ``-5``, ``+2``, ``1,234``).
    - ``decimal``: ``value`` is a ``Decimal``, never a float (``96171.6``).
    - ``placeholder``: a mark that says "nothing here" (「/」「-」「—」「－」「——」「无」); not 0.
    - ``blank``: nothing written; missing, not 0.
    - ``text``: anything else (words, two numbers, Chinese numerals).

    ``grouped`` says thousands separators were written (``1,234`` / ``1，234``); ``signed`` that an
    explicit sign was (``+2`` or ``-5`` in a 本年增/减 cell); ``unit`` a unit written inside the cell
    (``3940元``, ``2.5万元``).
    """

    raw: str
    kind: str
    value: int | Decimal | None = None
    grouped: bool = False
    signed: bool = False
    unit: str = ""
    confidence: float | None = None  # the OCR's, where the text was recognised from an image

    @property
    def is_number(self) -> bool:
        return self.kind in ("integer", "decimal")

    @property
    def negative(self) -> bool:
        return self.is_number and self.value < 0


_MINUS = "-−－﹣"
_PLACEHOLDER = re.compile(r"[-—－–―‐‑−─━﹣]+|[/／\\]|无")
_NUMBER = re.compile(
    rf"(?P<sign>[+＋{re.escape(_MINUS)}])?"
    r"(?P<integer>[0-9]{1,3}(?:[,，][0-9]{3})+|[0-9]+)"
    r"(?:\.(?P<fraction>[0-9]+))?"
    r"(?P<unit>万元|亿元|元|万|件|条|次|人次|人|个|篇|项|期|场|%|％)?"
)


@functools.lru_cache(maxsize=65536)  # tables repeat their cells' texts, and each block re-reads its region
def parse_number(raw: str) -> NumberToken:
    """Read one cell's content as a number token; see ``NumberToken``."""
    text = collapse_spaces(raw.translate(_DROPPED).translate(_FULL_WIDTH_ALNUM).replace("．", "."))
    if not text:
        return NumberToken(raw, "blank")
    if _PLACEHOLDER.fullmatch(text):
        return NumberToken(raw, "placeholder")
    match = _NUMBER.fullmatch(text)
    if match is None:
        return NumberToken(raw, "text")
    sign = match["sign"] or ""
    integer = re.sub("[,，]", "", match["integer"])
    negative = sign in _MINUS if sign else False
    unit = match["unit"] or ""
    if unit == "％":
        unit = "%"
    common = {"grouped": integer != match["integer"], "signed": bool(sign), "unit": unit}
    if match["fraction"] is not None:
        value = Decimal(f"{integer}.{match['fraction']}")
        return NumberToken(raw, "decimal", -value if negative else value, **common)
    return NumberToken(raw, "integer", -int(integer) if negative else int(integer), **common)
