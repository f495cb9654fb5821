"""Reading a PDF table by position: each number belongs to the column whose header it sits under.

A PDF's text layer leaves out blank cells, so a row's numbers alone do not say which columns they
fill (「4363 4931 1204 2541 810」 under seven headers). The header line(s) above the table's first row
of values give each leaf column's horizontal centre (a header wrapped in its cell counts by its first
piece: 「社会公益」 for 社会公益组织; a label printed in several groups, 结果维持 under 行政复议 and
under 行政诉讼, by order from the left), and those of the label and unit columns where printed. Each
number is given to the nearest centre, if it is nearer to it than to any other and within the column's
reach; a number nearest the label column is part of the label (「…相同信息计 1」 wrapped before 「条）」).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from gongkai.extract.document import Line
from gongkai.extract.normalize import NumberToken, parse_number
from gongkai.formats import Block

VALUE_KINDS = ("integer", "decimal", "placeholder")
BLANK = NumberToken("", "blank")  # a column nothing is printed in (tokens are frozen: one serves every row)


@dataclass(frozen=True)
class Band:
    centre: float
    reach: float  # half the header's width, at least: a value wider than its header still belongs
    column: int | None  # the leaf column's index, None for the label or unit column


def _key(text: str) -> str:
    from gongkai.extract.tables import match_key

    return match_key(text)


def stacked_headers(header_lines: list[Line]) -> list[tuple[str, float, float]]:
    """Header texts with their x extent: pieces printed one above the other in the same narrow cell
    (「结果」 over 「维持」, 「社会」「公益」「组织」) are joined top to bottom; a header repeated on the
    next page, or under another block, is not the same cell."""
    pieces = [(s.text, s.x0, s.x1, line.page, line.top or 0.0, line.bottom or 0.0)
              for line in header_lines for s in line.segments if s.x0 is not None]
    by_left = sorted(pieces, key=lambda p: p[1])
    lefts = [p[1] for p in by_left]
    stacks = []
    for _, x0, x1, page, _, _ in pieces:
        width = x1 - x0
        # Only a piece at most 1.6 times as wide, starting before this one ends, can overlap it enough.
        near = by_left[bisect_left(lefts, x0 - 1.6 * width):bisect_right(lefts, x1)]
        column = sorted((p for p in near if p[3] == page
                         and min(p[2], x1) - max(p[1], x0) >= 0.5 * min(width, p[2] - p[1])
                         and p[2] - p[1] <= 1.6 * width and width <= 1.6 * (p[2] - p[1])), key=lambda p: p[4])
        # The run of pieces, each within a line's height of the one above, that holds this piece.
        runs = [[column[0]]]
        for piece in column[1:]:
            above = runs[-1][-1]
            if piece[4] - above[5] <= 1.5 * (above[5] - above[4]):
                runs[-1].append(piece)
            else:
                runs.append([piece])
        run = next(r for r in runs if any(p[1] == x0 and p[2] == x1 for p in r))
        stacks.append(("".join(p[0] for p in run), x0, x1))
    return stacks


def column_bands(block: Block, header_lines: list[Line]) -> list[Band] | None:
    """The block's column centres from its header lines, or None when a leaf column's header is not found."""
    stacks = [(key, x0, x1) for text, x0, x1 in stacked_headers(header_lines) if (key := _key(text))]
    if not stacks:
        return None
    leaves = [_key(column.label) for column in block.leaf_columns]
    bands: list[Band] = []
    for label in set(leaves):
        indices = [i for i, leaf in enumerate(leaves) if leaf == label]
        # The header as printed; else its first piece (the rest wrapped out of reach); else a cell that
        # holds it under other text (a block's title stacked above). A label under several groups is
        # printed once per group, left to right.
        for matches in (lambda key, label=label: key == label,
                        lambda key, label=label: len(key) >= 2 and label.startswith(key),
                        lambda key, label=label: label in key):
            found = _one_per_column(sorted((stack for stack in stacks if matches(stack[0])), key=lambda st: st[1]))
            if len(found) == len(indices):
                break
        else:
            return None
        bands += [Band((x0 + x1) / 2, (x1 - x0) / 2, i) for (_, x0, x1), i in zip(found, indices, strict=True)]
    for text in (block.corner, block.unit_column):
        key = _key(text or "")
        label = next((stack for stack in stacks if len(stack[0]) >= 2 and key.startswith(stack[0])), None)
        if key and label is not None:
            bands.append(Band((label[1] + label[2]) / 2, (label[2] - label[1]) / 2, None))
    return sorted(bands, key=lambda band: band.centre)


def bands_from_rows(lines: list[Line], width: int) -> list[Band] | None:
    """Column centres from the rows that print a value in every column (at least two such rows), for a
    header that cannot be read (OCR garbles wrapped header text more than numbers)."""
    complete = []
    for line in lines:
        numbers = [(s.x0 + s.x1) / 2 for s in line.segments
                   if s.x0 is not None and parse_number(s.text).kind in VALUE_KINDS]
        if len(numbers) == width:
            complete.append(numbers)
    if len(complete) < 2:
        return None
    centres = [sorted(row[i] for row in complete)[len(complete) // 2] for i in range(width)]
    if any(b <= a for a, b in zip(centres, centres[1:], strict=False)):
        return None
    spacing = min((b - a for a, b in zip(centres, centres[1:], strict=False)), default=centres[0] / 4)
    # Whatever sits a column's width left of the first value column belongs to the labels.
    return [Band(centres[0] - spacing, 0.0, None)] + [Band(c, 0.0, i) for i, c in enumerate(centres)]


def _one_per_column(stacks: list) -> list:
    """One header found twice at one place (repeated on the next page, or found from each piece) counts once."""
    kept = []
    for stack in stacks:
        if kept and stack[1] < kept[-1][2] and stack[2] > kept[-1][1]:
            continue
        kept.append(stack)
    return kept


class Unplaceable(Exception):
    """A number that falls between columns, or a second number in one column."""


def tokens_by_position(line: Line, bands: list[Band], width: int) -> tuple[list[NumberToken], str] | None:
    """The row's values in their columns (blank where nothing is printed) and its label text; None when
    no value sits under a value column (a line of text). ``bands`` are ordered by their centres, as
    ``column_bands`` and ``bands_from_rows`` give them. Raises ``Unplaceable``."""
    tokens = [BLANK] * width
    label = []
    placed = False
    for segment in line.segments:
        token = parse_number(segment.text)
        if segment.confidence is not None:
            token = replace(token, confidence=segment.confidence)
        if token.kind not in VALUE_KINDS or segment.x0 is None:
            words = segment.text.split(" ")
            if segment.x0 is not None and parse_number(words[-1]).kind in VALUE_KINDS and any(
                    band.column is not None and segment.x1 > band.centre - band.reach for band in bands):
                raise Unplaceable(segment.text)  # text run into a value column: where its number belongs is unsure
            label.append(segment.text)
            continue
        centre = (segment.x0 + segment.x1) / 2
        distances = [abs(band.centre - centre) for band in bands]
        distance = min(distances)
        at = distances.index(distance)  # the leftmost of bands equally near
        nearest = bands[at]
        if nearest.column is None:
            label.append(segment.text)
            continue
        # Between two columns (about as near to both), or far beyond the outermost one: not placeable.
        runner_up = sorted(distances)[1] if len(bands) > 1 else None
        # The bands are in order: the nearest other band is a neighbour.
        spacing = min((abs(bands[j].centre - nearest.centre) for j in (at - 1, at + 1) if 0 <= j < len(bands)),
                      default=4 * nearest.reach)
        if runner_up is not None and distance > 0.85 * runner_up or distance > spacing \
                or tokens[nearest.column].kind != "blank":
            raise Unplaceable(segment.text)
        tokens[nearest.column] = token
        placed = placed or token.kind != "placeholder"
    if not placed:
        return None
    return tokens, " ".join(label)
