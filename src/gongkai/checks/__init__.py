"""Consistency checks of reports.

Rules come from the format data in two ways: derived from the table structure (``sum_of`` on a row
or column, ``children_sum`` and ``part_of_parent`` on rows) and declared in the format's ``rules:``
list (``compare`` equations and inequalities, optionally across two years, and the metadata checks
``format_year`` and ``publication_date``). ``compile_rules`` turns them into concrete comparisons
once per format; ``check_report`` evaluates them. A comparison with a missing cell is not
assessable: it is counted, never a pass or a fail.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field

from gongkai.checks.comparisons import Comparison, compile_rules
from gongkai.formats import CellSpec, Format
from gongkai.sheets import Report, Value, json_value

SEVERITIES = ("error", "warning", "notice")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "notice": "提示"}


@dataclass
class FindingCell:
    key: str
    row_label: str
    column_label: str
    unit: str | None
    value: Value | None
    year: int | None = None

    def to_dict(self) -> dict:
        data = {"key": self.key, "row_label": self.row_label, "column_label": self.column_label,
                "unit": self.unit, "value": json_value(self.value) if self.value is not None else None}
        if self.year is not None:
            data["year"] = self.year
        return data


@dataclass
class Finding:
    rule: str
    severity: str
    message: str
    title: str = ""
    cells: list[FindingCell] = field(default_factory=list)
    expected: dict[str, str] | None = None  # cell key → the value that would satisfy the rule
    agency: str = ""
    year: int | None = None

    def to_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "title": self.title, "message": self.message,
                "cells": [c.to_dict() for c in self.cells], "expected": self.expected,
                "agency": self.agency, "year": self.year}

    def __str__(self) -> str:
        return f"[{self.rule} {SEVERITY_LABELS[self.severity]}] {self.message}"


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    assessed: int = 0
    not_assessable: int = 0
    # The narrative's findings (among ``findings``) with the section and sentence each comes from
    # (``checks.narrative.PlacedFinding``), for a page that shows them beside the text.
    placed: list = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def extend(self, other: CheckResult) -> None:
        self.findings.extend(other.findings)
        self.assessed += other.assessed
        self.not_assessable += other.not_assessable
        self.placed.extend(other.placed)

    def to_dict(self) -> dict:
        return {"findings": [f.to_dict() for f in self.findings], "assessed": self.assessed,
                "not_assessable": self.not_assessable}


def finding_cell(spec: CellSpec, value: Value | None, year: int | None = None) -> FindingCell:
    return FindingCell(spec.key, spec.row.label, spec.column.label, spec.unit, value, year)


def _evaluate(comparisons: list[Comparison], report: Report, previous: Report | None,
              result: CheckResult) -> None:
    for comparison in comparisons:
        outcome = comparison.evaluate(report, previous)
        if outcome is None:
            result.not_assessable += 1
            continue
        result.assessed += 1
        if outcome.holds:
            continue
        cells = [finding_cell(term.spec, term_value, previous.year if term.previous else None)
                 for term, term_value in zip(comparison.terms, outcome.values, strict=True)]
        result.findings.append(Finding(
            rule=comparison.rule_id, severity=comparison.severity, title=comparison.title,
            message=outcome.message, cells=cells, expected=outcome.expected,
            agency=report.agency, year=report.year))


def check_report(report: Report, previous: Report | None = None, *, year_known: bool = True) -> CheckResult:
    """Every finding on ``report``; with ``previous`` (the same agency's report on the year before,
    in the same format) also the across-year rules; a report that holds its narrative, the claims of
    that text against its tables (X-1 and the N- rules on one text, ``checks/narrative.py``).
    ``year_known=False`` (an audit that could not read the report's year): the metadata checks, which
    all judge the year, are left out."""
    rules = compile_rules(report.format)
    result = CheckResult()
    _evaluate(rules.within_year, report, None, result)
    if previous is not None and previous.format is report.format and previous.year == report.year - 1:
        _evaluate(rules.across_years, report, previous, result)
    if year_known:
        _check_metadata(report, result)
    if any(section.text.strip() for section in report.sections):
        from gongkai.checks.narrative import placed_findings  # it imports the claims, which import this

        result.placed = placed_findings(report)
        result.findings.extend(placed.finding for placed in result.placed)
    result.findings.sort(key=lambda f: SEVERITIES.index(f.severity))
    return result


def check_without_tables(report: Report) -> CheckResult:
    """The metadata checks that need no table (``TABLELESS_CHECKS``), for a report whose tables were not
    read but whose year is known: ``report.format`` is the year's format, its sheet empty."""
    result = CheckResult()
    _check_metadata(report, result, only=TABLELESS_CHECKS)
    return result


def _check_metadata(report: Report, result: CheckResult, only: tuple[str, ...] | None = None) -> None:
    for rule in compile_rules(report.format).metadata:
        if rule["check"] in AUDIT_CHECKS or (only is not None and rule["check"] not in only):
            continue  # AUDIT_CHECKS: the audit runs them on the published text (gongkai.audit)
        finding = METADATA_CHECKS[rule["check"]](report, rule)
        if finding is not None:
            finding.agency, finding.year = report.agency, report.year
            result.findings.append(finding)


def _severity(rule: dict, part: str) -> str:
    severity = rule.get("severity", "warning")
    return severity[part] if isinstance(severity, dict) else severity


def check_format_year(report: Report, rule: dict) -> Finding | None:
    fmt = report.format
    if fmt.applies_to(report.year):
        return None
    return Finding(rule=rule["id"], severity=_severity(rule, "mismatch"), title=rule.get("title", ""),
                   message=f"{report.year}年度报告使用了「{fmt.name}」（{fmt.basis}，适用于{fmt.years_label}年度）")


def publication_deadline(fmt: Format, year: int, agency_kind: str | None) -> datetime.date:
    """The statutory deadline; when the kind of agency is unknown, the latest one applies."""
    deadlines = fmt.publication_deadline
    month_day = deadlines.get(agency_kind) if agency_kind else None
    month_day = month_day or max(deadlines.values())
    month, day = (int(part) for part in month_day.split("-"))
    return datetime.date(year + 1, month, day)


def check_publication_date(report: Report, rule: dict) -> Finding | None:
    published = report.published
    if published is None:
        return None
    if published.year <= report.year:
        return Finding(rule=rule["id"], severity=_severity(rule, "too_early"), title="发布日期在报告年度结束之后",
                       message=f"发布日期{published:%Y年%-m月%-d日}不在{report.year}年度结束之后")
    deadline = publication_deadline(report.format, report.year, report.agency_kind)
    if published > deadline:
        return Finding(rule=rule["id"], severity=_severity(rule, "late"), title="按法定时限发布年度报告",
                       message=f"发布日期{published:%Y年%-m月%-d日}晚于法定期限{deadline:%Y年%-m月%-d日}")
    return None


METADATA_CHECKS = {"format_year": check_format_year, "publication_date": check_publication_date}
# Those that judge only the year and the dates: format_year judges the table's format, so it needs one.
TABLELESS_CHECKS = ("publication_date",)
# Checks declared in the format files that need the narrative's text: gongkai.audit runs them on a
# published text, check_report on the sections of a report that holds them (checks/narrative.py).
AUDIT_CHECKS = ("narrative_numbers", "narrative_share", "narrative_all", "narrative_none", "narrative_twice",
                "narrative_change", "narrative_fee_notices", "repeated_narrative")


def declared_check(fmt: Format, check: str) -> dict:
    """The declaration (id, severity, title, its parameters) of the format's rule run by ``check``."""
    for rule in fmt.rules:
        if rule.get("check") == check:
            return rule
    raise KeyError(f"{fmt.id}: no rule with check {check}")


@functools.cache
def rule_catalogue(format_id: str) -> list[tuple[str, str, str]]:
    """(rule id, severity, title) of every rule of a format, each id once."""
    from gongkai.formats import load_format

    seen: dict[str, tuple[str, str, str]] = {}
    fmt = load_format(format_id)
    titles = {rule["id"]: rule.get("title") for rule in fmt.rules}  # a rule of several parts: its own title
    rules = compile_rules(fmt)
    for comparison in (*rules.within_year, *rules.across_years):
        title = titles.get(comparison.rule_id) or comparison.title
        seen.setdefault(comparison.rule_id, (comparison.rule_id, comparison.severity, title))
    for rule in rules.metadata:
        severity = rule.get("severity", "warning")
        worst = min(severity.values(), key=SEVERITIES.index) if isinstance(severity, dict) else severity
        seen.setdefault(rule["id"], (rule["id"], worst, rule.get("title", rule["id"])))
    return list(seen.values())
