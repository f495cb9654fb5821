"""Importing the statistics from an official XLSX form: all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.render import blank_report, render
from gongkai.web.reports import services

ITEMS = "stats.proactive.items|value"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(format_id="legacy", year=2016, **cells):
    core = blank_report(format_id, year, agency="九台区教育局")
    for key, value in cells.items():
        core.sheet.set(key.replace("__", "|"), value)
    return render(core, "xlsx")


def upload(data: bytes, name="统计表.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX)


def test_official_form_is_imported(client, world, report):
    services.save_cells(report, world.clerk, {"stats.fees|value": "1"}, report.revision)
    data = workbook(**{"stats.proactive.items__value": 88})
    client.force_login(world.clerk)
    response = client.post(reverse("reports:import", args=[report.pk]),
                           {"revision": report.revision, "file": upload(data)}, follow=True)
    assert "已从 统计表.xlsx 导入统计表" in response.content.decode()
    assert dict(report.cells.values_list("key", "value")) == {ITEMS: "88"}  # the import replaces the table
    assert report.events.filter(kind="cell", note="导入 统计表.xlsx").count() == 2


@pytest.mark.parametrize(("data", "message"), [
    (b"not a workbook at all", "无法打开 XLSX 文件"),
    (b"PK" + bytes(10 * 1024 * 1024), "文件过大（10 MB，上限 10 MB）"),
], ids=["not-xlsx", "oversized"])
def test_bad_file_is_refused_with_the_core_message_and_nothing_saved(client, world, report, data, message):
    services.save_cells(report, world.clerk, {ITEMS: "5"}, report.revision)
    client.force_login(world.clerk)
    response = client.post(reverse("reports:import", args=[report.pk]),
                           {"revision": report.revision, "file": upload(data, "上报.xlsx")}, follow=True)
    page = response.content.decode()
    assert "导入失败，未作任何修改" in page and message in page and "上报.xlsx" in page
    assert dict(report.cells.values_list("key", "value")) == {ITEMS: "5"}


def test_form_of_another_format_is_refused(world, report):
    with pytest.raises(services.ReportError, match="本报告应使用"):
        services.import_xlsx(report, world.clerk, upload(workbook("gov2021", 2022)), report.revision)
    assert not report.cells.exists()


def test_form_with_an_invalid_value_is_refused_whole(world, report):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook(**{"stats.proactive.items__value": 88})))
    sheet = book.worksheets[0]
    target = next(cell for row in sheet.iter_rows() for cell in row if cell.value == 88)
    target.value = "八十八"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(services.ReportError, match="不是整数"):
        services.import_xlsx(report, world.clerk, upload(buffer.getvalue()), report.revision)
    assert not report.cells.exists()
