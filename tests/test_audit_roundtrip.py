"""Round trip: whatever gongkai renders, the audit reads back exactly the cells rendered, blanks included.

For random reports of every format (identities satisfied, or not: a report may be wrong and must still
be read as printed), every rendering (HTML, DOCX, XLSX, PDF) and the plain text a reader copies out of each
grid (cells separated by tabs, as a browser, Word or Excel copies them) audits back to the rendered values:
every printed value read with its value, every blank cell left unread, nothing else reported. A PDF's
text has no cells to copy (blank cells leave no trace in it): the PDF itself is read by position.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.audit import audit_file
from gongkai.extract import read_document
from gongkai.formats import load_format
from gongkai.render import render
from gongkai.sheets import Report, ReportSection, Sheet, json_value
from tests.sheet_factories import consistent_report

GRIDS = ("html", "docx", "xlsx")
RENDERINGS = (*GRIDS, "pdf")
# Printing a PDF takes about a second: fewer examples of it keep the test short.
EXAMPLES = {"html": 8, "docx": 8, "xlsx": 8, "pdf": 4}


def round_trip(kind: str):
    return settings(max_examples=EXAMPLES[kind], deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def any_values_report(draw, format_id: str) -> Report:
    """Values that need not add up, signed and decimal cells included: a report as some publish it."""
    fmt = load_format(format_id)
    sheet = Sheet(fmt)
    for key, spec in fmt.cells.items():
        if spec.type == "amount":
            sheet.set(key, draw(st.decimals(0, 10**6, places=2, allow_nan=False, allow_infinity=False)))
        elif spec.type == "signed":
            sheet.set(key, draw(st.integers(-99, 99)))
        else:
            sheet.set(key, draw(st.integers(0, 99999)))
    return Report(agency="测试县人民政府", year=fmt.year_from + 1, sheet=sheet)


class Published:
    """A drawn report, shown by what matters when a case fails (a Report's own repr runs to megabytes)."""

    def __init__(self, report: Report):
        self.report = report

    def __repr__(self) -> str:
        values = {spec.key: json_value(v) for spec, v in self.report.sheet.ordered_items() if v is not None}
        return f"Published({self.report.format.id}, {values}, sections={[s.text for s in self.report.sections]})"


@st.composite
def published_report(draw) -> Published:
    format_id = draw(st.sampled_from(["legacy", "gov2019", "gov2021"]))
    if draw(st.booleans()):
        report = draw(consistent_report(format_id, {"legacy": 2016, "gov2019": 2020, "gov2021": 2022}[format_id]))
    else:
        report = draw(any_values_report(format_id))
    keys = list(report.format.cells)
    for key in draw(st.lists(st.sampled_from(keys), max_size=len(keys) // 4, unique=True)):
        report.sheet.clear(key)
    # The narrative names rows and states numbers on the lines of the section headings, as reports do.
    sentences = st.sampled_from([
        "本年度共收到政府信息公开申请{n}件，其中当面申请{n}件。",
        "五、行政诉讼数量{n}件，行政复议{n}件，均维持原行政行为。",
        "六、举报投诉数量为{n}件。",
        "（三）不予公开{n}件，其他处理{n}件。",
        "主动公开政府信息{n}条，本年制发件数{n}件。",
    ])
    report.sections = [
        ReportSection(section.heading,
                      "\n".join(draw(sentences).format(n=draw(st.integers(0, 999))) for _ in range(draw(st.integers(0, 3)))),
                      section.key)
        for section in report.format.sections if not section.table]
    return Published(report)


def plain_text(path) -> str:
    """The text a reader copies out of a rendering: one line per paragraph or row, cells tab-separated."""
    return "\n".join("\t".join(line.cells) if line.table is not None else line.text
                     for line in read_document(path).lines) + "\n"


def assert_reads_back(report: Report, path) -> None:
    result = audit_file(path)
    assert result.format is not None and result.format.id == report.format.id, path.name
    printed = {spec.key: json_value(value) for spec, value in report.sheet.ordered_items() if value is not None}
    blank = {spec.key for spec, value in report.sheet.ordered_items() if value is None}
    read = {cell["key"]: cell["value"] for cell in result.cells_json() if not cell.get("collapsed")}
    # Equal as numbers: a workbook keeps no trailing zeros (0.00 reads back as 0).
    assert {k: v for k, v in read.items() if k not in printed or Decimal(str(printed[k])) != Decimal(str(v))} == {}
    assert set(printed) - set(read) == set(), f"{path.name}: printed values left unread"
    assert blank <= {u.spec.key for u in result.reading.unread}
    assert result.year == report.year


@pytest.mark.parametrize("kind", RENDERINGS)
def test_every_rendering_audits_back_to_exactly_the_cells_rendered(tmp_path, kind):
    @round_trip(kind)
    @given(report=published_report())
    def reads_back(report):
        path = tmp_path / f"report.{kind}"
        path.write_bytes(render(report.report, kind))
        assert_reads_back(report.report, path)

    reads_back()


@pytest.mark.parametrize("kind", GRIDS)
def test_the_plain_text_of_every_rendering_audits_back_to_the_same_cells(tmp_path, kind):
    @round_trip(kind)
    @given(report=published_report())
    def reads_back(report):
        rendered = tmp_path / f"report.{kind}"
        rendered.write_bytes(render(report.report, kind))
        path = tmp_path / f"report-{kind}.txt"
        path.write_text(plain_text(rendered), encoding="utf-8")
        assert_reads_back(report.report, path)

    reads_back()


def test_the_legacy_report_rendered_by_gongkai_reads_back_all_58_cells(tmp_path, seed_report_path):
    """Its 五、行政诉讼数量 and 六、举报投诉数量 rows share their numbering with the narrative's sections."""
    from gongkai.sheets import load_report_json

    report = load_report_json(seed_report_path)
    for kind in RENDERINGS:
        path = tmp_path / f"jiutai.{kind}"
        path.write_bytes(render(report, kind))
        result = audit_file(path)
        assert len(result.cells_json()) == 58 and result.reading.unread == []
        fee = next(c for c in result.cells_json() if c["key"] == "stats.fees|value")
        assert Decimal(str(fee["value"])) == report.sheet.get("stats.fees|value")
