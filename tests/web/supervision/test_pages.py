"""The supervision pages: reachable from the menus and homes, thin over the services, refusing bad input
with a message and never a 500."""

import datetime

from django.urls import reverse

from gongkai.web.navigation import links
from gongkai.web.supervision import bulletins
from gongkai.web.supervision.models import Bulletin, SpotCheck
from tests.web.conftest import login
from tests.web.supervision.conftest import MARCH


def draft_url(world, month=MARCH):
    return reverse("supervision:draft", args=[world.government.pk, month.year, month.month])


def test_the_office_reaches_bulletins_and_checks_from_its_menu_and_the_clerk_its_own_page(world):
    office = dict(links(world.coordinator))
    assert office["政务公开月度通报"] == reverse("supervision:bulletins", args=[world.government.pk])
    assert office["抽查督查和整改"] == reverse("supervision:checks", args=[world.government.pk])
    assert dict(links(world.clerk))["政务公开通报和整改"] == reverse("supervision:mine")


def test_the_office_previews_a_draft_and_issues_it(client, march):
    login(client, march.coordinator)
    listing = client.get(reverse("supervision:bulletins", args=[march.government.pk]), {"month": "2024-03"})
    assert listing.url == draft_url(march)
    page = client.get(draft_url(march))
    assert page.status_code == 200
    text = page.content.decode()
    assert "草稿预览" in text and "签发通报" in text and "九台区教育局" in text and "排名规则" in text
    assert not Bulletin.objects.exists()
    issued = client.post(draft_url(march))
    bulletin = Bulletin.objects.get()
    assert issued.url == reverse("supervision:bulletin", args=[bulletin.pk])
    assert bulletin.number in client.get(issued.url).content.decode()
    assert client.get(draft_url(march)).url == issued.url  # an issued month is shown as issued
    docx = client.get(reverse("supervision:bulletin_file", args=[bulletin.pk, "docx"]))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def test_a_month_without_data_says_so(client, designated):
    login(client, designated.coordinator)
    page = client.get(draft_url(designated, datetime.date(2024, 2, 1)))
    assert page.status_code == 200
    assert "没有可通报的情况" in page.content.decode()
    assert "签发通报" not in page.content.decode()


def test_a_bad_month_is_refused_with_a_message(client, world):
    login(client, world.coordinator)
    page = client.get(reverse("supervision:bulletins", args=[world.government.pk]), {"month": "2024-13"},
                      follow=True)
    assert page.status_code == 200 and "通报月份「2024-13」无效" in page.content.decode()
    assert client.get(reverse("supervision:draft", args=[world.government.pk, 2024, 13])).status_code == 404


def test_the_agencies_read_the_bulletins_that_concern_them_and_others_do_not(client, march):
    bulletin = bulletins.issue(march.government, MARCH, march.coordinator)
    login(client, march.clerk)
    mine = client.get(reverse("supervision:mine")).content.decode()
    assert bulletin.number in mine
    assert client.get(reverse("supervision:bulletin", args=[bulletin.pk])).status_code == 200
    assert client.get(draft_url(march)).status_code == 403  # only the office previews drafts
    assert client.post(draft_url(march, datetime.date(2024, 4, 1))).status_code == 403
    login(client, march.outsider)
    assert client.get(reverse("supervision:bulletin", args=[bulletin.pk])).status_code == 403
    assert client.get(reverse("supervision:bulletin_file", args=[bulletin.pk, "docx"])).status_code == 403


def test_a_check_with_a_deadline_before_it_is_refused_on_the_page(client, world):
    login(client, world.coordinator)
    url = reverse("supervision:checks", args=[world.government.pk])
    response = client.post(url, {"checked_on": "2024-04-10", "subject": "网站抽查", "findings": "栏目空白",
                                 "agencies": [world.education.pk], "requirement": "补充栏目内容",
                                 "deadline": "2024-04-01"})
    assert response.status_code == 400
    assert "整改期限（2024-04-01）不能早于检查日期（2024-04-10）" in response.content.decode()
    assert not SpotCheck.objects.exists()


def test_the_office_records_a_check_and_the_clerk_answers_it_from_the_home(client, world):
    login(client, world.coordinator)
    url = reverse("supervision:checks", args=[world.government.pk])
    client.post(url, {"checked_on": "2024-04-10", "subject": "网站抽查", "findings": "栏目空白",
                      "agencies": [world.education.pk], "requirement": "补充栏目内容", "deadline": "2024-05-20"})
    rectification = SpotCheck.objects.get().rectifications.get()
    assert "2024-05-20" in client.get(reverse("reports:home")).content.decode()
    login(client, world.clerk)
    home = client.get(reverse("reports:home")).content.decode()
    answer_url = reverse("supervision:answer", args=[rectification.pk])
    assert answer_url in home and "整改期限2024-05-20" in home
    response = client.post(answer_url, {"answered_on": "2024-05-06", "text": "已补充栏目内容。"})
    assert response.status_code == 302
    assert answer_url not in client.get(reverse("reports:home")).content.decode()
    login(client, world.other_clerk)
    assert client.post(answer_url, {"answered_on": "2024-05-06", "text": "x"}).status_code == 403
