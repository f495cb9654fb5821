"""Every real published report of the corpus reads, and what a careful reader sees is in it."""

import json
import re
from decimal import Decimal

import pytest
from extract_fixtures import CORPUS
from tests.conftest import NOT_SEGMENTED_YET

from gongkai.extract import compact, parse_number, read_document

CASES = sorted(p for p in (CORPUS / "cases").glob("*") if p.is_dir())


def _report(case):
    return next(case.glob("report.*"))


@pytest.mark.parametrize("case", [
    pytest.param(c, marks=pytest.mark.xfail(reason=NOT_SEGMENTED_YET[c.name], strict=True))
    if c.name in NOT_SEGMENTED_YET else c
    for c in CASES], ids=lambda p: p.name)
def test_case_reads_and_every_truth_number_is_a_cell(case):
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    truth = json.loads((case / "truth.json").read_text(encoding="utf-8"))
    document = read_document(_report(case))
    assert document.kind == _report(case).suffix[1:] and document.lines and not document.warnings
    assert [line.number for line in document.lines] == sorted({line.number for line in document.lines})
    values = {parse_number(s.text).value for line in document.lines for s in line.segments}
    assert {k: v for k, v in truth["cells"].items() if Decimal(str(v)) not in values} == {}
    text = compact(document.text)
    for phrase, number in truth.get("narrative_numbers", {}).items():
        if not re.search(r"[0-9]", phrase):  # 「七部分组成」: the number is in words, the phrase as printed
            assert compact(phrase) in text, phrase
            continue
        printed = Decimal(str(number)) / 10000 if re.search(r"[0-9]余?万", phrase) else Decimal(str(number))  # 1.17万条
        assert format(printed.normalize(), "f") in text, phrase
    if meta["script"] == "traditional":
        assert "公开" in text and "公開" not in text and "報告" not in text


def test_huaian_application_rows_are_lines_of_cells():
    document = read_document(CORPUS / "cases" / "huaian-city-2024" / "report.pdf")
    rows = {line.segments[0].text: line for line in document.lines}
    first = rows["一、本年新收政府信息公开申请数量"]
    assert first.cells[1:] == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert first.page == 4 and [s.x0 for s in first.segments] == sorted(s.x0 for s in first.segments)
    assert rows["四、结转下年度继续办理"].cells[1:] == ["103", "0", "0", "0", "0", "0", "103"]
    assert rows["行政事业性收费"].cells == ["行政事业性收费", "96171.6"]
    assert parse_number(rows["行政事业性收费"].cells[1]).value == Decimal("96171.6")


def test_shanghai_traditional_report_is_simplified():
    document = read_document(CORPUS / "cases" / "shanghai-office-2020-traditional" / "report.txt")
    assert document.lines[0].text == "2020年上海市人民政府办公厅政府信息公开工作年度报告"
    assert document.lines[0].number == 1


def test_wuhai_pipe_table_keeps_blank_cells_and_signs():
    document = read_document(CORPUS / "cases" / "wuhai-industry-bureau-2020" / "report.txt")
    rows = {line.cells[0]: line.cells for line in document.lines}
    assert rows["其他对外管理服务事项"][:4] == ["其他对外管理服务事项", "2", "+2", "114"]
    assert parse_number(rows["行政处罚"][2]).value == -1
