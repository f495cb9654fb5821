"""The counting engine: the cells a format declares computed (``gongkai.counting``) counted from the
records in grouped SQL, and the list of records behind any cell, both read from the one declaration.

Each app that owns records registers one ``Population`` for them (in its ``AppConfig.ready``): the
records of an agency's report (``base``: a jurisdiction's subtree, else the agency), the records that
count in a year as disjoint parts that an index reads each as one range (``parts``), and the
attributes a format may name. Nothing here knows a population: a new one is data (the format's
``counts``) and one registration (docs/architecture.md, "Computed cells").

Counting: for each part, one query groups the part's records by the fields the format's conditions
need (fields a part fixes are not grouped); each group is added to the cells whose row and column
conditions it matches, so the database does the work and Python sees a few hundred groups. The list
behind a cell filters the same records by the same conditions, so a cell's count and its list agree.
The grouped queries are compiled once per process for an agency and year (``_compiled``): a population
builds them from the agency, the year and the settings alone, running no query while it does.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.signals import setting_changed
from django.db import connection
from django.db.models import Count, Expression, Q, QuerySet, Sum, Value

from gongkai.counting import CellCount, Conditions, counted_cells, unit_factor
from gongkai.errors import InputError
from gongkai.formats import Format
from gongkai.web.agencies.models import Agency


def of_agency(agency: Agency, field_name: str = "agency") -> Q:
    """The condition on ``field_name`` (an agency) of what an annual report of ``agency`` counts: a
    jurisdiction's whole subtree (one prefix match on the agencies' paths), else the agency itself."""
    if agency.is_jurisdiction:
        return Q(**{f"{field_name}__path__startswith": agency.path})
    return Q(**{field_name: agency})


def _options(wanted) -> tuple:
    return wanted if isinstance(wanted, tuple) else (wanted,)


class Attribute:
    """What a format may name in ``counts``: which grouped ``fields`` it reads, whether a group of
    records matches a wanted value, and the same as a condition on the records (for the list)."""

    fields: tuple[str, ...] = ()

    def matches(self, wanted, group: dict) -> bool:
        raise NotImplementedError

    def condition(self, wanted, year: int) -> Q:
        raise NotImplementedError


@dataclass(frozen=True)
class Field(Attribute):
    """An attribute that is one value of each record: a model field or one of the population's
    annotations. ``tree``: the values are keys in a tree (row keys), and a wanted value also matches
    the values below it (``t3.refused`` matches ``t3.refused.state_secret``). A wanted list: any of."""

    name: str
    tree: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.name,)

    def matches(self, wanted, group: dict) -> bool:
        value = group[self.name]
        return any(value == option or (self.tree and isinstance(value, str) and value.startswith(f"{option}."))
                   for option in _options(wanted))

    def condition(self, wanted, year: int) -> Q:
        conditions = [Q(**{self.name: option}) for option in _options(wanted)]
        if self.tree:
            conditions += [Q(**{f"{self.name}__startswith": f"{option}."}) for option in _options(wanted)]
        return functools.reduce(operator.or_, conditions)


@dataclass(frozen=True)
class Amount:
    """What a format may name in ``counts: {sum: …}``: a decimal (or whole) figure of each record, summed
    exactly, in ``unit`` (元, 万元; a cell in another unit of money gets the sum converted)."""

    expression: str | Expression
    unit: str = ""


@dataclass(frozen=True)
class Part:
    """Records that count in a year and that an index reads as one range; ``fixed``: field values that
    all of them share (so the grouped query need not compute them)."""

    condition: Q
    fixed: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Population:
    name: str
    label: str  # what one record is called on the pages (申请, 案件)
    base: Callable[..., QuerySet]  # (agency), or (agency, part's condition) if ``scoped``
    parts: Callable[[int], list[Part]]
    attributes: dict[str, Attribute]
    annotations: Callable[[int], dict[str, Expression]] = lambda year: {}
    # ``base`` is also given each part's condition when counting, for a population that keeps a copy of
    # the fields counted beside the agency (rows of another model, then), so that one index finds and
    # holds the agency's records of a part.
    scoped: bool = False
    count: str = "pk"  # the column counted: one the covering indexes hold, so counting reads only them
    # The counted column repeats within a group (a record reached through several rows, a joint
    # document through each of its agencies): each value counts once.
    distinct: bool = False
    total: str | Expression = ""  # a field (or expression) summed instead (人次: each course's attendance)
    amounts: dict[str, Amount] = field(default_factory=dict)  # what ``counts: {sum: …}`` may add up
    order: tuple[str, ...] = ("pk",)
    list_template: str = ""  # the list behind a cell: a template given ``records``
    prepare: Callable[[QuerySet], Iterable] = list  # what the list template iterates over

    def measure(self):
        """What a cell adds up per group of records: their number, or the sum of ``total``."""
        return Sum(self.total) if self.total else Count(self.count, distinct=self.distinct)

    def records(self, agency: Agency, year: int) -> QuerySet:
        """Every record of ``agency``'s report that counts in ``year``."""
        either = functools.reduce(operator.or_, (part.condition for part in self.parts(year)))
        return self.base(agency).filter(either)


_POPULATIONS: dict[str, Population] = {}


def register(population: Population) -> None:
    """Make a population countable: any format cell that declares it is computed from now on."""
    _POPULATIONS[population.name] = population


def population(name: str) -> Population:
    return _POPULATIONS[name]


def computed_cells(fmt: Format) -> dict[str, CellCount]:
    """The cells of ``fmt`` computed from records: those whose population an app registered (a format
    may declare a population before the app that counts it exists). A condition on an attribute the
    population does not have is an error in the format file."""
    cells = {}
    for key, cell in counted_cells(fmt).items():
        found = _POPULATIONS.get(cell.population)
        if found is None:
            continue
        place = f"格式 {fmt.id}，单元格 {key}"
        for name in cell.conditions:
            if name not in found.attributes:
                raise InputError(f"记录集合「{cell.population}」没有属性「{name}」"
                                 f"（可用：{'、'.join(found.attributes)}）", place)
        if cell.sum is not None:
            if cell.sum not in found.amounts:
                raise InputError(f"记录集合「{cell.population}」没有可求和的金额「{cell.sum}」"
                                 f"（可用：{'、'.join(found.amounts) or '无'}）", place)
            unit_factor(found.amounts[cell.sum].unit, fmt.cells[key].unit, place)  # refused here, not when counting
        cells[key] = cell
    return cells


class _Matcher:
    """The row (or column) conditions a group of records matches, remembered per value of the fields
    they read: the groups differ mostly in fields the other side reads (the applicant kind for rows)."""

    def __init__(self, found: Population, conditions: list[Conditions]):
        self.found = found
        self.conditions = list(dict.fromkeys(conditions))
        self.fields = sorted({field for each in self.conditions for name, _ in each
                              for field in found.attributes[name].fields})
        self.seen: dict[tuple, list[Conditions]] = {}

    def matching(self, group: dict) -> list[Conditions]:
        key = tuple(group[field] for field in self.fields)
        if key not in self.seen:
            self.seen[key] = [each for each in self.conditions
                              if all(self.found.attributes[name].matches(wanted, group) for name, wanted in each)]
        return self.seen[key]


def exact(value: Decimal) -> Decimal:
    """A sum as the cell stores it: every digit kept, no trailing zeros, never in exponent form."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _measures(found: Population, fmt: Format, cells: list[CellCount]) -> tuple[dict, dict]:
    """What the grouped query adds up (``n``: the count or ``total``; ``sum_<amount>`` per amount the
    cells sum), and per cell the name of its figure and the factor to the cell's unit."""
    aggregates, figure = {"n": found.measure()}, {}
    for cell in cells:
        if cell.sum is None:
            figure[cell.key] = ("n", 1)
            continue
        amount = found.amounts[cell.sum]
        aggregates[f"sum_{cell.sum}"] = Sum(amount.expression)
        figure[cell.key] = (f"sum_{cell.sum}", unit_factor(amount.unit, fmt.cells[cell.key].unit, cell.key))
    return aggregates, figure


@dataclass(frozen=True)
class _Grouped:
    """One part's grouped query, compiled: its SQL and parameters, the names of its columns, the
    compiler that converts its rows (dates and sums as Django returns them) and the part's fixed values."""

    sql: str
    params: tuple
    names: tuple[str, ...]
    compiler: object
    fixed: dict

    def groups(self) -> list[dict]:
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            rows = cursor.fetchall()
        return [{**dict(zip(self.names, row, strict=True)), **self.fixed}
                for row in self.compiler.results_iter(results=[rows])]


# Building and compiling a part's queryset (filters, annotations, subqueries) takes Django longer than the
# database takes to run it for a department, so each is compiled once per process: its SQL depends only
# on the population, the format's cells, the agency (its key, path and kind), the year and the settings
# (a population may read them: forgotten when a test changes one).
_COMPILED: dict[tuple, list[_Grouped]] = {}
COMPILED_KEPT = 256
setting_changed.connect(lambda **kwargs: _COMPILED.clear(), weak=False)


def _compiled(found: Population, fmt: Format, cells: list[CellCount], agency: Agency, year: int,
              aggregates: dict) -> list[_Grouped]:
    key = (connection.alias, found.name, fmt, agency.pk, agency.path, agency.is_jurisdiction, year)
    if key in _COMPILED:
        return _COMPILED[key]
    needed = list(dict.fromkeys(name for cell in cells for attribute in cell.conditions
                                for name in found.attributes[attribute].fields))
    annotations = found.annotations(year)
    compiled = []
    for part in found.parts(year):
        grouped = [name for name in needed if name not in part.fixed]
        base = found.base(agency, part.condition) if found.scoped else found.base(agency)
        queryset = base.filter(part.condition).annotate(
            **{name: annotations[name] for name in grouped if name in annotations})
        # No field grouped: no GROUP BY, so one row of totals over the part (of no records too).
        queryset = (queryset.values(*grouped) if grouped else queryset.values(one=Value(1))).annotate(**aggregates)
        query = queryset.order_by().query
        compiler = query.get_compiler(connection.alias)
        sql, params = compiler.as_sql()
        names = tuple(query.selected)  # the columns' order, as values() reads them
        compiled.append(_Grouped(sql, tuple(params), names, compiler, part.fixed))
    if len(_COMPILED) >= COMPILED_KEPT:
        del _COMPILED[next(iter(_COMPILED))]
    _COMPILED[key] = compiled
    return compiled


def _count_population(found: Population, fmt: Format, cells: list[CellCount], agency: Agency, year: int,
                      values: dict[str, int | Decimal]) -> None:
    by_pair: dict[tuple[Conditions, Conditions], list[str]] = {}
    for cell in cells:
        by_pair.setdefault((cell.row, cell.column), []).append(cell.key)
    aggregates, figure = _measures(found, fmt, cells)
    rows = _Matcher(found, [row for row, _ in by_pair])
    columns = _Matcher(found, [column for _, column in by_pair])
    for part in _compiled(found, fmt, cells, agency, year, aggregates):
        for group in part.groups():
            matching_columns = columns.matching(group)
            for row in rows.matching(group) if matching_columns else ():
                for column in matching_columns:
                    for key in by_pair.get((row, column), ()):
                        name, factor = figure[key]
                        values[key] += (group[name] or 0) * factor  # a sum over no records is NULL
    for key, (name, _) in figure.items():
        if name != "n":
            values[key] = exact(Decimal(values[key]))


def count(fmt: Format, agency: Agency, year: int) -> dict[str, int | Decimal]:
    """Cell key → count (or exact sum), for every computed cell of ``fmt`` in ``agency``'s report on ``year``."""
    cells = computed_cells(fmt)
    values = dict.fromkeys(cells, 0)
    by_population: dict[str, list[CellCount]] = {}
    for cell in cells.values():
        by_population.setdefault(cell.population, []).append(cell)
    for name, population_cells in by_population.items():
        _count_population(_POPULATIONS[name], fmt, population_cells, agency, year, values)
    return values


def records_behind(fmt: Format, agency: Agency, year: int, key: str) -> tuple[Population, QuerySet]:
    """The population and the records a computed cell counts (``KeyError``: not a computed cell)."""
    cell = computed_cells(fmt)[key]
    found = _POPULATIONS[cell.population]
    queryset = found.records(agency, year).annotate(**found.annotations(year))  # shown in the list too
    for name, wanted in cell.conditions.items():
        queryset = queryset.filter(found.attributes[name].condition(wanted, year))
    return found, queryset.order_by(*found.order)
