"""The platform in a real browser (Playwright driving Debian's /usr/bin/chromium): the public page's
numbers and chart, and one report's whole way from a clerk's typing to the public page.

Playwright's sync API runs an event loop in the test's thread, so Django's guard against database
calls from async code must be lifted for the fixtures that write through the ORM.
"""

import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

from gongkai.web.reports import services  # noqa: E402
from tests.web.conftest import PARTIAL  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ITEMS = "stats.proactive.items|value"
WEBSITE = "stats.proactive.channels.website|value"
PASSWORD = "correct-horse-battery"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Signing in through the form hashes passwords; the default hasher takes most of a second each time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def new_page(browser, live_server, user=None):
    """A page in a fresh browser context; signed in as ``user`` through a session cookie, which is
    quicker than the form (the clerk's test of the form is ``sign_in``)."""
    context = browser.new_context(viewport={"width": 1300, "height": 1000}, locale="zh-CN")
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    page = context.new_page()
    page.set_default_timeout(5000)
    return page


def sign_in(page, live_server, user):
    user.set_password(PASSWORD)  # the shared fixtures make users without one (tests use force_login)
    user.save(update_fields=["password"])
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("header.top")).to_contain_text(user.username)


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
    reviewer.get_by_role("button", name="审核通过").click()
    reviewer.get_by_role("button", name="批准公开").click()
    expect(reviewer.locator(".messages")).to_contain_text("已公开")

    # Anyone now reads the district's report with the clerk's numbers in it.
    public = new_page(browser, live_server)
    public.goto(f"{live_server.url}/public/?agency={world.government.pk}")
    public.get_by_role("link", name=re.compile("长春市九台区人民政府2016年")).click()
    expect(public.locator(f'td[data-key="{ITEMS}"]')).to_have_text("10")
    expect(public.locator(f'td[data-key="{WEBSITE}"]')).to_have_text("10")
