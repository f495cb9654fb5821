"""The applications API: every role × every endpoint, the applicant's personal data only to those who
handle the application, tracking by code, registering and replying with the services' refusals, and
tables 三 and 四 as the statistics compute them.

Roles (tests/web/conftest.py): anonymous, clerk (教育局), other_clerk (民政局), coordinator (九台区
协调办), reviewer (九台区), admin, outsider (双阳区协调办), nobody (signed in without a role).
"""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.formats import load_format
from gongkai.web.applications import services, statistics
from gongkai.web.applications.models import Application, ApplicationEvent, Reply
from gongkai.web.applications.public_views import TOO_MANY
from gongkai.web.applications.steps import STEPS
from gongkai.web.reports import services as report_services

from .conftest import APPLICANT, apply

D = datetime.date
Kind = ApplicationEvent.Kind
ROLES = ["anonymous", "clerk", "other_clerk", "coordinator", "reviewer", "admin", "outsider", "nobody"]
SIGNED_IN = set(ROLES) - {"anonymous"}
VIEWERS = {"clerk", "coordinator", "reviewer", "admin"}
HANDLERS = {"clerk", "admin"}
SECRETS = ("张三丰", "220181199001011234", "13900001111", "幸福路")
REGISTER = {"channel": "letter", "received": "2026-12-01", "applicant_kind": "natural_person", "name": "李四",
            "id_document": "居民身份证 220181199202022222", "phone": "13800000000", "description": "某项目批复文件",
            "form_requirements": "纸质"}
REPLY = {"replied_on": "2026-12-20", "outcome": "t3.granted", "note": "予以公开，见附件。"}


@pytest.fixture
def site(world):
    """教育局's application of 1 December (its applicant is APPLICANT), and 教育局's 2026 report."""
    world.application = apply(world.education, world.clerk, D(2026, 12, 1))
    world.report = report_services.create_report(world.education, 2026, world.clerk)
    return world


def as_role(client, world, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


def text(response) -> str:
    """The body as the client reads it (the JSON escapes Chinese, which a plain search would miss)."""
    return json.dumps(response.json(), ensure_ascii=False)


def call(client, method, path, body=None):
    if method == "get":
        return client.get(path)
    return client.post(path, json.dumps(body or {}), content_type="application/json")


def url(site, template):
    return template.format(application=site.application.pk, education=site.education.pk, report=site.report.pk)


# (name, method, url template, body, roles answered with 2xx); anonymous gets 401 from the staff
# endpoints, the other roles 403.
CASES = [
    ("查询", "post", "/api/applications/track", "code", set(ROLES)),
    ("申请列表", "get", "/api/staff/applications", None, SIGNED_IN),
    ("待办", "get", "/api/staff/applications?open=true", None, SIGNED_IN),
    ("某机关的申请", "get", "/api/staff/applications?agency={education}", None, VIEWERS),
    ("申请", "get", "/api/staff/applications/{application}", None, VIEWERS),
    ("登记", "post", "/api/staff/agencies/{education}/applications", REGISTER, HANDLERS),
    ("答复", "post", "/api/staff/applications/{application}/reply", REPLY, HANDLERS),
    ("告知补正", "post", "/api/staff/applications/{application}/steps/supplement-request",
     {"on": "2026-12-03", "applicant_due": "2026-12-10", "items": "请写明文件的年份"}, HANDLERS),
    ("计算的表三表四", "get", "/api/staff/reports/{report}/computed", None, VIEWERS),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "template", "body", "allowed"), CASES, ids=[case[0] for case in CASES])
def test_permissions(client, site, role, name, method, template, body, allowed):
    if body == "code":
        body = {"code": site.application.tracking_code}
    response = call(as_role(client, site, role), method, url(site, template), body)
    public = template.startswith("/api/applications/")
    expected = (201 if name == "登记" else 200) if role in allowed else 401 if role == "anonymous" else 403
    assert response.status_code == expected, (name, role, response.content[:300])
    if not public and role in SIGNED_IN - allowed:
        assert response.json() == {"detail": "您没有执行此操作的权限。"}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", STEPS)
def test_every_step_endpoint(client, site, role, name):
    """Only those who handle the agency's applications record a step; the rest are refused before the
    body is read (an empty one: the form's refusal, 422, for those who may)."""
    path = f"/api/staff/applications/{site.application.pk}/" + ("reply" if name == "reply" else f"steps/{name}")
    response = call(as_role(client, site, role), "post", path, {})
    expected = 422 if role in HANDLERS else 401 if role == "anonymous" else 403
    assert response.status_code == expected, (name, role, response.content[:300])
    assert ApplicationEvent.objects.filter(application=site.application).count() == 1


def test_personal_data_only_in_the_detail_for_those_who_handle(client, site):
    services.record_reply(site.application, site.clerk, replied_on=D(2026, 12, 20), outcome="t3.granted")
    report_services.save_cells(site.report, site.clerk, {"t3.total|total": "5"}, site.report.revision)
    for role in ROLES:
        client = as_role(Client(), site, role)
        listed = [call(client, "post", "/api/applications/track", {"code": site.application.tracking_code})]
        for template in ("/api/staff/applications", "/api/staff/applications?open=true",
                         "/api/staff/applications?agency={education}", "/api/staff/reports/{report}/computed"):
            listed.append(client.get(url(site, template)))
        body = "".join(text(response) for response in listed)
        assert not any(secret in body for secret in SECRETS), role
        detail = client.get(url(site, "/api/staff/applications/{application}"))
        shown = [secret in text(detail) for secret in SECRETS]
        assert shown == [role in HANDLERS] * len(SECRETS), role
        if role in VIEWERS:
            assert detail.json()["handles"] == (role in HANDLERS)
            assert (detail.json()["applicant"] == {**APPLICANT}) == (role in HANDLERS)


# ---------------------------------------------------------------- tracking


def track(client, code):
    return call(client, "post", "/api/applications/track", {"code": code})


def test_tracking_shows_status_due_date_and_reply(client, site):
    code = site.application.tracking_code
    found = track(client, code.lower()[:8] + "-" + code[8:])  # as read out: case, dashes
    assert found.status_code == 200
    data = found.json()
    assert data["agency"] == "九台区教育局" and data["received"] == "2026-12-01"
    assert (data["status"], data["status_label"]) == ("processing", "办理中")
    assert data["due"] == "2026-12-29" and data["reply"] is None and data["fee"] is None
    services.record_reply(site.application, site.clerk, replied_on=D(2026, 12, 20), outcome="t3.granted",
                          note="予以公开，见附件。")
    closed = track(client, code)
    data = closed.json()
    assert data["status_label"] == "已办结" and data["due"] is None
    assert data["reply"] == {"replied_on": "2026-12-20", "outcome_label": "（一）予以公开", "note": "予以公开，见附件。"}
    assert not any(secret in text(found) + text(closed) for secret in SECRETS)


def test_tracking_shows_the_fee_to_pay(client, site):
    services.fee_notice(site.application, site.clerk, issued_on=D(2026, 12, 17), per_page=50)
    fee = track(client, site.application.tracking_code).json()["fee"]
    notice = site.application.fee_notice
    assert fee == {"amount": str(notice.amount), "pay_by": notice.pay_by.isoformat()}


def test_tracking_needs_the_right_code(client, site):
    wrong = track(client, "23456789ABCDEFGH")
    assert wrong.status_code == 404 and wrong.json()["detail"] == "未找到该查询码对应的申请，请核对后重新输入。"
    malformed = track(client, "1234")
    assert malformed.status_code == 422 and "查询码为16位字母和数字" in malformed.json()["detail"]


def test_tracking_is_rate_limited_with_the_page(client, site, settings):
    """The API and the page count against one limit per address."""
    settings.GONGKAI_APPLICATIONS = {"tracking_lookups_per_hour": 3}
    code = site.application.tracking_code
    client.post(reverse("applications:track"), {"code": "23456789ABCDEFGH"})
    track(client, "23456789ABCDEFGH")
    assert track(client, code).status_code == 200
    refused = track(client, code)
    assert refused.status_code == 429 and refused.json() == {"detail": TOO_MANY}
    assert client.post(reverse("applications:track"), {"code": code}).status_code == 429


# ---------------------------------------------------------------- lists


def test_list_is_paginated_newest_first(client, site):
    later = [apply(site.education, site.clerk, D(2026, 12, day)) for day in (2, 3, 4)]
    apply(site.other, site.admin, D(2026, 12, 5))  # 双阳区: not the clerk's to see
    client.force_login(site.clerk)
    page = client.get("/api/staff/applications?limit=2&offset=1").json()
    assert page["count"] == 4 and [item["id"] for item in page["items"]] == [later[1].pk, later[0].pk]
    assert page["items"][0]["agency"] == "九台区教育局" and page["items"][0]["overdue"] is None
    assert client.get("/api/staff/applications?limit=0").status_code == 422


def test_open_queue_most_urgent_first_with_marks(client, world):
    overdue = apply(world.education, world.clerk, D(2026, 11, 2))  # due 2026-11-30
    soon = apply(world.education, world.clerk, D(2026, 12, 4))  # due within 5 working days
    later = apply(world.education, world.clerk, D(2026, 12, 30))
    closed = apply(world.education, world.clerk, D(2026, 12, 1))
    services.record_reply(closed, world.clerk, replied_on=D(2026, 12, 10), outcome="t3.granted")
    client.force_login(world.coordinator)
    items = client.get(f"/api/staff/applications?open=true&agency={world.education.pk}").json()["items"]
    assert [(item["id"], item["overdue"], item["soon"]) for item in items] == [
        (overdue.pk, True, False), (soon.pk, False, True), (later.pk, False, False)]


def test_detail_carries_the_history_as_the_page_shows_it(client, site):
    application = site.application
    services.start_consultation(application, site.clerk, kind="third_party_consultation", on=D(2026, 12, 3),
                                party="某建设公司")
    services.record_review(application, site.clerk, kind="review", filed_on=D(2026, 12, 20), body="长春市人民政府")
    client.force_login(site.reviewer)
    data = client.get(f"/api/staff/applications/{application.pk}").json()
    assert data["tracking_code"] == application.tracking_code and data["status"] == "consulting"
    assert data["applicant"] is None and data["steps"] == []
    assert [event["kind"] for event in data["events"]] == [Kind.REGISTERED, Kind.CONSULTATION_STARTED,
                                                            Kind.REVIEW_FILED]
    events = list(application.events.all())
    assert [[(d["label"], d["value"]) for d in event["details"]] for event in data["events"]] == [
        event.details() for event in events]
    assert data["events"][0]["user"] == "clerk" and data["events"][1]["label"] == "征求意见"
    assert data["pauses"][0]["party"] == "某建设公司" and data["pauses"][0]["last"] is None
    assert data["review_cases"][0]["kind_label"] == "行政复议" and data["review_cases"][0]["outcome"] == "pending"
    client.force_login(site.clerk)
    assert "consultation-end" in client.get(f"/api/staff/applications/{application.pk}").json()["steps"]


# ---------------------------------------------------------------- registering and replying


def post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def test_register_creates_the_application_and_its_event(client, site):
    client.force_login(site.clerk)
    response = post(client, f"/api/staff/agencies/{site.education.pk}/applications", REGISTER)
    assert response.status_code == 201
    data = response.json()
    application = Application.objects.get(pk=data["id"])
    assert application.description == "某项目批复文件" and application.applicant.name == "李四"
    assert data["applicant"]["name"] == "李四" and data["due"] == application.due.isoformat()
    (event,) = application.events.all()
    assert event.kind == Kind.REGISTERED and event.user == site.clerk


@pytest.mark.parametrize(("change", "phrases"), [
    ({"received": "2027-01-05"}, ["收到申请之日（2027年1月5日）晚于今天"]),
    ({"received": "2026-13-01"}, ["收到申请之日："]),
    ({"name": ""}, ["申请人姓名或者名称："]),
    ({"applicant_kind": "alien"}, ["申请人类型："]),
    ({"phone": "", "address": "", "email": ""}, ["联系方式", "第二十九条"]),
    ({"received": None, "description": None}, ["收到申请之日：", "所需政府信息的名称"]),
], ids=["将来的日期", "无效日期", "无姓名", "未知类型", "无联系方式", "缺少字段"])
def test_register_refusals_save_nothing(client, site, change, phrases):
    client.force_login(site.clerk)
    response = post(client, f"/api/staff/agencies/{site.education.pk}/applications", {**REGISTER, **change})
    assert response.status_code == 422, response.content
    assert all(phrase in response.json()["detail"] for phrase in phrases), response.json()
    assert Application.objects.count() == 1 and ApplicationEvent.objects.count() == 1


def test_reply_closes_the_application_with_its_event(client, site):
    client.force_login(site.clerk)
    response = post(client, f"/api/staff/applications/{site.application.pk}/reply", REPLY)
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "closed" and data["reply"]["outcome_label"] == "（一）予以公开" and data["reply"]["on_time"]
    assert Reply.objects.get(application=site.application).note == "予以公开，见附件。"
    assert data["events"][-1]["kind"] == Kind.REPLIED
    assert site.application.events.filter(kind=Kind.REPLIED, user=site.clerk).count() == 1


@pytest.mark.parametrize(("body", "phrases"), [
    ({"replied_on": "2027-01-04", "outcome": "t3.granted"}, ["答复之日（2027年1月4日）晚于今天"]),
    ({"replied_on": "2026-11-30", "outcome": "t3.granted"}, ["答复之日（2026年11月30日）早于收到申请之日"]),
    ({"replied_on": "2026-12-20", "outcome": "stats.application.replies.granted"}, ["不属于2026年适用"]),
    ({"replied_on": "2026-12-20", "outcome": "t3.other.fee_unpaid"}, ["办理结果："]),
    ({"outcome": "t3.granted"}, ["答复之日："]),
], ids=["将来的日期", "早于收到申请", "另一格式的办理结果", "仅用于终止办理的结果", "缺少答复之日"])
def test_reply_refusals_save_nothing(client, site, body, phrases):
    client.force_login(site.clerk)
    response = post(client, f"/api/staff/applications/{site.application.pk}/reply", body)
    assert response.status_code == 422, response.content
    assert all(phrase in response.json()["detail"] for phrase in phrases), response.json()
    site.application.refresh_from_db()
    assert site.application.status == "processing" and not Reply.objects.exists()
    assert site.application.events.count() == 1


def test_second_reply_is_refused(client, site):
    client.force_login(site.clerk)
    path = f"/api/staff/applications/{site.application.pk}/reply"
    assert post(client, path, REPLY).status_code == 200
    second = post(client, path, {"replied_on": "2026-12-25", "outcome": "t3.unable.not_held"})
    assert second.status_code == 422 and "已于2026年12月20日办结" in second.json()["detail"]
    assert Reply.objects.get().outcome == "t3.granted" and site.application.events.count() == 2


def test_steps_through_the_api_record_their_events(client, site):
    client.force_login(site.clerk)
    base = f"/api/staff/applications/{site.application.pk}"
    steps = [
        ("steps/consultation-start", {"kind": "third_party_consultation", "on": "2026-12-03", "party": "某建设公司"}),
        ("steps/consultation-end", {"on": "2026-12-09", "note": "同意公开"}),
        ("steps/fee-notice", {"issued_on": "2026-12-10", "method": "per_page", "quantity": 50}),
        ("steps/fee-paid", {"on": "2026-12-11"}),
        ("reply", REPLY),
        ("steps/review", {"kind": "review", "filed_on": "2026-12-25", "body": "长春市人民政府"}),
    ]
    for path, body in steps:
        response = post(client, f"{base}/{path}", body)
        assert response.status_code == 200, (path, response.content)
    case = response.json()["review_cases"][0]
    decided = post(client, f"{base}/steps/review-decision",
                   {"case": case["id"], "decided_on": "2026-12-30", "decision": "upheld"})
    assert decided.status_code == 200 and decided.json()["review_cases"][0]["outcome"] == "upheld"
    assert [event.kind for event in site.application.events.all()] == [
        Kind.REGISTERED, Kind.CONSULTATION_STARTED, Kind.CONSULTATION_ENDED, Kind.FEE_NOTIFIED, Kind.FEE_PAID,
        Kind.REPLIED, Kind.REVIEW_FILED, Kind.REVIEW_DECIDED]


def test_writes_need_the_csrf_token(site):
    client = Client(enforce_csrf_checks=True)
    client.force_login(site.clerk)
    path = f"/api/staff/applications/{site.application.pk}/reply"
    assert post(client, path, REPLY).status_code == 403
    assert post(client, f"/api/staff/agencies/{site.education.pk}/applications", REGISTER).status_code == 403
    assert not Reply.objects.exists() and Application.objects.count() == 1
    token = client.get(reverse("reports:home")).context["csrf_token"]  # as a signed-in page offers it
    response = client.post(path, json.dumps(REPLY), content_type="application/json",
                           headers={"X-CSRFToken": str(token)})
    assert response.status_code == 200
    # The public lookup changes nothing and has no session to protect: no token needed, as for any client.
    lookup = Client(enforce_csrf_checks=True).post("/api/applications/track", {"code": site.application.tracking_code},
                                                   content_type="application/json")
    assert lookup.status_code == 200


# ---------------------------------------------------------------- tables 三 and 四, and the document


def test_computed_tables_are_the_statistics_values(client, site):
    services.record_reply(site.application, site.clerk, replied_on=D(2026, 12, 20), outcome="t3.granted")
    apply(site.education, site.clerk, D(2026, 12, 28), kind="commercial")
    report_services.save_cells(site.report, site.clerk, {"t3.new|total": "5"}, site.report.revision)
    client.force_login(site.coordinator)
    data = client.get(f"/api/staff/reports/{site.report.pk}/computed").json()
    sheet = statistics.computed_sheet(load_format(data["format"]), site.education, 2026)
    assert {cell["key"]: cell["value"] for cell in data["cells"]} == sheet.values
    assert {cell["table"] for cell in data["cells"]} == {"t2", "t3", "t4"}  # 表二 第二十条第（一）项: the proactive register
    assert data["differences"] == [{"key": "t3.new|total", "label": d.label, "entered": "5", "computed": 2}
                                   for d in statistics.differences(site.report)]


def test_openapi_document_lists_the_paths(client):
    document = json.loads(client.get("/api/openapi.json").content)
    steps = {f"/api/staff/applications/{{application_id}}/steps/{name}" for name in STEPS if name != "reply"}
    assert {"/api/applications/track", "/api/staff/applications", "/api/staff/applications/{application_id}",
            "/api/staff/agencies/{agency_id}/applications", "/api/staff/applications/{application_id}/reply",
            "/api/staff/reports/{report_id}/computed", *steps} <= set(document["paths"])
    register = document["components"]["schemas"]["RegisterIn"]
    assert register["properties"]["received"]["title"] == "收到申请之日" and "received" in register["required"]


def test_refusals_of_the_api_itself_are_worded_in_chinese(world, client):
    """Not only the services' refusals: a body that is not JSON, a parameter of the wrong type or out
    of range, a missing sign-in."""
    assert client.get("/api/staff/applications").json() == {"detail": "请先登录。"}
    client.force_login(world.clerk)
    application = apply(world.education, world.clerk, D(2026, 12, 1))
    broken = client.post(f"/api/staff/applications/{application.pk}/reply", "{not json",
                         content_type="application/json")
    assert broken.status_code == 400 and broken.json() == {"detail": "请求内容无法解析，应为有效的 JSON。"}
    paged = client.get("/api/staff/applications", {"limit": "many", "offset": "-1"})
    assert paged.status_code == 422
    assert paged.json()["errors"] == {"limit": "应为整数", "offset": "应不小于 0"}
    assert paged.json()["detail"] == "请求参数不符合要求：limit应为整数；offset应不小于 0。"
