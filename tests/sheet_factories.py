"""Statistics sheets that satisfy every within-year rule of their format, built from the format's own
rules (``compile_rules``), not from a copy of them: Hypothesis strategies for the tests, and
``consistent_values`` for the benchmarks."""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from hypothesis import strategies as st

from gongkai.checks.comparisons import OPERATORS, Comparison, compile_rules
from gongkai.formats import Format, load_format
from gongkai.sheets import Report, Sheet

counts = st.integers(min_value=0, max_value=60)
amounts = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)


@dataclass(frozen=True)
class _Identities:
    sums: dict[str, tuple[str, ...]]  # a cell → the cells it is the sum of (the first such rule of each cell)
    order: tuple[str, ...]  # the sums, parts before the sums they are part of
    above: dict[str, tuple[str, ...]]  # a cell → every sum it counts in, as often as it does
    constraints: tuple[Comparison, ...]  # every other within-year comparison


@functools.cache
def _identities(fmt: Format) -> _Identities:
    comparisons = compile_rules(fmt).within_year
    sums: dict[str, tuple[str, ...]] = {}
    constraints = []
    for comparison in comparisons:
        left = comparison.left[0].spec.key
        if (comparison.op == "=" and len(comparison.left) == 1 and left not in sums
                and all(term.sign == 1 for term in comparison.terms)):
            sums[left] = tuple(term.spec.key for term in comparison.right)
        else:
            constraints.append(comparison)
    order: list[str] = []

    def visit(key: str) -> None:
        if key in sums and key not in order:
            for part in sums[key]:
                visit(part)
            order.append(key)

    for key in sums:
        visit(key)
    direct: dict[str, list[str]] = {}
    for total, parts in sums.items():
        for part in parts:
            direct.setdefault(part, []).append(total)

    def above(key: str) -> list[str]:
        return [total for parent in direct.get(key, ()) for total in (parent, *above(parent))]

    return _Identities(sums, tuple(order), {key: tuple(above(key)) for key in fmt.cells}, tuple(constraints))


def consistent_values(fmt: Format, values: dict) -> dict:
    """``values`` (every cell of ``fmt``, drawn freely, none negative) changed until every within-year
    rule holds: each sum the format defines is computed from its parts, and a comparison that fails
    raises the smaller side by the difference (through the first part of a sum), until none fails."""
    identities = _identities(fmt)
    values = dict(values)
    for key in identities.order:
        values[key] = sum(values[part] for part in identities.sums[key])

    def side(terms) -> int:
        return sum(term.sign * values[term.spec.key] for term in terms)

    def raise_cell(key: str, delta) -> None:
        while key in identities.sums:
            key = identities.sums[key][0]
        for changed in (key, *identities.above[key]):
            values[changed] += delta

    for _ in range(100):
        failed = False
        for comparison in identities.constraints:
            left, right = side(comparison.left), side(comparison.right)
            if OPERATORS[comparison.op](left, right):
                continue
            failed = True
            smaller = comparison.left if left < right else comparison.right
            raise_cell(next(term.spec.key for term in smaller if term.sign == 1), abs(left - right))
        if not failed:
            return values
    raise AssertionError(f"{fmt.id}: the rules could not all be satisfied")


def drawn_values(fmt: Format, count: Callable[[], int], amount: Callable[[], object]) -> dict:
    return {key: amount() if spec.type == "amount" else count() for key, spec in fmt.cells.items()}


@st.composite
def consistent_report(draw, format_id: str = "gov2021", year: int = 2022) -> Report:
    fmt = load_format(format_id)
    values = consistent_values(fmt, drawn_values(fmt, lambda: draw(counts), lambda: draw(amounts)))
    sheet = Sheet(fmt)
    for key, value in values.items():
        sheet.set(key, value)
    return Report(agency="测试局", year=year, sheet=sheet)
