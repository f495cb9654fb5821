"""The consistency checks: every identity of docs/spec/formats.md, as a clerk would meet it."""

import datetime
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.checks import check_report
from gongkai.checks.comparisons import compile_rules
from gongkai.formats import load_format
from gongkai.sheets import Report, Sheet, load_report_json
from tests.sheet_factories import consistent_report


def report_with(format_id: str, year: int, values: dict, **metadata) -> Report:
    sheet = Sheet(load_format(format_id))
    for key, value in values.items():
        sheet.set(key, value)
    return Report(agency=metadata.pop("agency", "测试局"), year=year, sheet=sheet, **metadata)


def rules_of(result) -> list[str]:
    return [finding.rule for finding in result.findings]


def test_seed_report_channels_fall_short_of_unique_items(seed_report_path):
    result = check_report(load_report_json(seed_report_path))
    channel_findings = [f for f in result.findings if f.rule == "L-6"]
    assert len(channel_findings) == 1
    finding = channel_findings[0]
    assert finding.severity == "warning"
    assert finding.message == "「通过不同渠道和方式公开政府信息的情况」五项之和为4219条，少于主动公开政府信息数4245条"
    assert [c.value for c in finding.cells] == [32, 3670, 430, 28, 59, 4245]
    assert not result.has_errors


def test_seed_report_table_is_otherwise_consistent(seed_report_path):
    result = check_report(load_report_json(seed_report_path))
    assert [rule for rule in rules_of(result) if rule != "X-1"] == ["L-6"]
    assert result.not_assessable == 0


def test_a_report_holding_its_narrative_is_checked_against_it_as_the_audit_checks_a_published_text(
        seed_report_path):
    # The seed says 16 topics in its text and 2 in its table (and two more numbers its table does not hold).
    report = load_report_json(seed_report_path)
    x1 = [f.message for f in check_report(report).findings if f.rule == "X-1"]
    assert len(x1) == 3
    assert x1[0].startswith("正文称「(一)回应公众关注热点或重大舆情数16次」") and x1[0].endswith("为2次")
    report.sections = []
    assert "X-1" not in rules_of(check_report(report))


def test_missing_cells_are_not_assessable_never_a_pass_or_a_fail():
    report = report_with("legacy", 2015, {"stats.application.received|value": 3,
                                          "stats.application.received.in_person|value": 1})
    result = check_report(report)
    assert "L-1" not in rules_of(result)
    assert result.not_assessable > 0


def test_a_blank_cell_is_not_zero():
    values = {"stats.application.received|value": 1, "stats.application.received.in_person|value": 1,
              "stats.application.received.fax|value": 0, "stats.application.received.online|value": 0}
    assert "L-1" not in rules_of(check_report(report_with("legacy", 2015, values)))
    values["stats.application.received.letter|value"] = 1
    assert "L-1" in rules_of(check_report(report_with("legacy", 2015, values)))


def test_legacy_received_equals_its_four_channels_L1():
    values = {"stats.application.received|value": 5, "stats.application.received.in_person|value": 1,
              "stats.application.received.fax|value": 0, "stats.application.received.online|value": 2,
              "stats.application.received.letter|value": 1}
    finding = next(f for f in check_report(report_with("legacy", 2015, values)).findings if f.rule == "L-1")
    assert finding.severity == "error"
    assert finding.expected == {"stats.application.received|value": "4"}
    assert finding.message == "收到申请数为5件，不等于「当面申请数」「传真申请数」「网络申请数」「信函申请数」之和4件"


@pytest.mark.parametrize("parent,child,rule", [
    ("stats.response.channels.press_conferences", "principal_attended", "L-7"),
    ("stats.response.channels.online_interviews", "principal_attended", "L-7"),
    ("stats.proactive.items", "normative", "L-5"),
])
def test_legacy_sub_item_never_exceeds_its_parent(parent, child, rule):
    values = {f"{parent}|value": 1, f"{parent}.{child}|value": 2}
    finding = next(f for f in check_report(report_with("legacy", 2015, values)).findings if f.rule == rule)
    assert finding.severity == "error"
    assert {c.key for c in finding.cells} == {f"{parent}|value", f"{parent}.{child}|value"}
    assert "多于" in finding.message


def test_legacy_replies_equal_closed_applications_L10_is_a_warning():
    values = {"stats.application.replies|value": 2, "stats.application.closed|value": 1}
    finding = next(f for f in check_report(report_with("legacy", 2015, values)).findings if f.rule == "L-10")
    assert finding.severity == "warning"


def test_each_channel_count_at_most_the_unique_total_L6():
    values = {"stats.proactive.items|value": 10, "stats.proactive.channels.website|value": 11}
    findings = [f for f in check_report(report_with("legacy", 2015, values)).findings if f.rule == "L-6"]
    assert [f.message for f in findings] == ["政府网站公开政府信息数为11条，多于主动公开政府信息数10条"]


def test_legacy_review_litigation_staff_identities():
    values = {"stats.review|value": 3, "stats.review.upheld|value": 1, "stats.review.corrected|value": 1,
              "stats.review.other|value": 0, "stats.litigation|value": 0, "stats.litigation.upheld|value": 0,
              "stats.litigation.corrected|value": 0, "stats.litigation.other|value": 1,
              "stats.staffing.staff|value": 210, "stats.staffing.staff.full_time|value": 70,
              "stats.staffing.staff.part_time|value": 141}
    result = check_report(report_with("legacy", 2015, values))
    assert sorted(rules_of(result)) == ["L-8", "L-8", "L-9"]


def test_t3_carry_over_identity_T3_1_per_column():
    values = {"t3.new|natural_person": 10, "t3.carried_in|natural_person": 2,
              "t3.total|natural_person": 9, "t3.carried_out|natural_person": 2}
    finding = next(f for f in check_report(report_with("gov2021", 2022, values)).findings if f.rule == "T3-1")
    assert finding.severity == "error"
    assert [c.key for c in finding.cells] == ["t3.new|natural_person", "t3.carried_in|natural_person",
                                              "t3.total|natural_person", "t3.carried_out|natural_person"]
    assert "12件" in finding.message and "11件" in finding.message


def test_t3_row_total_is_the_sum_of_applicant_kinds_T3_3():
    values = {f"t3.granted|{c}": 1 for c in
              ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org")}
    values["t3.granted|total"] = 7
    finding = next(f for f in check_report(report_with("gov2021", 2022, values)).findings if f.rule == "T3-3")
    assert finding.expected == {"t3.granted|total": "6"}


def test_t4_block_total_T4_1():
    values = {"t4.cases|after_review.upheld": 1, "t4.cases|after_review.corrected": 0,
              "t4.cases|after_review.other": 0, "t4.cases|after_review.pending": 1,
              "t4.cases|after_review.total": 1}
    finding = next(f for f in check_report(report_with("gov2019", 2020, values)).findings if f.rule == "T4-1")
    assert finding.message.startswith("复议后起诉—总计为1件，不等于")


def test_t3_7_carry_over_across_years():
    last_year = report_with("gov2021", 2022, {"t3.carried_out|natural_person": 4})
    this_year = report_with("gov2021", 2023, {"t3.carried_in|natural_person": 3})
    finding = next(f for f in check_report(this_year, last_year).findings if f.rule == "T3-7")
    assert finding.severity == "warning"
    assert [(c.key, c.year) for c in finding.cells] == [("t3.carried_in|natural_person", None),
                                                        ("t3.carried_out|natural_person", 2022)]
    assert "T3-7" not in rules_of(check_report(this_year))


def test_t2_2_documents_in_force_across_years():
    last_year = report_with("gov2021", 2022, {"t2.normative|in_force": 66})
    this_year = report_with("gov2021", 2023, {"t2.normative|in_force": 50, "t2.normative|issued": 8,
                                              "t2.normative|repealed": 26})
    finding = next(f for f in check_report(this_year, last_year).findings if f.rule == "T2-2")
    assert finding.message == "行政规范性文件（现行有效件数）为50件，不等于「行政规范性文件」中「上年现行有效件数」加「本年制发件数」减「本年废止件数」48件"


def test_gov2019_new_publications_at_most_total_T2_4_and_items_carry_T2_5():
    report = report_with("gov2019", 2020, {"t2.regulation|published": 5, "t2.regulation|total_published": 3,
                                           "t2.licensing|items_last_year": 10})
    assert "T2-4" in rules_of(check_report(report))
    previous = report_with("gov2019", 2019, {"t2.licensing|items_last_year": 12, "t2.licensing|change": -3})
    assert "T2-5" in rules_of(check_report(report, previous))


def test_the_table_format_must_match_the_year_X3():
    finding = next(f for f in check_report(report_with("legacy", 2020, {})).findings if f.rule == "X-3")
    assert finding.severity == "warning"
    assert "2020年度报告使用了" in finding.message


@pytest.mark.parametrize("published,kind,expected", [
    ("2022-12-30", "department", "error"),
    ("2023-01-31", "department", None),
    ("2023-02-01", "department", "warning"),
    ("2023-03-31", "government", None),
    ("2023-04-01", None, "warning"),
])
def test_publication_date_after_the_year_and_by_the_deadline_X5(published, kind, expected):
    report = report_with("gov2021", 2022, {}, published=datetime.date.fromisoformat(published), agency_kind=kind)
    findings = [f for f in check_report(report).findings if f.rule == "X-5"]
    assert [f.severity for f in findings] == ([expected] if expected else [])


def test_every_identity_of_the_spec_has_rules():
    declared = {fmt: {c.rule_id for c in (*compile_rules(load_format(fmt)).within_year,
                                          *compile_rules(load_format(fmt)).across_years)}
                | {r["id"] for r in compile_rules(load_format(fmt)).metadata}
                for fmt in ("legacy", "gov2019", "gov2021")}
    # X-1, N-1 … N-6: run by the audit on the published text (the narrative's claims).
    every_format = {"X-1", "X-3", "X-5", "N-1", "N-2", "N-3", "N-4", "N-5", "N-6"}
    # X-4: the 2021 notice's fee statement against table 三's unpaid fee notices (gov2021 only).
    assert declared["gov2021"] == {"T3-1", "T3-2", "T3-3", "T3-7", "T4-1", "T2-2", "X-4"} | every_format
    assert declared["gov2019"] == {"T3-1", "T3-2", "T3-3", "T3-7", "T4-1", "T2-4", "T2-5"} | every_format
    assert declared["legacy"] == {f"L-{n}" for n in range(1, 11)} | every_format


def test_findings_serialise_to_json_with_cells_and_labels(seed_report_path):
    data = check_report(load_report_json(seed_report_path)).to_dict()
    text = json.dumps(data, ensure_ascii=False)
    cell = data["findings"][0]["cells"][0]
    assert cell == {"key": "stats.proactive.channels.gazette|value", "row_label": "1.政府公报公开政府信息数",
                    "column_label": "统计数", "unit": "条", "value": 32}
    assert "4219" in text


def equality_cells(fmt_id: str) -> list[str]:
    keys = set()
    for comparison in compile_rules(load_format(fmt_id)).within_year:
        if comparison.op == "=":
            keys.update(term.spec.key for term in comparison.terms)
    return sorted(keys)


@settings(max_examples=40, deadline=None)
@given(consistent_report("gov2021"))
def test_a_consistent_gov2021_sheet_has_no_finding(report):
    assert check_report(report).findings == []


@settings(max_examples=30, deadline=None)
@given(consistent_report("gov2019", 2020))
def test_a_consistent_gov2019_sheet_has_no_finding(report):
    assert check_report(report).findings == []


@settings(max_examples=40, deadline=None)
@given(consistent_report("legacy", 2016))
def test_a_consistent_legacy_sheet_has_no_finding(report):
    assert check_report(report).findings == []


@settings(max_examples=60, deadline=None)
@given(consistent_report("gov2021"), st.sampled_from(equality_cells("gov2021")), st.integers(1, 5))
def test_changing_any_cell_of_an_identity_yields_a_finding_that_names_it(report, key, delta):
    report.sheet.set(key, report.sheet.get(key) + delta)
    named = {cell.key for finding in check_report(report).findings for cell in finding.cells}
    assert key in named


@settings(max_examples=60, deadline=None)
@given(consistent_report("legacy", 2016), st.sampled_from(equality_cells("legacy")), st.integers(1, 5))
def test_changing_any_legacy_cell_of_an_identity_yields_a_finding_that_names_it(report, key, delta):
    report.sheet.set(key, report.sheet.get(key) + delta)
    named = {cell.key for finding in check_report(report).findings for cell in finding.cells}
    assert key in named


def test_amounts_stay_decimal():
    report = report_with("gov2021", 2022, {"t2.administrative_fee|amount": "96171.6"})
    assert report.sheet.get("t2.administrative_fee|amount") == Decimal("96171.6")
