"""The printable HTML report, read back with lxml."""

from decimal import Decimal

import lxml.html
import pytest
from render_fixtures import FORMAT_IDS, filled_report

from gongkai.formats import load_format
from gongkai.render import render
from gongkai.render.html import render_html
from gongkai.render.layout import format_layouts
from gongkai.sheets import load_report_json


def parse(report, **options):
    return lxml.html.fromstring(render_html(report, **options))


def cell_text(element) -> str:
    return element.text_content()


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_every_official_label_is_printed_exactly(format_id):
    page = parse(filled_report(format_id))
    printed = {cell_text(th) for th in page.iter("th")}
    for layout in format_layouts(load_format(format_id)):
        for cell in layout.label_cells:
            if cell.kind == "unit":
                continue
            assert cell.text in printed, cell.text
    units = {cell_text(td) for td in page.xpath("//td[@class='unit']")}
    assert {"条", "件", "万元"} <= units if format_id == "legacy" else not units


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_values_read_back_by_key(format_id):
    report = filled_report(format_id)
    page = parse(report)
    cells = page.xpath("//td[@data-key]")
    assert len(cells) == len(report.format.cells)
    for td in cells:
        key = td.get("data-key")
        value = report.sheet.get(key)
        text = cell_text(td)
        if value is None:
            assert text == "" and "missing" in td.get("class")
        elif report.format.cells[key].type == "amount":
            assert Decimal(text) == value
        else:
            assert int(text) == value and "missing" not in td.get("class")


def test_zero_and_missing_are_distinguishable():
    report = filled_report("gov2021")
    report.sheet.set("t3.new|natural_person", 0)
    report.sheet.clear("t3.new|commercial")
    page = parse(report)
    zero = page.xpath("//td[@data-key='t3.new|natural_person']")[0]
    blank = page.xpath("//td[@data-key='t3.new|commercial']")[0]
    assert (cell_text(zero), zero.get("class")) == ("0", "value")
    assert (cell_text(blank), blank.get("class"), blank.get("title")) == ("", "value missing", "未填报")


@pytest.mark.parametrize(("amount", "printed"), [
    ("1E+2", "100"), ("123456789012.3456789", "123456789012.3456789"), ("0.50", "0.50")])
def test_amounts_are_printed_exactly(amount, printed):
    report = filled_report("gov2021")
    report.sheet.set("t2.administrative_fee|amount", Decimal(amount))
    td = parse(report).xpath("//td[@data-key='t2.administrative_fee|amount']")[0]
    assert cell_text(td) == printed


def test_highlighted_cells_get_the_class():
    keys = {"t3.total|total", "t4.cases|review.total"}
    page = parse(filled_report("gov2021"), highlight=keys)
    assert {td.get("data-key") for td in page.xpath("//td[contains(@class, 'highlight')]")} == keys


def test_t3_header_cells_are_merged_like_the_form():
    page = parse(filled_report("gov2021"))
    table = page.xpath("//table[@data-table='t3']")[0]
    header = table.xpath("./thead/tr")
    assert len(header) == 3
    first = header[0].xpath("./th")
    assert [(th.get("rowspan"), th.get("colspan"), cell_text(th)) for th in first] == [
        ("3", "3", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"), (None, "7", "申请人情况")]
    results = table.xpath(".//th[text()='三、本年度办理结果']")[0]
    assert results.get("rowspan") == "22"


def test_sections_in_order_with_tables_in_place():
    report = filled_report("gov2021")
    page = parse(report)
    sections = page.xpath("//section")
    assert [s.xpath("./h2")[0].text for s in sections] == [s.heading for s in report.format.sections]
    assert [[t.get("data-table") for t in s.xpath(".//table")] for s in sections] == [
        [], ["t2"], ["t3"], ["t4"], [], []]
    assert page.xpath("//span[@class='subheading']")[0].text == "（一）工作情况。"


def test_page_has_title_metadata_signature_and_print_css():
    report = filled_report("gov2021")
    page = parse(report)
    assert "".join(page.xpath("//h1")[0].itertext()) == report.display_title
    meta = cell_text(page.xpath("//div[@class='meta']")[0])
    assert "测试市测试区人民政府" in meta and f"{report.year}年" in meta and "国办公开办函〔2021〕30号" in meta
    assert [p.text for p in page.xpath("//div[@class='signature']/p")] == ["测试区人民政府办公室", "2023年1月20日"]
    css = page.xpath("//style")[0].text
    assert "size: A4" in css and "@media print" in css


def test_legacy_table_is_an_appendix_after_the_signature(seed_report_path):
    page = lxml.html.fromstring(render(load_report_json(seed_report_path), "html"))
    article = page.xpath("//article")[0]
    children = [child.get("class") for child in article]
    assert children.index("signature") < children.index("appendix")
    assert page.xpath("//td[@data-key='stats.proactive.items|value']")[0].text == "4245"
