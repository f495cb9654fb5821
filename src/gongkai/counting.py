"""What each computed cell of a format counts, read from the format's declarations.

A format file says, on any row or column, which population of records its cells count and which
attributes of those records select them (``counts: {population: applications, part: new}``), and on a
parent which attribute its children stand for (``by: applicant_kind``: each keyed node below counts
the records whose attribute is its own key; ``by: {outcome: row_key}``: its full row key, for values
stored as row keys). A node inherits its ancestors' declarations and may override them; a sum node
(``sum_of``) is not narrowed by its parent's ``by``: it counts everything its parent counts.

A cell counts the records of its population that match both its row's and its column's conditions.
This module only reads the format (the core knows no database); ``gongkai.web.counting`` turns the
conditions into grouped queries and into the list behind each cell (docs/formats.md, docs/architecture.md).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

from gongkai.errors import InputError
from gongkai.formats import Column, Format, Row

POPULATION = "population"
# ``counts: {population: P, sum: amount}``: the cell adds up the records' ``amount`` instead of counting them.
SUM = "sum"
NOT_CONDITIONS = (POPULATION, SUM)
Conditions = tuple[tuple[str, object], ...]  # (attribute, wanted value) sorted by attribute


# Units of money a summed amount may be kept in and a cell may print, in 元.
MONEY_UNITS = {"元": 1, "万元": 10_000}


def unit_factor(recorded: str, printed: str, place: str) -> Decimal | int:
    """What an amount kept in ``recorded`` is multiplied by to print it in ``printed`` (元 → 万元: 1/10000,
    exact); 1 when neither is a unit of money or both are the same."""
    if recorded == printed or (recorded not in MONEY_UNITS and printed not in MONEY_UNITS):
        return 1
    if recorded not in MONEY_UNITS or printed not in MONEY_UNITS:
        raise InputError(f"金额单位「{recorded or '无'}」不能换算为单元格的单位「{printed or '无'}」", place)
    return Decimal(MONEY_UNITS[recorded]) / Decimal(MONEY_UNITS[printed])


@dataclass(frozen=True)
class CellCount:
    """What one cell counts: the records of ``population`` matching the row's and the column's conditions."""

    key: str
    population: str
    row: Conditions
    column: Conditions
    sum: str | None = None  # the amount of the records added up, else the records are counted

    @property
    def conditions(self) -> dict[str, object]:
        return {**dict(self.row), **dict(self.column)}


@dataclass(frozen=True)
class _Supplied:
    value: object
    node: Row | Column  # the node whose declaration (own ``counts`` or an ancestor's ``by``) gave the value
    by: Row | Column | None  # the ancestor whose ``by`` gave it, if any


def _chain(node) -> list:
    chain = []
    while node is not None:
        chain.insert(0, node)
        node = node.parent
    return chain


def _own_key(node) -> str | None:
    """The key the node adds to its parent's (``state_secret`` of ``t3.refused.state_secret``), if any."""
    parent_key = node.parent.key if node.parent is not None else (node.key.split(".")[0] if isinstance(node, Row)
                                                                   else "")
    if node.key == parent_key or not node.key:
        return None
    return node.key[len(parent_key) + 1:] if parent_key else node.key


def _effective(node) -> dict[str, _Supplied]:
    """Attribute → the value the node counts, after its ancestors' declarations (top down)."""
    found: dict[str, _Supplied] = {}
    bys: list[tuple[str, str, object]] = []
    for current in _chain(node):
        own = _own_key(current)
        if own is not None and not current.sum_of:
            for attribute, mode, by_node in bys:
                found[attribute] = _Supplied(current.key if mode == "row_key" else own, current, by_node)
        for attribute, value in current.counts.items():
            found[attribute] = _Supplied(value, current, None)
        if current.by is not None:
            bys.append((*current.by, current))
    return found


def _conditions(supplied: dict[str, _Supplied]) -> Conditions:
    return tuple(sorted((name, found.value) for name, found in supplied.items() if name not in NOT_CONDITIONS))


@functools.cache
def counted_cells(fmt: Format) -> dict[str, CellCount]:
    """Cell key → what it counts, for every cell of ``fmt`` whose row or column declares a population."""
    cells = {}
    for key, spec in fmt.cells.items():
        row, column = _effective(spec.row), _effective(spec.column)
        populations = {found.value for found in (row.get(POPULATION), column.get(POPULATION)) if found}
        if not populations:
            continue
        if len(populations) > 1:
            raise InputError("行与列声明了不同的记录集合（population）", f"格式 {fmt.id}，单元格 {key}")
        clash = (set(row) & set(column)) - {POPULATION}
        if clash:
            raise InputError(f"行与列都声明了属性「{'、'.join(sorted(clash))}」", f"格式 {fmt.id}，单元格 {key}")
        summed = row.get(SUM) or column.get(SUM)
        cells[key] = CellCount(key, populations.pop(), _conditions(row), _conditions(column),
                               summed.value if summed else None)
    return cells


def populations(fmt: Format) -> set[str]:
    return {cell.population for cell in counted_cells(fmt).values()}


def attribute_values(fmt: Format, population: str, attribute: str) -> dict[object, tuple[str, ...]]:
    """The most specific values ``attribute`` takes in the cells of ``population`` (a value below which
    no node declares another), each with the labels naming it: from below the node whose ``by`` gave it,
    else the whole path. E.g. applicant kinds: ``{"other_org": ("法人或其他组织", "其他"), …}``; the
    outcomes of a reply: the leaf rows of table 三 below 三、本年度办理结果."""
    nodes = []
    for key, cell in counted_cells(fmt).items():
        if cell.population == population:
            spec = fmt.cells[key]
            nodes += [spec.row, spec.column]
    supplying: dict[int, tuple[object, object]] = {}  # id(node) → (value, node), for nodes that set the value
    for node in nodes:
        for current in _chain(node):
            found = _effective(current).get(attribute)
            if found is not None and found.node is current:
                supplying[id(current)] = (found, current)
    entries = list(supplying.values())
    values: dict[object, tuple[str, ...]] = {}
    for found, node in entries:
        more_specific = any(other is not node and other_found.value != found.value and node in _chain(other)
                            for other_found, other in entries)
        if more_specific or found.value in values:
            continue
        labels = node.path_labels
        if found.by is not None:
            labels = labels[len(found.by.path_labels):]
        values[found.value] = tuple(label for label in labels if label)
    return values
