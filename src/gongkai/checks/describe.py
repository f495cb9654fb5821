"""Chinese descriptions of cells and sums for findings a clerk can read."""

from __future__ import annotations

import re
from decimal import Decimal

from gongkai.formats import CellSpec, Column, Row

_LEADING_NUMBER = re.compile(r"^(其中[:：])?\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])?\s*")
_SUB_ITEM = re.compile(r"^\d+[.、．]")
_TRAILING_NOTE = re.compile(r"（[^（）]*）$")
CHINESE_NUMERALS = "零一二三四五六七八九十"


def short_row_label(row: Row) -> str:
    """「（一）主动公开政府信息数（不同渠道…计1条）」 → 「主动公开政府信息数」."""
    label = _TRAILING_NOTE.sub("", row.label) or row.label
    label = _LEADING_NUMBER.sub("", label) or label
    # Numbered items under a heading row (（三）不予公开 → 1.属于国家秘密) need the heading to be clear.
    if (_SUB_ITEM.match(row.label) and row.parent is not None and not row.parent.is_data
            and row.block.table.label_layout == "nested"):
        return f"{short_row_label(row.parent)}—{label}"
    return label


def column_description(column: Column) -> str:
    """The labels of the keyed columns from the top down: 「复议后起诉—结果维持」, 「自然人」."""
    labels = [column.label]
    node = column.parent
    while node is not None:
        if node.key and node.key != (node.parent.key if node.parent else ""):
            labels.insert(0, node.label)
        node = node.parent
    return "—".join(labels)


def cell_description(spec: CellSpec, *, with_column: bool | None = None) -> str:
    if with_column is None:
        with_column = len(spec.block.leaf_columns) > 1
    row = short_row_label(spec.row) if spec.row.label else ""
    if not with_column:
        return row
    column = column_description(spec.column)
    return f"{row}（{column}）" if row else column


def count_in_chinese(number: int) -> str:
    if number <= 10:
        return CHINESE_NUMERALS[number]
    if number < 20:
        return "十" + CHINESE_NUMERALS[number - 10]
    return str(number)


def format_value(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return str(value)


def terms_description(specs: list[CellSpec], signs: list[int], previous: list[bool]) -> str:
    """How a finding names one side of a comparison: one cell, or a sum of cells."""
    names = [("上年" if prev else "") + cell_description(spec, with_column=False)
             for spec, prev in zip(specs, previous, strict=True)]
    columns = {spec.column.key for spec in specs}
    rows = {spec.row.key for spec in specs}
    multi_column = len(specs[0].block.leaf_columns) > 1
    if len(specs) == 1:
        return ("上年报告的" if previous[0] else "") + cell_description(specs[0])
    if len(rows) == 1 and multi_column:
        # A row total: the same row across columns.
        names = [("上年" if prev else "") + column_description(spec.column)
                 for spec, prev in zip(specs, previous, strict=True)]
        prefix = f"「{short_row_label(specs[0].row)}」中" if specs[0].row.label else ""
    else:
        prefix = ""
        if len(columns) == 1 and multi_column:
            names = [f"{name}（{column_description(specs[0].column)}）" for name in names]
    if len(specs) <= 4:
        if all(sign > 0 for sign in signs):
            return prefix + "".join(f"「{name}」" for name in names) + "之和"
        parts = [("减" if sign < 0 else "加" if i else "") + f"「{name}」"
                 for i, (name, sign) in enumerate(zip(names, signs, strict=True))]
        return prefix + "".join(parts)
    return f"{prefix}「{names[0]}」至「{names[-1]}」{count_in_chinese(len(specs))}项之和"
