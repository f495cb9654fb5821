"""A past published report into the platform: the readers read the file, the clerk sees every cell
read and every finding, corrects, confirms, and the report is that agency-year's published report,
every value and correction in its history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from gongkai.web.reports import imports, services
from gongkai.web.reports.models import AnnualReport, ReportEvent
from tests.web.browsing import ARTIFACTS, CHROMIUM, new_page
from tests.web.conftest import login

ITEMS = "stats.proactive.items|value"
PUBLISHED = datetime.date(2016, 3, 28)


@pytest.fixture
def jiutai(corpus_dir):
    """九台区's 2015 report as published (legacy format, every cell printed)."""
    return (corpus_dir / "cases" / "jiutai-district-2015" / "report.txt").read_bytes()


def read(data: bytes):
    return imports.read_upload("九台区2015年报.txt", [data])


def confirm(reading, agency, user, values=None, **options):
    read_values = {cell.key: cell.value for cell in reading.cells}
    return imports.confirm_import(agency, user, format_id=reading.format.id, year=reading.year, read=read_values,
                                  values={**read_values, **(values or {})}, sections=reading.sections,
                                  title="九台区教育局2015年政府信息公开工作年度报告", published=PUBLISHED,
                                  filename=reading.filename, **options)


def test_a_clerk_imports_a_past_report_as_its_published_version_with_each_correction_recorded(world, jiutai):
    reading = read(jiutai)
    assert reading.format.id == "legacy" and reading.year == 2015 and len(reading.cells) == 58
    assert {f.rule for f in reading.findings} >= {"L-6", "X-1"}
    report = confirm(reading, world.education, world.clerk, {ITEMS: "4219"})
    assert report.status == AnnualReport.Status.PUBLISHED and report.published == PUBLISHED
    version = report.versions.get()
    assert dict(report.cells.values_list("key", "value"))[ITEMS] == "4219"
    assert version.data["cells"][ITEMS] == 4219
    correction = report.events.get(note="导入时人工更正")
    assert (correction.target, correction.old, correction.new, correction.user) == (ITEMS, "4245", "4219", world.clerk)
    assert report.events.filter(kind=ReportEvent.Kind.CELL).count() == 58 + 1
    assert [s.heading for s in report.sections.all()][:2] == ["一、概况", "二、主动公开政府信息情况"]


def test_an_existing_agency_year_is_refused_unless_replacing_is_confirmed(world, jiutai):
    reading = read(jiutai)
    report = services.create_report(world.education, 2015, world.clerk)
    with pytest.raises(services.ReportError, match="2015年度的报告已存在（草稿）"):
        confirm(reading, world.education, world.clerk)
    assert not report.cells.exists() and not report.versions.exists()
    replaced = confirm(reading, world.education, world.clerk, {ITEMS: "4000"}, replace=True)
    assert replaced.pk == report.pk and replaced.status == AnnualReport.Status.PUBLISHED
    assert report.events.filter(kind=ReportEvent.Kind.STATUS, new="已公开").exists()
    again = confirm(read(jiutai), world.education, world.clerk, replace=True)
    assert [v.number for v in again.versions.all()] == [1, 2]
    assert again.events.filter(target=ITEMS, old="4000", new="4245").exists()


def test_a_bad_file_or_value_names_its_place_and_saves_nothing(world, jiutai):
    with pytest.raises(services.ReportError, match="文件「报告.exe」：不支持该文件类型"):
        imports.read_upload("报告.exe", [b"MZ"])
    with pytest.raises(services.ReportError, match="文件「空.pdf」是空文件"):
        imports.read_upload("空.pdf", [])
    with pytest.raises(services.ReportError, match="文件「坏.pdf」"):
        imports.read_upload("坏.pdf", [b"%PDF-1.4 broken"])
    with pytest.raises(services.InvalidCells) as error:
        confirm(read(jiutai), world.education, world.clerk, {ITEMS: "四千"})
    assert list(error.value.errors) == [ITEMS]
    assert not AnnualReport.objects.exists()


def test_only_the_agencys_clerk_or_its_office_imports_for_it(world, jiutai):
    reading = read(jiutai)
    with pytest.raises(PermissionDenied):
        confirm(reading, world.education, world.other_clerk)
    with pytest.raises(PermissionDenied):
        confirm(reading, world.education, world.outsider)
    assert confirm(reading, world.education, world.coordinator).agency == world.education


def test_the_import_pages_are_in_the_clerks_menu_and_confirm_with_corrections(client, world, jiutai):
    login(client, world.clerk)
    home = client.get(reverse("reports:home")).content.decode()
    url = reverse("reports:import_published")
    assert home.count(f'href="{url}"') == 2  # the menu and the home's reports list
    response = client.post(url, {"agency": world.education.pk,
                                 "file": SimpleUploadedFile("九台区2015年报.txt", jiutai)})
    assert response.status_code == 302 and response.url == reverse("reports:import_confirm")
    page = client.get(response.url).content.decode()
    assert 'name="cell-stats.proactive.items|value" id="input-stats.proactive.items|value" value="4245"' in page
    assert "L-6" in page and "未能从报告中读出发布日期" in page
    reading = imports.Reading.from_json(client.session["reports_import"]["reading"])
    form = {f"cell-{cell.key}": cell.value for cell in reading.cells}
    form.update({f"cell-{ITEMS}": "4219", "year": "2015", "published": "2016-03-28", "title": ""})
    response = client.post(reverse("reports:import_confirm"), form)
    report = AnnualReport.objects.get(agency=world.education, year=2015)
    assert response.status_code == 302 and response.url == reverse("reports:report", args=[report.pk])
    assert report.events.filter(target=ITEMS, old="4245", new="4219", note="导入时人工更正").exists()
    assert "reports_import" not in client.session


def test_a_bad_upload_page_says_why_in_chinese_and_keeps_nothing(client, world):
    login(client, world.clerk)
    response = client.post(reverse("reports:import_published"),
                           {"agency": world.education.pk, "file": SimpleUploadedFile("x.exe", b"MZ")})
    assert response.status_code == 400 and "文件「x.exe」：不支持该文件类型" in response.content.decode()
    assert "reports_import" not in client.session
    login(client, world.nobody)
    assert client.get(reverse("reports:import_published")).status_code == 403


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_a_clerk_imports_corrects_and_confirms_in_the_browser(browser, live_server, world, jiutai, tmp_path):
    width = 1280  # the page at phone width is in the gallery (tests/web/test_gallery.py)
    upload = tmp_path / "九台区2015年报.txt"
    upload.write_bytes(jiutai)
    page = new_page(browser, live_server, world.clerk, width=width)
    page.goto(f"{live_server.url}{reverse('reports:home')}")
    page.get_by_role("link", name="导入往年已公开的年度报告").click()
    page.get_by_label("年度报告文件").set_input_files(str(upload))
    page.get_by_role("button", name="读取报告").click()
    expect(page.get_by_role("heading", name="核对导入的年度报告")).to_be_visible()
    expect(page.locator(".finding").first).to_contain_text("L-6")
    page.locator(f'input[name="cell-{ITEMS}"]').fill("4219")
    page.get_by_label("发布日期").fill("2016-03-28")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"import-confirm-{width}.png", full_page=True)
    page.get_by_role("button", name="确认导入为已公开的报告").click()
    expect(page.locator(".messages")).to_contain_text("导入为九台区教育局2015年度已公开的年度报告")
    report = AnnualReport.objects.get(agency=world.education, year=2015)
    assert report.status == AnnualReport.Status.PUBLISHED
    assert report.events.filter(target=ITEMS, new="4219", note="导入时人工更正").exists()


def test_the_command_line_shows_the_reading_and_imports_only_when_confirmed(world, corpus_dir):
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = corpus_dir / "cases" / "jiutai-district-2015" / "report.txt"
    out = StringIO()
    call_command("import_report", str(path), "--agency", "九台区教育局", "--user", "clerk", stdout=out)
    assert f"{ITEMS} 4245 文字 第" in out.getvalue() and "未导入" in out.getvalue()
    assert not AnnualReport.objects.exists()
    call_command("import_report", str(path), "--agency", "九台区教育局", "--user", "clerk", "--confirm",
                 "--published", "2016-03-28", "--set", f"{ITEMS}=4219", stdout=StringIO())
    report = AnnualReport.objects.get(agency=world.education, year=2015)
    assert report.events.filter(target=ITEMS, old="4245", new="4219", note="导入时人工更正").exists()
    with pytest.raises(CommandError, match="已存在"):
        call_command("import_report", str(path), "--agency", "九台区教育局", "--user", "clerk", "--confirm",
                     "--published", "2016-03-28", stdout=StringIO())
