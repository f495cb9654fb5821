"""A citizen applies online in a real browser (Debian's /usr/bin/chromium) and looks the application
up by its tracking code."""

import datetime

import pytest
from playwright.sync_api import expect

from gongkai.web.applications.models import Application
from tests.web.applications.conftest import apply
from tests.web.browsing import ARTIFACTS, CHROMIUM, new_page

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]


def test_citizen_applies_online_and_tracks_the_application(browser, live_server, world, events_cleared):
    page = new_page(browser, live_server, width=1100)
    page.goto(f"{live_server.url}/applications/apply/")
    page.get_by_role("link", name=world.education.name).click()
    expect(page.locator("h1")).to_contain_text("向九台区教育局申请政府信息公开")
    page.get_by_label("申请人的姓名或者名称").fill("王小明")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13712345678")
    page.get_by_label("电子邮箱").fill("wang@example.cn")
    page.get_by_label("申请公开的政府信息的名称").fill("2026年九台区城区道路改造工程的立项批复文件")
    page.get_by_label("获取信息的方式、途径").select_option("邮寄")
    page.get_by_role("button", name="提交申请").click()
    # 邮寄 needs an address: the form says so beside the field, and nothing is saved.
    expect(page.locator(".errorlist")).to_contain_text("选择邮寄的，请填写通信地址。")
    assert not Application.objects.exists()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "online-application-form.png", full_page=True)
    page.get_by_label("通信地址").fill("吉林省长春市九台区光明街7号")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("h1")).to_have_text("申请已提交")
    code = page.locator("#tracking-code").inner_text()
    assert code == Application.objects.get().tracking_code
    page.get_by_role("link", name="查询办理情况").click()
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    result = page.locator("#tracking-result")
    expect(result).to_contain_text("九台区教育局")
    expect(result).to_contain_text("办理中")
    assert "王小明" not in page.content() and "11010519491231002X" not in page.content()
    page.screenshot(path=ARTIFACTS / "online-application-tracking.png", full_page=True)
    page.context.close()


def test_clerk_replies_late_and_the_office_sees_it(browser, live_server, world, events_cleared):
    """An overdue application: the office's overview marks it; the clerk records the reply on its page,
    a reply before receipt is refused beside the form; the overview then counts it closed, not on time."""
    overdue = apply(world.education, world.clerk, datetime.date(2026, 11, 2))  # due 2026-11-30; today 12-31
    office = new_page(browser, live_server, world.coordinator)
    office.goto(f"{live_server.url}/applications/jurisdictions/{world.government.pk}/")
    row = office.locator("table.list").last.locator("tr", has_text="九台区教育局")
    expect(row).to_contain_text("已逾期")
    clerk = new_page(browser, live_server, world.clerk)
    clerk.goto(f"{live_server.url}/applications/{overdue.pk}/")
    clerk.locator("#step-reply summary").click()
    reply = clerk.locator("#step-reply")
    reply.get_by_label("答复之日").fill("2026-10-30")
    reply.get_by_label("办理结果").select_option("t3.granted")
    reply.get_by_role("button", name="登记：答复").click()
    expect(clerk.locator("#step-reply")).to_contain_text("答复之日（2026年10月30日）早于收到申请之日")
    clerk.locator("#step-reply").get_by_label("答复之日").fill("2026-12-04")
    clerk.locator("#step-reply").get_by_role("button", name="登记：答复").click()
    expect(clerk.locator("main")).to_contain_text("逾期答复")
    office.reload()
    counts = office.locator("table.list").first.locator("tr", has_text="九台区教育局")
    expect(counts).to_contain_text("0%")
    expect(office.locator("table.list").last).to_contain_text("没有未办结的申请")
    ARTIFACTS.mkdir(exist_ok=True)
    office.screenshot(path=ARTIFACTS / "applications-overview.png", full_page=True)
    office.context.close()
    clerk.context.close()
