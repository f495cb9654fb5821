"""The shared layout of the official forms (国办公开办函〔2021〕30号, 〔2019〕60号, 国办发〔2014〕32号)."""

import textwrap

import pytest
from render_fixtures import FORMAT_IDS

from gongkai.formats import load_format, load_format_file
from gongkai.render import RENDERERS
from gongkai.render.layout import format_layouts, report_outline, split_subheading, table_layout
from gongkai.sheets import Report, ReportSection, Sheet, load_report_json


def cell_at(layout, text, kind=None):
    found = [c for c in layout.cells if c.text == text and (kind is None or c.kind == kind)]
    assert found, f"no cell 「{text}」"
    return found[0]


def assert_grid_is_tiled(layout):
    covered = {}
    for cell in layout.cells:
        for row in range(cell.row, cell.row + cell.rowspan):
            for col in range(cell.col, cell.col + cell.colspan):
                assert (row, col) not in covered, f"{cell} overlaps {covered[(row, col)]}"
                covered[(row, col)] = cell
    assert len(covered) == layout.rows * layout.columns


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_every_grid_position_is_covered_exactly_once(format_id):
    for layout in format_layouts(load_format(format_id)):
        assert_grid_is_tiled(layout)


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_every_cell_key_has_exactly_one_value_cell(format_id):
    fmt = load_format(format_id)
    keys = [cell.key for layout in format_layouts(fmt) for cell in layout.value_cells]
    assert sorted(keys) == sorted(fmt.cells)


@pytest.mark.parametrize("format_id", ["gov2019", "gov2021"])
def test_table_three_header_is_the_official_one(format_id):
    layout = table_layout(load_format(format_id).table("t3"))
    corner = cell_at(layout, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "corner")
    assert (corner.row, corner.col, corner.rowspan, corner.colspan) == (0, 0, 3, 3)
    applicant = cell_at(layout, "申请人情况")
    assert (applicant.row, applicant.col, applicant.rowspan, applicant.colspan) == (0, 3, 1, 7)
    natural = cell_at(layout, "自然人")
    assert (natural.row, natural.rowspan, natural.colspan) == (1, 2, 1)
    organisations = cell_at(layout, "法人或其他组织")
    assert (organisations.row, organisations.rowspan, organisations.colspan) == (1, 1, 5)
    total = cell_at(layout, "总计", "header")
    assert (total.row, total.col, total.rowspan) == (1, 9, 2)
    assert [c.text for c in sorted(layout.cells, key=lambda c: c.col) if c.row == 2 and c.kind == "header"] == [
        "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def test_table_three_row_labels_nest_over_three_columns():
    layout = table_layout(load_format("gov2021").table("t3"))
    first = cell_at(layout, "一、本年新收政府信息公开申请数量")
    assert (first.row, first.col, first.colspan) == (3, 0, 3)
    results = cell_at(layout, "三、本年度办理结果")
    assert (results.row, results.col, results.rowspan, results.colspan) == (5, 0, 22, 1)
    refused = cell_at(layout, "（三）不予公开")
    assert (refused.col, refused.rowspan, refused.colspan) == (1, 8, 1)
    assert (cell_at(layout, "（一）予以公开").col, cell_at(layout, "（一）予以公开").colspan) == (1, 2)
    assert cell_at(layout, "（七）总计").colspan == 2
    assert cell_at(layout, "1.属于国家秘密").col == 2
    assert cell_at(layout, "四、结转下年度继续办理").row == layout.rows - 1


def test_gov2019_other_handling_is_one_row_spanning_two_columns():
    layout = table_layout(load_format("gov2019").table("t3"))
    other = cell_at(layout, "（六）其他处理")
    assert (other.col, other.rowspan, other.colspan) == (1, 1, 2)


def test_table_two_has_one_band_per_block_all_equally_wide():
    layout = table_layout(load_format("gov2021").table("t2"))
    assert layout.columns == 4
    titles = [c for c in layout.cells if c.kind == "title"]
    assert [c.text for c in titles] == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert all(c.colspan == 4 for c in titles)
    assert [c.text for c in layout.cells if c.kind == "corner"] == ["信息内容"] * 4
    decisions = [c for c in layout.cells if c.text == "本年处理决定数量"]
    assert [c.colspan for c in decisions] == [3, 3]
    licensing = next(c for c in layout.value_cells if c.key == "t2.licensing|decisions")
    assert (licensing.col, licensing.colspan) == (1, 3)


def test_gov2019_two_column_block_fills_the_width():
    layout = table_layout(load_format("gov2019").table("t2"))
    purchases = next(c for c in layout.value_cells if c.key == "t2.procurement|purchases")
    amount = next(c for c in layout.value_cells if c.key == "t2.procurement|amount")
    assert (purchases.col, purchases.colspan, amount.col, amount.colspan) == (1, 1, 2, 2)


def test_table_four_has_three_header_rows_and_one_value_row():
    layout = table_layout(load_format("gov2021").table("t4"))
    assert (layout.label_columns, layout.rows, layout.columns, layout.header_rows) == (0, 4, 15, 3)
    review = cell_at(layout, "行政复议")
    assert (review.row, review.col, review.rowspan, review.colspan) == (0, 0, 2, 5)
    litigation = cell_at(layout, "行政诉讼")
    assert (litigation.rowspan, litigation.colspan) == (1, 10)
    assert cell_at(layout, "未经复议直接起诉").colspan == 5
    assert cell_at(layout, "复议后起诉").col == 10
    assert [c.row for c in layout.cells if c.text == "结果维持"] == [2, 2, 2]
    assert {c.row for c in layout.value_cells} == {3}
    assert not [c for c in layout.cells if c.kind in ("label", "corner")]


def test_legacy_table_is_flat_with_a_unit_column():
    fmt = load_format("legacy")
    layout = table_layout(fmt.table("stats"))
    assert layout.columns == 3
    assert [c.text for c in layout.cells if c.row == 0] == ["统计指标", "单位", "统计数"]
    block = fmt.table("stats").blocks[0]
    labels = [c.text for c in sorted(layout.cells, key=lambda c: c.row) if c.kind == "label"]
    assert labels == [row.label for row in block.all_rows]
    group = cell_at(layout, "一、主动公开情况")
    row_cells = {c.kind: c for c in layout.cells if c.row == group.row}
    assert row_cells["unit"].text == "" and row_cells["value"].key is None
    items = cell_at(layout, "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）")
    assert {c.kind: c.text for c in layout.cells if c.row == items.row}["unit"] == "条"


def test_a_provincial_variant_renders_without_code_changes(tmp_path):
    """Deeper column tree, a data row with sub-rows in a nested layout, a unit column, and one label
    column fewer than the row depth: all from data alone."""
    path = tmp_path / "province2030.yaml"
    path.write_text(textwrap.dedent("""
        id: province2030
        name: 某省政府信息公开工作年度报告格式
        years: {from: 2030}
        publication_deadline: {government: "03-31", department: "01-31"}
        sections:
          - {key: overview, heading: 一、总体情况}
          - {key: stats, heading: 二、统计表, table: s}
        tables:
          - key: s
            title: 二、统计表
            label_columns: 2
            blocks:
              - title: 第一部分
                corner: 项目
                unit_column: 计量单位
                columns:
                  - label: 本年
                    children:
                      - label: 上半年
                        children:
                          - {key: q1, label: 一季度}
                          - {key: q2, label: 二季度}
                      - {key: h2, label: 下半年}
                  - {key: amount, label: 金额, type: amount}
                rows:
                  - key: a
                    label: 一、甲类
                    unit: 件
                    children:
                      - key: b
                        label: （一）乙
                        unit: 件
                        children:
                          - {key: c, label: 1.丙, unit: 件}
                  - {key: d, label: 二、丁, unit: 件}
              - title: 第二部分
                corner: 项目
                unit_column: 计量单位
                columns:
                  - {key: only, label: 唯一列}
                rows:
                  - {key: e, label: 三、戊, unit: 人}
    """), encoding="utf-8")
    fmt = load_format_file(path)
    layout = table_layout(fmt.tables[0])
    assert_grid_is_tiled(layout)
    assert sorted(c.key for c in layout.value_cells) == sorted(fmt.cells)
    sheet = Sheet(fmt)
    for key in fmt.cells:
        sheet.set(key, 1)
    report = Report(agency="某单位", year=2030, sheet=sheet)
    for kind, renderer in RENDERERS.items():
        assert renderer(report), kind


def test_tables_follow_the_section_the_format_assigns_them_to():
    report = Report(agency="测试局", year=2022, sheet=Sheet(load_format("gov2021")), sections=[
        ReportSection("一、总体情况", "概况。", "overview"),
        ReportSection("三、收到和处理政府信息公开申请情况", "申请情况。"),  # matched by heading
        ReportSection("五、存在的主要问题及改进情况", "问题。", "problems"),
    ])
    outline = report_outline(report)
    assert [(i.heading, i.table.table.key if i.table else None) for i in outline.body] == [
        ("一、总体情况", None),
        ("二、主动公开政府信息情况", "t2"),
        ("三、收到和处理政府信息公开申请情况", "t3"),
        ("四、政府信息公开行政复议、行政诉讼情况", "t4"),
        ("五、存在的主要问题及改进情况", None),
    ]
    assert outline.appendices == []


def test_a_blank_report_lists_every_format_section():
    outline = report_outline(Report(agency="", year=2022, sheet=Sheet(load_format("gov2021"))))
    assert [i.heading for i in outline.body] == [s.heading for s in load_format("gov2021").sections]


def test_legacy_statistics_table_is_an_appendix(seed_report_path):
    outline = report_outline(load_report_json(seed_report_path))
    assert [i.heading for i in outline.appendices] == ["附表：九台区政府信息公开情况统计表"]
    assert outline.body[-1].heading == "十一、主要问题和改进措施"


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("（一）基础工作情况。我区高度重视。", ("（一）基础工作情况。", "我区高度重视。")),
    ("(二)公开的主要形式", ("(二)公开的主要形式", "")),
    ("（三）不予公开的理由很多，这一句很长很长很长很长很长很长很长很长很长很长很长很长，没有句号", ("", None)),
    ("我区高度重视（一）", ("", None)),
])
def test_second_level_headings_are_recognised(paragraph, expected):
    heading, rest = split_subheading(paragraph)
    assert heading == expected[0]
    assert rest == (paragraph if expected[1] is None else expected[1])
