"""The one layout of the official forms, shared by every renderer and by the XLSX importer.

Each table of a format becomes a grid of positioned cells laid out like the printed form: block title
bands, header rows derived from the column tree, a corner cell over the label area, row labels nested
over ``label_columns`` columns (or one flat label column), an optional unit column, and value cells
that carry their cell key. Everything is derived from the format data; nothing here knows a format.
The outline of a whole report (which narrative section each table follows) is also computed here so
that the HTML and DOCX renderers place tables identically.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from gongkai.formats import Block, Column, Format, Row, Table, cell_key
from gongkai.sheets import Report, Value

KINDS = ("title", "header", "corner", "label", "unit", "value")


@dataclass(frozen=True)
class GridCell:
    text: str
    kind: str  # one of KINDS
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    key: str | None = None  # the cell key of a value cell; None on a group row's empty value cell


@dataclass(frozen=True)
class TableLayout:
    table: Table
    cells: tuple[GridCell, ...]
    rows: int
    columns: int
    label_columns: int  # leading columns holding row labels and units

    @property
    def value_cells(self) -> list[GridCell]:
        return [cell for cell in self.cells if cell.kind == "value" and cell.key]

    @property
    def label_cells(self) -> list[GridCell]:
        """The cells with fixed text that identify the form (everything but values), top-left first."""
        return sorted((cell for cell in self.cells if cell.kind != "value"), key=lambda c: (c.row, c.col))

    @property
    def header_rows(self) -> int:
        """The rows above the first row label or value: they repeat on each page and stay frozen."""
        return min((cell.row for cell in self.cells if cell.kind in ("label", "value")), default=0)

    def column_weights(self) -> list[int]:
        """Relative column widths, from the longest text that sits in a single column; value columns
        are equally wide, as on the printed form."""
        weights = [3] * self.label_columns + [4] * (self.columns - self.label_columns)
        for cell in self.cells:
            if cell.colspan == 1:
                if cell.col >= self.label_columns:
                    cap = 5  # numbers are short; a long column label wraps
                elif cell.rowspan > 1:
                    cap = 7  # a group label beside its sub-rows has room to wrap downwards
                else:
                    cap = 16
                weights[cell.col] = max(weights[cell.col], min(len(cell.text), cap))
        value_weight = max(weights[self.label_columns:], default=0)
        return weights[:self.label_columns] + [value_weight] * (self.columns - self.label_columns)


@functools.cache
def table_layout(table: Table) -> TableLayout:
    """The grid of ``table``; cached because formats are immutable and loaded once."""
    flat = table.label_layout == "flat"
    name_columns = 1 if flat else table.label_columns
    has_unit = any(block.unit_column for block in table.blocks)
    label_columns = name_columns + (1 if has_unit else 0)
    value_width = max(len(block.leaf_columns) for block in table.blocks)
    width = label_columns + value_width
    cells: list[GridCell] = []
    top = 0
    for block in table.blocks:
        top = _place_block(block, cells, top, name_columns, has_unit, value_width, flat)
    return TableLayout(table, tuple(cells), top, width, label_columns)


def format_layouts(fmt: Format) -> list[TableLayout]:
    return [table_layout(table) for table in fmt.tables]


def _leaf_spans(block: Block, value_width: int, first_col: int) -> dict[str, tuple[int, int]]:
    """Start column and width of each leaf column; a narrower block widens its cells to the full width,
    the last one taking the remainder, as the official form does for 第二十条第（五）项."""
    leaves = block.leaf_columns
    base = value_width // len(leaves)
    spans = {}
    col = first_col
    for index, leaf in enumerate(leaves):
        span = base if index < len(leaves) - 1 else first_col + value_width - col
        spans[leaf.key] = (col, span)
        col += span
    return spans


def _place_block(block: Block, cells: list[GridCell], top: int, name_columns: int, has_unit: bool,
                 value_width: int, flat: bool) -> int:
    label_columns = name_columns + (1 if has_unit else 0)
    width = label_columns + value_width
    spans = _leaf_spans(block, value_width, label_columns)
    if block.title:
        cells.append(GridCell(block.title, "title", top, 0, colspan=width))
        top += 1
    depth = block.column_depth
    if name_columns:
        cells.append(GridCell(block.corner or "", "corner", top, 0, rowspan=depth, colspan=name_columns))
    if has_unit:
        cells.append(GridCell(block.unit_column or "", "header", top, name_columns, rowspan=depth))
    _place_columns(block.columns, cells, top, 0, depth, spans)
    top += depth

    def values(row: Row, line: int) -> None:
        for leaf in block.leaf_columns:
            col, span = spans[leaf.key]
            key = cell_key(row.key, leaf.key) if row.is_data else None
            cells.append(GridCell("", "value", line, col, colspan=span, key=key))
        if has_unit:
            cells.append(GridCell((row.unit or "") if row.is_data else "", "unit", line, name_columns))

    def place_row(row: Row, line: int) -> int:
        if name_columns == 0:
            values(row, line)
            return line + 1
        col = 0 if flat else min(row.depth, name_columns - 1)
        if row.children and not flat and col < name_columns - 1:
            # The group label runs down beside its sub-rows, as （三）不予公开 beside its eight items.
            start = line
            if row.is_data:
                cells.append(GridCell("", "label", line, col + 1, colspan=name_columns - col - 1))
                values(row, line)
                line += 1
            for child in row.children:
                line = place_row(child, line)
            cells.append(GridCell(row.label, "label", start, col, rowspan=line - start))
            return line
        cells.append(GridCell(row.label, "label", line, col, colspan=name_columns - col))
        values(row, line)
        line += 1
        for child in row.children:
            line = place_row(child, line)
        return line

    for row in block.rows:
        top = place_row(row, top)
    return top


def _place_columns(columns: list[Column], cells: list[GridCell], top: int, level: int, depth: int,
                   spans: dict[str, tuple[int, int]]) -> None:
    for column in columns:
        leaves = [leaf for leaf in _leaves(column)]
        col = spans[leaves[0].key][0]
        colspan = sum(spans[leaf.key][1] for leaf in leaves)
        if column.is_leaf:
            rowspan = depth - level  # a leaf reaches down to the value rows (自然人, 总计)
        elif all(child.is_leaf for child in column.children):
            rowspan = depth - level - 1  # its leaves share the last header row (行政复议 over its five)
        else:
            rowspan = 1
        cells.append(GridCell(column.label, "header", top + level, col, rowspan=rowspan, colspan=colspan))
        _place_columns(column.children, cells, top, level + rowspan, depth, spans)


def _leaves(column: Column) -> list[Column]:
    if column.is_leaf:
        return [column]
    return [leaf for child in column.children for leaf in _leaves(child)]


def display_value(value: Value | None) -> str:
    """A value as printed: blank when missing, amounts exactly as stored (never in exponent form)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def display_date(date: datetime.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


@dataclass(frozen=True)
class OutlineItem:
    heading: str
    text: str
    table: TableLayout | None = None


@dataclass(frozen=True)
class Outline:
    body: list[OutlineItem]
    appendices: list[OutlineItem]  # trailing table-only sections (附表), printed after the signature


def report_outline(report: Report) -> Outline:
    """The report's sections in order, each format table placed after the section that the format's
    ``sections`` assigns it to; a table whose section the report lacks gets the format's heading, at
    the format's position. A report without narrative (a blank template) gets every format heading."""
    fmt = report.format
    order = {section.key: index for index, section in enumerate(fmt.sections)}
    by_heading = {section.heading: section.key for section in fmt.sections}
    entries: list[tuple[int | None, OutlineItem]] = []
    placed: set[str] = set()
    for section in report.sections:
        key = section.key if section.key in order else by_heading.get(section.heading)
        spec = fmt.sections[order[key]] if key is not None else None
        table = table_layout(fmt.table(spec.table)) if spec is not None and spec.table else None
        if key is not None:
            placed.add(key)
        entries.append((order.get(key), OutlineItem(section.heading, section.text, table)))
    for index, spec in enumerate(fmt.sections):
        if spec.key in placed or not (spec.table or not report.sections):
            continue
        item = OutlineItem(spec.heading, "", table_layout(fmt.table(spec.table)) if spec.table else None)
        position = next((i for i, (o, _) in enumerate(entries) if o is not None and o > index), len(entries))
        entries.insert(position, (index, item))
    items = [item for _, item in entries]
    split = len(items)
    while split > 0 and items[split - 1].table is not None and not items[split - 1].text.strip():
        split -= 1
    if split == 0:
        split = len(items)  # a report of tables only has no attachments, just a body
    return Outline(items[:split], items[split:])


# A heading ends at its full stop or colon, or is the whole (short) line.
_SUBHEADING = re.compile(r"^\s*([（(][一二三四五六七八九十]+[）)](?:[^。：:]{0,30}[。：:]|[^。：:]{0,30}$))")


def split_subheading(paragraph: str) -> tuple[str, str]:
    """A paragraph opening with a second-level heading (（一）基础工作情况。) as (heading, rest)."""
    match = _SUBHEADING.match(paragraph)
    if not match:
        return "", paragraph
    return match.group(1).strip(), paragraph[match.end():]


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# What a title line never breaks inside: a parenthesis of up to a line (「（2015年度）」), a number with
# the 年度/年 after it, and the words of the statutory title.
_TITLE_UNIT = re.compile(r"[（(][^（）()]*[）)]|[0-9A-Za-z.]+(?:年度|年)?|政府信息公开|工作年度报告|人民政府|.", re.S)


# A line of the GB/T 9704 text block (A4 less 28 mm and 26 mm margins, 156 mm) in ems of the title's
# 二号 (22 pt): the title's lines are broken for this width in every rendition.
TITLE_EMS = (210 - 28 - 26) * 72 / 25.4 / 22


def text_width(text: str) -> float:
    """Width in ems of the font size: a CJK character is one, ASCII half."""
    return sum(0.5 if ord(char) < 128 else 1.0 for char in text)


def title_lines(title: str, per_line: float = TITLE_EMS) -> list[str]:
    """The title broken into lines of at most ``per_line`` ems (GB/T 9704 7.2.3: a title runs over
    several lines without splitting a word), never inside the units of ``_TITLE_UNIT``."""
    lines = [""]
    units = [unit for line in title.splitlines() for unit in _TITLE_UNIT.findall(line.strip())]
    units = [piece for unit in units for piece in ([unit] if text_width(unit) <= per_line else list(unit))]
    for unit in units:
        if lines[-1] and text_width(lines[-1] + unit) > per_line:
            lines.append("")
        lines[-1] += unit
    return [line for line in (line.strip() for line in lines) if line]
