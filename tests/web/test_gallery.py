"""Every page for every role, in a real browser at desktop and phone width (GB/T 37668-2019 / WCAG 2.1 AA):
no horizontal scroll, no English in the interface, and on the public pages no serious or critical
accessibility violation (axe-core, a test asset installed by the Makefile). Each page is saved as a
screenshot in ``test-artifacts/gallery/`` so that a reviewer can look at all of them in a minute.

Then the paths a person takes: an anonymous visitor reaches every public function from ``/``; a clerk
meets dates in the step forms; a report with gaps is approved and published only with a reason.
"""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.urls import resolve
from django.utils import timezone

from gongkai.sheets import load_report_json
from gongkai.web import navigation
from gongkai.web.applications import services as applications
from gongkai.web.complaints import services as complaints
from gongkai.web.reports import services
from gongkai.web.settings import REPO_DIR
from tests.web.applications.conftest import APPLICANT
from tests.web.browsing import ARTIFACTS, CHROMIUM, new_page, sign_in
from tests.web.conftest import PARTIAL

AXE = Path(__file__).parent / "assets" / "axe.min.js"
WIDTHS = {"desktop": 1280, "phone": 390}
ROLES = ["anonymous", "clerk", "coordinator", "reviewer", "admin"]
NAMES = {"clerk": "李晓红", "other_clerk": "王建国", "coordinator": "区政务公开协调办公室", "reviewer": "分管副区长",
         "admin": "系统管理员"}
# Names of file formats and the date pattern (YYYY-MM-DD), not interface text; anything else in Latin
# letters is English.
FORMATS = {"DOCX", "XLSX", "CSV", "JSON", "HTML", "PDF", "YYYY"}
LATIN_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{3,}(?![A-Za-z0-9])")
EMAIL = re.compile(r"\S+@\S+")
PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)  # the document templates' own language, shown to edit

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")]


@pytest.fixture
def district(world, report, events_cleared):
    """九台区 with work waiting for every role: the seed's published 2015 report; 教育局's 2016 draft;
    民政局's 2016 report submitted with gaps; 其塔木镇's approved and waiting to be published; an
    overdue application and one just received."""
    for role, name in NAMES.items():
        user = getattr(world, role)
        user.first_name = name  # a Chinese name is written whole; Django's full name puts a space between parts
        user.is_staff = role == "admin"
        user.save()
    published = services.record_published(world.government, load_report_json(REPO_DIR / "examples/jiutai-2015.json"),
                                           world.admin)
    services.save_cells(report, world.clerk, {"stats.proactive.items|value": "312",
                                              "stats.proactive.channels.website|value": "300"}, report.revision)
    submitted = services.create_report(world.civil, 2016, world.other_clerk)
    services.submit(submitted, world.other_clerk)
    approved = services.create_report(world.town, 2016, world.admin)
    services.submit(approved, world.admin)
    services.approve(approved, world.coordinator, override=PARTIAL)
    today = timezone.localdate()
    overdue = applications.register(world.education, world.clerk, channel="in_person",
                                    received=today - datetime.timedelta(days=45), applicant_kind="natural_person",
                                    description="九台区教师招聘考试成绩及录用名单", form_requirements="纸质",
                                    applicant=APPLICANT)
    recent = applications.register(world.government, world.coordinator, channel="letter", received=today,
                                   applicant_kind="natural_person", description="本村土地征收补偿方案",
                                   form_requirements="电子邮件", applicant=APPLICANT)
    complaint = complaints.register(world.education, world.clerk, about=world.education, channel="letter",
                                    received=today - datetime.timedelta(days=30), content="招生计划未按时公开",
                                    name="张三")
    return {"published": published, "draft": report, "submitted": submitted, "approved": approved,
            "overdue": overdue, "recent": recent, "complaint": complaint}


def pages(role, world, district) -> list[tuple[str, str]]:
    """(name, path) of every page the role reaches: its menu, and the pages its work leads to."""
    d = {key: value.pk for key, value in district.items()}
    if role == "anonymous":
        return [("front-door", "/"), ("reports", "/public/"), ("report", f"/public/reports/{d['published']}/"),
                ("choose", "/applications/apply/"), ("apply", f"/applications/apply/{world.education.pk}/"),
                ("track", "/applications/track/"), ("login", "/accounts/login/"), ("not-found", "/no-such-page/")]
    user = getattr(world, role)
    menu = [(f"{resolve(url.split('?')[0]).url_name}-{index}", url) for index, (_, url) in enumerate(navigation.links(user))]
    extra = {
        "clerk": [("report", f"/reports/{d['draft']}/"), ("history", f"/reports/{d['draft']}/history/"),
                  ("computed", f"/applications/reports/{d['draft']}/computed/"),
                  ("application", f"/applications/{d['overdue']}/"),
                  ("documents", f"/applications/{d['overdue']}/documents/"),
                  ("register", f"/applications/agencies/{world.education.pk}/register/"),
                  ("complaint", f"/complaints/{d['complaint']}/"),
                  ("complaint-register", f"/complaints/agencies/{world.education.pk}/new/")],
        "coordinator": [("review", f"/reports/{d['submitted']}/"), ("application", f"/applications/{d['recent']}/")],
        "reviewer": [("publish", f"/reports/{d['approved']}/publish/"), ("report", f"/reports/{d['approved']}/")],
        "admin": [("report", f"/reports/{d['published']}/")],
    }[role]
    return menu + extra


def english_words(page) -> set[str]:
    text = PLACEHOLDER.sub(" ", EMAIL.sub(" ", page.evaluate("document.body.innerText")))
    return {word for word in LATIN_WORD.findall(text) if word.upper() not in FORMATS}


def serious_violations(page) -> list[str]:
    # Evaluated through the DevTools protocol: the pages' CSP (no inline script) does not apply to it.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
        return r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", "));
    }""")
    return result


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_every_role_at_desktop_and_phone_width(browser, live_server, world, district, role):
    folder = ARTIFACTS / "gallery"
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    for width_name, width in WIDTHS.items():
        page = new_page(browser, live_server, None if role == "anonymous" else getattr(world, role))
        page.set_viewport_size({"width": width, "height": 900})
        page.set_default_timeout(30000)  # full-page screenshots of long pages on a busy machine
        for name, path in pages(role, world, district):
            response = page.goto(live_server.url + path)
            place = f"{role} {width_name} {path}"
            page.wait_for_load_state("load")
            page.screenshot(path=folder / f"{role}-{width_name}-{name}.png", full_page=True)
            expected = 404 if name == "not-found" else 200
            if response.status != expected:
                problems.append(f"{place}: HTTP {response.status}")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                problems.append(f"{place}: scrolls sideways by {overflow} px")
            if english := english_words(page):
                problems.append(f"{place}: English {sorted(english)}")
            if role == "anonymous" and (violations := serious_violations(page)):
                problems.append(f"{place}: axe {violations}")
        page.context.close()
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_anonymous_visitor_reaches_every_public_function_from_the_front_door(browser, live_server, world, district):
    page = new_page(browser, live_server)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="政府信息公开工作年度报告").first.click()
    page.get_by_role("link", name=re.compile("2015年度")).click()
    assert page.locator("h1").inner_text().startswith(("长春市九台区", "九台区"))
    assert page.get_by_role("table").first.is_visible()  # the numbers behind the charts, or the report's tables
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="网络申请政府信息公开").first.click()
    page.get_by_role("link", name="九台区教育局").click()
    assert page.get_by_label("申请人的姓名或者名称").is_visible()
    field = page.get_by_label("申请人的姓名或者名称").bounding_box()
    assert field["width"] > 300  # stacked under its label on a phone, not squeezed beside it
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="查询申请办理情况").first.click()
    assert page.get_by_label("查询码").is_visible()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="工作人员登录").click()
    assert page.get_by_label("用户名").is_visible()


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_step_forms_show_today_in_their_date_fields(browser, live_server, world, district, locale):
    page = browser.new_context(locale=locale).new_page()
    sign_in(page, live_server, world.clerk)
    page.goto(f"{live_server.url}/applications/{district['overdue'].pk}/")
    page.locator("#step-supplement-request summary").click()
    date = page.get_by_label("补正告知之日")
    assert date.input_value() == timezone.localdate().isoformat()
    page.context.close()


def test_report_with_gaps_is_approved_and_published_only_with_a_reason(browser, live_server, world, district):
    office = new_page(browser, live_server, world.coordinator)
    office.goto(f"{live_server.url}/reports/{district['submitted'].pk}/")
    assert "该报告尚未填写完整" in office.locator(".gaps").inner_text()
    office.get_by_label(re.compile("确需审核通过的")).fill("统计数已电话核实，正文另行补充")
    office.get_by_role("button", name="审核通过").click()
    assert "已审核通过" in office.locator(".messages").inner_text()

    reviewer = new_page(browser, live_server, world.reviewer)
    reviewer.goto(f"{live_server.url}/reports/{district['submitted'].pk}/")
    reviewer.get_by_role("link", name="批准公开").click()
    confirmation = reviewer.locator("main").inner_text()
    assert "X-5" in confirmation and "公开不可撤回" in confirmation  # late: said before, not after
    reviewer.get_by_role("button", name="确认公开").click()  # refused by the browser: nothing ticked
    assert reviewer.url.endswith("/publish/") and not district["submitted"].versions.exists()
    reviewer.get_by_label(re.compile("确需公开的")).fill("领导批准先行公开")
    reviewer.get_by_label("我已核对以上内容，确认公开").check()
    reviewer.get_by_role("button", name="确认公开").click()
    assert "已公开" in reviewer.locator(".messages").inner_text()
    reviewer.goto(f"{live_server.url}/reports/{district['submitted'].pk}/history/")
    assert "领导批准先行公开" in reviewer.locator("main").inner_text()
