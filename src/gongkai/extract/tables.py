"""Reading a format's statistics tables out of a ``Document``, anchored on the printed row labels.

The layouts published reports use are too varied for positions alone, and PDFs wrap labels around
the line that carries the numbers (「（二）部分公开（区分处理的，只计这一情」 / numbers / 「形，不计其他情形）」).
So each *value line* (a line ending in a run of number cells) is placed by the text around it:
its own label part, the text lines above it back to the previous value line, and those below it to
the next. A value line is given to the first expected row, in the official order and within a short
window after the last placed row, whose label that text contains (loosely: spaces, 、 for ., one
typo). A row that cannot be placed this way is reported as unread with the reason; nothing is
guessed from the order of numbers alone.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from gongkai.extract.document import Document, Line
from gongkai.extract.normalize import NumberToken, compact, parse_number
from gongkai.formats import Block, CellSpec, Format, Row, Table, all_formats

WINDOW = 4  # how many expected rows a value line may skip ahead (rows a report left out)
_ENUMERATION = re.compile(r"^(?:[0-9]+\.|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)")
_ITEM_NUMBER = re.compile(r"(?<![0-9])([0-9]{1,2})[、．,，]")
_BRACKETS = str.maketrans({"(": "（", ")": "）", ":": "：", "“": "\"", "”": "\"", "〝": "\"", "〞": "\"",
                           "，": ",", "；": ";"})


@functools.lru_cache(maxsize=65536)  # each line is keyed once per table's region search and per label
def match_key(text: str) -> str:
    """The form labels are compared in: no spaces, full-width brackets, 「1、」 and 「1．」 as 「1.」."""
    text = compact(text).translate(_BRACKETS).replace("\"", "")
    return _ITEM_NUMBER.sub(r"\1.", text)


def line_evidence(line: Line, position: int) -> dict:
    """Where a value was read: line (and page, or table and row), and its place among the row's values."""
    evidence = {"line": line.number}
    if line.page is not None:
        evidence["page"] = line.page
    if line.table is not None:
        evidence.update(table=line.table + 1, row=line.row + 1)
    evidence["column"] = position + 1
    return evidence


@dataclass
class ReadCell:
    spec: CellSpec
    value: object  # int | Decimal
    raw: str
    line: Line
    position: int  # the value's place among the row's printed values (0-based)

    @property
    def evidence(self) -> dict:
        return line_evidence(self.line, self.position)


@dataclass
class UnreadCell:
    spec: CellSpec
    reason: str
    raw: str | None = None
    line: Line | None = None


@dataclass
class ValueLine:
    line: Line
    label: str  # the line's own text before its values
    tokens: list[NumberToken]


@dataclass
class CollapsedRow:
    """A heading row printed with values: the report summed its items into one line (hongze 2023's
    （六）其他处理). Its values are the sums of the items, which stay unread."""

    row: Row
    value_line: ValueLine
    tokens: list[NumberToken] | None


@dataclass
class TableReading:
    cells: list[ReadCell] = field(default_factory=list)
    unread: list[UnreadCell] = field(default_factory=list)
    collapsed: list[CollapsedRow] = field(default_factory=list)
    table_lines: set[int] = field(default_factory=set)  # numbers of the lines inside the tables' regions


def split_value_line(line: Line) -> ValueLine | None:
    """The line's label and trailing value tokens, or None for a line of text only."""
    segments = [segment.text for segment in line.segments]
    tokens: list[NumberToken] = []
    label_parts = list(segments)
    while label_parts:
        token = parse_number(label_parts[-1])
        if token.kind in ("integer", "decimal", "placeholder", "blank"):
            tokens.insert(0, token)
            label_parts.pop()
            continue
        # A segment such as 「行政许可 447228」 (text files without cell separators): split at spaces.
        words = label_parts[-1].split(" ")
        trailing = []
        while len(words) > 1 and parse_number(words[-1]).kind in ("integer", "decimal", "placeholder"):
            trailing.insert(0, parse_number(words.pop()))
        if trailing:
            tokens[:0] = trailing
            label_parts[-1] = " ".join(words)
        break
    if not any(token.kind != "blank" for token in tokens):
        return None
    return ValueLine(line, " ".join(label_parts), tokens)


def fit_tokens(tokens: list[NumberToken], expected: int) -> list[NumberToken] | None:
    """The row's values when the printed count fits: spare blank cells at either end are dropped."""
    tokens = list(tokens)
    while len(tokens) > expected and tokens[-1].kind == "blank":
        tokens.pop()
    while len(tokens) > expected and tokens[0].kind == "blank":
        tokens.pop(0)
    return tokens if len(tokens) == expected else None


def label_matches(label: str, context: str) -> bool:
    """Does ``context`` (already in match_key form) show the printed ``label``?"""
    key = match_key(label)
    if not key:
        return False
    if key in context:
        return True
    # Fuzzy matching forgives a typo in the words, never in the item's number: 「2.同意公开答复数」 is not
    # 「3.同意部分公开答复数」.
    numbering = _ENUMERATION.match(key)
    if numbering and numbering.group(0) not in context:
        return False
    # A label wrapped around the value line with heading text in between, or one typo (被依法纠错九).
    blocks = [block for block in SequenceMatcher(None, key, context, autojunk=False).get_matching_blocks()
              if block.size]
    matched = sum(block.size for block in blocks)
    longest = max((block.size for block in blocks), default=0)
    if len(key) >= 10 and matched < len(key) - 1:
        # A long label printed with a few characters lost (2.其他法律行政止公开): what was printed must be
        # the label's characters alone, nothing else in between.
        span = blocks[-1].b + blocks[-1].size - blocks[0].b if blocks else 0
        return matched * 4 >= len(key) * 3 and longest >= len(key) // 2 and span - matched <= 1
    if len(key) >= 8:
        return matched >= len(key) - 1 and longest >= len(key) // 2
    return len(key) >= 5 and matched >= len(key) - 1 and longest >= len(key) - 2


def later_section_numbers(fmt: Format, table: Table) -> tuple[str, ...]:
    """The numbers (「五、」) of the format's sections after the table's own that hold no table: a heading
    starting so ends the table's region (a later table is found by its title)."""
    own = next((i for i, section in enumerate(fmt.sections) if section.table == table.key), len(fmt.sections))
    numbers = (re.match(r"^[一二三四五六七八九十]+、", section.heading) for section in fmt.sections[own + 1:]
               if section.table is None)
    return tuple(number.group() for number in numbers if number)


def region(document: Document, table: Table, fmt: Format) -> list[Line]:
    """The lines from the table's title to the next table's title or the next section heading.

    The table is found by its header (the corner text, or a column label such as 本年制发件数), not by
    its title alone: the title's words also head paragraphs of the narrative (（一）主动公开政府信息情况).
    """
    titles = [match_key(t.title.split("、", 1)[-1]) for t in fmt.tables]
    own = titles[fmt.tables.index(table)]
    probes = {match_key(block.corner)[:12] for block in table.blocks if block.corner}
    probes |= {match_key(column.label) for block in table.blocks for column in (*block.columns, *block.leaf_columns)
               if len(match_key(column.label)) >= 4}
    keys = [match_key(line.text) for line in document.lines]
    # A header line is short and has no figures (the narrative says 「其中结果维持72件」).
    header = next((i for i, key in enumerate(keys)
                   if len(key) < 80 and not re.search(r"[0-9]", key) and any(p in key for p in probes)), None)
    if header is None:
        return []
    start = next((i for i in range(header, max(header - 8, -1), -1) if own in keys[i] and len(keys[i]) < 60),
                 header)
    others = [t for t in titles if t != own]
    later = later_section_numbers(fmt, table)
    own_labels = {match_key(row.label) for block in table.blocks for row in block.all_rows}
    end = len(document.lines)
    for index in range(header + 1, len(document.lines)):
        key = keys[index]
        # The next table, or the next section heading (五、存在的主要问题…) that is not a row of this table.
        if len(key) < 60 and any(t in key for t in others) or (key.startswith(later) and key not in own_labels):
            end = index
            break
    return document.lines[start:end]


def read_table(document: Document, fmt: Format, table: Table) -> TableReading:
    lines = region(document, table, fmt)
    reading = TableReading(table_lines={line.number for line in lines})
    if not lines:
        for block in table.blocks:
            for row in block.data_rows:
                for column in block.leaf_columns:
                    reading.unread.append(UnreadCell(fmt.cell(row, column), "未找到该表"))
        return reading
    items: list[ValueLine | Line] = [split_value_line(line) or line for line in lines]
    for block in table.blocks:
        if block.data_rows and not any(r.label for r in block.data_rows):
            read_unlabelled_block(block, fmt, items, reading)
        else:
            read_labelled_block(block, fmt, items, reading)
    return reading


def context_of(items: list, index: int) -> str:
    """The text a value line's label may be spread over: text lines above and below, and its own label."""
    before, after = [], []
    i = index - 1
    while i >= 0 and not isinstance(items[i], ValueLine) and len(before) < 4:
        before.insert(0, items[i].text)
        i -= 1
    i = index + 1
    while i < len(items) and not isinstance(items[i], ValueLine) and len(after) < 3:
        after.append(items[i].text)
        i += 1
    own = items[index].label
    return match_key("".join(before)), match_key(own), match_key("".join(after))


def read_labelled_block(block: Block, fmt: Format, items: list, reading: TableReading) -> None:
    rows = block.all_rows
    width = len(block.leaf_columns)
    placed: dict[int, tuple[ValueLine, list[NumberToken] | None]] = {}
    pointer = 0
    for index, item in enumerate(items):
        if not isinstance(item, ValueLine) or pointer >= len(rows):
            continue
        before, own, after = context_of(items, index)
        candidates = range(pointer, min(pointer + WINDOW, len(rows)))
        # The line's own label decides when it names a row; otherwise the text around it. A heading row
        # (（六）其他处理) holds values only where a report collapsed its items into it: own label only.
        naming = [r for r in candidates if own and label_matches(rows[r].label, own)]
        if not naming and own:
            # Rows a report left out beyond the window: only a label printed in full and naming one row.
            naming = [r for r in range(pointer, len(rows)) if match_key(rows[r].label) == own]
            naming = naming if len(naming) == 1 else []
        found = next((r for r in naming if rows[r].is_data), naming[0] if naming else None)
        if found is None:
            found = next((r for r in candidates if rows[r].is_data
                          and label_matches(rows[r].label, before + own + after)), None)
        if found is None:
            continue
        placed[found] = (item, fit_tokens(item.tokens, width))
        pointer = found + 1
    for r, row in enumerate(rows):
        if not row.is_data:
            if r in placed and not any(rows.index(child) in placed for child in row.data_descendants()):
                value_line, tokens = placed[r]
                reading.collapsed.append(CollapsedRow(row, value_line, tokens))
            continue
        cells = [fmt.cell(row, column) for column in block.leaf_columns]
        if r not in placed:
            collapsed_into = next((c.row for c in reading.collapsed if row in c.row.data_descendants()), None)
            reason = f"该表把本项并入「{collapsed_into.label}」一行" if collapsed_into else "未找到该行"
            reading.unread.extend(UnreadCell(spec, reason) for spec in cells)
            continue
        value_line, tokens = placed[r]
        if tokens is None:
            printed = " ".join(t.raw for t in value_line.tokens)
            reading.unread.extend(UnreadCell(spec, f"该行印有{len(value_line.tokens)}个值（{printed}），应为{width}个，"
                                                    "无法确定各值所属的列", printed, value_line.line) for spec in cells)
            continue
        take_values(cells, tokens, value_line.line, reading)


def read_unlabelled_block(block: Block, fmt: Format, items: list, reading: TableReading) -> None:
    """A block without row labels (table 四): the single value line of the right width under its header."""
    width = len(block.leaf_columns)
    (row,) = block.data_rows
    cells = [fmt.cell(row, column) for column in block.leaf_columns]
    header_labels = {match_key(c.label) for c in block.columns}
    header_seen = False
    candidates = []
    for item in items:
        if isinstance(item, ValueLine):
            tokens = fit_tokens(item.tokens, width)
            if header_seen and tokens is not None and not item.label:
                candidates.append((item, tokens))
        elif any(label in match_key(item.text) for label in header_labels):
            header_seen = True
    if len(candidates) != 1:
        reason = "未找到该表的数值行" if not candidates else f"找到{len(candidates)}个可能的数值行，无法确定"
        reading.unread.extend(UnreadCell(spec, reason) for spec in cells)
        return
    item, tokens = candidates[0]
    take_values(cells, tokens, item.line, reading)


def take_values(cells: list[CellSpec], tokens: list[NumberToken], line: Line, reading: TableReading) -> None:
    for position, (spec, token) in enumerate(zip(cells, tokens, strict=True)):
        if token.kind == "blank":
            reading.unread.append(UnreadCell(spec, "单元格空白", token.raw, line))
        elif token.kind == "placeholder":
            reading.unread.append(UnreadCell(spec, f"单元格印为「{token.raw.strip()}」，不是数字", token.raw, line))
        elif token.kind == "decimal" and spec.type != "amount":
            reading.unread.append(UnreadCell(spec, f"「{token.raw}」不是整数", token.raw, line))
        elif token.negative and spec.type != "signed":
            reading.unread.append(UnreadCell(spec, f"「{token.raw}」为负数", token.raw, line))
        else:
            reading.cells.append(ReadCell(spec, token.value, token.raw, line, position))


@dataclass
class FormatGuess:
    format: Format | None
    hits: dict[str, list[str]]


def detect_format(document: Document) -> FormatGuess:
    """The format whose fingerprints the document shows most (at least two), per the tables it prints."""
    text = match_key(document.text)
    hits = {fmt.id: [f for f in fmt.fingerprints if match_key(f) in text] for fmt in all_formats()}
    best = max(all_formats(), key=lambda fmt: len(hits[fmt.id]))
    if len(hits[best.id]) < 2 or sorted(len(h) for h in hits.values())[-2] == len(hits[best.id]):
        return FormatGuess(None, hits)
    return FormatGuess(best, hits)


def read_tables(document: Document, fmt: Format) -> TableReading:
    reading = TableReading()
    for table in fmt.tables:
        part = read_table(document, fmt, table)
        reading.cells.extend(part.cells)
        reading.unread.extend(part.unread)
        reading.collapsed.extend(part.collapsed)
        reading.table_lines |= part.table_lines
    return reading
