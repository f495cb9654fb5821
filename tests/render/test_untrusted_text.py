"""What users typed reaches the exports as text: never a live spreadsheet formula (OWASP CSV
injection), and a character XML cannot hold (older data) never stops a rendition."""

import csv
import dataclasses
import io
import zipfile

import openpyxl
import pytest
from docx import Document
from render_fixtures import filled_report

from gongkai.render import read_xlsx, render

HYPERLINK = '=HYPERLINK("http://example.invalid/","点此")'
FORMULAS = [HYPERLINK, "+1+2", "-3+cmd|' /C calc'!A0", "@SUM(1,2)", "\t=1", "\r=1"]


def report_with(title="", agency="测试市测试区人民政府", section_text=None):
    report = filled_report("gov2019")
    sections = [dataclasses.replace(section, text=section_text) if section_text is not None else section
                for section in report.sections]
    return dataclasses.replace(report, title=title, agency=agency, issuer=HYPERLINK, sections=sections)


def test_xlsx_writes_title_agency_and_sections_as_text_never_as_formulas(tmp_path):
    report = report_with(title=HYPERLINK, agency="=1+1局", section_text="=SUM(A1:A9)\n第二段")
    content = render(report, "xlsx")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    texts = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and cell.value.startswith("=")]
    assert {cell.value for cell in texts} >= {HYPERLINK, "=1+1局", "=SUM(A1:A9)\n第二段"}
    assert {cell.data_type for cell in texts} == {"s"}
    path = tmp_path / "表格.xlsx"
    path.write_bytes(content)
    back = read_xlsx(path)
    assert (back.title, back.agency, back.issuer) == (HYPERLINK, "=1+1局", HYPERLINK)


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_neutralises_a_leading_formula_character_in_text_fields(formula):
    rows = list(csv.DictReader(io.StringIO(render(report_with(agency=formula), "csv").decode("utf-8-sig"))))
    assert {row["agency"] for row in rows} == {"'" + formula}
    signed = [row["value"] for row in rows if row["value"].startswith("-")]
    assert signed and all(value.lstrip("-").isdigit() for value in signed)  # numbers stay numbers


@pytest.mark.parametrize("kind", ["xlsx", "docx", "html", "json", "csv"])
def test_older_text_with_control_characters_still_renders(kind):
    report = report_with(title="标题\x0b第二行", section_text="第一行\x0b第二行\x01\x00")
    content = render(report, kind)
    if kind == "docx":
        text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(content)).paragraphs)
        assert "第一行" in text and "第二行" in text and "\x01" not in text
    if kind == "xlsx":
        sections = [row for row in openpyxl.load_workbook(io.BytesIO(content))["报告信息"].iter_rows(values_only=True)
                    if row[0] == "section"]
        assert sections[0][3] == "第一行\n第二行"



def test_the_audit_csv_neutralises_file_and_agency_names_read_from_audited_files():
    from gongkai.audit import AuditFailure
    from gongkai.render.audit import render_audit_csv

    rows = list(csv.reader(io.StringIO(render_audit_csv([AuditFailure(HYPERLINK + ".pdf", "无法读取")])
                                       .decode("utf-8-sig"))))
    assert rows[1][0] == "'" + HYPERLINK + ".pdf"
