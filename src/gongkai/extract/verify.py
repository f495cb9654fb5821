"""Self-verification of a table reading by the format's identities (its error rules: sums, totals).

A reading that breaks identities may be the report's own mistake, or the reader's: a table copied
through a web page where each row's numbers landed on the next row's label, a text layer that dropped
a blank cell so the numbers slid left, two cells fused into one digit run (「3001」). The reading is
compared with the alternatives those failures leave:

- rows shifted: from some row on, every row's values belong to the row above (or below);
- a row with one value too few: a blank cell dropped at one of its positions, or two values fused
  into one run, split at one place (a part never starts with 0: numbers are not printed so).

An alternative is taken only when the reading as printed breaks an identity, the alternative breaks
none and checks at least one, and it is the only such alternative: then its cells carry the evidence
of why (``verified``). When several alternatives do, the region is left unread. A reading that breaks
identities no alternative satisfies stays as printed: the report itself does not add up.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from gongkai.checks.comparisons import OPERATORS, Comparison, compile_rules
from gongkai.extract.normalize import NumberToken, parse_number
from gongkai.formats import Block, Format, Row, Table

Values = dict[str, object]


@functools.cache
def identities(fmt: Format, table: Table) -> list[Comparison]:
    """The table's error rules of one year: the form's own arithmetic, the identities a reading must keep."""
    keys = {spec.key for spec in fmt.cells.values() if spec.table is table}
    return [c for c in compile_rules(fmt).within_year
            if c.severity == "error" and all(t.spec.key in keys for t in c.terms)]


def tally(comparisons: list[Comparison], values: Values, rows: set | None = None,
          first_broken: bool = False) -> tuple[int, int]:
    """(identities broken, identities checked) by ``values``; blank cells leave an identity unchecked.
    ``rows``, when given, collects the rows of the identities checked; ``first_broken`` stops at the
    first identity broken (whether any is, is all the caller asks)."""
    broken = checked = 0
    for comparison in comparisons:
        terms = []
        for term in comparison.terms:
            value = values.get(term.spec.key)
            if value is None:
                break
            terms.append(value * term.sign)
        else:
            checked += 1
            if rows is not None:
                rows.update(t.spec.row for t in comparison.terms)
            left = sum(terms[: len(comparison.left)])
            right = sum(terms[len(comparison.left):])
            broken += not OPERATORS[comparison.op](left, right)
            if broken and first_broken:
                break
    return broken, checked


def holding_keys(comparisons: list[Comparison], values: Values) -> set[str]:
    """The cells of every identity that is checked (all its cells read) and holds."""
    keys: set[str] = set()
    for comparison in comparisons:
        if tally([comparison], values) == (0, 1):
            keys.update(t.spec.key for t in comparison.terms)
    return keys


def touching(comparisons: list[Comparison], keys: set[str]) -> list[Comparison]:
    return [c for c in comparisons if any(t.spec.key in keys for t in c.terms)]


@dataclass
class Alternative:
    """One way of reading: row → its tokens, the rows given values they were not printed beside, and why."""

    rows: dict[int, list[NumberToken]]
    reason: str
    moved: frozenset[int] = frozenset()


@functools.cache
def cell_keys(fmt: Format, block: Block) -> dict[Row, list[str]]:
    """Each row's cell keys in column order (``row_values`` runs for every alternative)."""
    return {row: [fmt.cell(row, column).key for column in block.leaf_columns] for row in block.data_rows}


@functools.cache
def cell_places(fmt: Format, block: Block) -> dict[str, tuple[Row, int]]:
    """Each cell key's row and column position."""
    return {key: (row, position) for row, keys in cell_keys(fmt, block).items() for position, key in enumerate(keys)}


class AssignedValues:
    """The values of an assignment (row → tokens) looked up cell by cell, as ``row_values`` would give
    them: most alternatives break an identity after a few lookups, so none builds all its values."""

    def __init__(self, places: dict[str, tuple[int, int]], assignment: dict[int, list[NumberToken]]):
        self.places = places  # cell key → (row index, position)
        self.assignment = assignment

    def get(self, key: str):
        r, position = self.places[key]
        tokens = self.assignment.get(r)
        if tokens is None or position >= len(tokens):
            return None
        token = tokens[position]
        return token.value if token.kind == "integer" or token.kind == "decimal" else None


def row_values(fmt: Format, block: Block, rows: list[Row], assignment: dict[int, list[NumberToken]]) -> Values:
    keys = cell_keys(fmt, block)
    values: Values = {}
    for r, tokens in assignment.items():
        for key, token in zip(keys[rows[r]], tokens, strict=False):
            if token.kind == "integer" or token.kind == "decimal":
                values[key] = token.value
    return values


def shifted_rows(rows: list[Row], placed: dict[int, list[NumberToken]]) -> list[Alternative]:
    """Every reading where, from one placed row on, the values belong to the neighbouring data row."""
    data = [r for r in range(len(rows)) if rows[r].is_data]
    place = {r: position for position, r in enumerate(data)}
    order = sorted(r for r in placed if r in place)
    alternatives = []
    for step, words in ((-1, "上一行"), (1, "下一行")):
        for start in range(len(order)):
            moved: dict[int, list[NumberToken]] = {}
            for i, r in enumerate(order):
                target = r
                if i >= start:
                    position = place[r] + step
                    if not 0 <= position < len(data):
                        continue
                    target = data[position]
                moved[target] = placed[r]
            first = rows[order[start]].label
            changed = frozenset(r for r, tokens in moved.items() if placed.get(r) is not tokens)
            alternatives.append(Alternative(
                moved, f"按表内勾稽关系，自「{first}」起各行数值属于其{words}（表格错行；按原样读取则勾稽关系不成立）",
                changed))
    return alternatives


def fitted_rows(tokens: list[NumberToken], width: int) -> list[tuple[list[NumberToken], str]]:
    """A row printed with one value too few: each place a blank may have been dropped, and each split of
    a fused digit run into two numbers."""
    fits = []
    if len(tokens) != width - 1:
        return fits
    for position in range(width):
        fits.append((tokens[:position] + [NumberToken("", "blank")] + tokens[position:],
                     f"该行印有{len(tokens)}个值，应为{width}个；按表内勾稽关系，空缺的是第{position + 1}列"))
    for index, token in enumerate(tokens):
        digits = token.raw.strip()
        if token.kind != "integer" or not digits.isdigit() or len(digits) < 2:
            continue
        for cut in range(1, len(digits)):
            left, right = digits[:cut], digits[cut:]
            if right.startswith("0") and right != "0" or left.startswith("0") and left != "0":
                continue
            fits.append((tokens[:index] + [parse_number(left), parse_number(right)] + tokens[index + 1:],
                         f"「{digits}」是两个单元格连在一起：按表内勾稽关系只有拆为{left}和{right}才成立"))
    return fits


def blank_as_zero(tokens: list[NumberToken]) -> list[NumberToken]:
    """For checking only: a dropped blank cell stands for nothing, which the sums count as 0."""
    return [NumberToken("0", "integer", 0) if t.kind == "blank" else t for t in tokens]


def choose_fit(fmt: Format, block: Block, row: Row, fits: list[tuple[list[NumberToken], str]],
               comparisons: list[Comparison], base: Values) -> tuple[list[NumberToken], str] | None:
    """The one fit of the row under which every identity touching it holds (and one is checked)."""
    keys = {fmt.cell(row, column).key for column in block.leaf_columns}
    relevant = touching(comparisons, keys)
    others = {k: v for k, v in base.items() if k not in keys}
    satisfying = {}
    for tokens, why in fits:
        values = {fmt.cell(row, column).key: token.value
                  for column, token in zip(block.leaf_columns, blank_as_zero(tokens), strict=True)}
        broken, checked = tally(relevant, others | values)
        if broken == 0 and checked:
            # Fits that differ only in which of two zeros was the blank one are different readings.
            satisfying.setdefault(tuple(t.raw for t in tokens), (tokens, why))
    return next(iter(satisfying.values())) if len(satisfying) == 1 else None


@functools.cache
def block_identities(fmt: Format, block: Block) -> list[Comparison]:
    keys = {fmt.cell(row, column).key for row in block.data_rows for column in block.leaf_columns}
    return [c for c in identities(fmt, block.table) if all(t.spec.key in keys for t in c.terms)]


def trimmed(tokens: list[NumberToken]) -> list[NumberToken]:
    """The printed values without blank cells at either end (as ``fit_tokens`` drops them)."""
    start, end = 0, len(tokens)
    while start < end and tokens[start].kind == "blank":
        start += 1
    while end > start and tokens[end - 1].kind == "blank":
        end -= 1
    return tokens[start:end]


def verify_block(fmt: Format, block: Block, rows: list[Row], placed: dict) -> tuple[dict, dict[int, str], str | None]:
    """The block's placement (row → (value line, tokens or None)) checked by its identities.

    Returns the placement to read, the evidence for the rows it changed, and a reason to leave the whole
    block unread (several alternatives satisfy the identities) or None.
    """
    comparisons = block_identities(fmt, block)
    if not comparisons:
        return placed, {}, None
    placed = dict(placed)
    width = len(block.leaf_columns)
    notes: dict[int, str] = {}

    def assignment() -> dict[int, list[NumberToken]]:
        return {r: tokens for r, (_, tokens) in placed.items() if tokens is not None and rows[r].is_data}

    for r, (line, tokens) in sorted(placed.items()):
        if tokens is not None or not rows[r].is_data:
            continue
        others = {k: v for k, v in row_values(fmt, block, rows, assignment()).items()}
        chosen = choose_fit(fmt, block, rows[r], fitted_rows(trimmed(line.tokens), width), comparisons, others)
        if chosen is not None:
            placed[r] = (line, chosen[0])
            notes[r] = chosen[1]
    current = assignment()
    broken, _ = tally(comparisons, row_values(fmt, block, rows, current))
    if not broken:
        return placed, notes, None
    lines = {r: placed[r][0] for r in current}
    alternatives = shifted_rows(rows, current)
    # Identities within one row (its total column) hold wherever a row's values land: only those
    # across rows can tell where they belong.
    across = [c for c in comparisons if len({t.spec.row for t in c.terms}) > 1]
    satisfying: dict[tuple, Alternative] = {}
    index = {row: r for r, row in enumerate(rows)}
    places = {key: (index[row], position) for key, (row, position) in cell_places(fmt, block).items()}
    for alternative in alternatives:
        confirmed: set[Row] = set()
        broken, checked = tally(across, AssignedValues(places, alternative.rows), confirmed, True)
        # Every row given other values than printed beside it must be confirmed by an identity that holds.
        if broken == 0 and checked and all(rows[r] in confirmed for r in alternative.moved):
            values = row_values(fmt, block, rows, alternative.rows)
            satisfying.setdefault(tuple(sorted((k, str(v)) for k, v in values.items())), alternative)
    count = len(satisfying)
    chosen = next(iter(satisfying.values())) if count == 1 else None
    if chosen is None:
        if count > 1:
            return placed, notes, f"按原样读取则表内勾稽关系不成立，而有{count}种错行读法都能成立，无法确定各行数值"
        return placed, notes, None
    # Each value line keeps its tokens; they now fill the row the identities say they belong to.
    by_tokens = {id(tokens): lines[r] for r, tokens in current.items()}
    moved = {r: (line, tokens) for r, (line, tokens) in placed.items() if not rows[r].is_data}
    for r, tokens in chosen.rows.items():
        moved[r] = (by_tokens[id(tokens)], tokens)
        notes[r] = chosen.reason
    return moved, notes, None
