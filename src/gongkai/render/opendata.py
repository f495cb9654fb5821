"""Open data: one record per cell of the format, as JSON (with the report metadata) or CSV.

Labels are the official ones; ``row_path`` and ``column_path`` list the labels from the top of the
tree down. A missing value is ``null`` in JSON and an empty field in CSV, never 0; amounts are exact
decimal strings. The CSV is UTF-8 with a byte-order mark, which Excel needs to read Chinese, and
repeats format, agency and year on every line so that files of many agencies can be concatenated.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from gongkai.sheets import Report
from gongkai.text import spreadsheet_text

SCHEMA = "gongkai.opendata/1"
PATH_SEPARATOR = " > "
CSV_FIELDS = ("format", "agency", "year", "key", "table", "table_title", "row_label", "column_label",
              "row_path", "column_path", "unit", "value")


def cell_records(report: Report) -> list[dict]:
    records = []
    for spec, value in report.sheet.ordered_items():
        records.append({
            "key": spec.key,
            "table": spec.table.key,
            "table_title": spec.table.title,
            "row_label": spec.row.label,
            "column_label": spec.column.label,
            "row_path": [label for label in spec.row.path_labels if label],
            "column_path": list(spec.column.path_labels),
            "unit": spec.unit or "",
            "value": str(value) if isinstance(value, Decimal) else value,
        })
    return records


def report_metadata(report: Report) -> dict:
    fmt = report.format
    return {
        "format": fmt.id,
        "format_name": fmt.name,
        "format_basis": fmt.basis,
        "agency": report.agency,
        "agency_kind": report.agency_kind,
        "jurisdiction": report.jurisdiction,
        "year": report.year,
        "published": report.published.isoformat() if report.published else None,
        "title": report.display_title,
        "issuer": report.issuer,
    }


def render_json(report: Report) -> bytes:
    data = {"schema": SCHEMA, "report": report_metadata(report), "cells": cell_records(report)}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def render_csv(report: Report) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for record in cell_records(report):
        row = {
            **record,
            "format": report.format.id,
            "agency": report.agency,
            "row_path": PATH_SEPARATOR.join(record["row_path"]),
            "column_path": PATH_SEPARATOR.join(record["column_path"]),
        }
        # Text fields only: a value is a number, and a signed one legitimately starts with "-".
        writer.writerow({**{name: spreadsheet_text(str(text)) for name, text in row.items() if name != "value"},
                         "year": report.year, "value": "" if record["value"] is None else record["value"]})
    return buffer.getvalue().encode("utf-8-sig")
