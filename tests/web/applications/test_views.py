"""Every role × every page of the applications app; personal data never on a page or an export that
is not the handling staff's.

Roles (tests/web/conftest.py): clerk (教育局), other_clerk (民政局), coordinator (九台区协调办),
reviewer (九台区), admin, outsider (双阳区协调办), nobody (signed in without a role).
"""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from gongkai.web.applications import services, statistics
from gongkai.web.applications.models import Application
from gongkai.web.reports import services as report_services
from tests.web.conftest import PARTIAL

from ..conftest import login
from .conftest import APPLICANT, apply

D = datetime.date
ROLES = ["clerk", "other_clerk", "coordinator", "reviewer", "admin", "outsider", "nobody"]
SECRETS = ("张三丰", "220181199001011234", "13900001111", "幸福路")
FORM = {"channel": "letter", "received": "2026-12-01", "applicant_kind": "natural_person", "name": "李四",
        "id_document": "居民身份证 220181199202022222", "phone": "13800000000", "description": "某项目批复文件",
        "form_requirements": "纸质"}


@pytest.fixture
def application(world):
    return apply(world.education, world.clerk, D(2026, 12, 1))


# name, method, url name, argument (an attribute of the test's objects), post data, roles allowed
CASES = [
    ("待办", "get", "applications:queue", None, {}, set(ROLES)),
    ("登记页", "get", "applications:register", "education", {}, {"clerk", "admin"}),
    ("登记", "post", "applications:register", "education", FORM, {"clerk", "admin"}),
    ("申请页", "get", "applications:detail", "application", {}, {"clerk", "coordinator", "reviewer", "admin"}),
    ("答复", "post", "applications:step", ("application", "reply"),
     {"replied_on": "2026-12-20", "outcome": "t3.granted"}, {"clerk", "admin"}),
    ("办理情况", "get", "applications:overview", "government", {}, {"coordinator", "reviewer", "admin"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, method, url_name, target, data, allowed", CASES, ids=[case[0] for case in CASES])
def test_permissions(client, world, application, role, name, method, url_name, target, data, allowed):
    objects = {"education": world.education, "application": application, "government": world.government}
    target, *rest = target if isinstance(target, tuple) else (target,)
    url = reverse(url_name, args=[objects[target].pk, *rest] if target else [])
    client.force_login(getattr(world, role))
    response = getattr(client, method)(url, data)
    assert (response.status_code != 403) == (role in allowed), (name, role, response.status_code)
    assert response.status_code in (200, 302, 403)
    if role in allowed and name == "登记":
        assert Application.objects.filter(description="某项目批复文件").count() == 1
    if role in allowed and name == "答复":
        application.refresh_from_db()
        assert application.status == Application.Status.CLOSED


def test_anonymous_is_sent_to_login(client, application):
    for url in (reverse("applications:queue"), reverse("applications:detail", args=[application.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_queue_marks_overdue_and_soon(client, world):
    overdue = apply(world.education, world.clerk, D(2026, 11, 2))  # due 2026-11-30
    soon = apply(world.education, world.clerk, D(2026, 12, 4))  # due 2027-01-04 (provisional), within 5 working days
    later = apply(world.education, world.clerk, D(2026, 12, 30))
    items = services.open_queue([world.education], D(2026, 12, 31))
    assert [item["application"] for item in items] == [overdue, soon, later]
    assert [(item["overdue"], item["soon"]) for item in items] == [(True, False), (False, True), (False, False)]
    client.force_login(world.clerk)
    page = client.get(reverse("applications:queue")).content.decode()
    assert "已逾期" in page and "即将到期" in page


def test_personal_data_only_for_handlers(client, world, application):
    for role in ROLES:
        client.force_login(getattr(world, role))
        pages = [client.get(reverse("applications:queue")), client.get(reverse("applications:detail",
                                                                              args=[application.pk]))]
        if role in ("coordinator", "reviewer", "admin"):
            pages.append(client.get(reverse("applications:overview", args=[world.government.pk])))
        text = "".join(page.content.decode() for page in pages)
        shown = role in ("clerk", "admin")
        assert all((secret in text) == shown for secret in SECRETS), role


def test_personal_data_never_in_public_reports_or_exports(client, world, application):
    """A report filled from the records, then published: its public page and every download."""
    services.record_reply(application, world.clerk, replied_on=D(2026, 12, 10), outcome="t3.granted")
    report = report_services.create_report(world.education, 2026, world.clerk)
    statistics.fill_report(report, world.clerk)
    report_services.submit(report, world.admin)
    report_services.approve(report, world.admin, override=PARTIAL)
    report_services.publish(report, world.admin, override=PARTIAL)
    client.logout()
    responses = [client.get(reverse("public:list")), client.get(reverse("public:report", args=[report.pk]))]
    for kind in ("html", "json", "csv", "docx", "xlsx"):
        responses.append(client.get(reverse("public:download", args=[report.pk, 1, kind])))
    for response in responses:
        assert response.status_code == 200
        body = response.content
        if body[:2] == b"PK":  # docx, xlsx: look inside the archive
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                body = b"".join(archive.read(name) for name in archive.namelist())
        text = body.decode("utf-8", errors="ignore")
        for secret in (*SECRETS, application.tracking_code, APPLICANT["name"]):
            assert secret not in text


def test_deadlines_command(world, capsys):
    from gongkai.cli import build_parser

    apply(world.education, world.clerk, D(2026, 11, 2))
    apply(world.civil, world.other_clerk, D(2026, 12, 4))
    arguments = build_parser().parse_args(["deadlines", "--today", "2026-12-31"])
    code = arguments.handler(arguments)
    out = capsys.readouterr().out
    assert code == 1
    assert "已逾期 1 件" in out and "九台区教育局" in out and "九台区民政局" in out
    assert "张三丰" not in out


def test_deadlines_command_mails_each_agency_its_own_list(world, capsys, mailoutbox):
    from gongkai.cli import build_parser

    world.clerk.email = "jiaoyu@example.org"
    world.clerk.save()
    apply(world.education, world.clerk, D(2026, 11, 2))
    apply(world.civil, world.other_clerk, D(2026, 12, 4))
    arguments = build_parser().parse_args(["deadlines", "--today", "2026-12-31", "--mail"])
    assert arguments.handler(arguments) == 1
    out = capsys.readouterr().out
    assert "已发送至：jiaoyu@example.org" in out
    assert "未发送：该单位的填报人员没有登记电子邮箱" in out  # 民政局's clerk has no address
    (message,) = mailoutbox
    assert message.to == ["jiaoyu@example.org"]
    assert "九台区教育局" in message.subject and "已逾期" in message.body
    assert "张三丰" not in message.body  # no personal data of the applicant in a reminder


def test_the_office_overview_counts_each_agency_and_lists_every_open_application(world, client):
    """Per agency: open, overdue, closed this year and on time; below, the jurisdiction's open
    applications, most urgent first (today is 2026-12-31)."""
    overdue = apply(world.education, world.clerk, D(2026, 11, 2))  # due 2026-11-30
    on_time = apply(world.education, world.clerk, D(2026, 3, 2))
    services.record_reply(on_time, world.clerk, replied_on=D(2026, 3, 20), outcome="t3.granted")
    late = apply(world.education, world.clerk, D(2026, 3, 2))  # due 2026-03-30
    services.record_reply(late, world.clerk, replied_on=D(2026, 4, 10), outcome="t3.granted")
    apply(world.town, world.admin, D(2026, 12, 30), kind="commercial")
    apply(world.other, world.admin, D(2026, 12, 1))  # 双阳区: not this jurisdiction's
    page = login(client, world.coordinator).get(reverse("applications:overview", args=[world.government.pk]))
    rows = {row.name: (row.open, row.overdue, row.closed, row.on_time) for row in page.context["rows"]}
    assert rows["九台区教育局"] == (1, 1, 2, 1) and rows["其塔木镇人民政府"] == (1, 0, 0, 0)
    assert "长春市双阳区人民政府" not in rows
    listed = [item["application"] for item in page.context["items"]]
    assert listed[0] == overdue and page.context["items"][0]["overdue"] and len(listed) == 2
    html = page.content.decode()
    assert "50%" in html and "已逾期" in html and "九台区义务教育" in html
