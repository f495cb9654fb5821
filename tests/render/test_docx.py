"""The DOCX report in GB/T 9704 typography, read back with python-docx."""

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree
from render_fixtures import FORMAT_IDS, filled_report

from gongkai.render import render
from gongkai.render.layout import display_value, format_layouts
from gongkai.sheets import load_report_json


def open_docx(report):
    return docx.Document(io.BytesIO(render(report, "docx")))


def east_asia(run) -> str | None:
    fonts = run._r.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


def paragraph_with(document, text):
    return next(p for p in document.paragraphs if p.text == text)


def test_page_is_a4_with_the_gbt9704_margins():
    section = open_docx(filled_report("gov2021")).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]


def test_title_is_xiaobiaosong_size_two_centred():
    report = filled_report("gov2021")
    document = open_docx(report)
    title = document.paragraphs[0]
    assert title.text.replace("\n", "") == report.display_title
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {(east_asia(r), r.font.size) for r in title.runs} == {("方正小标宋简体", Pt(22))}


def test_body_headings_and_subheadings_use_their_fonts():
    document = open_docx(filled_report("gov2021"))
    heading = paragraph_with(document, "一、总体情况")
    assert [(east_asia(r), r.font.size) for r in heading.runs] == [("黑体", Pt(16))]
    body = paragraph_with(document, "（一）工作情况。一、总体情况的正文。")
    assert [(r.text, east_asia(r)) for r in body.runs] == [
        ("（一）工作情况。", "楷体_GB2312"), ("一、总体情况的正文。", "仿宋_GB2312")]
    assert body.paragraph_format.first_line_indent == Pt(32)
    plain = paragraph_with(document, "第二段，全年办理0件。")
    assert [(east_asia(r), r.font.size) for r in plain.runs] == [("仿宋_GB2312", Pt(16))]
    normal = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_issuer_and_date_close_the_body_right_aligned():
    document = open_docx(filled_report("gov2021"))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[-2:] == ["测试区人民政府办公室", "2023年1月20日"]
    for text in texts[-2:]:
        assert paragraph_with(document, text).alignment == WD_ALIGN_PARAGRAPH.RIGHT


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_tables_hold_every_label_and_value_at_the_layout_position(format_id):
    report = filled_report(format_id)
    document = open_docx(report)
    layouts = format_layouts(report.format)
    assert len(document.tables) == len(layouts)
    for table, layout in zip(document.tables, layouts, strict=True):
        assert (len(table.rows), len(table.columns)) == (layout.rows, layout.columns)
        for spec in layout.cells:
            cell = table.cell(spec.row, spec.col)
            expected = display_value(report.sheet.get(spec.key)) if spec.key else spec.text
            assert cell.text == expected, (spec, cell.text)
            for run in (r for p in cell.paragraphs for r in p.runs):
                assert east_asia(run) == "宋体"


def test_t3_cells_are_merged():
    document = open_docx(filled_report("gov2021"))
    table = document.tables[1]
    corner = table.cell(0, 0)
    assert table.cell(2, 2)._tc is corner._tc  # the note spans three header rows and three label columns
    assert table.cell(0, 9)._tc is table.cell(0, 3)._tc  # 申请人情况 over all seven
    assert table.cell(26, 0)._tc is table.cell(5, 0)._tc  # 三、本年度办理结果 down its 22 rows
    assert table.cell(5, 0).text == "三、本年度办理结果"
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None  # repeated on the next page


def test_legacy_statistics_table_follows_the_signature_on_a_new_page(seed_report_path):
    document = open_docx(load_report_json(seed_report_path))
    body = document.element.body
    signature = paragraph_with(document, "2016年3月15日")._p
    appendix = paragraph_with(document, "附表：九台区政府信息公开情况统计表")
    children = list(body)
    assert children.index(signature) < children.index(appendix._p) < children.index(document.tables[0]._tbl)
    assert appendix.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert document.tables[0].cell(1, 0).text == "一、主动公开情况"
    assert round(document.sections[0].left_margin.mm) == round(Mm(28).mm)


def test_a_long_title_breaks_before_its_parenthesis_never_inside_the_year(seed_report_path):
    title = open_docx(load_report_json(seed_report_path)).paragraphs[0]
    assert title.text == "九台区政府信息公开工作年度报告\n（2015年度）"
    assert {east_asia(r) for r in title.runs} == {"方正小标宋简体"}


def test_east_asian_language_is_zh_cn_in_the_defaults_and_every_run():
    document = open_docx(filled_report("gov2021"))
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsiaTheme")) is None  # the template's theme is Japanese
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs]
    assert runs and all(run._r.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN" for run in runs)


def test_each_official_font_has_an_open_fallback_in_the_font_table():
    document = open_docx(filled_report("gov2021"))
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    table = etree.fromstring(part.blob)
    declared = {font.get(qn("w:name")): (font.find(qn("w:altName")).get(qn("w:val")),
                                         font.find(qn("w:charset")).get(qn("w:val")))
                for font in table.iter(qn("w:font")) if font.find(qn("w:altName")) is not None}
    assert declared == {
        "方正小标宋简体": ("Noto Serif CJK SC", "86"), "仿宋_GB2312": ("Noto Serif CJK SC", "86"),
        "楷体_GB2312": ("Noto Serif CJK SC", "86"), "宋体": ("Noto Serif CJK SC", "86"),
        "黑体": ("Noto Sans CJK SC", "86"),
    }


def test_table_cells_are_padded_on_every_side():
    table = open_docx(filled_report("gov2021")).tables[0]
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    padding = {side: int(margins.find(qn(f"w:{side}")).get(qn("w:w"))) for side in ("top", "left", "bottom", "right")}
    assert all(twips > 0 for twips in padding.values()), padding
