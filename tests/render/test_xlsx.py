"""The official form as XLSX: export, exact round trip, and refusing workbooks that are not the form."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render_fixtures import FORMAT_IDS, filled_report

from gongkai.errors import InputError
from gongkai.formats import load_format
from gongkai.render import blank_report, read_xlsx, render
from gongkai.render.layout import format_layouts
from gongkai.render.xlsx import GRID_TOP, METADATA_SHEET, decimal_from_excel, excel_number, sheet_name
from gongkai.sheets import Report, ReportSection, Sheet


def save(tmp_path, report, name="表格.xlsx"):
    path = tmp_path / name
    path.write_bytes(render(report, "xlsx"))
    return path


def workbook_of(report):
    return openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")))


def test_one_sheet_per_table_named_after_it_plus_hidden_metadata():
    book = workbook_of(filled_report("gov2021"))
    assert book.sheetnames == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                               "四、政府信息公开行政复议、行政诉讼情况", METADATA_SHEET]
    assert book[METADATA_SHEET].sheet_state == "hidden"
    assert workbook_of(filled_report("legacy")).sheetnames == ["政府信息公开情况统计表", METADATA_SHEET]


def test_sheet_names_fit_excel():
    table = load_format("gov2021").table("t3")
    table_copy = type(table)(key="x", title="三、收到和处理/政府信息公开申请情况" * 3, unit=None, label_columns=1,
                             label_layout="nested")
    name = sheet_name(table_copy)
    assert len(name) == 31 and "/" not in name


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_every_label_is_in_its_cell(format_id):
    book = workbook_of(filled_report(format_id))
    for layout in format_layouts(load_format(format_id)):
        sheet = book[sheet_name(layout.table)]
        assert sheet.cell(row=1, column=1).value == layout.table.title
        for spec in layout.label_cells:
            value = sheet.cell(row=GRID_TOP + spec.row, column=1 + spec.col).value
            assert (value or "") == spec.text


def test_t3_header_is_merged_like_the_form():
    sheet = workbook_of(filled_report("gov2021"))["三、收到和处理政府信息公开申请情况"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:J1", "A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5", "A7:A28", "B9:B16", "B28:C28"} <= merged
    assert sheet["A2"].value.startswith("（本列数据的勾稽关系为")


def test_numbers_are_numbers_and_amounts_show_two_decimals():
    report = filled_report("gov2021")
    report.sheet.set("t3.new|natural_person", 12)
    report.sheet.set("t2.administrative_fee|amount", Decimal("3.5"))
    book = workbook_of(report)
    t3 = book["三、收到和处理政府信息公开申请情况"]
    assert t3["D5"].value == 12 and t3["D5"].data_type == "n"
    t2 = book["二、主动公开政府信息情况"]
    fee = t2[f"B{GRID_TOP + 13}"]
    assert (fee.value, fee.data_type, fee.number_format) == (3.5, "n", "0.00")


@pytest.mark.parametrize(("amount", "as_number"), [
    ("0.1", True), ("12.35", True), ("100", True), ("123456789012.345", True),
    ("1234567890123.4567", False),  # 17 significant digits: Excel would round it
    ("0.12345678901234567", False),
])
def test_amounts_excel_cannot_hold_exactly_are_written_as_text(amount, as_number):
    written = excel_number(Decimal(amount))
    assert isinstance(written, float) is as_number
    assert (decimal_from_excel(written) if as_number else Decimal(written)) == Decimal(amount)


def test_a_computed_double_reads_as_excel_displays_it():
    assert decimal_from_excel(0.1 + 0.2) == Decimal("0.3")
    assert decimal_from_excel(1e20) == Decimal("100000000000000000000")


def cell_values(format_id):
    fmt = load_format(format_id)

    def value_for(key):
        kind = fmt.cells[key].type
        if kind == "amount":
            return st.one_of(
                st.decimals(min_value=0, max_value=10**9, places=2),
                st.decimals(min_value=0, max_value=10**6, places=6),
                st.integers(min_value=0, max_value=10**20).map(lambda n: Decimal(n) / 10**4),
            )
        if kind == "signed":
            return st.integers(min_value=-10**6, max_value=10**6)
        return st.integers(min_value=0, max_value=10**9)

    keys = list(fmt.cells)
    return st.lists(st.sampled_from(keys), unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries({key: value_for(key) for key in chosen}))


@pytest.mark.parametrize("format_id", FORMAT_IDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_round_trip_is_exact(tmp_path, format_id, data):
    values = data.draw(cell_values(format_id))
    sheet = Sheet(load_format(format_id))
    for key, value in values.items():
        sheet.set(key, value)
    report = Report(agency="测试局", year=2022, sheet=sheet, agency_kind="department", jurisdiction="测试区",
                    published=datetime.date(2023, 1, 30), title="测试局2022年报告", issuer="测试局办公室",
                    sections=[ReportSection("一、总体情况", "正文" * 20000, "overview"), ReportSection("附言", "")])
    back = read_xlsx(save(tmp_path, report))
    assert back.sheet.values == report.sheet.values
    assert {k: type(v) for k, v in back.sheet.values.items()} == {k: type(v) for k, v in sheet.values.items()}
    # Equal as numbers, not as strings: Excel keeps no trailing zeros, so Decimal("0.00") reads back as 0.
    assert {**back.to_dict(), "cells": None} == {**report.to_dict(), "cells": None}


def test_blank_template_round_trips_once_agency_is_filled(tmp_path):
    path = save(tmp_path, blank_report("gov2021", year=2024))
    book = openpyxl.load_workbook(path)
    assert book[METADATA_SHEET].sheet_state == "visible"
    for layout in format_layouts(load_format("gov2021")):
        sheet = book[sheet_name(layout.table)]
        assert all(sheet.cell(row=GRID_TOP + c.row, column=1 + c.col).value is None for c in layout.value_cells)
    with pytest.raises(InputError) as error:
        read_xlsx(path)
    assert "填报单位" in error.value.message and error.value.place == str(path)
    metadata = book[METADATA_SHEET]
    agency_row = next(row for row in metadata.iter_rows() if row[0].value == "agency")
    agency_row[2].value = "某某局"
    book["三、收到和处理政府信息公开申请情况"]["D5"] = 7
    book["二、主动公开政府信息情况"][f"B{GRID_TOP + 13}"] = "12.5"
    book.save(path)
    report = read_xlsx(path)
    assert (report.agency, report.year, report.format.id) == ("某某局", 2024, "gov2021")
    assert report.sheet.values == {"t3.new|natural_person": 7, "t2.administrative_fee|amount": Decimal("12.5")}


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_format_is_recognised_from_labels_without_metadata(tmp_path, format_id):
    report = filled_report(format_id)
    book = workbook_of(report)
    del book[METADATA_SHEET]
    path = tmp_path / "无元数据.xlsx"
    book.save(path)
    back = read_xlsx(path, agency="测试局", year=2020)
    assert back.format.id == format_id and back.sheet.values == report.sheet.values


def test_a_sheet_of_another_format_is_refused_naming_sheet_and_cell(tmp_path):
    book = workbook_of(filled_report("gov2019"))
    metadata = book[METADATA_SHEET]
    next(row for row in metadata.iter_rows() if row[0].value == "format")[2].value = "gov2021"
    path = tmp_path / "表格.xlsx"
    book.save(path)
    with pytest.raises(InputError) as error:
        read_xlsx(path)
    assert error.value.place == f"{path}, 工作表「二、主动公开政府信息情况」, 单元格 B3"
    assert error.value.message == "应为「本年制发件数」，实为「本年新制作数量」"


def test_a_rearranged_sheet_is_refused(tmp_path):
    book = workbook_of(filled_report("gov2021"))
    book["三、收到和处理政府信息公开申请情况"].insert_rows(7)
    path = tmp_path / "表格.xlsx"
    book.save(path)
    with pytest.raises(InputError) as error:
        read_xlsx(path)
    assert "工作表「三、收到和处理政府信息公开申请情况」, 单元格 A7" in error.value.place
    assert "应为「三、本年度办理结果」" in error.value.message


def test_an_unknown_workbook_is_refused(tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "随便什么"
    path = tmp_path / "别的.xlsx"
    book.save(path)
    with pytest.raises(InputError) as error:
        read_xlsx(path, agency="x", year=2022)
    assert error.value.place.startswith(str(path))
    assert "不是任何已知格式的统计表" in error.value.message


@pytest.mark.parametrize(("cell", "raw", "message"), [
    ("D5", "十二", "不是整数"),
    ("D5", -3, "为负数"),
    ("D5", 2.5, "不是整数"),
])
def test_bad_values_are_refused_with_the_cell_address(tmp_path, cell, raw, message):
    book = workbook_of(filled_report("gov2021"))
    book["三、收到和处理政府信息公开申请情况"][cell] = raw
    path = tmp_path / "表格.xlsx"
    book.save(path)
    with pytest.raises(InputError) as error:
        read_xlsx(path)
    assert error.value.place == f"{path}, 工作表「三、收到和处理政府信息公开申请情况」, 单元格 {cell}"
    assert message in error.value.message and "一、本年新收政府信息公开申请数量" in error.value.message


def test_a_signed_change_may_be_negative_and_a_blank_cell_is_missing(tmp_path):
    report = filled_report("gov2019")
    report.sheet.set("t2.licensing|change", -4)
    book = workbook_of(report)
    book["三、收到和处理政府信息公开申请情况"]["D5"] = "  "
    path = tmp_path / "表格.xlsx"
    book.save(path)
    back = read_xlsx(path)
    assert back.sheet.get("t2.licensing|change") == -4
    assert back.sheet.get("t3.new|natural_person") is None


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04broken", b""])
def test_a_corrupt_file_is_refused(tmp_path, content):
    path = tmp_path / "坏.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        read_xlsx(path)
    assert error.value.place == str(path)


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "压缩包.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InputError) as error:
        read_xlsx(path)
    assert error.value.place == str(path)


def test_a_file_over_ten_megabytes_is_refused(tmp_path):
    path = tmp_path / "大.xlsx"
    with path.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024 + 1)
    with pytest.raises(InputError) as error:
        read_xlsx(path)
    assert "10 MB" in error.value.message and error.value.place == str(path)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(InputError) as error:
        read_xlsx(tmp_path / "无.xlsx")
    assert error.value.message == "文件不存在"
