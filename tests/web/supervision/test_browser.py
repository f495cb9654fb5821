"""In Chromium: the coordination office issues the month's bulletin, which ranks its agencies, from its
menu; the page reads at phone width too."""

import pytest
from playwright.sync_api import expect

from gongkai.web.supervision.models import Bulletin
from tests.web.browsing import ARTIFACTS, new_page

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_office_issues_a_bulletin_that_ranks_its_agencies(browser, live_server, events_cleared, march):
    page = new_page(browser, live_server, march.coordinator, width=1280)
    page.goto(f"{live_server.url}/workbench/")
    page.get_by_role("link", name="政务公开月度通报").first.click()
    page.get_by_label("通报月份").fill("2024-03")
    page.get_by_role("button", name="预览通报").click()
    ranking = page.locator("#ranking")
    expect(ranking.locator("tr").nth(1)).to_contain_text("九台区教育局")
    expect(ranking.locator("tr").nth(2)).to_contain_text("九台区民政局")
    expect(page.locator("#rule")).to_contain_text("排名规则")
    page.get_by_role("button", name="签发通报").click()
    bulletin = Bulletin.objects.get()
    expect(page.locator("#number")).to_have_text(bulletin.number)
    expect(page.get_by_role("button", name="签发通报")).to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "supervision-bulletin-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 900})
    expect(page.locator("#ranking")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the table scrolls, not the page
    page.screenshot(path=ARTIFACTS / "supervision-bulletin-390.png", full_page=True)
    page.context.close()
