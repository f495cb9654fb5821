"""The narrative drafted from a report's numbers (gongkai.drafting): every number a shipped template
states is read back by the narrative's check as the cell it was drafted from."""

import pytest

from gongkai import drafting
from gongkai.checks import check_report
from gongkai.checks.narrative import placed_findings, sections_document
from gongkai.errors import InputError
from gongkai.extract.narrative import read_narrative_numbers
from gongkai.formats import load_format
from gongkai.sheets import Report, ReportSection, Sheet


def drafted(format_id: str, values: dict, year: int = 2016) -> Report:
    fmt = load_format(format_id)
    report = Report(agency="九台区教育局", year=year, sheet=Sheet(fmt, dict(values)))
    templates = drafting.default_templates(fmt)
    # The records behind a consistent report sent at least as many fee notices as went unpaid.
    notices = max(2, values.get("t3.other.fee_unpaid|total") or 0)
    report.sections = [ReportSection(section.heading, drafting.draft(report, templates.get(section.key, ""),
                                                                     {"fee_notices": notices, "fees_collected": 150}),
                                     section.key) for section in fmt.sections]
    return report


def every_cell_distinct(format_id: str) -> dict:
    # Distinct numbers, so a statement read back as the wrong cell cannot agree by accident.
    return {key: index + 3 for index, key in enumerate(load_format(format_id).cells)}


@pytest.mark.parametrize("format_id", ["legacy", "gov2019", "gov2021"])
def test_a_draft_states_each_number_as_the_cell_it_came_from(format_id):
    report = drafted(format_id, every_cell_distinct(format_id), year=load_format(format_id).year_from)
    assert placed_findings(report) == []
    document, _ = sections_document(report)
    stated = {n.key: n.value for n in read_narrative_numbers(document, report.format, set()) if n.key}
    named = {name for text in drafting.default_templates(report.format).values()
             for name in drafting.PLACEHOLDER.findall(text) if name in report.format.cells}
    assert stated == {key: report.sheet.get(key) for key in stated}
    read_back = len(stated) / len(named)
    assert read_back >= (0.95 if format_id == "legacy" else 0.4)  # gov2021's 表二 names no cell in words yet


def test_a_blank_cell_is_shown_as_unfilled_never_as_zero():
    report = drafted("legacy", {"stats.complaints|value": 0})
    texts = {section.key: section.text for section in report.sections}
    assert texts["complaints"] == "2016年收到举报投诉0件。"
    assert texts["fees"] == "2016年依申请公开信息收取的费用【未填写：七、依申请公开信息收取的费用】万元。"
    assert texts["problems"] == ""  # the clerk's to write


def test_the_fee_statement_of_section_six_states_the_fees_collected():
    report = drafted("gov2021", {}, year=2023)
    other = next(section.text for section in report.sections if section.key == "other_matters")
    assert "2023年九台区教育局发出信息处理费收费通知2件，收取信息处理费150元" in other
    assert "国办函〔2020〕109号" in other


def test_a_number_typed_against_the_table_is_found_in_its_sentence_and_section():
    report = drafted("legacy", {"stats.response.hot_topics|value": 2, "stats.proactive.items|value": 312})
    response = next(i for i, s in enumerate(report.sections) if s.key == "response")
    report.sections[response].text = report.sections[response].text.replace("舆情数2次", "舆情数16次")
    [found, twice] = placed_findings(report)
    assert (found.section, found.sentence) == (response, "（一）回应公众关注热点或重大舆情数16次。")
    assert found.finding.rule == "X-1" and found.finding.message.endswith("为2次")
    assert twice.finding.rule == "N-5" and twice.section is None  # the overview says 2: two sentences disagree
    assert [f.rule for f in check_report(report).findings if f.rule in ("X-1", "N-5")] == ["X-1", "N-5"]


def test_a_template_naming_no_cell_or_a_broken_placeholder_is_refused():
    fmt = load_format("legacy")
    drafting.check_template(fmt, "收到举报投诉{{ stats.complaints|value }}件，{{year}}年。", "六")
    with pytest.raises(InputError, match="「{{ stats.complaint|value }}」不是本格式的单元格或可用变量"):
        drafting.check_template(fmt, "收到举报投诉{{ stats.complaint|value }}件。", "六")
    with pytest.raises(InputError, match="不完整的占位符"):
        drafting.check_template(fmt, "收到举报投诉{{ stats.complaints|value 件。", "六")
    assert "t3.new|total" not in drafting.placeholders(fmt) and "year" in drafting.placeholders(fmt)
