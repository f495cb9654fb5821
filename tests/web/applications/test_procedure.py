"""Fees, closure for the applicant's default, review cases, and the append-only event log."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from gongkai.web.applications import rules, services
from gongkai.web.applications.models import Application, ApplicationEvent

from .conftest import apply

D = datetime.date


@pytest.mark.parametrize("method, quantity, amount", [
    ("per_page", 30, 0), ("per_page", 31, 10), ("per_page", 100, 700), ("per_page", 2219, 83460),
    ("per_application", 10, 0), ("per_application", 11, 100), ("per_application", 30, 100),
    ("per_application", 31, 200), ("per_application", 41, 300),
])
def test_fee_tiers(method, quantity, amount):
    """国办函〔2020〕109号 tiers (law.md §3.2); 2,219 pages → 83,460 yuan is the press case."""
    assert rules.fee_methods()[method].amount(quantity) == Decimal(amount)


def test_fee_pauses_clock_then_unpaid_closes_as_other(world):
    application = apply(world.education, world.clerk, D(2026, 3, 2), kind="commercial")
    assert application.due == D(2026, 3, 30)
    notice = services.fee_notice(application, world.clerk, issued_on=D(2026, 3, 10), per_page=120)
    assert notice.amount == Decimal(1100) and notice.pay_by == D(2026, 4, 8)
    with pytest.raises(services.ApplicationError, match="尚未届满"):
        services.close_fee_unpaid(application, world.clerk, on=D(2026, 4, 8))
    reply = services.close_fee_unpaid(application, world.clerk, on=D(2026, 4, 9))
    assert reply.outcome == "t3.other.fee_unpaid" and reply.due_on is None and reply.on_time
    assert application.status == Application.Status.CLOSED
    # The application carries its reply's date and outcome: the annual tables count them there.
    assert (application.replied_on, application.outcome) == (D(2026, 4, 9), "t3.other.fee_unpaid")


def test_fee_paid_resumes_clock(world):
    application = apply(world.education, world.clerk, D(2026, 3, 2))
    services.fee_notice(application, world.clerk, issued_on=D(2026, 3, 10), per_application=11)
    services.fee_paid(application, world.clerk, on=D(2026, 3, 16))
    # Days 1–5 are 3/3–3/9; 3/10–3/16 are excluded; 15 more from 3/17 pass Qingming (4/4–4/6) to 4/7.
    assert application.due == D(2026, 4, 7)


def test_no_supplement_is_abandonment(world):
    application = apply(world.education, world.clerk, D(2026, 3, 2), kind="research")
    services.request_supplement(application, world.clerk, on=D(2026, 3, 4), applicant_due=D(2026, 3, 18),
                                items="请说明所需信息的时间范围")
    with pytest.raises(services.ApplicationError, match="尚未届满"):
        services.close_unsupplemented(application, world.clerk, on=D(2026, 3, 18))
    reply = services.close_unsupplemented(application, world.clerk, on=D(2026, 3, 19))
    assert reply.outcome == "t3.other.no_supplement"
    legacy = apply(world.education, world.clerk, D(2020, 3, 2))
    services.request_supplement(legacy, world.clerk, on=D(2020, 3, 4), applicant_due=D(2020, 3, 18), items="文号")
    assert services.close_unsupplemented(legacy, world.clerk, on=D(2020, 3, 20)).outcome == "t3.other"


def test_review_decision_category(world):
    application = apply(world.education, world.clerk, D(2025, 3, 3))
    services.record_reply(application, world.clerk, replied_on=D(2025, 3, 20), outcome="t3.refused.third_party")
    case = services.record_review(application, world.clerk, kind="review", filed_on=D(2025, 4, 10),
                                  body="长春市九台区人民政府")
    services.decide_review(case, world.clerk, decided_on=D(2025, 6, 1), decision="revoked")
    case.refresh_from_db()
    assert case.outcome == "corrected"
    with pytest.raises(services.ApplicationError, match="复议后起诉"):
        services.record_review(application, world.clerk, kind="direct", filed_on=D(2025, 7, 1), body="九台区人民法院",
                               review_organ=world.government)


def test_events_are_never_changed_or_deleted(world):
    application = apply(world.education, world.clerk, D(2026, 3, 2))
    services.record_reply(application, world.clerk, replied_on=D(2026, 3, 5), outcome="t3.granted")
    event = application.events.first()
    with pytest.raises(ValidationError):
        event.delete()
    event.payload = {"forged": True}
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        ApplicationEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(ValidationError):
        ApplicationEvent.objects.all().update(payload={})
    with pytest.raises(ProtectedError):
        Application.objects.filter(pk=application.pk).delete()
    table = ApplicationEvent._meta.db_table
    for statement in (f"DELETE FROM {table}", f"UPDATE {table} SET payload = '{{}}'"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert list(application.events.values_list("kind", flat=True)) == ["registered", "replied"]
    assert application.events.first().payload["channel"] == "in_person"


def test_events_hold_no_personal_data(world):
    application = apply(world.education, world.clerk, D(2026, 3, 2))
    services.request_supplement(application, world.clerk, on=D(2026, 3, 3), applicant_due=D(2026, 3, 13), items="文号")
    text = str(list(application.events.values_list("payload", flat=True)))
    for secret in ("张三丰", "220181199001011234", "13900001111", "幸福路"):
        assert secret not in text


def test_the_history_says_each_step_in_words(world, client):
    """The history shows what was recorded in the statute's words, never the codes stored for it."""
    application = apply(world.education, world.clerk, D(2026, 3, 2), kind="commercial", channel="letter")
    services.start_consultation(application, world.clerk, kind="third_party_consultation", on=D(2026, 3, 4),
                                party="某公司")
    services.end_consultation(application, world.clerk, on=D(2026, 3, 10))
    services.fee_notice(application, world.clerk, issued_on=D(2026, 3, 11), per_page=120)
    services.close_fee_unpaid(application, world.clerk, on=D(2026, 4, 20))
    case = services.record_review(application, world.clerk, kind="after_review", filed_on=D(2026, 5, 6),
                                  body="九台区人民法院")
    services.decide_review(case, world.clerk, decided_on=D(2026, 8, 1), decision="revoked")
    client.force_login(world.clerk)
    page = client.get(f"/applications/{application.pk}/").content.decode()
    history = page[page.index("办理记录"):]
    for words in ("申请方式：信函", "申请人类型：法人或其他组织 › 商业企业", "事由：征求第三方意见", "计收方式：按量计收",
                  "理由：申请人逾期未按收费通知要求缴纳费用", "类别：行政诉讼（复议后起诉）", "决定或裁判结果：",
                  "统计结果：结果纠正", "统计格式："):
        assert words in history, words
    for code in ("letter", "commercial", "third_party_consultation", "per_page", "fee_unpaid", "after_review",
                 "revoked", "corrected", "gov2021"):
        assert f"：{code}" not in history, code
