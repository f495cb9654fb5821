"""The clerk's step forms on the application page, and tables 三 and 四 filled from the records with a
link from each computed cell to the applications behind it."""

import datetime

import pytest
from django.urls import reverse

from gongkai.web.applications import statistics
from gongkai.web.applications.models import Application, ApplicationEvent
from gongkai.web.applications.steps import STEPS
from gongkai.web.reports import services as report_services

from .conftest import apply

D = datetime.date
Kind = ApplicationEvent.Kind
ROLES = ["clerk", "other_clerk", "coordinator", "reviewer", "admin", "outsider", "nobody"]
SECRETS = ("张三丰", "220181199001011234", "13900001111", "幸福路")


def post_step(client, application, name, data):
    return client.post(reverse("applications:step", args=[application.pk, name]), data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", STEPS)
def test_step_permissions(client, world, role, name):
    """Only those who handle the agency's applications record a step; the rest are refused before
    anything is read from the form."""
    application = apply(world.education, world.clerk, D(2026, 12, 1))
    client.force_login(getattr(world, role))
    response = post_step(client, application, name, {})
    assert (response.status_code != 403) == (role in ("clerk", "admin")), (name, role)
    assert response.status_code in (400, 403)


def test_unknown_step_is_404(client, world):
    application = apply(world.education, world.clerk, D(2026, 12, 1))
    client.force_login(world.clerk)
    assert post_step(client, application, "approve-everything", {}).status_code == 404


def test_each_step_form_records_its_event(client, world):
    application = apply(world.education, world.clerk, D(2026, 12, 1))
    client.force_login(world.clerk)
    steps = [
        ("supplement-request", {"on": "2026-12-03", "applicant_due": "2026-12-10", "items": "请写明文件的年份"},
         Kind.SUPPLEMENT_REQUESTED, Application.Status.AWAITING_SUPPLEMENT),
        ("supplement-received", {"on": "2026-12-08"}, Kind.SUPPLEMENTED, Application.Status.PROCESSING),
        ("consultation-start", {"kind": "third_party_consultation", "on": "2026-12-09", "party": "某建设公司"},
         Kind.CONSULTATION_STARTED, Application.Status.CONSULTING),
        ("consultation-end", {"on": "2026-12-15", "note": "不同意公开"}, Kind.CONSULTATION_ENDED,
         Application.Status.PROCESSING),
        ("extension", {"on": "2026-12-16", "approver": "李主任", "notified_on": "2026-12-16", "reason": "需检索档案"},
         Kind.EXTENDED, Application.Status.PROCESSING),
        ("fee-notice", {"issued_on": "2026-12-17", "method": "per_page", "quantity": "50"}, Kind.FEE_NOTIFIED,
         Application.Status.AWAITING_FEE),
        ("fee-paid", {"on": "2026-12-18"}, Kind.FEE_PAID, Application.Status.PROCESSING),
        ("reply", {"replied_on": "2026-12-21", "outcome": "t3.partially_granted", "note": "部分公开"}, Kind.REPLIED,
         Application.Status.CLOSED),
        ("review", {"kind": "review", "filed_on": "2026-12-28", "body": "长春市九台区人民政府"}, Kind.REVIEW_FILED,
         Application.Status.CLOSED),
    ]
    for name, data, kind, status in steps:
        response = post_step(client, application, name, data)
        assert response.status_code == 302, (name, response.content.decode()[-2000:])
        application.refresh_from_db()
        assert application.events.last().kind == kind and application.status == status, name
    case = application.review_cases.get()
    assert post_step(client, application, "review-decision",
                     {"case": case.pk, "decided_on": "2026-12-30", "decision": "upheld"}).status_code == 302
    assert application.events.last().kind == Kind.REVIEW_DECIDED
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    for kind in Kind:
        if kind not in (Kind.DEADLINE_RECOMPUTED,):
            assert kind.label in page, kind.label
    assert application.fee_notice.amount == 200 and "李主任" in page and "某建设公司" in page


def test_closing_for_the_applicants_default(client, world):
    client.force_login(world.clerk)
    abandoned = apply(world.education, world.clerk, D(2026, 12, 1))
    post_step(client, abandoned, "supplement-request", {"on": "2026-12-03", "applicant_due": "2026-12-10",
                                                         "items": "身份证明"})
    assert post_step(client, abandoned, "abandoned", {"on": "2026-12-15"}).status_code == 302
    abandoned.refresh_from_db()
    assert abandoned.reply.outcome == "t3.other.no_supplement"
    unpaid = apply(world.education, world.clerk, D(2026, 11, 2))
    post_step(client, unpaid, "fee-notice", {"issued_on": "2026-11-03", "method": "per_application", "quantity": "12"})
    assert post_step(client, unpaid, "fee-unpaid", {"on": "2026-12-15"}).status_code == 302
    unpaid.refresh_from_db()
    assert unpaid.reply.outcome == "t3.other.fee_unpaid"


def test_a_refusal_is_shown_beside_its_form_and_nothing_recorded(client, world):
    application = apply(world.education, world.clerk, D(2026, 12, 1))
    client.force_login(world.clerk)
    response = post_step(client, application, "supplement-request",
                         {"on": "2026-12-03", "applicant_due": "2026-12-02", "items": "年份"})
    page = response.content.decode()
    assert response.status_code == 400
    form = page[page.index('id="step-supplement-request" open'):]
    assert "补正期限应晚于补正告知之日。" in form[:form.index("</details>")]
    assert list(application.events.values_list("kind", flat=True)) == [Kind.REGISTERED]
    missing = post_step(client, application, "extension", {"on": "2026-12-02"})
    assert missing.status_code == 400 and "这个字段是必填项" in missing.content.decode()


# ---------------------------------------------------------------- tables 三 and 四


@pytest.fixture
def records(world):
    granted = apply(world.education, world.clerk, D(2026, 12, 1))
    from gongkai.web.applications import services

    services.record_reply(granted, world.clerk, replied_on=D(2026, 12, 10), outcome="t3.granted")
    open_ = apply(world.education, world.clerk, D(2026, 12, 2), kind="commercial")
    elsewhere = apply(world.civil, world.other_clerk, D(2026, 12, 3))
    report = report_services.create_report(world.education, 2026, world.clerk)
    return granted, open_, elsewhere, report


def behind(client, report, key):
    return client.get(reverse("applications:behind", args=[report.pk, key]))


def test_fill_report_then_flagged_cells_and_links(client, world, records):
    granted, open_, elsewhere, report = records
    report_services.save_cells(report, world.clerk, {"t3.new|total": "5"}, expected_revision=report.revision)
    client.force_login(world.clerk)
    name = statistics.computed_name(report.format)
    assert f"由记录生成{name}" in client.get(reverse("reports:report", args=[report.pk])).content.decode()
    response = client.post(reverse("applications:fill_report", args=[report.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("applications:computed", args=[report.pk])
    report.refresh_from_db()
    cells = dict(report.cells.values_list("key", "value"))
    assert cells["t3.new|total"] == "5" and cells["t3.new|natural_person"] == "1" and cells["t3.granted|total"] == "1"
    page = client.get(response["Location"]).content.decode()
    differences = page[page.index('id="differences"'):page.index("</table>", page.index('id="differences"'))]
    assert "5" in differences and "2" in differences
    link = reverse("applications:behind", args=[report.pk, "t3.new|natural_person"])
    assert link in page
    listed = behind(client, report, "t3.new|natural_person").context["records"]
    assert list(listed) == [granted]
    assert list(behind(client, report, "t3.new|total").context["records"]) == [granted, open_]
    assert list(behind(client, report, "t3.carried_out|commercial").context["records"]) == [open_]
    assert list(behind(client, report, "t3.granted|total").context["records"]) == [granted]
    text = behind(client, report, "t3.new|total").content.decode()
    assert not any(secret in text for secret in SECRETS)
    assert behind(client, report, "nonsense").status_code == 404


def test_table4_cells_list_their_cases(client, world, records):
    """A review filed in December and decided in January is 尚未审结 in the year's table 四."""
    from gongkai.web.applications import services

    granted, *_, report = records
    case = services.record_review(granted, world.clerk, kind="review", filed_on=D(2026, 12, 20), body="九台区人民政府")
    client.force_login(world.clerk)
    assert reverse("applications:behind", args=[report.pk, "t4.cases|review.pending"]) in client.get(
        reverse("applications:computed", args=[report.pk])).content.decode()
    assert list(behind(client, report, "t4.cases|review.total").context["records"]) == [case]
    page = behind(client, report, "t4.cases|review.pending")
    assert list(page.context["records"]) == [case]
    assert "尚未审结" in page.content.decode() and "九台区人民政府" in page.content.decode()
    assert list(behind(client, report, "t4.cases|review.upheld").context["records"]) == []
    assert list(behind(client, report, "t4.cases|direct.total").context["records"]) == []


@pytest.mark.parametrize("role", ROLES)
def test_report_pages_permissions(client, world, records, role):
    *_, report = records
    client.force_login(getattr(world, role))
    viewers = {"clerk", "coordinator", "reviewer", "admin"}
    for response in (client.get(reverse("applications:computed", args=[report.pk])),
                     behind(client, report, "t3.new|total")):
        assert (response.status_code == 200) == (role in viewers) and response.status_code in (200, 403), role
    filled = client.post(reverse("applications:fill_report", args=[report.pk]))
    assert (filled.status_code == 302) == (role in {"clerk", "admin"}) and filled.status_code in (302, 403), role
