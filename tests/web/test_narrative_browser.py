"""In Chromium: a clerk drafts the narrative from the data, types a number the table contradicts, and
sees the finding under that sentence; the report cannot be submitted without a reason. At 1280 and
390 px wide."""

import pytest
from playwright.sync_api import expect

from gongkai.web.reports import services
from tests.web.browsing import ARTIFACTS, CHROMIUM, new_page

HOT_TOPICS = "stats.response.hot_topics|value"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]


@pytest.mark.parametrize("width", [1280, 390])
def test_clerk_drafts_types_a_wrong_number_and_sees_the_finding_beside_the_sentence(browser, live_server, world,
                                                                                    report, width):
    services.save_cells(report, world.clerk, {HOT_TOPICS: "4", "stats.proactive.items|value": "312"},
                        report.revision)
    page = new_page(browser, live_server, world.clerk, width=width, timeout=20000)  # a loaded machine
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    page.get_by_role("button", name="由统计数据起草正文").click()
    expect(page.locator(".messages")).to_contain_text("已由统计数据起草")
    response = page.get_by_label("三、回应解读情况")
    assert response.input_value().startswith("（一）回应公众关注热点或重大舆情数4次。")
    response.fill(response.input_value().replace("舆情数4次", "舆情数16次"))
    page.get_by_role("button", name="保存正文").click()
    section = page.locator("fieldset", has=page.get_by_label("三、回应解读情况"))
    finding = section.locator("ul.sentence-findings li")
    expect(finding).to_have_count(1)
    expect(finding.locator("q")).to_have_text("（一）回应公众关注热点或重大舆情数16次。")
    expect(finding).to_contain_text("为4次")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    ARTIFACTS.mkdir(exist_ok=True)
    finding.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / f"narrative-finding-{width}.png")
    page.get_by_role("button", name="报送审核", exact=True).click()
    expect(page.locator("body")).to_contain_text("正文有1处数字与统计表不一致，不能报送")
    report.refresh_from_db()
    assert report.status == "draft"
    page.context.close()
