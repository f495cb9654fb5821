"""Open data: one record per cell, JSON with the report metadata, CSV that Excel opens in Chinese."""

import csv
import io
import json
from decimal import Decimal

import pytest
from render_fixtures import FORMAT_IDS, filled_report

from gongkai.errors import InputError
from gongkai.render import RENDERERS, blank_report, render


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_json_has_one_record_per_cell_in_official_order(format_id):
    report = filled_report(format_id)
    data = json.loads(render(report, "json"), parse_float=Decimal)
    assert data["schema"] == "gongkai.opendata/1"
    assert data["report"]["format"] == format_id and data["report"]["agency"] == report.agency
    assert [r["key"] for r in data["cells"]] == list(report.format.cells)
    for record in data["cells"]:
        value = report.sheet.get(record["key"])
        if value is None:
            assert record["value"] is None
        elif isinstance(value, Decimal):
            assert isinstance(record["value"], str) and Decimal(record["value"]) == value
        else:
            assert record["value"] == value


def test_record_carries_official_labels_and_paths():
    report = filled_report("gov2021")
    report.sheet.set("t3.refused.state_secret|commercial", 3)
    data = json.loads(render(report, "json"))
    record = next(r for r in data["cells"] if r["key"] == "t3.refused.state_secret|commercial")
    assert record == {
        "key": "t3.refused.state_secret|commercial",
        "table": "t3",
        "table_title": "三、收到和处理政府信息公开申请情况",
        "row_label": "1.属于国家秘密",
        "column_label": "商业企业",
        "row_path": ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"],
        "column_path": ["申请人情况", "法人或其他组织", "商业企业"],
        "unit": "件",
        "value": 3,
    }
    review = next(r for r in data["cells"] if r["key"] == "t4.cases|direct.total")
    assert review["row_path"] == [] and review["column_path"] == ["行政诉讼", "未经复议直接起诉", "总计"]


def test_csv_is_utf8_with_bom_and_blank_for_missing():
    report = filled_report("legacy")
    report.sheet.set("stats.fees|value", Decimal("0.30"))
    report.sheet.clear("stats.complaints|value")
    raw = render(report, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(report.format.cells)
    by_key = {row["key"]: row for row in rows}
    assert by_key["stats.fees|value"]["value"] == "0.30" and by_key["stats.fees|value"]["unit"] == "万元"
    assert by_key["stats.complaints|value"]["value"] == ""
    items = by_key["stats.proactive.items.normative|value"]
    assert items["row_path"] == ("一、主动公开情况 > （一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）"
                                 " > 其中：主动公开规范性文件数")
    assert (items["format"], items["agency"], items["year"]) == ("legacy", report.agency, str(report.year))


def test_render_dispatches_every_kind_and_refuses_others():
    report = filled_report("gov2021")
    assert set(RENDERERS) == {"html", "docx", "pdf", "xlsx", "json", "csv"}
    for kind in RENDERERS:
        assert isinstance(render(report, kind), bytes)
    with pytest.raises(InputError):
        render(report, "odt")


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_a_blank_report_renders_in_every_kind(format_id):
    report = blank_report(format_id)
    assert report.format.applies_to(report.year) and not report.sheet.values
    for kind in RENDERERS:
        assert render(report, kind)
    data = json.loads(render(report, "json"))
    assert all(record["value"] is None for record in data["cells"])
