"""The formats as data match the official forms in docs/spec/formats.md, label for label."""

import re

import pytest

from gongkai.formats import all_formats, available_format_ids, format_for_year, load_format


def spec_section(spec_dir, heading: str) -> str:
    text = (spec_dir / "formats.md").read_text(encoding="utf-8")
    start = text.index(heading)
    end = text.find("\n## ", start + 1)
    return text[start:end]


def table_lines(section: str) -> list[list[str]]:
    rows = []
    for line in section.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[1:]  # without the header row


def labels_of(fmt, table_key):
    table = fmt.table(table_key)
    rows = [row.label for block in table.blocks for row in block.all_rows]
    columns = [c.label for block in table.blocks for c in block.leaf_columns]
    return rows, columns


def test_three_national_formats_are_available():
    assert available_format_ids() == ["gov2019", "gov2021", "legacy"]
    assert [(f.id, f.year_from, f.year_to) for f in all_formats()] == [
        ("legacy", 2014, 2018), ("gov2019", 2019, 2020), ("gov2021", 2021, None)]
    assert format_for_year(2015).id == "legacy"
    assert format_for_year(2020).id == "gov2019"
    assert format_for_year(2026).id == "gov2021"


@pytest.mark.parametrize("format_id", ["gov2019", "gov2021"])
def test_table_three_has_every_official_row_label(spec_dir, format_id):
    section = spec_section(spec_dir, "### Table 三")
    official = [cells[1] for cells in table_lines(section) if re.fullmatch(r"[\d.]+", cells[0])]
    if format_id == "gov2019":  # （六）其他处理 is one row without sub-rows
        official = [label for label, cells in zip(official, table_lines(section), strict=True)
                    if not cells[0].startswith("3.6.")]
    rows, columns = labels_of(load_format(format_id), "t3")
    assert rows == official
    assert columns == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


@pytest.mark.parametrize("format_id,cells", [("gov2019", 161), ("gov2021", 175)])
def test_table_three_cell_count(format_id, cells):
    fmt = load_format(format_id)
    assert sum(1 for spec in fmt.cells.values() if spec.table.key == "t3") == cells


@pytest.mark.parametrize("format_id,heading,cells", [("gov2021", "### Table 二 主动公开政府信息情况", 10),
                                                     ("gov2019", "## gov2019", 22)])
def test_table_two_blocks_rows_and_columns(spec_dir, format_id, heading, cells):
    section = spec_section(spec_dir, heading)
    fmt = load_format(format_id)
    blocks = fmt.table("t2").blocks
    official = [cells for cells in table_lines(section) if cells[0].startswith("第二十条")]
    assert [b.title for b in blocks] == [cells[0] for cells in official]
    for block, (_, rows, columns) in zip(blocks, official, strict=True):
        assert [r.label for r in block.rows] == rows.split("; ")
        assert [c.label for c in block.leaf_columns] == columns.removesuffix(" (decimal)").split(" / ")
        assert block.corner == "信息内容"
    assert sum(1 for spec in fmt.cells.values() if spec.table.key == "t2") == cells


@pytest.mark.parametrize("format_id", ["gov2019", "gov2021"])
def test_table_four_review_and_litigation_blocks(format_id):
    table = load_format(format_id).table("t4")
    block = table.blocks[0]
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [c.path_labels for c in block.leaf_columns] == (
        [("行政复议", o) for o in outcomes]
        + [("行政诉讼", "未经复议直接起诉", o) for o in outcomes]
        + [("行政诉讼", "复议后起诉", o) for o in outcomes])


def test_legacy_table_has_every_official_label_and_unit_in_order(spec_dir):
    section = spec_section(spec_dir, "## legacy")
    official = []
    for label_cell, unit_cell in table_lines(section):
        unit = None if unit_cell == "(group)" else unit_cell.removesuffix(" each")
        labels = re.sub(r"\s*\(sub-items of [^)]*\)", "", label_cell).split(" / ")
        official.extend((label, unit) for label in labels)
    fmt = load_format("legacy")
    rows = [(row.label, row.unit if row.is_data else None) for row in fmt.table("stats").blocks[0].all_rows]
    assert rows == official


def test_legacy_table_matches_the_seed_attachment_row_for_row(corpus_dir):
    """Every row label of the seed's 附表, spaces and bracket widths aside, in the same order."""
    text = (corpus_dir / "seed" / "000_01fbd1c9bbe722f2.txt").read_text(encoding="utf-8")
    table = text[text.index("统 计 指 标"):]
    printed = [line.rstrip(" |").strip() for line in table.splitlines()]
    units = {"条", "件", "次", "篇", "个", "人", "人次", "万元", "单位", "统计数", "", "?"}

    def normal(label):
        return re.sub(r"\s+", "", label).replace("(", "（").replace(")", "）").replace(":", "：").lstrip("0")

    printed_labels = [normal(line) for line in printed if line not in units and not line.isdigit()
                      and line != "| ?" and "?" not in line][1:]
    fmt = load_format("legacy")
    ours = [normal(row.label) for row in fmt.table("stats").blocks[0].all_rows]
    # The seed prints 其他 for 其它 nowhere and has one typo, 被依法纠错九 for 被依法纠错数.
    assert [label.replace("被依法纠错九", "被依法纠错数") for label in printed_labels] == ours


def test_every_cell_key_is_unique_and_stable():
    fmt = load_format("gov2021")
    assert "t3.refused.state_secret|natural_person" in fmt.cells
    assert "t4.cases|after_review.pending" in fmt.cells
    assert "t2.administrative_fee|amount" in fmt.cells
    assert fmt.cells["t2.administrative_fee|amount"].type == "amount"
    assert fmt.cells["t2.administrative_fee|amount"].unit == "万元"
    legacy = load_format("legacy")
    assert legacy.cells["stats.fees|value"].type == "amount"
    assert legacy.cells["stats.proactive.items|value"].unit == "条"
    assert load_format("gov2019").cells["t2.licensing|change"].type == "signed"


def test_a_provincial_variant_needs_only_a_data_file(tmp_path):
    """A variant is one more YAML file: the generic loader and rule engine take it as it is."""
    from gongkai.checks.comparisons import compile_rules
    from gongkai.formats import load_format_file

    variant = tmp_path / "variant.yaml"
    variant.write_text("""
id: variant
name: 某省政府信息公开情况统计表
years: {from: 2016, to: 2018}
publication_deadline: {government: "03-31"}
tables:
  - key: stats
    title: 统计表
    blocks:
      - columns: [{key: value, label: 统计数}]
        rows:
          - key: received
            label: （一）收到申请数
            unit: 件
            children_sum: P-1
            children:
              - {key: in_person, label: 1.当面申请数, unit: 件}
              - {key: online, label: 2.网络申请数, unit: 件}
""", encoding="utf-8")
    fmt = load_format_file(variant)
    assert list(fmt.cells) == ["stats.received|value", "stats.received.in_person|value",
                               "stats.received.online|value"]
    assert [c.rule_id for c in compile_rules(fmt).within_year] == ["P-1"]


def test_a_broken_format_file_names_its_place(tmp_path):
    from gongkai.errors import InputError
    from gongkai.formats import load_format_file

    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\nname: x\nyears: {from: 2020}\npublication_deadline: {}\n"
                      "tables:\n  - key: t\n    title: T\n    blocks:\n      - columns: [{label: 无键}]\n"
                      "        rows: [{key: a, label: A}]\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_format_file(broken)
    assert "broken.yaml" in str(error.value) and "无键" in str(error.value)


@pytest.mark.parametrize("format_id", ["legacy", "gov2019", "gov2021"])
def test_charted_figures_name_cells_of_their_format(format_id):
    fmt = load_format(format_id)
    assert {figure.key for figure in fmt.trend} >= {"applications", "review", "litigation"}
    for figure in [*fmt.trend, *(f for chart in fmt.charts for f in chart.figures)]:
        assert figure.cells and all(key in fmt.cells for key in figure.cells)


def test_figure_sums_a_row_group_and_stays_blank_when_a_cell_is():
    refused = next(f for f in load_format("gov2021").charts[0].figures if f.key == "refused")
    assert len(refused.cells) == 8
    values = dict.fromkeys(refused.cells, 2)
    assert refused.total(values) == 16
    del values[refused.cells[3]]
    assert refused.total(values) is None


@pytest.mark.parametrize("format_id", available_format_ids())
def test_every_rule_id_names_one_rule(format_id):
    """A declared rule has its own id (a rule of several comparisons declares them as its parts), and no
    rule of the structure (sum_of, children_sum, part_of_parent) borrows a declared rule's id."""
    fmt = load_format(format_id)
    declared = [rule["id"] for rule in fmt.rules]
    assert len(declared) == len(set(declared)), [rule for rule in declared if declared.count(rule) > 1]
    structural = {node.rule for table in fmt.tables for block in table.blocks
                  for node in [*block.all_rows, *block.leaf_columns] if getattr(node, "rule", None)}
    structural |= {rule for row in fmt.rows.values() for rule in (row.children_sum, row.part_of_parent) if rule}
    assert not structural & set(declared)


@pytest.mark.parametrize("format_id", available_format_ids())
def test_the_audits_narrative_rules_are_declared_with_the_others(format_id):
    from gongkai.checks import rule_catalogue

    catalogue = {rule_id: (severity, title) for rule_id, severity, title in rule_catalogue(format_id)}
    assert catalogue["X-1"] == ("warning", "正文所述数字与统计表一致")
    assert catalogue["N-1"] == ("warning", "年度报告内容与上年雷同")
    assert [rule_id for rule_id, _, _ in rule_catalogue(format_id)].count("X-1") == 1


VARIANT_WITH_NARRATIVE = """
id: variant
name: 某省政府信息公开情况统计表
years: {from: 2016, to: 2018}
publication_deadline: {government: "03-31"}
tables:
  - key: stats
    title: 统计表
    blocks:
      - columns: [{key: value, label: 统计数}]
        rows:
          - {key: received, label: 第一部分受理申请数, unit: 例}
rules:
  - {id: X-1, severity: warning, check: narrative_numbers, title: 正文所述数字与统计表一致}
narrative:
  units: [例]
  numbering: ['第[一二三四五]部分']
"""


def test_a_provincial_variant_brings_its_own_statement_units_and_numbering(tmp_path):
    """「受理申请5例」 is read by a variant whose data says statements end in 例 and labels start 第一部分."""
    from gongkai.extract.document import DocumentBuilder
    from gongkai.extract.narrative import read_narrative_numbers
    from gongkai.extract.readers import read_text
    from gongkai.formats import load_format_file

    variant = tmp_path / "variant.yaml"
    variant.write_text(VARIANT_WITH_NARRATIVE, encoding="utf-8")
    fmt = load_format_file(variant)
    builder = DocumentBuilder("narrative.txt", "text")
    read_text("全年受理申请5例，办结5件。".encode(), builder)
    stated = read_narrative_numbers(builder.document, fmt)
    assert [(n.raw, n.keys) for n in stated] == [("5例", ("stats.received|value",))]


@pytest.mark.parametrize(("change", "place", "message"), [
    ("  units: [例]\n  numbering: ['第[一二三四五部分']\n", "narrative.numbering[0]", "正则表达式"),
    ("  units: [例]\n  vocab: [x]\n", "narrative.vocab", "未知的词类"),
    ("  numbering: ['第[一二三四五]部分']\n", "narrative", "units"),
    ("  units: []\n", "narrative.units", "非空"),
])
def test_a_broken_narrative_vocabulary_names_its_place(tmp_path, change, place, message):
    from gongkai.errors import InputError
    from gongkai.formats import load_format_file

    broken = tmp_path / "broken.yaml"
    text = VARIANT_WITH_NARRATIVE.split("narrative:\n")[0] + "narrative:\n" + change
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_format_file(broken)
    assert f"broken.yaml, {place}" in str(error.value) and message in str(error.value)


def test_a_narrative_rule_about_a_cell_the_format_lacks_names_the_rule(tmp_path):
    from gongkai.errors import InputError
    from gongkai.formats import load_format_file

    broken = tmp_path / "broken.yaml"
    broken.write_text(VARIANT_WITH_NARRATIVE.replace(
        "title: 正文所述数字与统计表一致}", "title: 正文所述数字与统计表一致}\n"
        "  - {id: X-4, severity: warning, check: narrative_fee_notices, title: 收费通知, cells: [stats.fees|value]}"),
        encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_format_file(broken)
    assert "rules[1]（X-4）" in str(error.value) and "stats.fees|value" in str(error.value)
