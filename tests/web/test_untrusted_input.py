"""What an attacker or a careless paste sends is refused with a message naming the field, never a 500
(issue 10, items 5 and 6): control characters, values too long or too large, years no format covers,
offsets beyond the database's integers, lone surrogates and lists where the API takes one value.
Run on PostgreSQL too (DATABASE_URL): NUL bytes and over-long values fail there, not on SQLite."""

import datetime
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from gongkai.render import blank_report, render
from gongkai.render.layout import format_layouts
from gongkai.render.xlsx import GRID_TOP, sheet_name
from gongkai.web.applications.models import Application
from gongkai.web.reports import services
from gongkai.web.reports.models import PublishedVersion
from tests.web.conftest import PARTIAL

from .applications.conftest import apply

ITEMS = "stats.proactive.items|value"
FEES = "stats.fees|value"
REGISTER = {"channel": "letter", "received": "2026-12-01", "applicant_kind": "natural_person", "name": "李四",
            "id_document": "居民身份证 220181199202022222", "phone": "13800000000", "description": "某项目批复文件",
            "form_requirements": "纸质"}
ONLINE = {"applicant_kind": "natural_person", "name": "王小明", "id_type": "居民身份证",
          "id_number": "11010519491231002X", "phone": "13712345678", "email": "wang@example.cn",
          "address": "吉林省长春市九台区光明街7号", "description": "2026年九台区城区道路改造工程的立项批复文件",
          "medium": "电子文档", "delivery": "电子邮件"}


def post_json(client, path, body: str):
    return client.post(path, body, content_type="application/json")


def register_path(world):
    return f"/api/staff/agencies/{world.education.pk}/applications"


def apply_online(client, agency, **changes):
    page = client.get(reverse("applications:apply", args=[agency.pk])).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    return client.post(reverse("applications:apply", args=[agency.pk]), {**ONLINE, "form_token": token, **changes})


# ---------------------------------------------------------------- control characters (item 5)


def test_a_manual_line_break_in_an_online_application_is_saved_as_a_line_break(client, world):
    response = apply_online(client, world.education, description="第一项：立项批复\x0b第二项：环评批复")
    assert response.status_code == 200
    assert Application.objects.get().description == "第一项：立项批复\n第二项：环评批复"


@pytest.mark.parametrize("character", ["\x01", "\x00", "\x1b"])
def test_a_control_character_in_an_online_application_is_refused_naming_the_field(client, world, character):
    response = apply_online(client, world.education, address=f"光明街{character}7号")
    page = response.content.decode()
    assert "通信地址含有不允许的" in page and f"U+{ord(character):04X}" in page
    assert not Application.objects.exists()


def test_the_api_refuses_nul_and_lists_naming_the_field(client, world):
    client.force_login(world.clerk)
    nul = post_json(client, register_path(world), json.dumps({**REGISTER, "name": "李\u0000四"}))
    assert nul.status_code == 422 and "name" in nul.json()["errors"]
    assert "空字符（U+0000）" in nul.json()["detail"]
    listed = post_json(client, register_path(world), json.dumps({**REGISTER, "name": ["a", "b"]}))
    assert listed.status_code == 422 and listed.json()["errors"]["name"].endswith("应为单个值，不能是列表或对象。")
    assert not Application.objects.exists()


def test_a_lone_surrogate_in_json_is_refused_as_json(client, world):
    client.force_login(world.clerk)
    body = json.dumps({**REGISTER, "description": "批复"}, ensure_ascii=False).replace("批复", "\\ud800批复")
    response = post_json(client, register_path(world), body)
    assert response.status_code in (400, 422) and response["Content-Type"].startswith("application/json")
    assert not Application.objects.exists()
    tracking = post_json(Client(), "/api/applications/track", '{"code": "\\udfff"}')
    assert tracking.status_code in (400, 422) and "detail" in tracking.json()


def test_an_application_stored_with_control_characters_still_gives_its_reply_document(client, world):
    application = apply(world.education, world.clerk, datetime.date(2026, 3, 2))
    Application.objects.filter(pk=application.pk).update(description="旧数据\x0b第二行\x01")
    client.force_login(world.clerk)
    client.post(reverse("applications:step", args=[application.pk, "reply"]),
                {"replied_on": "2026-03-20", "outcome": "t3.granted", "note": "予以公开"})
    response = client.get(reverse("applications:document", args=[application.pk, "reply_granted"]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "旧数据" in text and "\x01" not in text


def test_section_text_with_a_manual_line_break_is_saved_and_nul_is_refused(client, world, report):
    client.force_login(world.clerk)
    section = report.sections.first()
    client.post(reverse("reports:save_sections", args=[report.pk]),
                {"revision": report.revision, f"section-{section.position}": "甲\x0b乙"})
    section.refresh_from_db()
    assert section.text == "甲\n乙"
    report.refresh_from_db()
    response = client.post(reverse("reports:save_sections", args=[report.pk]),
                           {"revision": report.revision, f"section-{section.position}": "丙\x00丁",
                            "title": "标题"}, follow=True)
    assert response.status_code == 422
    assert f"{section.heading}含有不允许的空字符（U+0000）" in response.content.decode()
    section.refresh_from_db()
    report.refresh_from_db()
    assert (section.text, report.title) == ("甲\n乙", "")


def test_a_published_version_holding_a_manual_line_break_still_downloads(client, world, report):
    services.save_cells(report, world.admin, {ITEMS: "3"}, report.revision)
    services.submit(report, world.admin)
    services.approve(report, world.admin, override=PARTIAL)
    version = services.publish(report, world.admin, override=PARTIAL)
    data = version.data
    data["sections"][0]["text"] = "一行\x0b二行\x01"
    data["title"] = "=HYPERLINK(\"http://example.invalid/\",\"点此\")"
    PublishedVersion.objects.filter(pk=version.pk).update(data=data)
    for kind in ("xlsx", "docx", "csv", "json"):
        response = client.get(reverse("public:download", args=[report.pk, version.number, kind]))
        assert response.status_code == 200, kind
    xlsx = client.get(reverse("public:download", args=[report.pk, version.number, "xlsx"])).content
    title = load_workbook(io.BytesIO(xlsx))["报告信息"]["C8"]
    assert (title.value, title.data_type) == (data["title"], "s")


# ---------------------------------------------------------------- sizes, ranges and types (item 6)


def test_a_cell_value_of_65_characters_is_refused_on_the_page_and_the_api(client, world, report):
    client.force_login(world.clerk)
    page = client.post(reverse("reports:save_cells", args=[report.pk]), {"revision": report.revision, ITEMS: "1" * 65})
    assert page.status_code == 422 and "超出范围" in page.content.decode()
    api = client.put(f"/api/staff/reports/{report.pk}/cells",
                     json.dumps({"revision": report.revision, "values": {FEES: "1e300"}}), content_type="application/json")
    assert api.status_code == 422 and FEES in api.json()["errors"]
    assert not report.cells.exists()


def test_a_title_of_201_characters_is_refused(client, world, report):
    client.force_login(world.clerk)
    response = client.post(reverse("reports:save_sections", args=[report.pk]),
                           {"revision": report.revision, "title": "标" * 201})
    assert response.status_code == 422 and "报告标题不得超过200个字符" in response.content.decode()
    report.refresh_from_db()
    assert report.title == ""


@pytest.mark.parametrize(("value", "message"), [(1e300, "超出范围"), ("1e300", "不是整数")])
def test_1e300_in_an_imported_cell_is_refused(client, world, report, value, message):
    workbook = load_workbook(io.BytesIO(render(blank_report("legacy", 2016, agency="九台区教育局"), "xlsx")))
    layout = format_layouts(report.format)[0]
    spec = layout.value_cells[0]
    workbook[sheet_name(layout.table)].cell(row=GRID_TOP + spec.row, column=1 + spec.col, value=value)
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(services.ReportError, match=message):
        services.import_xlsx(report, world.clerk, SimpleUploadedFile("上报.xlsx", out.getvalue()), report.revision)
    assert not report.cells.exists()


@pytest.mark.parametrize("year", ["32767", "99999999999999999999", "2007", "-1"])
def test_a_report_year_no_format_covers_is_refused(client, world, year):
    client.force_login(world.clerk)
    response = client.post(reverse("reports:create", args=[world.education.pk]), {"year": year}, follow=True)
    assert response.status_code == 200
    assert not world.education.reports.exists()
    assert "年" in response.content.decode()


def test_pages_for_a_year_beyond_the_calendar_are_not_found_not_errors(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("reports:dashboard", args=[world.government.pk, 32767]))
    assert response.status_code in (200, 404)


@pytest.mark.parametrize("query", ["offset=99999999999999999999", "limit=99999999999999999999",
                                   "offset=-1", "agency=99999999999999999999"])
def test_staff_api_offsets_beyond_the_database_integers_are_refused_as_json(client, world, query):
    client.force_login(world.coordinator)
    response = client.get(f"/api/staff/applications?{query}")
    assert response.status_code == 422 and response["Content-Type"].startswith("application/json")
    assert response.json()["errors"]


def test_a_return_comment_with_nul_is_refused_and_the_report_stays_submitted(client, world, report):
    services.save_cells(report, world.clerk, {ITEMS: "3"}, report.revision)
    services.submit(report, world.clerk)
    client.force_login(world.coordinator)
    response = client.post(reverse("reports:return", args=[report.pk]), {"comment": "请补充\x00数据"}, follow=True)
    assert response.status_code == 200 and "退回意见含有不允许的空字符（U+0000）" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"
