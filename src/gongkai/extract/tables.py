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
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from gongkai.extract.document import Document, Line
from gongkai.extract.geometry import Unplaceable, bands_from_rows, column_bands, tokens_by_position
from gongkai.extract.normalize import SENTENCE_END, NumberToken, compact, parse_number
from gongkai.extract.verify import holding_keys, identities, verify_block
from gongkai.formats import Block, CellSpec, Format, Row, Table, all_formats

_DIGIT = re.compile(r"[0-9]")
WINDOW = 4  # how many expected rows a value line may skip ahead (rows a report left out)
OCR_SURE = 0.95  # an OCR'd value at least this sure stands without an identity to confirm it (bench/ocr_bench.py)
_ENUMERATION = re.compile(r"^(?:[0-9]+\.|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)")
_ITEM_NUMBER = re.compile(r"(?<![0-9])([0-9]{1,2})[、．,，]")
_LABEL_YEAR = re.compile(r"(?<=本年)（20[0-9]{2}年?）")
_BRACKETS = str.maketrans({"(": "（", ")": "）", ":": "：", "“": "\"", "”": "\"", "〝": "\"", "〞": "\"",
                           "，": ",", "；": ";"})


@functools.lru_cache(maxsize=65536)  # each line is keyed once per table's region search and per label
def match_key(text: str) -> str:
    """The form labels are compared in: no spaces, full-width brackets, 「1、」 and 「1．」 as 「1.」, and
    without the year some print inside a label (「本年(2023)制发件数」)."""
    text = _LABEL_YEAR.sub("", compact(text).translate(_BRACKETS).replace("\"", ""))
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
    note: str | None = None  # why it was read otherwise than as printed (gongkai.extract.verify)
    confidence: float | None = None  # the OCR's, for a value recognised from an image

    @property
    def evidence(self) -> dict:
        evidence = line_evidence(self.line, self.position)
        if self.confidence is not None:
            evidence["confidence"] = self.confidence
        if self.note:
            evidence["verified"] = self.note
        return evidence


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
        confidence = line.segments[len(label_parts) - 1].confidence
        if confidence is not None:
            token = replace(token, confidence=confidence)
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


def region(document: Document, table: Table, fmt: Format) -> list[Line]:
    """The lines from the table's title to the next table's title or the next section heading.

    The table is found by its header (the corner text, or a column label such as 本年制发件数), not by
    its title alone: the title's words also head paragraphs of the narrative (（一）主动公开政府信息情况).
    It ends at the next table's title or at a heading of another of the format's sections
    (``section_ends``); never at a row of its own, which may share a numbering with a section
    (the legacy table's 五、行政诉讼数量 beside the narrative's 五、行政复议和诉讼情况). Sentences printed
    between the title and the header are left to the narrative.
    """
    titles = [match_key(t.title.split("、", 1)[-1]) for t in fmt.tables]
    own = titles[fmt.tables.index(table)]
    probes = {match_key(block.corner)[:12] for block in table.blocks if block.corner}
    probes |= {match_key(column.label) for block in table.blocks for column in (*block.columns, *block.leaf_columns)
               if len(match_key(column.label)) >= 4}
    keys = [match_key(line.text) for line in document.lines]
    # A header line is short and has no figures (the narrative says 「其中结果维持72件」).
    header = next((i for i, key in enumerate(keys)
                   if len(key) < 80 and not _DIGIT.search(key) and any(p in key for p in probes)), None)
    if header is None:
        return []
    start = next((i for i in range(header, max(header - 8, -1), -1) if own in keys[i] and len(keys[i]) < 60),
                 header)
    others = [t for t in titles if t != own]
    headings, numberings = section_ends(fmt, table)
    own_labels = tuple(sorted({match_key(row.label) for block in table.blocks for row in block.all_rows if row.label}))
    end = len(document.lines)
    for index in range(header + 1, len(document.lines)):
        key = keys[index]
        if len(key) >= 60:
            continue
        if any(t in key for t in others):
            end = index
            break
        if split_value_line(document.lines[index]) is not None:
            continue  # a row with its values, never a heading
        # The labels that start with the key come first among those sorted after it.
        following = bisect_left(own_labels, key)
        if key.startswith(own_labels) or following < len(own_labels) and own_labels[following].startswith(key):
            continue
        if key.startswith(headings) or key.startswith(numberings):
            end = index
            break
    # Between the title and the header, the section's prose (「2021年我局在政府网站主动公开信息36条，…」)
    # is the narrative's, not the table's.
    return [line for index, line in enumerate(document.lines[start:end], start)
            if index == start or index >= header or not SENTENCE_END.search(line.text)]


@functools.cache
def section_ends(fmt: Format, table: Table) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What ends a table's region, from the format's sections: the headings of the other sections, and
    the numberings (五、) of the sections printed after the table's own that hold no table, as reports word
    their headings variously (a later table is found by its title)."""
    own = next((i for i, section in enumerate(fmt.sections) if section.table == table.key), None)
    headings = tuple(match_key(s.heading) for i, s in enumerate(fmt.sections) if i != own)
    numberings = tuple(m.group(0) for s in fmt.sections[own + 1:] if own is not None and s.table is None
                       and (m := _ENUMERATION.match(match_key(s.heading))))
    return headings, numberings


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
        placed = by_position(block, items)
        if block.data_rows and not any(r.label for r in block.data_rows):
            read_unlabelled_block(block, fmt, placed, reading)
        else:
            read_labelled_block(block, fmt, placed, reading)
    return reading


def by_position(block: Block, items: list) -> list:
    """In a PDF, the region's lines re-read for this block by where each number sits (``geometry``):
    every value line then has one token per column, blanks included. Unchanged where the block's
    header is not found, and for lines whose numbers cannot be placed."""
    if not any(segment.x0 is not None for item in items for segment in item_line(item).segments):
        return items
    header = [item for item in items if not isinstance(item, ValueLine) and len(item.text) <= 40]
    titles = [match_key(other.title) for other in block.table.blocks if other.title]
    if block.title and len(titles) > 1:
        # Blocks with titles (table 二's 第二十条 items) have headers of their own: those under the title.
        own = match_key(block.title)
        start = next((i for i, line in enumerate(header) if own in match_key(line.text)), None)
        if start is not None:
            end = next((i for i in range(start + 1, len(header))
                        if any(t in match_key(header[i].text) for t in titles)), len(header))
            header = header[start:end]
    width = len(block.leaf_columns)
    bands = column_bands(block, header) or bands_from_rows([item_line(item) for item in items], width)
    if bands is None or not any(band.column is not None for band in bands):
        return items
    result = []
    for item in items:
        line = item_line(item)
        try:
            placed = tokens_by_position(line, bands, width)
        except Unplaceable:
            result.append(item)
            continue
        result.append(ValueLine(line, placed[1], placed[0]) if placed else line)
    return result


def item_line(item) -> Line:
    return item.line if isinstance(item, ValueLine) else item


def context_of(items: list, index: int, units: frozenset[str] = frozenset(),
               labels: tuple[str, ...] = ()) -> tuple[str, str, list[str]]:
    """The text a value line's label may be spread over: text lines above and below, and its own label
    (without the unit a table with a unit column prints beside it: 「涉及商业秘密 件 0」). Returns the
    own label and the contexts to match: the whole text around it, and in a PDF also each column of
    the label cells read on its own, top to bottom, as a reader reads a cell (``label_columns``).

    A line that has a label of its own is spread over no neighbour that names a whole row of the
    table (``labels``): that neighbour is a row printed blank, not the rest of this label.
    """
    own = items[index].label
    head, _, last = own.rpartition(" ")
    if head and last in units:
        own = head
    own = match_key(own)

    def continues(item) -> bool:
        if isinstance(item, ValueLine):
            return False
        key = match_key(item.text)
        return not own or not key.startswith(labels)

    before, after = [], []
    i = index - 1
    while i >= 0 and continues(items[i]) and len(before) < 4:
        before.insert(0, items[i])
        i -= 1
    i = index + 1
    while i < len(items) and continues(items[i]) and len(after) < 3:
        after.append(items[i])
        i += 1
    whole = match_key("".join(line.text for line in before)) + own + match_key("".join(line.text for line in after))
    return own, [whole, *label_columns(before, items[index].line, after)]


COLUMN_EDGE = 4.0  # points: label pieces whose left edges are this close are in one column


def label_columns(before: list[Line], line: Line, after: list[Line]) -> list[str]:
    """In a PDF, the label text of each column left of the values, read down the column. A group's label
    wrapped in its narrow cell (「（六）」「其他处」「理」) is printed on the same lines as its item's
    label (「1.申请人无正当理由」「逾期不补正、行政机」…): read line by line, the two interleave."""
    values = [s.x0 for s in line.segments if s.x0 is not None and parse_number(s.text).kind != "text"]
    if not values:
        return []
    first_value = min(values)
    lines = [*before, line, *after]
    edges: list[float] = []
    for segment in (s for other in lines for s in other.segments):
        if segment.x0 is not None and segment.x1 <= first_value and all(
                abs(segment.x0 - edge) >= COLUMN_EDGE for edge in edges):
            edges.append(segment.x0)
    if len(edges) < 2:
        return []
    return [match_key("".join(s.text for other in lines for s in other.segments if s.x0 is not None
                              and abs(s.x0 - edge) < COLUMN_EDGE and s.x1 <= first_value)) for edge in edges]


def read_labelled_block(block: Block, fmt: Format, items: list, reading: TableReading) -> None:
    rows = block.all_rows
    width = len(block.leaf_columns)
    placed: dict[int, tuple[ValueLine, list[NumberToken] | None]] = {}
    units = frozenset(row.unit for row in rows if row.unit) if block.unit_column else frozenset()
    table_labels = {match_key(row.label) for other in block.table.blocks for row in other.all_rows}
    whole_labels = tuple(label for label in table_labels if len(label) >= 4)
    pointer = 0
    for index, item in enumerate(items):
        if not isinstance(item, ValueLine) or pointer >= len(rows):
            continue
        own, contexts = context_of(items, index, units, whole_labels)
        candidates = range(pointer, min(pointer + WINDOW, len(rows)))
        # The line's own label decides when it names a row; otherwise the text around it. A heading row
        # (（六）其他处理) holds values only where a report collapsed its items into it: own label only.
        naming = [r for r in candidates if own and label_matches(rows[r].label, own)]
        if not naming and own:
            # Rows a report left out beyond the window: only a label printed in full and naming one row.
            naming = [r for r in range(pointer, len(rows)) if match_key(rows[r].label) == own]
            naming = naming if len(naming) == 1 else []
        found = next((r for r in naming if rows[r].is_data), naming[0] if naming else None)
        if found is None and own and own in table_labels:
            continue  # the line names a row of its own that is not ahead: never another row by its context
        if found is None and item.line.source != "ocr":
            # An OCR'd row is placed by its own label only, never by the text around it: recognition
            # garbles labels, and a turned scan may put a row's first value on a line of its own, whose
            # neighbours are the next row's label.
            found = next((r for r in candidates if rows[r].is_data
                          and any(label_matches(rows[r].label, context) for context in contexts)), None)
        if found is None:
            continue
        placed[found] = (item, fit_tokens(item.tokens, width))
        pointer = found + 1
    placed, notes, unreadable = verify_block(fmt, block, rows, placed)
    for r, row in enumerate(rows):
        if unreadable:
            if row.is_data:
                reading.unread.extend(UnreadCell(fmt.cell(row, column), unreadable) for column in block.leaf_columns)
            continue
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
        misplaced = next((token for spec, token in zip(cells, tokens, strict=True) if token.signed
                          and spec.type != "signed" and any(other.type == "signed" for other in cells)), None)
        if misplaced is not None:
            # A change (「+22」) under a column of counts: the row's values slid out of their columns.
            printed = " ".join(t.raw for t in tokens)
            reading.unread.extend(UnreadCell(spec, f"「{misplaced.raw}」带正负号，却不在增减列：该行（{printed}）"
                                                   "各值所属的列无法确定", printed, value_line.line) for spec in cells)
            continue
        take_values(cells, tokens, value_line.line, reading, notes.get(r))


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


def take_values(cells: list[CellSpec], tokens: list[NumberToken], line: Line, reading: TableReading,
                note: str | None = None) -> None:
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
            reading.cells.append(ReadCell(spec, token.value, token.raw, line, position, note, token.confidence))


@dataclass
class FormatGuess:
    format: Format | None
    hits: dict[str, list[str]]


def detect_format(document: Document) -> FormatGuess:
    """The format whose fingerprints the document shows most (at least two), per the tables it prints."""
    text = match_key(document.text)
    hits = {fmt.id: [f for f in fmt.fingerprints if match_key(f) in text] for fmt in all_formats()}
    if any(line.source == "ocr" for line in document.lines):
        # Recognised text has typos: a fingerprint counts where a line shows it loosely (one typo).
        keys = [match_key(line.text) for line in document.lines]
        hits = {fmt.id: [f for f in fmt.fingerprints if f in hits[fmt.id] or any(label_matches(f, k) for k in keys)]
                for fmt in all_formats()}
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
    confirm_ocr(fmt, reading)
    return reading


def confirm_ocr(fmt: Format, reading: TableReading) -> None:
    """A value recognised by OCR is reported only where the OCR was sure of it or an identity of the
    table confirms it (it holds with every term read); the others are left unread, with the reason."""
    recognised = [cell for cell in reading.cells if cell.confidence is not None]
    if not recognised:
        return
    values = {cell.spec.key: cell.value for cell in reading.cells}
    confirmed = set()
    for table in fmt.tables:
        confirmed |= holding_keys(identities(fmt, table), values)
    for cell in recognised:
        if cell.spec.key in confirmed:
            cell.note = cell.note or "OCR识别，表内勾稽关系印证"
        elif cell.confidence < OCR_SURE:
            reading.cells.remove(cell)
            reading.unread.append(UnreadCell(cell.spec, f"OCR识别置信度{cell.confidence:.0%}，且无勾稽关系印证",
                                             cell.raw, cell.line))
