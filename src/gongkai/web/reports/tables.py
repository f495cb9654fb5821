"""The statistics form laid out like the official table, from the core's layout grid."""

from dataclasses import dataclass

from gongkai.checks import SEVERITY_LABELS, CheckResult
from gongkai.formats import Format
from gongkai.render.layout import GridCell, display_value, format_layouts
from gongkai.sheets import Value


@dataclass
class FormCell:
    grid: GridCell
    value: str = ""
    severity: str = ""  # the worst finding or input error on this cell: error, warning, notice
    notes: tuple[str, ...] = ()


@dataclass
class FormTable:
    title: str
    rows: list[list[FormCell]]


def cell_notes(result: CheckResult | None, input_errors: dict[str, str]) -> dict[str, dict]:
    """Cell key → {severity, messages}: what the form shows beside each cell."""
    notes: dict[str, dict] = {}
    for key, message in input_errors.items():
        notes[key] = {"severity": "error", "messages": [message]}
    for finding in result.findings if result else []:
        for cell in finding.cells:
            if cell.year is not None:
                continue  # last year's cell is not on this form
            note = notes.setdefault(cell.key, {"severity": finding.severity, "messages": []})
            note["messages"].append(f"[{finding.rule}] {finding.message}")
    return notes


def form_tables(fmt: Format, values: dict[str, Value | str], notes: dict[str, dict]) -> list[FormTable]:
    """Every table of ``fmt`` as rows of cells; value cells carry their key, value and notes."""
    tables = []
    for layout in format_layouts(fmt):
        rows: list[list[FormCell]] = [[] for _ in range(layout.rows)]
        for grid in sorted(layout.cells, key=lambda c: (c.row, c.col)):
            cell = FormCell(grid)
            if grid.key:
                value = values.get(grid.key)
                cell.value = value if isinstance(value, str) else display_value(value)
                note = notes.get(grid.key)
                if note:
                    cell.severity, cell.notes = note["severity"], tuple(note["messages"])
            rows[grid.row].append(cell)
        tables.append(FormTable(layout.table.title, rows))
    return tables


def cell_label(fmt: Format, key: str) -> str:
    """A cell as a clerk names it: its row, and its column when the block has several."""
    spec = fmt.cells.get(key)
    return key if spec is None else spec.label


def finding_items(result: CheckResult, fmt: Format) -> list[dict]:
    """The findings with their severity in words and this year's cells, labelled, for the panel."""
    return [{"finding": finding, "severity": SEVERITY_LABELS[finding.severity],
             "cells": [(cell.key, cell_label(fmt, cell.key)) for cell in finding.cells if cell.year is None]}
            for finding in result.findings]
