"""Past published reports into the platform (导入往年已公开的报告).

The audit's readers read an uploaded report (PDF, DOCX, a web page, a scan …); the clerk sees every
cell read with its source and evidence, what could not be read and every finding, corrects cells and
confirms. The report then becomes the agency's published report for its year
(``services.record_published``), so cross-year checks and the trend charts work from the first day.
Every value read and every correction is a recorded change of the report's history.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.audit import SUPPORTED_SUFFIXES, AuditResult, audit_file
from gongkai.checks import Finding, FindingCell
from gongkai.errors import InputError
from gongkai.extract.limits import Limits
from gongkai.extract.narrative import narrative_lines
from gongkai.extract.normalize import compact
from gongkai.formats import Format, load_format
from gongkai.render.layout import display_value
from gongkai.sheets import Report, ReportSection, Sheet
from gongkai.web.agencies.models import Agency
from gongkai.web.reports import services
from gongkai.web.reports.models import AnnualReport

ReportError = services.ReportError


@dataclass
class ReadCell:
    key: str
    row_label: str
    column_label: str
    value: str  # as the form shows it
    raw: str
    source: str  # text, ocr …
    line: int | None
    line_text: str
    confidence: float | None
    group: str = ""  # the labels above the row (四、依申请公开情况 / （三）申请答复数), for rows named alike


@dataclass
class Reading:
    """What the readers made of one uploaded report."""

    filename: str
    format: Format
    year: int | None
    title: str
    published: datetime.date | None
    cells: list[ReadCell]
    unread: list[dict]
    findings: list[Finding]
    sections: list[ReportSection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """Kept between reading and confirming (in the session): plain JSON."""
        return {"filename": self.filename, "format": self.format.id, "year": self.year, "title": self.title,
                "published": self.published.isoformat() if self.published else None,
                "cells": [vars(cell) for cell in self.cells], "unread": self.unread,
                "findings": [finding.to_dict() for finding in self.findings],
                "sections": [vars(section) for section in self.sections], "warnings": self.warnings}

    @classmethod
    def from_json(cls, data: dict) -> Reading:
        findings = [Finding(**{**f, "cells": [FindingCell(**c) for c in f["cells"]]}) for f in data["findings"]]
        return cls(data["filename"], load_format(data["format"]), data["year"], data["title"],
                   datetime.date.fromisoformat(data["published"]) if data["published"] else None,
                   [ReadCell(**cell) for cell in data["cells"]], data["unread"], findings,
                   [ReportSection(**section) for section in data["sections"]], data["warnings"])


def read_upload(filename: str, chunks: Iterable[bytes]) -> Reading:
    """Read an uploaded published report; a file that is not one is refused with its name and why."""
    name = Path(filename).name or "上传的文件"
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kinds = "、".join(s[1:].upper() for s in SUPPORTED_SUFFIXES)
        raise ReportError(f"文件「{name}」：不支持该文件类型，请上传 {kinds} 格式的年度报告。")
    limit = Limits().max_file_bytes
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report{suffix}"
        size = 0
        with path.open("wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise ReportError(f"文件「{name}」超过{limit // (1024 * 1024)}MB，未导入。")
                out.write(chunk)
        if size == 0:
            raise ReportError(f"文件「{name}」是空文件，未导入。")
        try:
            result = audit_file(path)
        except InputError as error:
            raise ReportError(f"文件「{name}」：{error.message}") from None
    if result.format is None:
        raise ReportError(f"文件「{name}」：未能从统计表识别报告格式，无法作为年度报告导入。")
    return _reading(name, result)


def _reading(name: str, result: AuditResult) -> Reading:
    cells = []
    for cell in result.reading.cells:
        evidence = cell.evidence
        cells.append(ReadCell(cell.spec.key, cell.spec.row.label, cell.spec.column.label, display_value(cell.value),
                              cell.raw, cell.line.source, cell.line.number, cell.line.text,
                              evidence.get("confidence", cell.line.confidence),
                              " / ".join(cell.spec.row.path_labels[:-1])))
    title = next((line.text for line in result.document.lines[:5] if "年度报告" in line.text), "")
    return Reading(name, result.format, result.year, title[:200], result.published, cells, result.unread_json(),
                   result.findings, sections_of(result), result.document.warnings + result.notes)


def sections_of(result: AuditResult) -> list[ReportSection]:
    """The narrative, cut where a line starts with a section's numbering of the format (一、 … 六、);
    text before the first such line is a section of its own."""
    fmt = result.format
    numbered = {section.heading.split("、")[0] + "、": section for section in fmt.sections}
    found: list[ReportSection] = []
    for line in narrative_lines(result.document, fmt, result.reading.table_lines):
        text = compact(line.text)
        section = next((s for prefix, s in numbered.items() if text.startswith(prefix)), None)
        if section is not None and len(text) <= 40:
            found.append(ReportSection(heading=text, key=section.key))
            continue
        if not found:
            found.append(ReportSection(heading="正文"))
        found[-1].text = f"{found[-1].text}\n{line.text}".strip()
    return found


def confirm_import(agency: Agency, user, *, format_id: str, year: int, read: Mapping[str, str],
                   values: Mapping[str, str], sections: list[ReportSection], title: str,
                   published: datetime.date | None, filename: str, replace: bool = False) -> AnnualReport:
    """Record the confirmed reading as ``agency``'s published report on ``year``: the values read,
    then each correction (read → corrected) as its own change. Refused when the agency has a report on
    that year, unless ``replace`` is confirmed; invalid values are refused all together, cell by cell."""
    try:
        fmt = load_format(format_id)
    except InputError as error:
        raise ReportError(error.message) from None
    if not fmt.applies_to(year):
        raise ReportError(f"{year}年度的报告不使用「{fmt.name}」，请核对报告年度。")
    as_read, errors = services.parse_cells(fmt, {k: v for k, v in read.items() if k in fmt.cells})
    confirmed, confirm_errors = services.parse_cells(fmt, {k: v for k, v in values.items() if k in fmt.cells})
    errors.update(confirm_errors)
    if errors:
        raise services.InvalidCells(errors)
    corrections = {key: value for key, value in confirmed.items() if as_read.get(key) != value}
    core = Report(agency=agency.name, year=year, sheet=Sheet(fmt, {k: v for k, v in as_read.items() if v is not None}),
                  published=published, title=title, sections=sections)
    return services.record_published(agency, core, user, note=f"导入已公开的报告 {filename}", corrections=corrections,
                                     replace=replace)


def existing_report(agency: Agency, year: int | None) -> AnnualReport | None:
    return AnnualReport.objects.filter(agency=agency, year=year).first() if year else None
