"""The gongkai command as a clerk uses it: exit codes, messages that name the place, no partial files."""

import json

import pytest

from gongkai.cli import main


def run(capsys, *arguments):
    code = main([str(a) for a in arguments])
    out, err = capsys.readouterr()
    return code, out, err


def write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_formats_lists_the_three_formats_with_their_years(capsys):
    code, out, _ = run(capsys, "formats")
    assert code == 0
    assert "legacy   2014—2018" in out and "gov2019  2019—2020" in out and "gov2021  2021—" in out


def test_check_the_seed_prints_the_channel_warning_and_exits_0(capsys, seed_report_path):
    code, out, _ = run(capsys, "check", seed_report_path)
    assert code == 0
    assert "[L-6 警告] 「通过不同渠道和方式公开政府信息的情况」五项之和为4219条，少于主动公开政府信息数4245条" in out


def test_check_json_lists_findings_with_rule_severity_cells_message(capsys, seed_report_path):
    code, out, _ = run(capsys, "check", seed_report_path, "--json")
    data = json.loads(out)
    assert code == 0
    # The table's warning, then the narrative's numbers the table contradicts (X-1, the seed's 16 against 2).
    assert [(f["rule"], f["severity"]) for f in data["findings"]] == [("L-6", "warning")] + [("X-1", "warning")] * 3
    assert data["findings"][0]["cells"][-1]["value"] == 4245
    assert data["findings"][1]["cells"][0]["key"] == "stats.response.hot_topics|value"


def test_check_exits_1_when_the_data_has_errors(capsys, tmp_path):
    report = write_json(tmp_path / "r.json", {"format": "gov2021", "agency": "某局", "year": 2022, "cells": {
        "t4.cases|review.upheld": 1, "t4.cases|review.corrected": 1, "t4.cases|review.other": 0,
        "t4.cases|review.pending": 0, "t4.cases|review.total": 3}})
    code, out, _ = run(capsys, "check", report)
    assert code == 1
    assert "[T4-1 错误] 行政复议—总计为3件，不等于" in out
    assert "（应为2）" in out


def test_check_runs_across_year_rules_for_consecutive_reports_of_one_agency(capsys, tmp_path):
    first = write_json(tmp_path / "2022.json", {"format": "gov2021", "agency": "某局", "year": 2022,
                                                "cells": {"t3.carried_out|total": 5}})
    second = write_json(tmp_path / "2023.json", {"format": "gov2021", "agency": "某局", "year": 2023,
                                                 "cells": {"t3.carried_in|total": 4}})
    code, out, _ = run(capsys, "check", first, second)
    assert code == 0
    assert "[T3-7 警告]" in out and "2022年" in out


@pytest.mark.parametrize("content,expected", [
    ("", "文件为空"),
    ("{not json", "不是有效的 JSON"),
    ('{"format": "gov2021", "year": 2022}', "缺少必填字段「agency」"),
    ('{"format": "gov2030", "agency": "x", "year": 2022}', "未知的报告格式「gov2030」"),
    ('{"format": "gov2021", "agency": "x", "year": 2022, "cells": {"t3.nope|total": 1}}', "没有单元格「t3.nope|total」"),
    ('{"format": "gov2021", "agency": "x", "year": 2022, "cells": {"t3.new|total": "很多"}}', 'cells["t3.new|total"]'),
    ('{"format": "gov2021", "agency": "x", "year": 2022, "cells": {"t3.new|total": 1.5}}', "不是整数"),
    ('{"format": "gov2021", "agency": "x", "year": 2022, "published": "2023/1/1"}', "字段 published"),
])
def test_bad_input_is_named_and_exits_2(capsys, tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "check", path)
    assert code == 2
    assert expected in err and str(path) in err
    assert out == ""


def test_a_missing_file_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "check", tmp_path / "nowhere.json")
    assert code == 2 and "文件不存在" in err


def test_sum_adds_agencies_cell_by_cell_and_keeps_missing_cells_blank(capsys, tmp_path):
    a = write_json(tmp_path / "a.json", {"format": "gov2021", "agency": "甲局", "year": 2023, "jurisdiction": "某区",
                                         "cells": {"t3.new|natural_person": 3, "t2.administrative_fee|amount": "0.10",
                                                   "t3.new|commercial": 1}})
    b = write_json(tmp_path / "b.json", {"format": "gov2021", "agency": "乙局", "year": 2023, "jurisdiction": "某区",
                                         "cells": {"t3.new|natural_person": 4, "t2.administrative_fee|amount": "0.20"}})
    total_path = tmp_path / "total.json"
    code, out, err = run(capsys, "sum", a, b, "-o", total_path)
    assert code == 0
    total = json.loads(total_path.read_text(encoding="utf-8"))
    assert total["cells"]["t3.new|natural_person"] == 7
    assert total["cells"]["t2.administrative_fee|amount"] == "0.30"
    assert "t3.new|commercial" not in total["cells"]
    assert "乙局" in err and "缺失不等于零" in err


def test_sum_refuses_mixed_formats_and_writes_nothing(capsys, tmp_path, seed_report_path):
    a = write_json(tmp_path / "a.json", {"format": "gov2021", "agency": "甲局", "year": 2015})
    total_path = tmp_path / "total.json"
    code, _, err = run(capsys, "sum", a, seed_report_path, "-o", total_path)
    assert code == 2 and "报告格式不一致" in err
    assert not total_path.exists()
