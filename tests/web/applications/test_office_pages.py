"""The coordination office manages the holiday arrangements and the documents' templates on pages of
the platform, not the Django admin (it is not ``is_staff``), reached from its menu; every change is
recorded with who, when, old and new. Every signed-in user changes their own password, checked by
Django's validators, in Chinese (issue 10, item 9)."""

import datetime

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from gongkai.web.applications import services
from gongkai.web.applications.models import Application, CalendarYear, DocumentTemplate

from ..conftest import login

HOLIDAYS_2027 = "2027-01-01\n2027-01-02\n2027-01-03\n2027-02-05\n2027-02-06\n2027-02-07\n2027-02-08\n2027-02-09\n" \
                "2027-02-10\n2027-02-11\n2027-02-12\n2027-02-13"


def menu_of(client) -> str:
    return client.get(reverse("reports:home")).content.decode()


def test_the_office_reaches_both_pages_from_its_menu_and_is_not_staff(world):
    assert not world.coordinator.is_staff
    office = login(Client(), world.coordinator)
    home = menu_of(office)
    assert f'href="{reverse("applications:calendar")}"' in home and "节假日安排" in home
    assert f'href="{reverse("applications:document_templates")}"' in home and "文书模板" in home
    assert office.get(reverse("applications:calendar")).status_code == 200
    assert office.get(reverse("applications:document_templates")).status_code == 200


def test_a_clerk_neither_sees_nor_opens_them(world):
    clerk = login(Client(), world.clerk)
    assert reverse("applications:calendar") not in menu_of(clerk)
    assert clerk.get(reverse("applications:calendar")).status_code == 403
    assert clerk.get(reverse("applications:document_templates")).status_code == 403
    reply = DocumentTemplate.objects.get(kind="reply_granted")
    assert clerk.post(reverse("applications:document_template", args=[reply.kind]), {}).status_code == 403


def test_entering_a_years_arrangement_recomputes_open_deadlines_and_is_logged(world):
    application = services.register(world.government, world.coordinator, channel="letter",
                                    received=datetime.date(2026, 12, 28), applicant_kind="natural_person",
                                    description="2026年度财政预算执行情况",
                                    applicant={"name": "王晓明", "id_document": "居民身份证 220181198805050011",
                                               "phone": "13900000001", "address": "长春市九台区新华大街100号"})
    assert application.due_provisional
    office = login(Client(), world.coordinator)
    response = office.post(reverse("applications:calendar"), {
        "year": "2027", "source": "国办发明电〔2026〕9号", "holidays": HOLIDAYS_2027, "workdays": "2027-02-14"},
        follow=True)
    assert "已保存2027年节假日安排" in response.content.decode()
    entry = CalendarYear.objects.get(year=2027)
    assert entry.entered_by == world.coordinator and entry.workdays == "2027-02-14"
    application.refresh_from_db()
    assert not application.due_provisional
    # Entered again with another number: the page of the year lists both changes, old and new.
    office.post(reverse("applications:calendar"), {"year": "2027", "source": "国办发明电〔2026〕10号",
                                                   "holidays": HOLIDAYS_2027, "workdays": "2027-02-14"})
    page = office.get(reverse("applications:calendar") + "?year=2027").content.decode()
    assert "通知文号：由“国办发明电〔2026〕9号”改为“国办发明电〔2026〕10号”" in page
    assert 'value="国办发明电〔2026〕10号"' in page


def test_a_wrong_arrangement_is_refused_with_a_message_and_nothing_changes(world):
    office = login(Client(), world.coordinator)
    response = office.post(reverse("applications:calendar"), {
        "year": "2027", "source": "国办发明电〔2026〕9号", "holidays": "2027-13-01", "workdays": ""})
    assert response.status_code == 200
    assert "2027-13-01" in response.content.decode()
    assert not CalendarYear.objects.exists()
    missing = office.post(reverse("applications:calendar"), {"year": "2027", "source": "", "holidays": "2027-01-01"})
    assert "这个字段是必填项" in missing.content.decode()
    assert not CalendarYear.objects.exists()
    assert not Application.objects.exists()


def test_the_office_edits_a_template_and_the_change_is_logged(world):
    office = login(Client(), world.coordinator)
    reply = DocumentTemplate.objects.get(kind="reply_granted")
    page = office.get(reverse("applications:document_template", args=[reply.kind])).content.decode()
    assert reply.name in page
    values = {"name": reply.name, "title": reply.title, "number": reply.number, "addressee": reply.addressee,
              "body": reply.body + "\n如对本答复不服，可依法申请行政复议或者提起行政诉讼。"}
    response = office.post(reverse("applications:document_template", args=[reply.kind]), values, follow=True)
    assert f"已保存文书模板“{reply.name}”" in response.content.decode()
    reply.refresh_from_db()
    assert reply.body.endswith("提起行政诉讼。") and reply.updated_by == world.coordinator
    page = office.get(reverse("applications:document_template", args=[reply.kind])).content.decode()
    assert "修改记录" in page and "正文：由“" in page


def test_a_template_that_does_not_compile_is_refused_naming_the_field(world):
    office = login(Client(), world.coordinator)
    reply = DocumentTemplate.objects.get(kind="reply_granted")
    values = {"name": reply.name, "title": reply.title, "number": "{% if %}", "addressee": reply.addressee,
              "body": reply.body}
    response = office.post(reverse("applications:document_template", args=[reply.kind]), values)
    assert response.status_code == 200
    assert "模板有误" in response.content.decode()
    assert DocumentTemplate.objects.get(kind="reply_granted").number == reply.number


def test_every_user_changes_their_password_with_djangos_validators_in_chinese(world):
    for user in (world.clerk, world.coordinator, world.reviewer):
        assert "修改密码" in menu_of(login(Client(), user))
    user = world.clerk
    user.set_password("old-password-2016")
    user.save()
    client = login(Client(), user)
    url = reverse("password_change")
    assert client.get(url).status_code == 200
    weak = client.post(url, {"old_password": "old-password-2016", "new_password1": "12345678",
                             "new_password2": "12345678"}).content.decode()
    assert "这个密码太常见了" in weak
    assert get_user_model().objects.get(pk=user.pk).check_password("old-password-2016")
    short = client.post(url, {"old_password": "old-password-2016", "new_password1": "k7#q",
                              "new_password2": "k7#q"}).content.decode()
    assert "密码长度太短。密码必须包含至少 8 个字符。" in short and "too short" not in short
    similar = client.post(url, {"old_password": "old-password-2016", "new_password1": "clerk123",
                                "new_password2": "clerk123"}).content.decode()
    assert "密码跟 用户名 太相似了" in similar
    wrong = client.post(url, {"old_password": "not-it", "new_password1": "九台-政务-公开-2027",
                              "new_password2": "九台-政务-公开-2027"}).content.decode()
    assert "你的旧密码不正确" in wrong
    done = client.post(url, {"old_password": "old-password-2016", "new_password1": "九台-政务-公开-2027",
                             "new_password2": "九台-政务-公开-2027"}, follow=True)
    assert "密码已修改" in done.content.decode()
    assert get_user_model().objects.get(pk=user.pk).check_password("九台-政务-公开-2027")
    assert client.get(reverse("reports:home")).status_code == 200  # still signed in


def test_signed_out_the_password_page_asks_to_sign_in(db):
    response = Client().get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
