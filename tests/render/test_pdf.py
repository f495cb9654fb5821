"""The PDF report: GB/T 9704 page, open CJK fonts embedded, and its tables read back by the audit."""

import pypdfium2 as pdfium
from render_fixtures import filled_report
from tests.pdf_helpers import OPEN_CJK_FONTS, fonts, page_text

from gongkai.audit import audit_file
from gongkai.render import render
from gongkai.render.pdf import html_to_pdf, official_document_html
from gongkai.sheets import load_report_json


def test_the_pdf_is_a4_and_embeds_only_the_open_noto_cjk_fonts():
    pdf = render(filled_report("gov2021"), "pdf")
    document = pdfium.PdfDocument(pdf)
    width, height = document[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    assert fonts(pdf) == OPEN_CJK_FONTS


def test_pages_are_numbered_with_em_dashes():
    pages = page_text(render(filled_report("gov2021"), "pdf"))
    assert len(pages) > 2
    for number, text in enumerate(pages, start=1):
        assert f"— {number} —" in text


def test_the_title_keeps_the_year_with_its_parenthesis(seed_report_path):
    first = page_text(render(load_report_json(seed_report_path), "pdf"))[0]
    lines = [line.strip() for line in first.splitlines() if line.strip()]
    assert lines[:2] == ["九台区政府信息公开工作年度报告", "（2015年度）"]


def test_the_audit_reads_the_pdf_back(seed_report_path, tmp_path):
    report = load_report_json(seed_report_path)
    (tmp_path / "report.pdf").write_bytes(render(report, "pdf"))
    result = audit_file(tmp_path / "report.pdf")
    assert (result.format.id, result.year) == ("legacy", 2015)
    read = {cell.spec.key: cell.value for cell in result.reading.cells}
    assert all(report.sheet.get(key) == value for key, value in read.items())
    assert len(read) == len(report.sheet.values) == 58 and not result.reading.unread


def test_an_official_document_prints_its_title_number_addressee_body_and_signature():
    html = official_document_html(title=["九台区教育局", "政府信息公开申请答复书"], number="九教依申复〔2026〕3号",
                                  addressee="张三：", paragraphs=["你于2026年3月2日提出的申请收悉。", "特此告知。"],
                                  signature=["九台区教育局", "2026年3月9日"])
    pdf = html_to_pdf(html)
    text = page_text(pdf)[0]
    positions = [text.index(part) for part in ("九台区教育局", "政府信息公开申请答复书", "九教依申复〔2026〕3号",
                                               "张三：", "特此告知。", "2026年3月9日")]
    assert positions == sorted(positions)
    assert fonts(pdf) <= OPEN_CJK_FONTS
