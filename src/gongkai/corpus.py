"""Measuring the extractor against hand-read truth: any folder of cases, each a published report with
``meta.json`` and ``truth.json`` (the layout of corpus, documented in its README).

A truth cell is written ``"<row label>|<column label>"`` with the labels as printed, a row label
prefixed by its group where it alone is ambiguous (``（三）不予公开/1.属于国家秘密|自然人``,
``行政诉讼/复议后起诉|结果维持``), and ``value`` as the column of the legacy table's one value column.

An inconsistency the truth lists names the rule whose finding reports it (``"rule": "T4-1"``), or
``null`` when no rule is about it (a typo, a garbled date); ``"possible": true`` marks a judgement
call. Findings are matched to them by rule: a finding of a rule the truth does not list for the case
is a false finding, a listed certain inconsistency without a finding is missed; a possible one counts
as found when reported and is neither missed nor false otherwise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from gongkai.extract.normalize import compact, normalize_text
from gongkai.extract.tables import label_matches, match_key
from gongkai.formats import Format


def resolve_truth_key(fmt: Format, truth_key: str) -> list[str]:
    """The cell keys (or heading-row keys, for a collapsed row) a truth key can name. Its labels are
    as printed, in traditional script too: compared in the form the readers store (simplified)."""
    row_part, column_label = normalize_text(truth_key).rsplit("|", 1)
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
    truth_inconsistencies: list[dict] = field(default_factory=list)
    medium: str = "text"
    found: list[str] = field(default_factory=list)  # rule ids of truth inconsistencies reported
    missed: list[str] = field(default_factory=list)  # texts of certain truth inconsistencies not reported
    false: list = field(default_factory=list)  # findings the truth does not list
    narrative_truth: int = 0  # numbers the truth says the narrative states
    narrative_read: int = 0  # of those, read by the reader as a statement with that value

    @property
    def failures(self) -> int:
        """Wrong values, values the truth does not list and false findings: each is a failure."""
        return len(self.wrong) + len(self.not_in_truth) + len(self.false)


MEDIA = {".txt": "text", ".html": "HTML", ".htm": "HTML", ".docx": "DOCX", ".pdf": "PDF"}


def medium(meta: dict) -> str:
    """text, HTML, DOCX, PDF or scan (``"scan": true`` in meta, or an image file)."""
    if meta.get("scan"):
        return "scan"
    return MEDIA.get(Path(meta["file"]).suffix.lower(), "scan")


def inconsistency(item) -> dict:
    """A truth inconsistency as a record (older truth files list bare sentences)."""
    return item if isinstance(item, dict) else {"text": item, "rule": None}


def match_findings(result: CaseResult) -> None:
    listed = [inconsistency(item) for item in result.truth_inconsistencies]
    for rule in sorted({f.rule for f in result.findings} | {i["rule"] for i in listed if i["rule"]}):
        findings = [f for f in result.findings if f.rule == rule]
        certain = [i for i in listed if i["rule"] == rule and not i.get("possible")]
        possible = [i for i in listed if i["rule"] == rule and i.get("possible")]
        found = min(len(findings), len(certain) + len(possible))
        result.found.extend([rule] * found)
        result.missed.extend(i["text"] for i in certain[len(findings):])
        result.false.extend(findings[len(certain) + len(possible):])


def truth_value(value) -> Decimal:
    return Decimal(str(value))


def evaluate_case(case: Path) -> CaseResult:
    from gongkai.audit import audit_file

    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    truth = json.loads((case / "truth.json").read_text(encoding="utf-8"))
    audit = audit_file(case / meta["file"])
    result = CaseResult(case.name, meta.get("format"), audit.format.id if audit.format else None,
                        truth_inconsistencies=[inconsistency(i) for i in truth.get("inconsistencies", [])],
                        findings=audit.findings, medium=medium(meta))
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
    match_findings(result)
    for phrase, number in truth.get("narrative_numbers", {}).items():
        start = compact(normalize_text(phrase))[:4]
        result.narrative_truth += 1
        result.narrative_read += any(truth_value(n.value) == truth_value(number) and start in n.sentence
                                     for n in audit.narrative)
    return result


@dataclass
class Tally:
    """Totals over cases (all of them, or one medium's)."""

    cases: int = 0
    truth_cells: int = 0
    right: int = 0
    wrong: int = 0
    not_read: int = 0
    not_in_truth: int = 0
    found: int = 0
    missed: int = 0
    false: int = 0
    narrative_truth: int = 0
    narrative_read: int = 0

    def add(self, result: CaseResult) -> None:
        self.cases += 1
        self.truth_cells += result.truth_cells
        self.right += result.right
        self.wrong += len(result.wrong)
        self.not_read += len(result.not_read)
        self.not_in_truth += len(result.not_in_truth)
        self.found += len(result.found)
        self.missed += len(result.missed)
        self.false += len(result.false)
        self.narrative_truth += result.narrative_truth
        self.narrative_read += result.narrative_read

    @property
    def failures(self) -> int:
        return self.wrong + self.not_in_truth + self.false

    def summary(self) -> str:
        share = f"（{self.right / self.truth_cells:.1%}）" if self.truth_cells else ""
        return (f"{self.cases} 份：真值 {self.truth_cells} 个，读对 {self.right} 个{share}，读错 {self.wrong} 个，"
                f"未读 {self.not_read} 个，真值之外 {self.not_in_truth} 个；问题 发现 {self.found}、"
                f"漏报 {self.missed}、误报 {self.false}；正文数字 读出 {self.narrative_read}/{self.narrative_truth}")


def tally(results: list[CaseResult]) -> tuple[Tally, dict[str, Tally]]:
    """The totals, and the totals per medium (text, HTML, DOCX, PDF, scan)."""
    total, by_medium = Tally(), {}
    for result in results:
        total.add(result)
        by_medium.setdefault(result.medium, Tally()).add(result)
    return total, by_medium


def cases_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("truth.json") if (p.parent / "meta.json").exists())
