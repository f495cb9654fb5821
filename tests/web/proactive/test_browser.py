"""The register in a real browser (Playwright driving Debian's /usr/bin/chromium), issue 11's three
stories: a clerk registers an item on two channels and the report's total counts it once; the public
finds it from the front door by a two-character Chinese term; the office sees a late item flagged.
Screenshots of each page at 1280 and 390 px wide go to test-artifacts/."""

import datetime
import os
from urllib.parse import quote

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from django.urls import reverse  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from gongkai.web.applications import statistics  # noqa: E402
from gongkai.web.proactive.models import Item  # noqa: E402
from gongkai.web.reports import services as report_services  # noqa: E402
from tests.web.browsing import ARTIFACTS, CHROMIUM, new_page  # noqa: E402

ITEMS = "stats.proactive.items|value"
TITLE = "九台区2016年城乡低保标准调整公告"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]



def shots(browser, live_server, url, name, user=None):
    """The page at both widths; at phone width nothing may be wider than the screen."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page = new_page(browser, live_server, user, width, timeout=8000)
        page.goto(url)
        page.screenshot(path=ARTIFACTS / f"proactive-{name}-{width}.png", full_page=True)
        if width == 390:
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= 390 + 1, f"{name}: {overflow} px wide at 390 px"
        page.context.close()


def test_a_clerk_registers_an_item_on_two_channels_and_the_total_counts_it_once(browser, live_server, world,
                                                                                category):
    report = report_services.create_report(world.education, 2016, world.clerk)
    page = new_page(browser, live_server, world.clerk, width=1280, timeout=8000)
    page.goto(live_server.url + reverse("proactive:register"))
    page.get_by_role("link", name="登记九台区教育局的信息").click()
    page.get_by_label("信息名称").fill(TITLE)
    page.get_by_label("主题分类").select_option(label="0703 社会保障")
    page.get_by_label("生成日期").fill("2016-03-01")
    page.get_by_label("发布日期").fill("2016-03-03")
    page.get_by_label("政府网站", exact=True).check()
    page.get_by_label("政府网站网址").fill("http://www.jiutai.gov.cn/xxgk/2016/1.html")
    page.get_by_label("政务微信", exact=True).check()
    page.get_by_label("政务微信公开日期").fill("2016-03-04")
    page.get_by_role("button", name="保存并发布").click()
    expect(page.locator(".messages")).to_contain_text("已发布，索引号")
    item = Item.objects.get(title=TITLE)
    assert item.channels.count() == 2

    page.goto(live_server.url + reverse("applications:computed", args=[report.pk]))
    behind = reverse("applications:behind", args=[report.pk, ITEMS])
    expect(page.locator(f'a[href="{behind}"]')).to_have_text("1")
    for channel in ("website", "wechat"):
        url = reverse("applications:behind", args=[report.pk, f"stats.proactive.channels.{channel}|value"])
        expect(page.locator(f'a[href="{url}"]')).to_have_text("1")
    page.get_by_role("button", name=f"由记录生成{statistics.computed_name(report.format)}").click()
    expect(page.locator(".messages")).to_contain_text("已由记录生成")
    report.refresh_from_db()
    assert report.cells.get(key=ITEMS).value == "1"
    form = live_server.url + reverse("proactive:item_new", args=[world.education.pk])
    shots(browser, live_server, form, "register-form", world.clerk)
    phone = new_page(browser, live_server, world.clerk, 390, timeout=8000)
    phone.goto(form)
    # On a phone the channels stack, one block each: nothing scrolls sideways inside the form.
    table, box = phone.locator("table.channels").evaluate("t => [t.scrollWidth, t.parentElement.clientWidth]")
    assert table <= box
    phone.context.close()
    shots(browser, live_server, live_server.url + reverse("proactive:item", args=[item.pk]), "item-staff",
          world.clerk)


def test_the_public_finds_the_item_by_a_two_character_term_from_the_front_door(browser, live_server, world,
                                                                                  make_item):
    item = make_item(title=TITLE, formed_on=datetime.date(2016, 3, 1), published_on=datetime.date(2016, 3, 3),
                     channels=("website", "wechat"))
    make_item(title="九台区2016年义务教育阶段学校招生工作方案", formed_on=datetime.date(2016, 4, 1),
              published_on=datetime.date(2016, 4, 5))
    page = new_page(browser, live_server, width=1280, timeout=8000)
    page.goto(live_server.url + "/")
    page.get_by_label("搜索政府信息公开目录").fill("低保")
    page.get_by_role("button", name="搜索").click()
    expect(page.locator("#count")).to_contain_text("共 1 条包含「低保」的信息")
    page.get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".facts")).to_contain_text(item.index_number)
    assert page.url.endswith(quote(item.index_number, safe="/"))
    shots(browser, live_server, live_server.url + "/catalogue/?q=" + quote("低保"), "catalogue-search")
    shots(browser, live_server, page.url, "item-public")


def test_the_office_sees_a_late_item_flagged(browser, live_server, world, make_item):
    today = datetime.date.today()
    make_item(title="逾期发布：九台区城区供暖价格调整公告", formed_on=today - datetime.timedelta(days=60),
              published_on=today)
    make_item(title="按时发布：九台区城区供暖开始时间公告", formed_on=today - datetime.timedelta(days=2),
              published_on=today)
    url = live_server.url + reverse("proactive:timeliness", args=[world.government.pk])
    page = new_page(browser, live_server, world.coordinator, width=1280, timeout=8000)
    page.goto(live_server.url + reverse("reports:home"))
    page.get_by_role("link", name="主动公开发布及时性").first.click()
    late = page.locator("#late-items")
    expect(late).to_contain_text("逾期发布：九台区城区供暖价格调整公告")
    expect(late).not_to_contain_text("按时发布")
    expect(page.locator("#rates")).to_contain_text("50.0%")
    shots(browser, live_server, url, "timeliness", world.coordinator)
