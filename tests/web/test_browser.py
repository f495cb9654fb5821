"""The platform in a real browser (Playwright driving Debian's /usr/bin/chromium): the public page's
numbers and chart, and one report's whole way from a clerk's typing to the public page."""

import re

import pytest
from playwright.sync_api import expect

from gongkai.web.reports import services
from tests.web.browsing import ARTIFACTS, CHROMIUM, new_page, sign_in
from tests.web.conftest import PARTIAL

ITEMS = "stats.proactive.items|value"
WEBSITE = "stats.proactive.channels.website|value"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]


def cell(page, key):
    return page.locator(f'input[name="{key}"]')


def test_public_report_shows_the_numbers_and_a_chart(browser, live_server, world, report):
    services.save_cells(report, world.admin, {ITEMS: "312", WEBSITE: "300", "stats.proactive.channels.wechat|value": "45",
                                              "stats.application.received|value": "3"}, report.revision)
    services.submit(report, world.admin)
    services.approve(report, world.admin, override=PARTIAL)
    services.publish(report, world.admin, override=PARTIAL)
    page = new_page(browser, live_server)
    page.goto(f"{live_server.url}/public/reports/{report.pk}/")
    expect(page.locator(f'td[data-key="{ITEMS}"]')).to_have_text("312")
    expect(page.locator(".chart").first.locator("svg, canvas").first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "public-report.png", full_page=True)


def test_report_travels_from_clerk_to_public(browser, live_server, world, report):
    # The clerk types; the findings panel (htmx) flags the website count above the total, then clears.
    clerk = new_page(browser, live_server)
    sign_in(clerk, live_server, world.clerk)
    clerk.goto(f"{live_server.url}/reports/{report.pk}/")
    cell(clerk, ITEMS).fill("10")
    cell(clerk, WEBSITE).fill("20")
    findings = clerk.locator("#findings")
    expect(findings).to_contain_text("L-6")
    expect(cell(clerk, WEBSITE)).to_have_class(re.compile("warning"))
    cell(clerk, WEBSITE).fill("10")
    expect(findings).not_to_contain_text("L-6")
    clerk.get_by_role("button", name="保存统计表").click()
    expect(clerk.locator(".messages")).to_contain_text("已保存")
    clerk.get_by_role("button", name="报送审核").click()
    expect(clerk.locator(".messages")).to_contain_text("已报送")

    # The coordination office approves it, compiles the district's report and hands it on.
    office = new_page(browser, live_server, world.coordinator)
    office.goto(f"{live_server.url}/reports/{report.pk}/")
    office.get_by_label(re.compile("确需审核通过的")).fill("其余数值本单位确认无此项工作")  # the report leaves cells blank
    office.get_by_role("button", name="审核通过").click()
    expect(office.locator(".messages")).to_contain_text("已审核通过")
    office.goto(f"{live_server.url}/jurisdictions/{world.government.pk}/years/2016/")
    office.get_by_role("button", name="汇总本级年度报告").click()
    office.get_by_role("link", name="查看本级报告").click()
    office.get_by_role("button", name="报送审核").click()
    expect(office.locator(".messages")).to_contain_text("已报送")
    district_report = office.url

    # The reviewer approves and publishes it.
    reviewer = new_page(browser, live_server, world.reviewer)
    reviewer.goto(district_report)
    reviewer.get_by_label(re.compile("确需审核通过的")).fill("正文另行补充")
    reviewer.get_by_role("button", name="审核通过").click()
    reviewer.get_by_role("link", name="批准公开").click()
    reviewer.get_by_label(re.compile("确需公开的")).fill("领导批准先行公开")
    reviewer.get_by_label("我已核对以上内容，确认公开").check()
    reviewer.get_by_role("button", name="确认公开").click()
    expect(reviewer.locator(".messages")).to_contain_text("已公开")

    # Anyone now reads the district's report with the clerk's numbers in it.
    public = new_page(browser, live_server)
    public.goto(f"{live_server.url}/public/?agency={world.government.pk}")
    public.get_by_role("link", name=re.compile("长春市九台区人民政府2016年")).click()
    expect(public.locator(f'td[data-key="{ITEMS}"]')).to_have_text("10")
    expect(public.locator(f'td[data-key="{WEBSITE}"]')).to_have_text("10")
