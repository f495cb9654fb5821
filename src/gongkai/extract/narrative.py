"""Numbers the narrative states (「回应公众关注热点或重大舆情数16次」), linked to the cells they state.

A statement is a number with its unit (条, 件, 次 …) right after a phrase. The phrase names a cell
when it ends in one of the cell's row's names: the official label shortened (numbering, 其中： and
trailing notes dropped; a final 数 or 数量 optional) or an alias the format data gives the row or
column (``aliases:``). The longest name wins, so 「主要负责同志参加政府网站在线访谈次数1次」 is the
sub-item, not 「政府网站在线访谈次数」. In a table with several columns a row's statement names its
total column. Rule X-1 compares each linked statement with the table.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from gongkai.checks import Finding, FindingCell, declared_check
from gongkai.checks.describe import format_value
from gongkai.extract.document import Document, Line
from gongkai.extract.normalize import compact
from gongkai.extract.tables import region
from gongkai.formats import Format, Row
from gongkai.sheets import Report, json_value

_STATEMENT = re.compile(r"(?<![0-9.])([0-9][0-9,]*(?:\.[0-9]+)?)(万元|元|余条|余件|条|件|次|篇|个|人次|人|宗|项|期|场)")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_NUMBERING = re.compile(r"^(其中[:：])?([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[0-9]+[.、．])?")
_TRAILING_NOTE = re.compile(r"（[^（）]*）$")
# Between a name and its number: 「数」「为」「共」「：」 and the like, a few characters at most.
_JOINERS = "为共计达：:是有"


@dataclass
class NarrativeNumber:
    sentence: str
    phrase: str  # the text before the number, within the sentence
    value: int | Decimal
    unit: str
    raw: str
    line: Line
    key: str | None = None  # the cell it states

    def to_json(self) -> dict:
        data = {"sentence": self.sentence, "number": json_value(self.value), "unit": self.unit, "raw": self.raw,
                "line": self.line.number, "key": self.key}
        if self.line.page is not None:
            data["page"] = self.line.page
        return data


def row_names(row: Row) -> set[str]:
    label = compact(row.label).replace("(", "（").replace(")", "）").replace(":", "：")
    label = _TRAILING_NOTE.sub("", label) or label
    label = _NUMBERING.sub("", label)
    names = {label}
    for suffix in ("数量", "数"):
        if label.endswith(suffix) and len(label) > len(suffix) + 3:
            names.add(label[: -len(suffix)])
    return {name for name in names if len(name) >= 4}


@functools.cache
def cell_names(fmt: Format) -> dict[str, str]:
    """Every name a statement may use → the cell key it states (names shared by two cells are dropped)."""
    names: dict[str, set[str]] = {}
    for table in fmt.tables:
        for block in table.blocks:
            totals = [c for c in block.leaf_columns if c.sum_of] or block.leaf_columns[:1]
            if len(block.leaf_columns) > 1 and not any(c.sum_of for c in block.leaf_columns):
                totals = []
            for row in block.data_rows:
                if row.label and totals:
                    for name in row_names(row) | set(fmt.aliases.get(row.key, ())):
                        names.setdefault(name, set()).add(f"{row.key}|{totals[-1].key}")
            for column in block.leaf_columns:
                for alias in fmt.aliases.get(f"{block.table.key}|{column.key}", ()):
                    for row in block.data_rows:
                        names.setdefault(alias, set()).add(f"{row.key}|{column.key}")
    return {name: next(iter(keys)) for name, keys in names.items() if len(keys) == 1}


def narrative_lines(document: Document, fmt: Format | None, table_lines: set[int] | None = None) -> list[Line]:
    """The lines outside the tables; ``table_lines`` when the tables were read already (their regions)."""
    if table_lines is None:
        table_lines = set()
        for table in fmt.tables if fmt is not None else ():
            table_lines.update(line.number for line in region(document, table, fmt))
    return [line for line in document.lines if line.number not in table_lines and line.table is None]


def sentences(document: Document, fmt: Format | None, table_lines: set[int] | None = None):
    """(sentence, line where it starts), PDF lines joined first since they wrap mid-sentence."""
    buffer, start = "", None
    for line in narrative_lines(document, fmt, table_lines):
        text = compact(line.text)
        if document.kind != "pdf" and buffer:
            yield buffer, start
            buffer, start = "", None
        if start is None:
            start = line
        buffer += text
        while True:
            match = _SENTENCE_END.search(buffer)
            if match is None:
                break
            yield buffer[: match.end()], start
            buffer, start = buffer[match.end():], line
    if buffer:
        yield buffer, start


def read_narrative_numbers(document: Document, fmt: Format, table_lines: set[int] | None = None
                           ) -> list[NarrativeNumber]:
    names = cell_names(fmt)
    by_length = sorted(names, key=len, reverse=True)
    found = []
    for sentence, line in sentences(document, fmt, table_lines):
        previous_end = 0
        for match in _STATEMENT.finditer(sentence):
            phrase = sentence[previous_end: match.start()]
            previous_end = match.end()
            number = match.group(1).replace(",", "")
            value = Decimal(number) if "." in number else int(number)
            key = None
            stripped = phrase.rstrip(_JOINERS)
            for name in by_length:
                if stripped.endswith(name):
                    key = names[name]
                    break
            found.append(NarrativeNumber(sentence, phrase, value, match.group(2), match.group(0), line, key))
    return found


def narrative_findings(numbers: list[NarrativeNumber], report: Report) -> list[Finding]:
    """The format's ``narrative_numbers`` rule (X-1): a number the narrative states equals the table
    cell it describes."""
    rule = declared_check(report.format, "narrative_numbers")
    findings = []
    for number in numbers:
        if number.key is None:
            continue
        spec = report.format.cells[number.key]
        table_value = report.sheet.get(number.key)
        stated = number.value
        if number.unit == "元" and spec.unit == "万元":
            stated = Decimal(number.value) / 10000
        if table_value is None or stated == table_value:
            continue
        findings.append(Finding(
            rule=rule["id"], severity=rule["severity"], title=rule["title"],
            message=f"正文称「{number.phrase[-30:]}{number.raw}」，统计表「{spec.row.label}」"
                    f"{'（' + spec.column.label + '）' if len(spec.block.leaf_columns) > 1 else ''}"
                    f"为{format_value(table_value)}{spec.unit or ''}",
            cells=[FindingCell(spec.key, spec.row.label, spec.column.label, spec.unit, table_value)],
            expected=None, agency=report.agency, year=report.year))
    return findings
