"""Auditing published reports: every corpus case is a regression test, and the seed's known mistakes are found."""

import json
import shutil

import pytest

from gongkai.audit import audit_file, audit_paths
from gongkai.cli import main
from gongkai.corpus import cases_in, evaluate_case
from tests.conftest import CORPUS, FORMAT_NOT_DETECTED_YET, NOT_READ_YET, NOT_SEGMENTED_YET, WRONG_YET

CASES = cases_in(CORPUS)


def marked(cases, known):
    return [pytest.param(c, marks=pytest.mark.xfail(reason=known[c.name], strict=True)) if c.name in known else c
            for c in cases]


@pytest.mark.parametrize("case", marked((c.parent for c in CASES), WRONG_YET), ids=lambda c: c.name)
def test_every_value_reported_is_right_and_nothing_is_invented(case):
    result = evaluate_case(case)
    assert result.wrong == []
    assert result.not_in_truth == [], "values reported that the hand-read truth does not list"


@pytest.mark.parametrize("case", marked((c.parent for c in CASES), NOT_READ_YET), ids=lambda c: c.name)
def test_every_truth_cell_is_read(case):
    assert evaluate_case(case).not_read == []


@pytest.mark.parametrize("case", marked((c.parent for c in CASES), {**NOT_SEGMENTED_YET, **FORMAT_NOT_DETECTED_YET}),
                         ids=lambda c: c.name)
def test_the_format_is_detected_from_the_tables_or_left_open(case):
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    result = evaluate_case(case)
    if json.loads((case / "truth.json").read_text(encoding="utf-8")).get("cells"):
        assert result.format_detected == meta["format"]
    else:
        assert result.format_detected in (None, meta["format"])


def findings_of(result, rule):
    return [f.message for f in result.findings if f.rule == rule]


def test_the_seed_narrative_contradicts_its_table_three_times(corpus_dir):
    result = audit_file(corpus_dir / "seed" / "000_01fbd1c9bbe722f2.txt")
    assert result.format.id == "legacy" and result.year == 2015
    x1 = findings_of(result, "X-1")
    assert any("回应公众关注热点或重大舆情数16次" in m and m.endswith("为2次") for m in x1)
    assert any("主要负责同志参加政府网站在线访谈次数1次" in m and m.endswith("为2次") for m in x1)
    assert any("告知通过其他途径办理1件" in m and m.endswith("为0件") for m in x1)
    assert len(x1) == 3
    assert findings_of(result, "L-6") == ["「通过不同渠道和方式公开政府信息的情况」五项之和为4219条，少于主动公开政府信息数4245条"]


def test_narrative_numbers_link_to_the_cells_they_state(corpus_dir):
    result = audit_file(corpus_dir / "seed" / "000_01fbd1c9bbe722f2.txt")
    linked = {(n.raw, n.key) for n in result.narrative}
    assert ("4245条", "stats.proactive.items|value") in linked
    assert ("16次", "stats.response.hot_topics|value") in linked
    assert ("1次", "stats.response.channels.online_interviews.principal_attended|value") in linked
    assert ("5877条", None) in linked  # cumulative since the start: stated, but no cell of the year


def test_hongze_2023_review_totals_printed_as_zero_are_errors(corpus_dir):
    result = audit_file(corpus_dir / "cases" / "hongze-district-2023" / "report.pdf")
    assert findings_of(result, "T4-1") == [
        "行政复议—总计为0件，不等于「行政复议—结果维持」「行政复议—结果纠正」「行政复议—其他结果」「行政复议—尚未审结」之和11件",
        "复议后起诉—总计为0件，不等于「复议后起诉—结果维持」「复议后起诉—结果纠正」「复议后起诉—其他结果」「复议后起诉—尚未审结」之和5件",
    ]


def test_hongze_2024_narrative_17_applications_against_table_95(corpus_dir):
    result = audit_file(corpus_dir / "cases" / "hongze-district-2024" / "report.pdf")
    assert findings_of(result, "X-1") == [
        "正文称「2024年，区政府办代表区政府受理政府信息公开申请17件」，统计表「一、本年新收政府信息公开申请数量」（总计）为95件"]


def test_a_collapsed_heading_row_is_reported_as_such_and_its_items_stay_unread(corpus_dir):
    result = audit_file(corpus_dir / "cases" / "hongze-district-2023" / "report.pdf")
    collapsed = [c for c in result.cells_json() if c.get("collapsed")]
    assert {c["key"] for c in collapsed} >= {"t3.other|natural_person", "t3.other|total"}
    reasons = {u["reason"] for u in result.unread_json() if u["key"].startswith("t3.other.")}
    assert reasons == {"该表把本项并入「（六）其他处理」一行"}


def test_json_cells_carry_paths_raw_text_and_evidence(corpus_dir):
    result = audit_file(corpus_dir / "cases" / "huaian-city-2024" / "report.pdf")
    cell = next(c for c in result.to_json()["cells"] if c["key"] == "t3.refused.state_secret|commercial")
    assert cell["row_path"] == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"]
    assert cell["column_path"] == ["申请人情况", "法人或其他组织", "商业企业"]
    assert cell["value"] == 0 and cell["raw"] == "0"
    assert cell["evidence"]["page"] == 4 and cell["evidence"]["column"] == 2
    fee = next(c for c in result.to_json()["cells"] if c["key"] == "t2.administrative_fee|amount")
    assert fee["value"] == "96171.6"


def test_a_folder_audit_carries_on_past_an_unreadable_file(tmp_path, corpus_dir, capsys):
    shutil.copy(corpus_dir / "seed" / "000_01fbd1c9bbe722f2.txt", tmp_path / "seed.txt")
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (tmp_path / "empty.docx").write_bytes(b"")
    code = main(["audit", str(tmp_path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 2
    assert [("error" in item) for item in out] == [True, True, False]
    assert any(f["rule"] == "L-6" for f in out[2]["findings"])


@pytest.mark.parametrize("workers", [1, 2])
def test_consecutive_years_of_one_agency_are_linked_across_years(tmp_path, workers):
    narrative = "一、总体情况\n本机关坚持以公开为常态、不公开为例外，认真落实条例各项规定。\n全年主动公开政府信息100条，做到应公开尽公开。\n"
    table = ("三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n"
             "二、上年结转政府信息公开申请数量 | {into} | 0 | 0 | 0 | 0 | 0 | {into}\n"
             "四、结转下年度继续办理 | {out} | 0 | 0 | 0 | 0 | 0 | {out}\n")
    (tmp_path / "a.txt").write_text("某某局2022年政府信息公开工作年度报告\n" + narrative
                                    + table.format(out=5, into=0) + "本年制发件数 本年废止件数\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("某某局2023年政府信息公开工作年度报告\n" + narrative
                                    + table.format(out=0, into=3) + "本年制发件数 本年废止件数\n", encoding="utf-8")
    results = audit_paths([tmp_path], workers=workers)  # in one process, and in a pool
    later = next(r for r in results if r.year == 2023)
    assert [f.message for f in later.findings if f.rule == "T3-7"] == [
        "上年结转政府信息公开申请数量（自然人）为3件，不等于上年报告的结转下年度继续办理（自然人）5件",
        "上年结转政府信息公开申请数量（总计）为3件，不等于上年报告的结转下年度继续办理（总计）5件"]
    assert [f.message for f in later.findings if f.rule == "N-1"] == ["正文8句中有8句与2022年度报告相同（100%）"]


def test_the_audit_page_highlights_problem_cells_and_charts_findings_by_rule(tmp_path, corpus_dir):
    output = tmp_path / "审查结果.html"
    code = main(["audit", str(corpus_dir / "cases"), "-o", str(output)])
    assert code == 1  # hongze 2023 has errors
    page = output.read_text(encoding="utf-8")
    assert 'data-key="t4.cases|review.total"' in page
    assert "highlight" in page and "echarts.init" in page
    assert page.count('<section class="report"') == len(CASES) + 1


def test_the_audit_csv_lists_one_row_per_finding(tmp_path, corpus_dir):
    output = tmp_path / "审查结果.csv"
    main(["audit", str(corpus_dir / "seed"), "-o", str(output)])
    text = output.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "文件,单位,年度,格式,规则,严重程度,说明,单元格"
    assert len(text.splitlines()) == 1 + 4


def test_the_harness_counts_findings_found_missed_and_false_by_rule(corpus_dir, tmp_path):
    case = tmp_path / "jiutai"
    shutil.copytree(corpus_dir / "cases" / "jiutai-district-2015", case)
    assert (lambda r: (len(r.found), len(r.missed), len(r.false)))(evaluate_case(case)) == (4, 0, 0)
    truth = json.loads((case / "truth.json").read_text(encoding="utf-8"))
    truth["inconsistencies"] = [i for i in truth["inconsistencies"] if i["rule"] != "L-6"]
    truth["inconsistencies"].append({"text": "a certain table error", "rule": "T3-1"})
    truth["inconsistencies"].append({"text": "a judgement call", "rule": "N-2", "possible": True})
    (case / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    result = evaluate_case(case)
    assert (len(result.found), result.missed, [f.rule for f in result.false]) == (3, ["a certain table error"], ["L-6"])
    assert result.medium == "text" and result.failures == 1


def test_gongkai_corpus_reports_each_case_each_medium_and_the_total(corpus_dir, tmp_path, capsys):
    for name in ("jiutai-district-2015", "shanghai-office-2019", "wuhai-industry-bureau-2020"):
        shutil.copytree(corpus_dir / "cases" / name, tmp_path / name)
    assert main(["corpus", str(tmp_path)]) == 0
    truth_file = tmp_path / "wuhai-industry-bureau-2020" / "truth.json"
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    del truth["cells"]["行政处罚|本年增/减"]
    truth_file.write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["corpus", str(tmp_path)]) != 0, "a value the truth does not list is a failure"
    out = capsys.readouterr().out
    assert "真值之外：t2.penalty|change" in out
    assert any(line.startswith("HTML：1 份：真值 63 个，读对 63 个") for line in out.splitlines())
    assert any(line.startswith("text：2 份") for line in out.splitlines())
    assert out.splitlines()[-1].startswith("合计：3 份")


def audit_text(tmp_path, text):
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return audit_file(path)


OVERVIEW = "一、总体情况\n本年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》。\n"


def test_the_year_is_read_from_the_statistical_period_when_the_text_starts_below_the_title(tmp_path):
    result = audit_text(tmp_path, "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n" + OVERVIEW)
    assert result.year == 2023
    # Conversion loses 年 and 月: the period still names its year.
    assert audit_text(tmp_path, "统计期限自201911日起至20191231日止。\n" + OVERVIEW).year == 2019
    # A period over two years names none.
    assert audit_text(tmp_path, "统计期限自2017年1月1日起至2018年12月31日止。\n" + OVERVIEW).year is None


def test_a_title_without_工作_names_the_year_and_the_agency(tmp_path):
    result = audit_text(tmp_path, "2016年龙归镇政府信息公开年度报告\n" + OVERVIEW)
    assert (result.year, result.agency) == (2016, "龙归镇")


def test_a_year_printed_without_年_before_the_title_is_the_year_not_the_agency(tmp_path):
    result = audit_text(tmp_path, "海南省生态环境厅\n2022政府信息公开工作年度报告\n" + OVERVIEW)
    assert (result.year, result.agency) == (2022, "海南省生态环境厅")


def test_a_report_titled_as_a_report_on_the_year_names_its_year_and_an_opening_sentence_does_not(tmp_path):
    assert audit_text(tmp_path, "关于2022年度政府信息公开情况的报告\n" + OVERVIEW).year == 2022
    opening = audit_text(tmp_path, "现将本机关2021年度政府信息公开工作情况报告如下。\n" + OVERVIEW)
    assert (opening.year, opening.agency) == (None, "")


def test_a_title_below_the_page_navigation_is_found_and_the_breadcrumb_is_not_the_agency(tmp_path):
    navigation = "".join(f"导航{i}\n" for i in range(12))
    result = audit_text(tmp_path, navigation + "您当前所在位置:首页>乡镇信息公开>中村乡\n"
                                                "中村乡2020年政府信息公开工作年度报告\n" + OVERVIEW)
    assert (result.year, result.agency) == (2020, "中村乡")


def test_a_former_agency_is_named_without_原_but_原平市_keeps_it(tmp_path):
    assert audit_text(tmp_path, "原安丘市机关事务管理局2018年政府信息公开工作年度报告\n" + OVERVIEW).agency == "安丘市机关事务管理局"
    assert audit_text(tmp_path, "原平市人民政府2018年政府信息公开工作年度报告\n" + OVERVIEW).agency == "原平市人民政府"


def test_the_title_year_agreeing_with_the_statistical_period_is_the_year_and_disagreeing_is_said(tmp_path):
    title = "某县人民政府2021年政府信息公开工作年度报告\n"
    agreeing = audit_text(tmp_path, title + "统计期限为2021年1月1日至2021年12月31日。\n" + OVERVIEW)
    assert agreeing.year == 2021 and agreeing.notes == ["未能从统计表识别报告格式（未找到足够的格式特征词）"]
    disagreeing = audit_text(tmp_path, title + "统计期限为2020年1月1日至2020年12月31日。\n" + OVERVIEW)
    assert disagreeing.year is None
    assert "报告名称所示年度（2021年）与统计期限所示年度（2020年）不一致，未认定报告年度" in disagreeing.notes


def test_the_publication_date_printed_under_the_title_is_read(tmp_path):
    for printed in ("发布日期: 2021-01-29", "日期:2021-01-29", "2021-01-29 08:50     来源:大五里镇",
                    "来源:区人民政府办公室 时间:2021-01-29 10:01", "发布日期：2021年1月29日"):
        result = audit_text(tmp_path, f"大五里镇2020年政府信息公开工作年度报告\n{printed}\n" + OVERVIEW)
        assert str(result.published) == "2021-01-29", printed


def test_a_page_banners_date_is_not_the_publication_date(tmp_path):
    text = "今天:2024年2月22日 星期四\n防城港市某局2023年度政府信息公开工作年度报告\n" + OVERVIEW
    assert audit_text(tmp_path, text).published is None


def test_the_page_date_is_preferred_to_the_signing_date_and_that_to_the_date_the_page_was_made(tmp_path):
    title = "丰门街道2016年度政府信息公开工作年度报告\n"
    signed = OVERVIEW + "丰门街道办事处\n2017年1月6日\n"
    assert str(audit_text(tmp_path, title + "发布时间:2017-02-27\n" + signed).published) == "2017-02-27"
    assert str(audit_text(tmp_path, title + "生成日期 | 2017-02-27 |\n" + signed).published) == "2017-01-06"
    assert str(audit_text(tmp_path, title + "生成日期 | 2017-02-27 |\n" + OVERVIEW).published) == "2017-02-27"


def test_a_report_without_tables_is_checked_for_late_publication_under_its_years_format(corpus_dir):
    # A department's report is due by 31 January (《条例》第四十九条); this one has no table.
    result = audit_file(corpus_dir / "cases" / "fangchenggang-approval-bureau-2024" / "report.txt")
    assert result.format is None and result.year == 2024 and str(result.published) == "2025-02-14"
    assert findings_of(result, "X-5") == ["发布日期2025年2月14日晚于法定期限2025年1月31日"]


def test_a_government_of_unknown_kind_is_held_to_the_later_deadline(tmp_path):
    result = audit_text(tmp_path, "某镇人民政府2024年政府信息公开工作年度报告\n发布日期:2025-02-14\n" + OVERVIEW)
    assert result.year == 2024 and findings_of(result, "X-5") == []
