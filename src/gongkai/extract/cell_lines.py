"""Tables scraped one cell per line: rows put back together before the table reader sees them.

Some web pages, copied or stored as text, print each table cell on a line of its own ending in 「|」,
and the cells a row lacks (spans) as lines of pipes alone, one pipe a cell (「|||」):

    规范性文件 |
    2 |
    1 |
    1 |

A run of such lines is read back into rows: a text cell starts a row, and the cells after it that are
values (numbers, placeholders, blanks, or the row's unit: 「件」 in the legacy tables' unit column) belong
to it, in their order, blanks kept in place, so every value stays in its column. A line of one pipe
is an empty cell in its place; a line's further pipes are spans, and those after a row's last cell
fill no column: some pages print a row's values first and every empty cell after them
(「3 |」「3 |」「|||||||」), their places lost. A cell's text may wrap onto the line of its pipe
(「行政规范性文件」 / 「|」). A text cell followed by no value is a header or a title: it stays a line
of its own.

Other pages print each cell on a line of its own with no pipe, empty lines between them:

    规章

    0

    +7

    0

The same reading puts these rows back together. A cell left empty prints nothing there, so a row
with fewer values than its table has columns stays short (the table reader leaves it unread: which
column lacks its value is lost). Lone numbers are common outside tables (page numbers, a year under a
title, a number the narrative wraps onto a line of its own), so only a run holding at least
MIN_VALUES value lines, between lines that could be cells (no sentence's end in them), is read so.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Hashable

from gongkai.extract.normalize import SENTENCE_END, normalize_text, parse_number

CELL_LINE = re.compile(r"^([^|]*?)\s*(\|[|\s]*)$")  # a cell's text, then its pipe (and spans: 「8 | ||||」)
MIN_CELLS = 8  # consecutive cell lines that make a run (fewer: lines that merely end in a pipe)
MIN_VALUES = 8  # value lines that make a run of lines without pipes (fewer: numbers outside tables)
_LONE_NUMBER = re.compile(r"\s*[-+－＋]?[0-9０-９][0-9０-９,，.．]*\s*$")  # a line a run without pipes needs
VALUE_KINDS = ("integer", "decimal", "placeholder", "blank")


@functools.cache
def units() -> frozenset[str]:
    """The units the formats' tables print beside their values."""
    from gongkai.formats import all_formats

    return frozenset(row.unit for fmt in all_formats() for table in fmt.tables for block in table.blocks
                     for row in block.all_rows if row.unit)


def regroup(lines: list[tuple[Hashable, str]]) -> list[tuple[Hashable, list[str] | None, str]]:
    """Text lines, each with its place (line number, page) → (place, cells, text): runs of one-cell lines
    joined into rows of cells (at the place of the row's first cell, text empty), every other line as it
    was (cells None)."""
    out: list[tuple[Hashable, list[str] | None, str]] = []
    index = 0
    too_few = 0  # the end of a run without pipes too short to be a table: no run from within it is longer
    if sum(1 for _, text in lines if _LONE_NUMBER.match(text)) < MIN_VALUES:
        too_few = len(lines)  # most texts: too few lines of a number alone for any run without pipes
    while index < len(lines):
        end, cells = _run(lines, index)
        if len(cells) < MIN_CELLS:
            end, cells = _plain_run(lines, index) if index >= too_few else (index, [])
            if sum(_kind(text) in VALUE_KINDS for _, text in cells) < MIN_VALUES:
                too_few, cells = max(too_few, end), []
        if cells:
            out.extend((number, row, "") for number, row in _rows(cells))
            index = end
        else:
            out.append((lines[index][0], None, lines[index][1]))
            index += 1
    return out


def _run(lines: list[tuple[Hashable, str]], start: int) -> tuple[int, list[tuple[Hashable, str | None]]]:
    """The cells of the run of cell lines from ``start``, and the index after it. A line of one pipe is
    an empty cell in its place; the further pipes of a line are spans (``None``)."""
    cells: list[tuple[Hashable, str | None]] = []
    index = start
    while index < len(lines):
        number, text = lines[index]
        match = CELL_LINE.match(text)
        following = CELL_LINE.match(lines[index + 1][1]) if match is None and index + 1 < len(lines) else None
        if following is not None and not following.group(1) and lines[index + 1][1].strip().startswith("|"):
            # A cell's text wrapped before its pipe: the text, then the pipe(s) on the next line.
            cells.append((number, text.strip()))
            cells.extend((number, None) for _ in range(following.group(2).count("|") - 1))
            index += 2
            continue
        if match is None:
            break
        text, pipes = match.group(1), match.group(2).count("|")
        if text:
            cells.append((number, text))
            cells.extend((number, None) for _ in range(pipes - 1))
        else:
            cells.extend((number, "" if pipes == 1 else None) for _ in range(pipes))
        index += 1
    return index, cells


def _plain_run(lines: list[tuple[Hashable, str]], start: int) -> tuple[int, list[tuple[Hashable, str]]]:
    """The cells of the run of lines without pipes from ``start`` (a text cell: values before any label
    would belong to no row), empty lines between them skipped, and the index after it."""
    cells: list[tuple[Hashable, str]] = []
    index = start
    while index < len(lines):
        number, text = lines[index]
        text = text.strip()
        if not cells and _kind(text) in VALUE_KINDS or "|" in text or "\t" in text \
                or SENTENCE_END.search(text):
            break
        if text:
            cells.append((number, text))
        index += 1
    return index, cells


def _kind(text: str) -> str:
    return parse_number(normalize_text(text)).kind


def _rows(cells: list[tuple[Hashable, str | None]]) -> list[tuple[Hashable, list[str]]]:
    rows: list[tuple[Hashable, list[str]]] = []
    current: list[str | None] | None = None
    for number, text in cells:
        kind = "blank" if text is None else _kind(text)
        if current is not None and (kind in VALUE_KINDS or (len(current) == 1 and text in units())):
            current.append(text)
            continue
        if kind in VALUE_KINDS:
            continue  # blanks (or a stray value) with no row to hold them: spans of a header row
        current = [text]
        rows.append((number, current))
    return [(number, _cells_of(row)) for number, row in rows]


def _cells_of(row: list[str | None]) -> list[str]:
    """The row without the spans after its last cell (they fill no column: 「3 |」「3 |」「|||||||」 may be
    a row whose empty cells were printed after its values, their places lost); spans between its cells
    are empty cells. A header or title keeps its text alone."""
    end = len(row)
    while end > 1 and row[end - 1] is None:
        end -= 1
    cells = ["" if cell is None else cell for cell in row[:end]]
    return cells if any(_kind(cell) != "blank" for cell in cells[1:]) else cells[:1]
