"""The public pages: applying online (网络申请) and looking an application up by its tracking code.
Open to anyone; they never show the applicant's personal data; a form submitted twice makes one
application; submissions and lookups are rate-limited per address; nothing is saved on bad input."""

import datetime
import re

import pytest
from django.urls import reverse

from gongkai.web.applications import services
from gongkai.web.applications.models import ApplicantDetails, Application, ApplicationEvent

from .conftest import TODAY

D = datetime.date
FORM = {"applicant_kind": "natural_person", "name": "王小明", "id_type": "居民身份证",
        "id_number": "11010519491231002X", "phone": "13712345678", "email": "wang@example.cn",
        "address": "吉林省长春市九台区光明街7号", "description": "2026年九台区城区道路改造工程的立项批复文件",
        "medium": "电子文档", "delivery": "电子邮件"}
SECRETS = ("王小明", "11010519491231002X", "13712345678", "光明街", "wang@example.cn")


def form_page(client, agency):
    return client.get(reverse("applications:apply", args=[agency.pk]))


def submit(client, agency, **changes):
    """Open the form (which carries a fresh one-time token) and submit it."""
    token = re.search(r'name="form_token" value="([^"]+)"', form_page(client, agency).content.decode()).group(1)
    data = {**FORM, "form_token": token, **changes}
    return client.post(reverse("applications:apply", args=[agency.pk]), data), data


def code_on(response) -> str:
    return re.search(r'id="tracking-code">([A-Z0-9]+)<', response.content.decode()).group(1)


def nothing_saved():
    return not (Application.objects.exists() or ApplicantDetails.objects.exists() or ApplicationEvent.objects.exists())


def test_the_form_is_public_and_states_article_29(client, world):
    choose = client.get(reverse("applications:choose"))
    assert choose.status_code == 200 and world.education.name in choose.content.decode()
    page = form_page(client, world.education).content.decode()
    assert "第二十九条" in page
    assert "（一）申请人的姓名或者名称、身份证明、联系方式" in page
    assert "（二）申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述" in page
    assert "（三）申请公开的政府信息的形式要求，包括获取信息的方式、途径" in page


def test_online_application_is_registered_with_a_tracking_code(client, world):
    response, _ = submit(client, world.education)
    assert response.status_code == 200
    application = Application.objects.get()
    assert code_on(response) == application.tracking_code
    assert (application.agency, application.channel, application.received) == (world.education, "online", TODAY)
    assert application.form_requirements == "提供形式：电子文档；获取方式：电子邮件"
    assert application.applicant.id_document == "居民身份证 11010519491231002X"
    assert application.events.get().kind == ApplicationEvent.Kind.REGISTERED
    assert application.due is not None


def test_double_submission_makes_one_application(client, world):
    first, data = submit(client, world.education)
    second = client.post(reverse("applications:apply", args=[world.education.pk]), data)
    assert second.status_code == 200 and "此前已经提交" in second.content.decode()
    assert code_on(first) == code_on(second)
    assert Application.objects.count() == 1 and ApplicationEvent.objects.count() == 1


def test_the_same_token_twice_at_the_service(world):
    """Two requests racing with one form: the second finds the first's application."""
    arguments = {"form_token": "t" * 22, "applicant_kind": "natural_person", "description": "某文件",
                 "form_requirements": "纸质", "applicant": {"name": "甲", "id_document": "护照 E1234567",
                                                          "phone": "13700000000"}}
    first, created = services.apply_online(world.education, **arguments)
    again, created_again = services.apply_online(world.education, **arguments)
    assert (created, created_again, first) == (True, False, again)


@pytest.mark.parametrize("changes, field, message", [
    ({"id_number": "110105194912310021"}, "id_number", "居民身份证号码应为18位，且校验位正确。"),
    ({"id_type": "统一社会信用代码", "id_number": "91350100M000100Y44"}, "id_number", "统一社会信用代码应为18位"),
    ({"phone": "电话12345"}, "phone", "联系电话格式不正确"),
    ({"email": "not-an-address"}, "email", "电子邮箱格式不正确。"),
    ({"name": ""}, "name", "请填写申请人的姓名或者名称。"),
    ({"name": "名" * 101}, "name", "申请人的姓名或者名称不得超过100个字符（现为101个）。"),
    ({"description": "文件"}, "description", "至少应有5个字符（现为2个）"),
    ({"description": "字" * 2001}, "description", "不得超过2000个字符（现为2001个）"),
    ({"delivery": "邮寄", "address": ""}, "address", "选择邮寄的，请填写通信地址。"),
    ({"delivery": "电子邮件", "email": ""}, "email", "选择电子邮件的，请填写电子邮箱。"),
    ({"applicant_kind": "alien"}, "applicant_kind", "请从列表中选择申请人类型。"),
    ({"form_token": "forged"}, "form_token", "表单已失效"),
])
def test_every_field_is_validated_and_nothing_saved(client, world, changes, field, message):
    response, _ = submit(client, world.education, **changes)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert nothing_saved()


def test_a_refusal_of_the_service_is_shown_and_nothing_saved(client, world):
    """No contact details at all (第二十九条): the service refuses; the form says why."""
    response, _ = submit(client, world.education, phone="", email="", address="", delivery="当面领取")
    assert response.status_code == 400
    assert "申请应当包括申请人的联系方式（第二十九条）" in response.content.decode()
    assert nothing_saved()


def test_submissions_are_rate_limited_per_address(client, world, settings):
    settings.GONGKAI_APPLICATIONS = {"online_applications_per_hour": 2}
    for _ in range(2):
        assert submit(client, world.education)[0].status_code == 200
    refused, _ = submit(client, world.education)
    assert refused.status_code == 429 and "提交过于频繁" in refused.content.decode()
    assert Application.objects.count() == 2
    elsewhere = client.get(reverse("applications:apply", args=[world.education.pk]))
    token = re.search(r'name="form_token" value="([^"]+)"', elsewhere.content.decode()).group(1)
    response = client.post(reverse("applications:apply", args=[world.education.pk]), {**FORM, "form_token": token},
                           REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200 and Application.objects.count() == 3


def track(client, code, **extra):
    return client.post(reverse("applications:track"), {"code": code}, **extra)


def test_tracking_shows_status_due_date_and_reply(client, world):
    response, _ = submit(client, world.education)
    code = code_on(response)
    application = Application.objects.get()
    page = track(client, code.lower()[:8] + "-" + code[8:]).content.decode()  # as read out: case, dashes
    assert "办理中" in page and f"{application.due:%Y年%-m月%-d日}" in page
    services.record_reply(application, world.clerk, replied_on=TODAY, outcome="t3.granted",
                          note="现将该批复文件以电子邮件发送给您。")
    page = track(client, code).content.decode()
    assert "已办结" in page and "予以公开" in page and "现将该批复文件以电子邮件发送给您。" in page


def test_tracking_needs_the_right_code(client, world):
    submit(client, world.education)
    assert "tracking-result" not in client.get(reverse("applications:track")).content.decode()
    wrong = track(client, "23456789ABCDEFGH")
    assert wrong.status_code == 400 and "未找到该查询码对应的申请" in wrong.content.decode()
    malformed = track(client, "1234")
    assert malformed.status_code == 400 and "查询码为16位字母和数字" in malformed.content.decode()
    assert "tracking-result" not in wrong.content.decode() + malformed.content.decode()


def test_the_limits_are_counted_in_the_database_shared_by_every_process(client, world):
    """Several processes serve the platform: a count kept in one process's memory would let each of
    them accept the limit again. The counts live in a database table."""
    from gongkai.web.throttle.models import RequestCount

    submit(client, world.education)
    assert RequestCount.objects.filter(key__startswith="apply:127.0.0.1:", hits=1).exists()


def test_tracking_is_rate_limited(client, world, settings):
    settings.GONGKAI_APPLICATIONS = {"tracking_lookups_per_hour": 3}
    code = code_on(submit(client, world.education)[0])
    for _ in range(3):
        track(client, "23456789ABCDEFGH")
    refused = track(client, code)
    assert refused.status_code == 429 and "tracking-result" not in refused.content.decode()


def test_personal_data_never_on_public_pages(client, world):
    response, _ = submit(client, world.education)
    code = code_on(response)
    application = Application.objects.get()
    services.record_reply(application, world.clerk, replied_on=TODAY, outcome="t3.granted")
    pages = [response, track(client, code), client.get(reverse("applications:choose")),
             form_page(client, world.education)]
    for page in pages:
        text = page.content.decode()
        assert not any(secret in text for secret in SECRETS), page
