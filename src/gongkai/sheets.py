"""Reports and their statistics sheets: validation, JSON (de)serialisation, and summing.

A ``Report`` is metadata (agency, jurisdiction, year, format, publication date), narrative
sections, and a ``Sheet`` of cell values keyed by the format's cell keys. A missing value is absent
from the sheet, never zero. Counts are ``int``; money (万元) is ``Decimal``, never ``float``.
The JSON schema is documented in ``docs/report-json.md``.
"""

from __future__ import annotations

import datetime
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from gongkai.errors import InputError
from gongkai.formats import CellSpec, Format, load_format

SCHEMA = "gongkai.report/1"
AGENCY_KINDS = ("government", "department")
Value = int | Decimal
# No count or amount of disclosure work reaches 10^18 (1e300 in an imported cell is a typing accident,
# not a count), nor needs more than 10 decimal places; within these, every value and every sum of a
# jurisdiction's reports is stored exactly (as text, in well under the 64 characters a cell row holds).
MAX_DIGITS = 18
MAX_PLACES = 10
VALUE_LIMIT = 10**MAX_DIGITS
OUT_OF_RANGE = f"超出范围（整数部分最多{MAX_DIGITS}位，小数最多{MAX_PLACES}位）"


def parse_cell_value(spec: CellSpec, raw: object, place: str) -> Value:
    """The value of ``raw`` for the cell ``spec``, or an InputError that names ``place``."""
    if isinstance(raw, int) and not isinstance(raw, bool) and -VALUE_LIMIT < raw < VALUE_LIMIT \
            and (raw >= 0 or spec.type == "signed") and spec.type != "amount":
        return raw  # the common case, kept cheap: a compilation reads hundreds of thousands of cells
    if isinstance(raw, str) and spec.type == "count" and raw.isascii() and raw.isdigit() \
            and int(raw) < VALUE_LIMIT:
        return int(raw)

    def invalid(problem: str) -> InputError:
        label = f"「{spec.row.label}」" + (f"「{spec.column.label}」" if spec.block.leaf_columns[1:] else "")
        return InputError(f"{label}的值{problem}", place)

    if isinstance(raw, bool) or raw is None:
        raise invalid(f"「{raw}」不是数字")
    if spec.type == "amount":
        try:
            value = Decimal(str(raw).strip().replace(",", ""))
        except InvalidOperation:
            raise invalid(f"「{raw}」不是数字（金额，单位：{spec.unit or '元'}）") from None
        if not value.is_finite():
            raise invalid(f"「{raw}」不是数字")
        if value < 0:
            raise invalid(f"{raw}为负数，金额不能为负")
        if value >= VALUE_LIMIT or value.as_tuple().exponent < -MAX_PLACES:
            raise invalid(f"「{raw}」{OUT_OF_RANGE}")
        return value
    if isinstance(raw, float | Decimal):
        if not (raw.is_finite() if isinstance(raw, Decimal) else math.isfinite(raw)):
            raise invalid(f"「{raw}」不是数字")
        if abs(raw) >= VALUE_LIMIT:
            raise invalid(f"「{raw}」{OUT_OF_RANGE}")
        if raw != int(raw):
            raise invalid(f"{raw}不是整数")
        raw = int(raw)
    if isinstance(raw, str):
        text = raw.strip().replace(",", "")
        if not text.lstrip("-").isdigit():
            raise invalid(f"「{raw}」不是整数")
        raw = int(text)
    if not isinstance(raw, int):
        raise invalid(f"「{raw}」不是整数")
    if raw < 0 and spec.type != "signed":
        raise invalid(f"{raw}为负数，数量不能为负")
    if abs(raw) >= VALUE_LIMIT:
        raise invalid(f"「{raw}」{OUT_OF_RANGE}")
    return raw


@dataclass
class Sheet:
    """The cell values of one statistics table set, in one format."""

    format: Format
    values: dict[str, Value] = field(default_factory=dict)

    def get(self, key: str) -> Value | None:
        return self.values.get(key)

    def set(self, key: str, raw: object, place: str | None = None) -> None:
        spec = self.spec(key, place)
        self.values[key] = parse_cell_value(spec, raw, place or f"单元格 {key}")

    def clear(self, key: str) -> None:
        self.spec(key)
        self.values.pop(key, None)

    def spec(self, key: str, place: str | None = None) -> CellSpec:
        try:
            return self.format.cells[key]
        except KeyError:
            raise InputError(f"格式 {self.format.id} 中没有单元格「{key}」", place or "cells") from None

    def ordered_items(self) -> list[tuple[CellSpec, Value | None]]:
        """Every cell of the format in the official order, with its value or None when missing."""
        return [(spec, self.values.get(key)) for key, spec in self.format.cells.items()]


@dataclass
class ReportSection:
    heading: str
    text: str = ""
    key: str | None = None


@dataclass
class Report:
    agency: str
    year: int
    sheet: Sheet
    jurisdiction: str = ""
    agency_kind: str | None = None  # "government" (a government's own report) or "department"
    published: datetime.date | None = None
    title: str = ""
    issuer: str = ""  # the office that signs the report, e.g. 九台区政务公开协调办公室
    sections: list[ReportSection] = field(default_factory=list)

    @property
    def format(self) -> Format:
        return self.sheet.format

    @property
    def display_title(self) -> str:
        return self.title or f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA,
            "format": self.format.id,
            "agency": self.agency,
            "agency_kind": self.agency_kind,
            "jurisdiction": self.jurisdiction,
            "year": self.year,
            "published": self.published.isoformat() if self.published else None,
            "title": self.title,
            "issuer": self.issuer,
            "sections": [
                {key: value for key, value in (("key", s.key), ("heading", s.heading), ("text", s.text)) if value}
                for s in self.sections
            ],
            "cells": {key: json_value(value) for key, value in self.sheet.values.items()},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"


def json_value(value: Value) -> int | str:
    """Amounts are written as decimal strings so that no reader turns them into floats."""
    return str(value) if isinstance(value, Decimal) else value


def report_from_dict(data: object, place: str = "") -> Report:
    """A validated ``Report`` from its JSON form; errors name the field."""
    where = f"{place}, " if place else ""
    if not isinstance(data, dict):
        raise InputError("报告 JSON 的顶层必须是对象", place or "JSON")
    schema = data.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise InputError(f"不支持的 schema「{schema}」（应为 {SCHEMA}）", f"{where}字段 schema")
    for name in ("format", "agency", "year"):
        if data.get(name) in (None, ""):
            raise InputError(f"缺少必填字段「{name}」", f"{where}字段 {name}")
    try:
        fmt = load_format(str(data["format"]))
    except InputError as error:
        raise InputError(error.message, f"{where}字段 format") from None
    year = data["year"]
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise InputError(f"年度「{year}」不是有效的年份", f"{where}字段 year")
    agency_kind = data.get("agency_kind")
    if agency_kind not in (None, *AGENCY_KINDS):
        raise InputError(f"agency_kind「{agency_kind}」无效（应为 government 或 department）",
                         f"{where}字段 agency_kind")
    published = None
    if data.get("published"):
        try:
            published = datetime.date.fromisoformat(str(data["published"]))
        except ValueError:
            raise InputError(f"发布日期「{data['published']}」不是 YYYY-MM-DD 格式的日期",
                             f"{where}字段 published") from None
    sections = []
    for index, section in enumerate(data.get("sections") or []):
        if not isinstance(section, dict) or not section.get("heading"):
            raise InputError("每一节必须有标题（heading）", f"{where}sections[{index}]")
        sections.append(ReportSection(heading=str(section["heading"]), text=str(section.get("text", "")),
                                      key=section.get("key")))
    cells = data.get("cells") or {}
    if not isinstance(cells, dict):
        raise InputError("cells 必须是对象（单元格键 → 数值）", f"{where}字段 cells")
    sheet = Sheet(fmt)
    for key, raw in cells.items():
        if raw is None:
            continue
        sheet.set(key, raw, f"{where}cells[\"{key}\"]")
    return Report(agency=str(data["agency"]), year=year, sheet=sheet, jurisdiction=str(data.get("jurisdiction") or ""),
                  agency_kind=agency_kind, published=published, title=str(data.get("title") or ""),
                  issuer=str(data.get("issuer") or ""), sections=sections)


def load_report_json(path: str | Path) -> Report:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("文件不存在", str(path)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"无法读取文件：{error}", str(path)) from None
    if not text.strip():
        raise InputError("文件为空", str(path))
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise InputError(f"不是有效的 JSON：{error.msg}（第{error.lineno}行第{error.colno}列）", str(path)) from None
    return report_from_dict(data, str(path))


def sum_reports(reports: list[Report], *, agency: str, jurisdiction: str = "",
                year: int | None = None) -> tuple[Report, dict[str, list[str]]]:
    """A jurisdiction total: every cell the sum of its members' cells.

    A cell that some member left blank stays blank in the total (a missing value is not zero);
    the second result maps each such cell key to the members that lack it.
    """
    if not reports:
        raise InputError("没有要汇总的报告", "sum")
    fmt = reports[0].format
    years = {r.year for r in reports}
    for report in reports:
        if report.format is not fmt:
            raise InputError(f"报告格式不一致：{report.agency} 为 {report.format.id}，其他为 {fmt.id}",
                             report.agency)
    if year is None:
        if len(years) > 1:
            raise InputError(f"报告年度不一致：{sorted(years)}", "sum")
        year = years.pop()
    totals: dict[str, Value] = {}
    missing: dict[str, list[str]] = {}
    for key in fmt.cells:
        total: Value = 0
        for report in reports:
            value = report.sheet.values.get(key)
            if value is None:
                missing.setdefault(key, []).append(report.agency)
            else:
                total += value
        if key not in missing:
            totals[key] = total
    sheet = Sheet(fmt, totals)
    return Report(agency=agency, jurisdiction=jurisdiction, year=year, sheet=sheet, agency_kind="government"), missing
