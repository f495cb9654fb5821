"""The way in: the public front door at /, a menu on every page from navigation.py, each role's home
listing what waits for that person across years, and Chinese for everyone whatever the browser asks."""

import datetime
import json
import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from gongkai.web import navigation, views
from gongkai.web.applications import services as applications
from gongkai.web.reports import services
from tests.web.applications.conftest import APPLICANT
from tests.web.conftest import login

ENGLISH = re.compile(r"\b(Log ?in|Username|Password|Not Found|Server Error|Forbidden|Django|Home|Logout)\b")


def hrefs(response) -> set[str]:
    return set(re.findall(r'href="([^"#]+)', response.content.decode()))


def test_anonymous_visitor_reaches_every_public_function_from_the_front_door(client, world):
    page = client.get("/")
    assert page.status_code == 200
    links = hrefs(page)
    for name in ("public:list", "applications:choose", "applications:track", "login"):
        assert reverse(name) in links, name
    assert "政府信息公开工作年度报告" in page.content.decode()


def test_every_public_link_of_the_menu_opens_for_an_anonymous_visitor(client, world):
    for label, url in navigation.links(world.nobody.__class__(), "public"):
        assert client.get(url).status_code == 200, label


@pytest.mark.parametrize(("role", "expected"), [
    ("clerk", ["工作台", "修改密码", "依申请公开待办", "导入往年年度报告", "主动公开信息登记", "回应解读", "会议和培训", "机构建设和保障经费",
               "举报投诉", "政务公开通报和整改"]),
    ("coordinator", ["工作台", "修改密码", "年度报告汇总", "导入往年年度报告", "依申请公开办理情况", "依申请公开待办", "主动公开信息登记",
                     "主动公开发布及时性", "政务公开月度通报", "抽查督查和整改", "主题分类和体裁", "回应解读", "会议和培训", "机构建设和保障经费", "举报投诉", "节假日安排",
                     "文书模板", "年度报告正文模板", "登录锁定"]),
    ("reviewer", ["工作台", "修改密码", "年度报告汇总", "依申请公开办理情况", "政务公开月度通报"]),
    ("admin", ["工作台", "修改密码", "年度报告汇总（长春市九台区）", "年度报告汇总（长春市双阳区）", "依申请公开待办",
               "主动公开信息登记", "节假日安排", "文书模板", "年度报告正文模板", "登录锁定", "系统管理"]),
])
def test_each_role_has_its_menu_on_every_signed_in_page(client, world, report, role, expected):
    world.admin.is_staff = True
    world.admin.save()
    login(client, getattr(world, role))
    for url in (reverse("reports:home"), reverse("reports:report", args=[report.pk])):
        page = client.get(url).content.decode()
        menu = re.search(r'<nav aria-label="主菜单">(.*?)</nav>', page, re.S).group(1)
        assert re.findall(r">([^<>]+)</a>", menu) == [*expected, "公开网站"]


def test_menu_links_open_for_the_role_they_are_shown_to(client, world, report):
    world.admin.is_staff = True  # the system admin menu leads to Django's admin, which asks for it
    world.admin.save()
    for role in ("clerk", "coordinator", "reviewer", "admin"):
        user = getattr(world, role)
        login(client, user)
        for label, url in navigation.links(user):
            assert client.get(url).status_code == 200, (role, label)


def test_reviewer_home_lists_a_report_of_an_earlier_year_waiting_for_review(client, world):
    """The home shows every year: a 2016 report submitted long ago still waits for its reviewer."""
    own = services.create_report(world.government, 2016, world.coordinator)
    services.submit(own, world.coordinator)
    login(client, world.reviewer)
    page = client.get(reverse("reports:home")).content.decode()
    waiting = page.split("待审核的年度报告")[1].split("<h2>")[0]
    assert reverse("reports:report", args=[own.pk]) in waiting and "长春市九台区人民政府2016年度报告" in waiting


def test_clerk_home_lists_the_report_to_fill_and_links_the_applications_queue(client, world, report):
    applications.register(world.education, world.clerk, channel="in_person", received=datetime.date(2026, 11, 2),
                          applicant_kind="natural_person", description="招生计划", form_requirements="纸质",
                          applicant=APPLICANT)
    login(client, world.clerk)
    page = client.get(reverse("reports:home"))
    text = page.content.decode()
    assert reverse("reports:report", args=[report.pk]) in text.split("待填报、待修改的年度报告")[1]
    assert f'{reverse("applications:queue")}?agency={world.education.pk}' in text
    assert "九台区教育局：未办结申请1件" in text


def test_office_queue_agrees_with_its_overview(client, world):
    """The office handles the government's own applications, and sees those of every agency of the
    district: its queue lists what its overview counts."""
    applications.register(world.education, world.clerk, channel="in_person", received=datetime.date(2026, 11, 2),
                          applicant_kind="natural_person", description="招生计划", form_requirements="纸质",
                          applicant=APPLICANT)
    login(client, world.coordinator)
    queue = client.get(reverse("applications:queue")).content.decode()
    overview = client.get(reverse("applications:overview", args=[world.government.pk])).content.decode()
    assert "没有未办结的申请" not in queue and "招生计划" in queue and "招生计划" in overview
    # Registering is offered only where the office does the work itself.
    assert reverse("applications:register", args=[world.government.pk]) in queue
    assert reverse("applications:register", args=[world.education.pk]) not in queue


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/", "/no-such-page/", "/", "/public/",
                                 "/applications/apply/", "/applications/track/"])
def test_pages_are_chinese_whatever_the_browser_asks(client, world, url):
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    text = re.sub(r"<(script|style)\b.*?</\1>", "", page.content.decode(), flags=re.S)
    visible = re.sub(r"<[^>]+>", " ", text)
    assert not ENGLISH.search(visible), ENGLISH.search(visible)
    assert page.status_code == (404 if "no-such" in url else 200)


def test_admin_is_titled_for_the_platform(client, world):
    login(client, world.admin)
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "政府信息公开工作平台" in page and "Django" not in re.sub(r"<[^>]+>", " ", page)


def test_missing_page_is_answered_in_chinese(client, world):
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and "页面不存在" in page.content.decode()
    assert reverse("front_door") in hrefs(page)


@pytest.mark.parametrize("url", ["/api/no-such-endpoint", "/api/reports/999999"])
def test_api_errors_are_chinese_json(client, world, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    detail = json.loads(response.content)["detail"]
    assert re.search(r"[\u4e00-\u9fff]", detail) and not re.search(r"[A-Za-z]{3,}", detail)


def test_server_error_page_is_chinese_and_needs_no_context():
    """A 500 is rendered without the request's context processors: they may be what failed."""
    page = views.server_error(RequestFactory().get("/reports/1/")).content.decode()
    assert "服务器内部错误" in page and "Server Error" not in page
    api = views.server_error(RequestFactory().get("/api/reports"))
    assert json.loads(api.content) == {"detail": views.ERRORS[500][1]}


def test_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"


def test_refusal_is_a_chinese_page_with_the_way_back(client, world, report):
    login(client, world.other_clerk)  # 民政局's clerk opens 教育局's report
    page = client.get(reverse("reports:report", args=[report.pk]), HTTP_ACCEPT_LANGUAGE="en-US")
    text = page.content.decode()
    assert page.status_code == 403 and "无权访问" in text and "Forbidden" not in text
    assert reverse("reports:home") in hrefs(page)
