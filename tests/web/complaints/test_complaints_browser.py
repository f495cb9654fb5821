"""In Chromium at phone width (390 px): a clerk opens 举报投诉 from the menu, registers a complaint,
records a handling step and closes it, and the report's computed legacy 六 counts it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from gongkai.web.complaints.models import Complaint
from gongkai.web.reports import services as report_services
from tests.web.browsing import ARTIFACTS, CHROMIUM, new_page

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 391


@pytest.mark.django_db(transaction=True)
def test_clerk_registers_and_answers_a_complaint_on_a_phone(browser, live_server, world):
    report = report_services.create_report(world.education, 2016, world.clerk)  # legacy: its 六 counts complaints
    page = new_page(browser, live_server, world.clerk, width=390)
    page.goto(f"{live_server.url}/workbench/")
    page.get_by_role("link", name="举报投诉").first.click()
    page.get_by_role("link", name="九台区教育局：登记举报投诉").click()
    page.get_by_label("收到举报投诉之日").fill("2016-05-10")
    page.get_by_label("举报投诉方式").select_option(label="电话")
    page.get_by_label("举报投诉内容").fill("学校招生计划未在网站公开")
    page.get_by_label("举报投诉人姓名或者名称").fill("王晓明")
    no_sideways_scroll(page)
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".messages")).to_contain_text("已登记")
    expect(page.locator("body")).to_contain_text("王晓明")
    page.get_by_text("登记办理步骤（调查核实、转交、告知）").click()
    page.get_by_label("办理步骤").select_option(label="调查核实")
    page.locator("#id_step-on").fill("2016-05-12")
    page.get_by_label("说明").fill("已核实，招生计划漏发")
    page.get_by_role("button", name="登记办理步骤").click()
    expect(page.locator("body")).to_contain_text("已核实，招生计划漏发")
    page.locator("summary", has_text="办结").click()
    page.get_by_label("办结之日").fill("2016-05-13")
    page.get_by_label("处理结果").select_option(label="举报投诉属实，已责令改正")
    page.get_by_label("处理情况").fill("已责令补发招生计划并告知举报人")
    no_sideways_scroll(page)
    page.get_by_role("button", name="办结").click()
    expect(page.locator(".messages")).to_contain_text("已办结")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "complaint-390.png", full_page=True)
    assert Complaint.objects.get().outcome == "substantiated"
    page.goto(f"{live_server.url}{reverse('applications:computed', args=[report.pk])}")
    behind = reverse("applications:behind", args=[report.pk, "stats.complaints|value"])
    assert page.locator(f'a[href="{behind}"]').first.inner_text() == "1"
    page.context.close()
