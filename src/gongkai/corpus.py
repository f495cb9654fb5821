"""Measuring the extractor against hand-read truth: any folder of cases, each a published report with
``meta.json`` and ``truth.json`` (the layout of corpus, documented in its README).

A truth cell is written ``"<row label>|<column label>"`` with the labels as printed, a row label
prefixed by its group where it alone is ambiguous (``（三）不予公开/1.属于国家秘密|自然人``,
``行政诉讼/复议后起诉|结果维持``), and ``value`` as the column of the legacy table's one value column.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from gongkai.extract.tables import label_matches, match_key
from gongkai.formats import Format


def resolve_truth_key(fmt: Format, truth_key: str) -> list[str]:
    """The cell keys (or heading-row keys, for a collapsed row) a truth key can name."""
    row_part, column_label = truth_key.rsplit("|", 1)
    *groups, row_label = row_part.split("/")
    found = []
    for table in fmt.tables:
        for block in table.blocks:
            for row in block.all_rows:
                row_is_column_group = not row.label
                if row_is_column_group:
                    labels = [*groups, row_label]
                elif (label_matches(row.label, match_key(row_label))
                      or label_matches(row_label, match_key(row.label))) and all(
                        any(match_key(g) == match_key(label) for label in row.path_labels) for g in groups):
                    labels = []
                else:
                    continue
                for column in block.leaf_columns:
                    if column_label != "value" and match_key(column.label) != match_key(column_label):
                        continue
                    if not all(match_key(g) in map(match_key, column.path_labels) for g in labels):
                        continue
                    found.append(f"{row.key}|{column.key}")
    return found


@dataclass
class CaseResult:
    name: str
    format_expected: str
    format_detected: str | None
    truth_cells: int = 0
    right: int = 0
    wrong: list[tuple[str, object, object]] = field(default_factory=list)  # truth key, read, truth
    not_read: list[tuple[str, str]] = field(default_factory=list)  # truth key, reason
    not_in_truth: list[str] = field(default_factory=list)  # keys read that the truth does not list
    unresolved: list[str] = field(default_factory=list)  # truth keys that name no cell of the format
    findings: list = field(default_factory=list)
    truth_inconsistencies: list[str] = field(default_factory=list)


def truth_value(value) -> Decimal:
    return Decimal(str(value))


def evaluate_case(case: Path) -> CaseResult:
    from gongkai.audit import audit_file

    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    truth = json.loads((case / "truth.json").read_text(encoding="utf-8"))
    audit = audit_file(case / meta["file"])
    result = CaseResult(case.name, meta.get("format"), audit.format.id if audit.format else None,
                        truth_inconsistencies=list(truth.get("inconsistencies", [])), findings=audit.findings)
    read = {cell["key"]: cell for cell in audit.cells_json()}
    unread = {item["key"]: item["reason"] for item in audit.unread_json()}
    claimed = set()
    fmt = audit.format
    for truth_key, expected in truth.get("cells", {}).items():
        result.truth_cells += 1
        keys = resolve_truth_key(fmt, truth_key) if fmt else []
        if len(keys) != 1:
            result.unresolved.append(truth_key)
            result.not_read.append((truth_key, "格式未识别" if fmt is None else "无法对应到格式中的单元格"))
            continue
        key = keys[0]
        claimed.add(key)
        if key not in read:
            result.not_read.append((truth_key, unread.get(key, "未读出")))
        elif truth_value(read[key]["value"]) != truth_value(expected):
            result.wrong.append((truth_key, read[key]["value"], expected))
        else:
            result.right += 1
    result.not_in_truth = sorted(set(read) - claimed)
    return result


def cases_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("truth.json") if (p.parent / "meta.json").exists())
