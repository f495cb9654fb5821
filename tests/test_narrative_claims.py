"""The narrative's claims (sums, group totals, shares, 「均获维持」, 「未发生」) are checked against the
table: a report that says what its table says has no finding; one contradiction is one finding."""

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.audit import audit_file, audit_paths
from gongkai.checks import rule_catalogue
from gongkai.extract.document import DocumentBuilder
from gongkai.extract.narrative import narrative_findings, read_narrative_numbers, unnamed_twice
from gongkai.extract.readers import read_text
from gongkai.formats import load_format
from gongkai.render import render
from gongkai.sheets import Report, ReportSection, Sheet
from tests.sheet_factories import consistent_report

NARRATIVE_RULES = {"X-1", "N-2", "N-3", "N-4", "N-5"}


def narrative_of(report, change: int = 0) -> str:
    """What an office writes about its own table (``change`` falsifies the sum of 予以公开 and 部分公开)."""
    value = report.sheet.get
    answered = value("t3.total|total")
    granted = value("t3.granted|total") + value("t3.partially_granted|total")
    unable = sum(value(f"t3.unable.{k}|total") for k in ("not_held", "needs_creation", "still_unclear"))
    review = value("t4.cases|review.total")
    text = (f"本年新收政府信息公开申请{value('t3.new|total')}件，上年结转政府信息公开申请{value('t3.carried_in|total')}件。"
            f"予以公开和部分公开共{granted + change}件")
    if answered:
        text += f"，占全部答复的{Decimal(granted + change) * 100 / answered:.1f}%"
    text += f"；无法提供的{unable}件。"
    if review == 0:
        text += "全年未发生行政复议。"
    elif value("t4.cases|review.upheld") == review:
        text += f"行政复议{review}件，均获维持。"
    else:
        text += f"行政复议{review}件。"
    return text


def audited(report, medium: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report.{medium}"
        path.write_bytes(render(report, medium))
        return audit_file(path)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=consistent_report(), medium=st.sampled_from(["html", "docx"]))
def test_a_narrative_that_says_what_the_table_says_has_no_finding(report, medium):
    report.sections = [ReportSection(heading="一、总体情况", text=narrative_of(report))]
    result = audited(report, medium)
    assert [f.message for f in result.findings] == []


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=consistent_report())
def test_a_wrong_sum_is_one_quantity_finding_naming_both_rows(report):
    report.sections = [ReportSection(heading="一、总体情况", text=narrative_of(report, change=1))]
    x1 = [f for f in audited(report, "html").findings if f.rule == "X-1"]
    assert len(x1) == 1 and "予以公开和部分公开共" in x1[0].message
    assert [c.key for c in x1[0].cells] == ["t3.granted|total", "t3.partially_granted|total"]


def test_the_narrative_rules_are_declared_with_the_format_rules():
    for format_id in ("legacy", "gov2019", "gov2021"):
        assert NARRATIVE_RULES <= {rule_id for rule_id, _, _ in rule_catalogue(format_id)}


def test_shanghai_2019_narrative_contradicts_its_table(corpus_dir):
    result = audit_file(corpus_dir / "cases" / "shanghai-office-2019" / "report.html")
    messages = {f.rule: [] for f in result.findings}
    for f in result.findings:
        messages[f.rule].append(f.message)
    assert any("予以公开及部分公开258件" in m and m.endswith("为275件") for m in messages["X-1"])
    assert any("无法提供265件" in m and m.endswith("为337件") for m in messages["X-1"])
    assert len(messages["N-2"]) == 1 and "占33.9%" in messages["N-2"][0]
    assert len(messages["N-3"]) == 2 and all("均获维持" in m for m in messages["N-3"])


def two_years(draw_report, change: Decimal):
    """Last year's and this year's reports of one agency; this year's narrative states the change in
    new applications (``change`` added to the true percentage)."""
    previous, current = draw_report
    previous.year, current.year = 2021, 2022
    before, now = previous.sheet.get("t3.new|total"), current.sheet.get("t3.new|total")
    percent = (Decimal(now - before) * 100 / before).quantize(Decimal("0.1")) + change
    word = "增长" if percent >= 0 else "下降"
    current.sections = [ReportSection(heading="一、总体情况",
                                      text=f"本年新收政府信息公开申请{now}件，较上年{word}{abs(percent)}%。")]
    return previous, current


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports=st.tuples(consistent_report(), consistent_report()).filter(
    lambda pair: pair[0].sheet.get("t3.new|total") and pair[1].sheet.get("t3.new|total") != pair[0].sheet.get(
        "t3.new|total")))
def test_a_change_against_last_year_is_checked_against_last_years_report(reports, tmp_path_factory):
    folder = tmp_path_factory.mktemp("years")
    for wrong in (Decimal(0), Decimal(5)):
        previous, current = two_years(reports, wrong)
        for report in (previous, current):
            (folder / f"{report.year}.html").write_bytes(render(report, "html"))
        results = {r.year: r for r in audit_paths([folder])}
        n6 = [f.message for f in results[2022].findings if f.rule == "N-6"]
        assert len(n6) == (1 if wrong else 0), n6


def legacy_narrative(report, rate_off: int = 0) -> str:
    value = report.sheet.get
    closed, on_time = value("stats.application.closed|value"), value("stats.application.closed.on_time|value")
    text = f"全年申请办结{closed}件。"
    if closed:
        text += f"按时办结率{(Decimal(on_time) * 100 / closed).quantize(Decimal('0.1')) + rate_off}%。"
    if closed and on_time == closed:
        text += "申请全部按时办结。"
    if value("stats.fees|value") == 0:
        text += "依申请公开信息未收取任何费用。"
    return text


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=consistent_report("legacy", 2016), medium=st.sampled_from(["html", "docx"]))
def test_legacy_rates_all_claims_and_no_fee_claims_agree_with_a_consistent_table(report, medium):
    report.sections = [ReportSection(heading="一、概述", text=legacy_narrative(report))]
    result = audited(report, medium)
    assert [f.message for f in result.findings] == []


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=consistent_report("legacy", 2016).filter(lambda r: r.sheet.get("stats.application.closed|value")))
def test_a_wrong_rate_is_one_share_finding(report):
    report.sections = [ReportSection(heading="一、概述", text=legacy_narrative(report, rate_off=3))]
    n2 = [f for f in audited(report, "html").findings if f.rule == "N-2"]
    assert len(n2) == 1 and "按时办结率" in n2[0].message


def test_a_fee_claimed_as_none_but_charged_is_a_zero_claim_finding(corpus_dir, tmp_path):
    text = (corpus_dir / "cases" / "jiutai-district-2015" / "report.txt").read_text(encoding="utf-8")
    text = text.replace("2015年依申请公开信息收取的费用0万元", "全年未收取任何费用")
    assert "七、依申请公开信息收取的费用 |\n万元 |\n0 |" in text
    (tmp_path / "report.txt").write_text(text.replace("七、依申请公开信息收取的费用 |\n万元 |\n0 |", "七、依申请公开信息收取的费用 |\n万元 |\n0.5 |"),
                                         encoding="utf-8")
    findings = [f for f in audit_file(tmp_path / "report.txt").findings if f.rule == "N-4"]
    assert [c.key for f in findings for c in f.cells] == ["stats.fees|value"]


def test_a_denial_names_every_cell_it_denies(corpus_dir):
    """「未发生…行政复议和行政诉讼」 denies both; 「无法提供」 is a row's name, not a denial."""
    result = audit_file(corpus_dir / "cases" / "huaian-city-2024" / "report.pdf")
    said = ["全年未发生因政府信息公开申请行政复议和行政诉讼的情况。", "无法提供的申请已依法告知。"]
    n4 = [f for f in narrative_findings([], result.report, said) if f.rule == "N-4"]
    assert [[c.key for c in f.cells] for f in n4] == [
        ["t4.cases|review.total"], ["t4.cases|direct.total", "t4.cases|after_review.total"]]
    assert n4[1].message == "正文称「全年未发生因政府信息公开申请行政复议和行政诉讼的情况」，统计表「行政诉讼」各项总计之和为46件"


def fee_report(unpaid: int):
    """A 2022 report whose table three counts ``unpaid`` applications not handled for an unpaid fee notice."""
    fmt = load_format("gov2021")
    return Report(agency="某局", year=2022, sheet=Sheet(fmt, {"t3.other.fee_unpaid|total": unpaid}))


def test_fee_notices_the_narrative_denies_or_undercounts_contradict_unpaid_notices_in_table_three():
    """X-4: an application dropped because its fee notice went unpaid had a notice sent."""
    report = fee_report(2)
    for said in ("本年度发出收费通知0件，总金额0元，实际收取0元。", "本机关未向申请人发出收费通知。",
                 "发出收费通知的件数和总金额分别为1件和200元。"):
        x4 = [f for f in narrative_findings([], report, [said]) if f.rule == "X-4"]
        assert len(x4) == 1, said
        assert [c.key for c in x4[0].cells] == ["t3.other.fee_unpaid|total"]
        assert x4[0].message.startswith(f"正文称「{said.split('，')[0].rstrip('。')}")
    for said in ("本年度发出收费通知3件，实际收取0元。", "因申请人逾期未按收费通知要求缴纳费用不再处理2件。",
                 "本年度未收取信息处理费。"):
        assert [f for f in narrative_findings([], report, [said]) if f.rule == "X-4"] == [], said
    assert narrative_findings([], fee_report(0), ["本年度发出收费通知0件。"]) == []


def test_the_audit_reads_fee_notices_from_section_six_of_a_published_report():
    report = fee_report(1)
    report.sheet.values["t3.other.fee_unpaid|natural_person"] = 1  # the row adds up: the reading keeps it
    report.sections = [ReportSection(heading="六、其他需要报告的事项", text="本年度发出收费通知0件，实际收取信息处理费0元。")]
    x4 = [f for f in audited(report, "html").findings if f.rule == "X-4"]
    assert len(x4) == 1 and "发出收费通知0件" in x4[0].message


def test_one_channels_count_stated_twice_differently_is_found_though_it_names_no_cell(corpus_dir):
    """yangling: 「…审计信息栏目公开信息20条」 and later 「…审计信息专栏公开政府信息16条」."""
    result = audit_file(corpus_dir / "cases" / "yangling-audit-bureau-2022" / "report.txt")
    n5 = [f for f in result.findings if f.rule == "N-5"]
    assert len(n5) == 1 and n5[0].cells == []
    assert "「2022年,我局通过示范区管委会网站审计信息栏目公开信息20条。」称20条" in n5[0].message
    assert "全年通过审计信息专栏公开政府信息16条。」称16条" in n5[0].message


def statements(text: str):
    builder = DocumentBuilder("narrative.txt", "text")
    read_text(text.encode("utf-8"), builder)
    return read_narrative_numbers(builder.document, load_format("gov2021"))


def test_counts_of_different_channels_parts_or_approximations_are_not_the_same_quantity():
    fmt = load_format("gov2021")
    assert len(list(unnamed_twice(statements("通过政府网站公开信息20条。\n通过网站公开政府信息16条。"), fmt))) == 1
    for text in ("通过政府网站公开信息20条。\n通过政务微信公开信息16条。",
                 "通过政府网站公开信息20条，其中通过政府网站专栏公开信息16条。",
                 "通过政府网站公开信息20条。\n上半年通过政府网站公开信息16条。",
                 "通过政府网站公开信息20条。\n通过政府网站公开信息20条。",
                 "通过政府网站公开信息300余条。\n通过政府网站公开信息16条。",
                 "通过政府网站、政务微博等公开信息20条。\n通过政府网站公开信息16条。",
                 "通过政府网站公开信息20条。\n通过政府网站发布政策解读16条。"):
        assert list(unnamed_twice(statements(text), fmt)) == [], text


def test_the_sections_prose_printed_above_its_table_is_narrative_not_table(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("某某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
                    "2021年我局在政府网站主动公开信息36条，微信公众号发布信息70条。\n"
                    "第二十条第(一)项 | |||\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
                    "规章 | 0 | 0 | 0 |\n行政规范性文件 | 2 | 0 | 5 |\n", encoding="utf-8")
    result = audit_file(path)
    assert {n.value for n in result.narrative} >= {36, 70}
    assert {c.spec.key: c.value for c in result.reading.cells}["t2.normative|in_force"] == 5
