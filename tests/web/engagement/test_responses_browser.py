"""In Chromium: a clerk records a press conference with 主要负责同志 from the menu and sees both legacy 二
cells change on the report's computed table."""

import pytest
from django.urls import reverse

from gongkai.web.reports import services as report_services
from tests.web.browsing import new_page

PRESS = "stats.response.channels.press_conferences|value"
PRESS_PRINCIPAL = "stats.response.channels.press_conferences.principal_attended|value"


def cell(page, report, key):
    return page.locator(f'a[href="{reverse("applications:behind", args=[report.pk, key])}"]').first.inner_text()


@pytest.mark.django_db(transaction=True)
def test_clerk_records_a_press_conference_with_the_principal_and_both_cells_change(browser, live_server, world):
    report = report_services.create_report(world.education, 2016, world.clerk)
    page = new_page(browser, live_server, world.clerk)
    page.goto(f"{live_server.url}/applications/reports/{report.pk}/computed/")
    assert (cell(page, report, PRESS), cell(page, report, PRESS_PRINCIPAL)) == ("0", "0")
    page.goto(f"{live_server.url}/workbench/")
    page.get_by_role("link", name="回应解读").first.click()
    page.get_by_label("回应的热点或舆情").fill("义务教育划片招生")
    page.get_by_label("回应方式").select_option(label="新闻发布会")
    page.get_by_label("日期").fill("2016-05-10")
    page.get_by_label("主要负责同志参加").check()
    page.get_by_role("button", name="登记").click()
    assert "已登记" in page.content()
    page.goto(f"{live_server.url}/applications/reports/{report.pk}/computed/")
    assert (cell(page, report, PRESS), cell(page, report, PRESS_PRINCIPAL)) == ("1", "1")
    page.locator(f'a[href="{reverse("applications:behind", args=[report.pk, PRESS_PRINCIPAL])}"]').first.click()
    assert "义务教育划片招生" in page.content()
    page.context.close()
