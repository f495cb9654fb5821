"""The official report formats, loaded from one declarative data file per format.

Every format (``legacy``, ``gov2019``, ``gov2021``, and any provincial variant) is a YAML file in
this folder; ``docs/formats.md`` documents the schema. This module is the one generic loader: it
turns the row and column trees into ``Row``, ``Column`` and ``CellSpec`` objects, each cell with a
stable key ``"<table>.<row path>|<column path>"`` (e.g. ``t3.refused.state_secret|natural_person``).
Nothing in here knows a particular format.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from gongkai.errors import InputError

FORMATS_DIR = Path(__file__).parent
CELL_TYPES = ("count", "signed", "amount")


@dataclass(eq=False)
class Column:
    key: str  # path of keyed ancestors within the block, e.g. "review.upheld"
    label: str
    unit: str | None
    type: str | None
    children: list[Column] = field(default_factory=list)
    sum_of: tuple[str, ...] = ()
    rule: str | None = None
    parent: Column | None = None
    aliases: tuple[str, ...] = ()
    # What the column's cells count, when computed from records (docs/formats.md, "Computed cells").
    counts: dict = field(default_factory=dict)
    by: tuple[str, str] | None = None  # (attribute, "own_key" | "row_key") for the nodes below

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def path_labels(self) -> tuple[str, ...]:
        return _path_labels(self)


@dataclass(eq=False)
class Row:
    key: str  # full key, table key first: "t3.refused.state_secret"
    label: str
    unit: str | None
    type: str | None
    is_data: bool
    depth: int
    children: list[Row] = field(default_factory=list)
    parent: Row | None = None
    sum_of: tuple[str, ...] = ()
    rule: str | None = None
    children_sum: str | None = None
    part_of_parent: str | None = None
    block: Block | None = None
    counts: dict = field(default_factory=dict)
    by: tuple[str, str] | None = None

    @property
    def path_labels(self) -> tuple[str, ...]:
        return _path_labels(self)

    def data_descendants(self) -> list[Row]:
        found = []
        for child in self.children:
            if child.is_data:
                found.append(child)
            found.extend(child.data_descendants())
        return found


@dataclass(eq=False)
class Block:
    table: Table
    index: int
    title: str | None
    corner: str | None
    unit_column: str | None
    columns: list[Column]
    rows: list[Row]

    @functools.cached_property
    def leaf_columns(self) -> list[Column]:
        return [column for column in _walk(self.columns) if column.is_leaf]

    @functools.cached_property
    def all_rows(self) -> list[Row]:
        return list(_walk(self.rows))

    @functools.cached_property
    def data_rows(self) -> list[Row]:
        return [row for row in self.all_rows if row.is_data]

    @property
    def column_depth(self) -> int:
        def depth(columns: list[Column]) -> int:
            return max((1 + depth(c.children) for c in columns), default=0)

        return depth(self.columns)

    @property
    def row_depth(self) -> int:
        return max((row.depth for row in self.all_rows), default=0) + 1


@dataclass(eq=False)
class Table:
    key: str
    title: str
    unit: str | None
    label_columns: int
    label_layout: str  # "nested": hierarchy across label columns; "flat": one label column
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True, eq=False)
class CellSpec:
    key: str
    table: Table
    block: Block
    row: Row
    column: Column
    unit: str | None
    type: str  # one of CELL_TYPES

    @property
    def row_label(self) -> str:
        return self.row.label

    @property
    def column_label(self) -> str:
        return self.column.label

    @property
    def label(self) -> str:
        """The cell as a person names it: its row, then its column where the block has several, with the
        headers above the column that tell it apart (行政复议 › 结果维持, not just 结果维持)."""
        if not self.block.leaf_columns[1:]:
            return self.row.label
        path = self.column.path_labels[1:] if len(self.block.columns) == 1 else self.column.path_labels
        return " · ".join(label for label in (self.row.label, " › ".join(path)) if label)


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    table: str | None = None


@dataclass(frozen=True)
class Figure:
    """A named quantity charted on the public pages: the sum of some cells of one format."""

    key: str
    label: str
    cells: tuple[str, ...]

    def total(self, values: Mapping[str, int | Decimal]) -> int | Decimal | None:
        """The sum of the figure's cells, or None when one is missing: a missing value is not zero."""
        if any(key not in values for key in self.cells):
            return None
        return sum(values[key] for key in self.cells)


@dataclass(frozen=True)
class Chart:
    """One year's breakdown (e.g. the outcomes of table 三): one bar or slice per figure."""

    title: str
    figures: tuple[Figure, ...]


@dataclass(eq=False)
class Format:
    id: str
    name: str
    basis: str
    year_from: int
    year_to: int | None
    publication_deadline: dict[str, str]
    sections: list[Section]
    fingerprints: list[str]
    tables: list[Table]
    rules: list[dict]
    cells: dict[str, CellSpec]
    rows: dict[str, Row]
    # Other names the narrative uses: row key, or "<table>|<column key>" → phrases (see extract.narrative).
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Figures compared across years; a key means the same quantity in every format (docs/formats.md).
    trend: tuple[Figure, ...] = ()
    charts: tuple[Chart, ...] = ()
    # The narrative's own words (joiners, 均/全部, 未发生/无, 占): word lists by kind (extract.narrative).
    narrative: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def applies_to(self, year: int) -> bool:
        return self.year_from <= year and (self.year_to is None or year <= self.year_to)

    @property
    def years_label(self) -> str:
        return f"{self.year_from}—{self.year_to}" if self.year_to else f"{self.year_from}—"

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def cell(self, row: Row, column: Column) -> CellSpec:
        return self.cells[cell_key(row.key, column.key)]


def cell_key(row_key: str, column_key: str) -> str:
    return f"{row_key}|{column_key}"


def _path_labels(node) -> tuple[str, ...]:
    """The official labels from the top of the tree down to ``node``."""
    labels = []
    while node is not None:
        labels.insert(0, node.label)
        node = node.parent
    return tuple(labels)


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


# The narrative vocabulary's kinds (extract.narrative reads them; docs/formats.md says what each is for),
# and those whose entries are regular expressions.
NARRATIVE_KINDS = ("units", "numbering", "subitem", "between", "joiners", "all", "none", "share", "rate",
                   "previous_year", "up", "down", "channel_markers", "channel_verbs", "channel_kinds",
                   "channel_adverbs", "channel_several", "channel_fillers", "channel_qualifiers",
                   "fee_notice", "fee_notice_sent", "fee_notice_units", "fee_notice_denied")
NARRATIVE_PATTERNS = ("numbering", "subitem")


class _Loader:
    """Builds one ``Format`` from its parsed YAML; errors name the file and the element."""

    def __init__(self, data: dict, source: str):
        self.data = data
        self.source = source
        self.aliases: dict[str, tuple[str, ...]] = {}

    def fail(self, message: str, where: str) -> InputError:
        return InputError(message, f"{self.source}, {where}")

    def require(self, mapping: dict, name: str, where: str):
        if not isinstance(mapping, dict) or name not in mapping:
            raise self.fail(f"缺少字段「{name}」", where)
        return mapping[name]

    def load(self) -> Format:
        data = self.data
        years = self.require(data, "years", "years")
        tables = [self.table(spec, i) for i, spec in enumerate(self.require(data, "tables", "tables"))]
        cells: dict[str, CellSpec] = {}
        rows: dict[str, Row] = {}
        for table in tables:
            for block in table.blocks:
                for row in block.all_rows:
                    if row.key in rows and rows[row.key] is not row:
                        raise self.fail(f"行键「{row.key}」重复", f"表格 {table.key}")
                    rows[row.key] = row
                for row in block.data_rows:
                    for column in block.leaf_columns:
                        key = cell_key(row.key, column.key)
                        if key in cells:
                            raise self.fail(f"单元格键「{key}」重复", f"表格 {table.key}")
                        cell_type = column.type or row.type or "count"
                        if cell_type not in CELL_TYPES:
                            raise self.fail(f"未知的数据类型「{cell_type}」", f"单元格 {key}")
                        unit = row.unit or column.unit or table.unit
                        cells[key] = CellSpec(key, table, block, row, column, unit, cell_type)
        sections = [
            Section(self.require(s, "key", f"sections[{i}]"), self.require(s, "heading", f"sections[{i}]"),
                    s.get("table"))
            for i, s in enumerate(data.get("sections", []))
        ]
        return Format(
            id=self.require(data, "id", "id"),
            name=self.require(data, "name", "name"),
            basis=data.get("basis", ""),
            year_from=self.require(years, "from", "years"),
            year_to=years.get("to"),
            publication_deadline=dict(self.require(data, "publication_deadline", "publication_deadline")),
            sections=sections,
            fingerprints=list(data.get("fingerprints", [])),
            tables=tables,
            rules=self.rules(data.get("rules", []), cells),
            cells=cells,
            rows=rows,
            aliases=self.aliases,
            narrative=self.narrative(data.get("narrative", {})),
            trend=tuple(self.figure(spec, cells, rows, f"trend[{i}]") for i, spec in enumerate(data.get("trend", []))),
            charts=tuple(
                Chart(self.require(chart, "title", f"charts[{i}]"),
                      tuple(self.figure(spec, cells, rows, f"charts[{i}].figures[{j}]")
                            for j, spec in enumerate(self.require(chart, "figures", f"charts[{i}]"))))
                for i, chart in enumerate(data.get("charts", []))),
        )

    def narrative(self, spec) -> dict[str, tuple[str, ...]]:
        """The narrative's vocabulary: word lists of the kinds extract.narrative knows; the patterns compile.
        A format without one reads no statements from the narrative."""
        if not isinstance(spec, dict):
            raise self.fail("应为「词类: [词, …]」的映射", "narrative")
        if spec and "units" not in spec:  # no vocabulary at all: the narrative's numbers are not read
            raise self.fail("缺少字段「units」（正文数字后的单位）", "narrative")
        vocabulary = {}
        for kind, words in spec.items():
            where = f"narrative.{kind}"
            if kind not in NARRATIVE_KINDS:
                raise self.fail(f"未知的词类「{kind}」（可用：{'、'.join(NARRATIVE_KINDS)}）", where)
            if not isinstance(words, list) or not words:
                raise self.fail("应为非空的词表", where)
            for index, word in enumerate(words):
                if not isinstance(word, str) or not word:
                    raise self.fail("应为非空的文字", f"{where}[{index}]")
                if kind in NARRATIVE_PATTERNS:
                    try:
                        re.compile(word)
                    except re.error as error:
                        raise self.fail(f"正则表达式「{word}」无效：{error}", f"{where}[{index}]") from None
            vocabulary[kind] = tuple(words)
        return vocabulary

    def rules(self, specs, cells: dict[str, CellSpec]) -> list[dict]:
        """The declared rules; the ``cells:`` a narrative rule is about must be cells of the format."""
        for index, rule in enumerate(specs):
            for ref in rule.get("cells", ()) if isinstance(rule, dict) else ():
                if ref not in cells:
                    raise self.fail(f"引用了不存在的单元格「{ref}」", f"rules[{index}]（{rule.get('id', '')}）")
        return list(specs)

    def figure(self, spec: dict, cells: dict[str, CellSpec], rows: dict[str, Row], where: str) -> Figure:
        """A figure whose ``cells`` are cell keys, or ``<row>.*|<column>`` for every data row below ``<row>``."""
        keys = []
        for ref in self.require(spec, "cells", where):
            row_key, _, column_key = ref.partition("|")
            parent = rows.get(row_key[:-2]) if row_key.endswith(".*") else None
            expanded = [cell_key(row.key, column_key) for row in parent.data_descendants()] if parent else [ref]
            if not expanded or any(key not in cells for key in expanded):
                raise self.fail(f"引用了不存在的单元格「{ref}」", where)
            keys += expanded
        return Figure(self.require(spec, "key", where), self.require(spec, "label", where), tuple(keys))

    def table(self, spec: dict, index: int) -> Table:
        where = f"tables[{index}]"
        table = Table(
            key=self.require(spec, "key", where),
            title=self.require(spec, "title", where),
            unit=spec.get("unit"),
            label_columns=spec.get("label_columns", 1),
            label_layout=spec.get("label_layout", "nested"),
        )
        for block_index, block_spec in enumerate(self.require(spec, "blocks", where)):
            block_where = f"{where}.blocks[{block_index}]"
            block = Block(
                table=table,
                index=block_index,
                title=block_spec.get("title"),
                corner=block_spec.get("corner"),
                unit_column=block_spec.get("unit_column"),
                columns=[],
                rows=[],
            )
            block.columns = [self.column(c, None, f"{block_where}.columns") for c in
                             self.require(block_spec, "columns", block_where)]
            for column in _walk(block.columns):
                if column.aliases:
                    self.aliases[f"{table.key}|{column.key}"] = column.aliases
            block.rows = [self.row(r, None, table, 0, f"{block_where}.rows") for r in
                          self.require(block_spec, "rows", block_where)]
            for row in block.all_rows:
                row.block = block
            table.blocks.append(block)
        return table

    def column(self, spec: dict, parent: Column | None, where: str) -> Column:
        label = self.require(spec, "label", where)
        prefix = parent.key if parent is not None else ""
        own_key = spec.get("key")
        key = ".".join(part for part in (prefix, own_key) if part)
        column = Column(key=key, label=label, unit=spec.get("unit"), type=spec.get("type"),
                        parent=parent, rule=spec.get("rule"), aliases=tuple(spec.get("aliases", ())),
                        counts=self.counts(spec, f"{where}「{label}」"), by=self.by(spec, f"{where}「{label}」"))
        column.sum_of = tuple(".".join(p for p in (prefix, term) if p) for term in spec.get("sum_of", ()))
        column.children = [self.column(c, column, f"{where}「{label}」") for c in spec.get("children", ())]
        if column.is_leaf and not own_key:
            raise self.fail("数据列必须有键（key）", f"{where}「{label}」")
        return column

    def counts(self, spec: dict, where: str) -> dict:
        """A node's ``counts``: attribute → value (a string, a boolean, or a list of strings: any of)."""
        counts = spec.get("counts", {})
        if not isinstance(counts, dict):
            raise self.fail("「counts」应为「属性: 值」的映射", where)
        for name, value in counts.items():
            scalar = (str, bool)
            if not isinstance(value, scalar) and not (
                    isinstance(value, list) and value and all(isinstance(item, str) for item in value)):
                raise self.fail(f"「counts」中「{name}」的值应为文字、是否或文字列表", where)
        if "population" in counts and not isinstance(counts["population"], str):
            raise self.fail("「counts」中「population」应为一个记录集合的名称", where)
        return {name: tuple(value) if isinstance(value, list) else value for name, value in counts.items()}

    def by(self, spec: dict, where: str) -> tuple[str, str] | None:
        """A node's ``by``: ``attribute`` (each node below counts its own key) or ``{attribute: row_key}``
        (each row below counts its full row key, for values stored as row keys)."""
        by = spec.get("by")
        if by is None:
            return None
        if isinstance(by, str):
            return by, "own_key"
        if isinstance(by, dict) and len(by) == 1 and list(by.values())[0] in ("own_key", "row_key"):
            return next(iter(by.items()))
        raise self.fail("「by」应为属性名，或「属性: own_key | row_key」", where)

    def row(self, spec: dict, parent: Row | None, table: Table, depth: int, where: str) -> Row:
        label = self.require(spec, "label", where)
        own_key = spec.get("key")
        prefix = parent.key if parent is not None else table.key
        key = f"{prefix}.{own_key}" if own_key else prefix
        children_specs = spec.get("children", ())
        # A row with sub-rows carries values of its own only where it declares a unit or a sum rule.
        is_data = not children_specs or "unit" in spec or "children_sum" in spec
        if is_data and not own_key:
            raise self.fail("数据行必须有键（key）", f"{where}「{label}」")
        row = Row(key=key, label=label, unit=spec.get("unit"), type=spec.get("type"), is_data=is_data,
                  depth=depth, parent=parent, rule=spec.get("rule"),
                  children_sum=spec.get("children_sum"), part_of_parent=spec.get("part_of_parent"),
                  counts=self.counts(spec, f"{where}「{label}」"), by=self.by(spec, f"{where}「{label}」"))
        row.sum_of = tuple(f"{prefix}.{term}" for term in spec.get("sum_of", ()))
        row.children = [self.row(c, row, table, depth + 1, f"{where}「{label}」") for c in children_specs]
        if spec.get("aliases"):
            self.aliases[key] = tuple(spec["aliases"])
        if row.type is None and parent is not None:
            row.type = parent.type
        return row


@functools.cache
def load_format(format_id: str) -> Format:
    """The format named ``format_id`` (a file ``<format_id>.yaml`` in this folder)."""
    path = FORMATS_DIR / f"{format_id}.yaml"
    if not path.is_file():
        known = "、".join(available_format_ids())
        raise InputError(f"未知的报告格式「{format_id}」（可用：{known}）", "format")
    return load_format_file(path)


def load_format_file(path: Path) -> Format:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InputError(f"无法读取格式文件：{error}", str(path)) from error
    return _Loader(data, path.name).load()


def available_format_ids() -> list[str]:
    return sorted(path.stem for path in FORMATS_DIR.glob("*.yaml"))


def all_formats() -> list[Format]:
    return sorted((load_format(i) for i in available_format_ids()), key=lambda f: f.year_from)


def format_for_year(year: int) -> Format:
    """The national format that applies to reports on ``year``."""
    for fmt in all_formats():
        if fmt.applies_to(year):
            return fmt
    raise InputError(f"{year}年没有适用的全国统一报告格式", "year")
