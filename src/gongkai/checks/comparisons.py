"""Compiling a format's rules into concrete comparisons between cells.

A reference in a declared rule is one of
  ``t3.new``            a row: the rule is repeated for every column of its block
  ``t2|in_force``       a column of table t2: repeated for every row of each block that has it
  ``t3.new|total``      one cell
  ``stats.x.*``         every data row below ``stats.x``
prefixed with ``-`` to subtract and with ``previous:`` to read the previous year's report.
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass

from gongkai.checks.describe import format_value, terms_description
from gongkai.errors import InputError
from gongkai.formats import Block, CellSpec, Format, Row, cell_key

OPERATORS = {"=": operator.eq, "<=": operator.le, ">=": operator.ge}
VIOLATION_WORDS = {"=": "不等于", "<=": "多于", ">=": "少于"}


@dataclass(frozen=True)
class Term:
    spec: CellSpec
    sign: int = 1
    previous: bool = False


@dataclass(frozen=True)
class Outcome:
    holds: bool
    values: list
    message: str = ""
    expected: dict[str, str] | None = None


@dataclass(frozen=True)
class Comparison:
    rule_id: str
    severity: str
    title: str
    left: tuple[Term, ...]
    op: str
    right: tuple[Term, ...]
    describe_left: str | None = None
    describe_right: str | None = None

    @functools.cached_property  # a reading's verification looks at them for every alternative
    def terms(self) -> tuple[Term, ...]:
        return self.left + self.right

    def evaluate(self, report, previous) -> Outcome | None:
        values = []
        for term in self.terms:
            sheet = previous.sheet if term.previous else report.sheet
            value = sheet.values.get(term.spec.key)
            if value is None:
                return None
            values.append(value)
        left = sum(v * t.sign for v, t in zip(values, self.left, strict=False))
        right = sum(v * t.sign for v, t in zip(values[len(self.left):], self.right, strict=True))
        if OPERATORS[self.op](left, right):
            return Outcome(True, values)
        unit = self.left[0].spec.unit or ""
        message = (f"{self.describe(self.left, self.describe_left)}为{format_value(left)}{unit}，"
                   f"{VIOLATION_WORDS[self.op]}{self.describe(self.right, self.describe_right)}"
                   f"{format_value(right)}{unit}")
        expected = None
        if self.op == "=" and len(self.left) == 1 and not self.left[0].previous:
            expected = {self.left[0].spec.key: format_value(right)}
        return Outcome(False, values, message, expected)

    @staticmethod
    def describe(terms: tuple[Term, ...], override: str | None) -> str:
        if override:
            return override
        return terms_description([t.spec for t in terms], [t.sign for t in terms], [t.previous for t in terms])


@dataclass
class CompiledRules:
    within_year: list[Comparison]
    across_years: list[Comparison]
    metadata: list[dict]


class _Compiler:
    def __init__(self, fmt: Format):
        self.fmt = fmt
        self.within_year: list[Comparison] = []
        self.across_years: list[Comparison] = []
        self.metadata: list[dict] = []

    def fail(self, message: str, rule_id: str) -> InputError:
        return InputError(message, f"{self.fmt.id}.yaml, 规则 {rule_id}")

    def add(self, comparison: Comparison) -> None:
        across = any(term.previous for term in comparison.terms)
        (self.across_years if across else self.within_year).append(comparison)

    def compile(self) -> CompiledRules:
        for table in self.fmt.tables:
            for block in table.blocks:
                self.structural(block)
        for rule in self.fmt.rules:
            if "check" in rule:
                self.metadata.append(rule)
            else:
                # A rule of several comparisons (legacy L-6) declares them as its ``parts``.
                for part in rule.get("parts", [rule]):
                    self.declared({**rule, **part})
        return CompiledRules(self.within_year, self.across_years, self.metadata)

    # Rules derived from the structure of a block.
    def structural(self, block: Block) -> None:
        cells = self.fmt.cells
        for column in block.leaf_columns:
            if not column.sum_of:
                continue
            parts = [c for c in block.leaf_columns if c.key in column.sum_of]
            if len(parts) != len(column.sum_of):
                raise self.fail(f"列「{column.label}」的 sum_of 中有不存在的列", column.rule or column.key)
            for row in block.data_rows:
                self.add(Comparison(column.rule, "error", f"「{column.label}」列等于各列之和",
                                    (Term(cells[cell_key(row.key, column.key)]),), "=",
                                    tuple(Term(cells[cell_key(row.key, c.key)]) for c in parts)))
        for row in block.all_rows:
            if row.sum_of:
                self.row_sum(block, row, self.expand_rows(row.sum_of, row.rule), row.rule,
                             f"「{row.label}」等于各项之和")
            if row.children_sum:
                parts = [r for child in row.children
                         for r in ([child] if child.is_data else child.data_descendants())]
                self.row_sum(block, row, parts, row.children_sum, f"「{row.label}」等于其下各项之和")
            if row.part_of_parent:
                for column in block.leaf_columns:
                    self.add(Comparison(row.part_of_parent, "error", f"「{row.label}」不超过其所属项",
                                        (Term(cells[cell_key(row.key, column.key)]),), "<=",
                                        (Term(cells[cell_key(row.parent.key, column.key)]),)))

    def row_sum(self, block: Block, row: Row, parts: list[Row], rule_id: str, title: str) -> None:
        for column in block.leaf_columns:
            self.add(Comparison(rule_id, "error", title, (Term(self.fmt.cells[cell_key(row.key, column.key)]),),
                                "=", tuple(Term(self.fmt.cells[cell_key(p.key, column.key)]) for p in parts)))

    def expand_rows(self, refs, rule_id: str) -> list[Row]:
        rows = []
        for ref in refs:
            if ref.endswith(".*"):
                parent = self.fmt.rows.get(ref[:-2])
                if parent is None:
                    raise self.fail(f"引用了不存在的行「{ref}」", rule_id)
                rows.extend(parent.data_descendants())
            elif ref in self.fmt.rows and self.fmt.rows[ref].is_data:
                rows.append(self.fmt.rows[ref])
            else:
                raise self.fail(f"引用了不存在的数据行「{ref}」", rule_id)
        return rows

    # Rules declared in the format's ``rules:`` list.
    def declared(self, rule: dict) -> None:
        rule_id = rule.get("id", "?")
        try:
            left_refs, op, right_refs = rule["compare"]
        except (KeyError, ValueError, TypeError):
            raise self.fail("规则必须有 compare: [[左项…], 运算符, [右项…]] 或 check", rule_id) from None
        if op not in OPERATORS:
            raise self.fail(f"未知的运算符「{op}」", rule_id)
        parsed = [(side, *self.parse_ref(ref, rule_id)) for side, refs in (("left", left_refs), ("right", right_refs))
                  for ref in refs]
        kinds = {kind for _, kind, *_ in parsed if kind != "cell"}
        if len(kinds) > 1:
            raise self.fail("同一规则不能同时按行和按列展开", rule_id)
        kind = kinds.pop() if kinds else "cell"
        for binding in self.bindings(kind, parsed, rule_id):
            left = [t for side, terms in binding for t in terms if side == "left"]
            right = [t for side, terms in binding for t in terms if side == "right"]
            for left_terms in ([[t] for t in left] if rule.get("each") else [left]):
                self.add(Comparison(rule_id, rule.get("severity", "warning"), rule.get("title", ""),
                                    tuple(left_terms), op, tuple(right),
                                    rule.get("describe_left"), rule.get("describe_right")))

    def parse_ref(self, ref: str, rule_id: str):
        sign = -1 if ref.startswith("-") else 1
        ref = ref.lstrip("-")
        previous = ref.startswith("previous:")
        ref = ref.removeprefix("previous:")
        if "|" in ref:
            row_part, column_key = ref.split("|", 1)
            if any(t.key == row_part for t in self.fmt.tables):
                return "column", (row_part, column_key), sign, previous
            key = cell_key(row_part, column_key)
            if key not in self.fmt.cells:
                raise self.fail(f"引用了不存在的单元格「{ref}」", rule_id)
            return "cell", self.fmt.cells[key], sign, previous
        return "row", self.expand_rows([ref], rule_id), sign, previous

    def bindings(self, kind: str, parsed, rule_id: str):
        """For each position the rule is repeated at, the terms of each side."""
        cells = self.fmt.cells
        if kind == "cell":
            yield [(side, [Term(target, sign, prev)]) for side, _, target, sign, prev in parsed]
        elif kind == "row":
            first_row = next(target[0] for _, k, target, *_ in parsed if k == "row")
            block = first_row.block
            for column in block.leaf_columns:
                yield [(side, [Term(cells[cell_key(r.key, column.key)], sign, prev) for r in target]
                        if k == "row" else [Term(target, sign, prev)])
                       for side, k, target, sign, prev in parsed]
        else:
            table_key, column_key = next(target for _, k, target, *_ in parsed if k == "column")
            table = self.fmt.table(table_key)
            for block in table.blocks:
                if column_key not in {c.key for c in block.leaf_columns}:
                    continue
                for row in block.data_rows:
                    binding = []
                    for side, k, target, sign, prev in parsed:
                        if k == "cell":
                            binding.append((side, [Term(target, sign, prev)]))
                            continue
                        key = cell_key(row.key, target[1])
                        if key not in cells:
                            raise self.fail(f"表「{table_key}」第{block.index + 1}块没有列「{target[1]}」", rule_id)
                        binding.append((side, [Term(cells[key], sign, prev)]))
                    yield binding


@functools.cache
def compile_rules(fmt: Format) -> CompiledRules:
    return _Compiler(fmt).compile()
