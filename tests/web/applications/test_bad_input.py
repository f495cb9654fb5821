"""Bad input is refused with a clear message and nothing is saved (issue 5, «Bad input»)."""

import datetime

import pytest

from gongkai.web.applications import services
from gongkai.web.applications.forms import ReplyForm
from gongkai.web.applications.models import (
    ApplicantDetails,
    Application,
    ApplicationEvent,
    ClockPause,
    FeeNotice,
    Reply,
)

from .conftest import APPLICANT, TODAY, apply

D = datetime.date
MODELS = (Application, ApplicantDetails, ApplicationEvent, Reply, FeeNotice, ClockPause)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def refused(call, *phrases):
    before = counts()
    with pytest.raises(services.ApplicationError) as caught:
        call()
    for phrase in phrases:
        assert phrase in caught.value.message
    assert counts() == before
    return caught.value.message


def test_received_in_the_future(world):
    refused(lambda: apply(world.education, world.clerk, TODAY + datetime.timedelta(days=1)), "收到申请之日", "晚于今天")


def test_received_before_the_regulation(world):
    refused(lambda: apply(world.education, world.clerk, D(2008, 4, 30)), "早于《政府信息公开条例》施行之日")


@pytest.mark.parametrize("field, value, phrase", [
    ("channel", "pigeon", "申请方式"),
    ("applicant_kind", "alien", "申请人类型"),
    ("description", "   ", "所需政府信息"),
])
def test_invalid_fields(world, field, value, phrase):
    arguments = {"channel": "in_person", "applicant_kind": "natural_person", "description": "招生计划"}
    arguments[field] = value
    refused(lambda: services.register(world.education, world.clerk, received=D(2026, 3, 2), applicant=APPLICANT,
                                      **arguments), phrase)


def test_applicant_without_identity_or_contact(world):
    refused(lambda: apply(world.education, world.clerk, D(2026, 3, 2), applicant={**APPLICANT, "id_document": ""}),
            "身份证明")
    refused(lambda: apply(world.education, world.clerk, D(2026, 3, 2),
                          applicant={**APPLICANT, "phone": "", "address": ""}), "联系方式")


def test_reply_before_receipt(world):
    application = apply(world.education, world.clerk, D(2026, 3, 2))
    refused(lambda: services.record_reply(application, world.clerk, replied_on=D(2026, 3, 1), outcome="t3.granted"),
            "答复之日", "早于收到申请之日")


def test_outcome_of_another_format(world):
    """2020 replies use gov2019, whose （六）其他处理 has no sub-rows; a 2016 reply uses the legacy rows."""
    application = apply(world.education, world.clerk, D(2020, 3, 2))
    refused(lambda: services.record_reply(application, world.clerk, replied_on=D(2020, 3, 20),
                                          outcome="t3.other.no_supplement"), "不属于2020年适用", "2019")
    old = apply(world.education, world.clerk, D(2016, 3, 1))
    refused(lambda: services.record_reply(old, world.clerk, replied_on=D(2016, 3, 10), outcome="t3.granted"),
            "不属于2016年适用")
    services.record_reply(old, world.clerk, replied_on=D(2016, 3, 10), outcome="stats.application.replies.granted")


def test_outcome_only_a_closure_records(world):
    """（六）其他处理 › 申请人逾期未按收费通知要求缴纳费用 counts the fee closure and nothing else: a reply
    cannot choose it, and the reply form does not offer it."""
    application = apply(world.education, world.clerk, D(2026, 3, 2))
    refused(lambda: services.record_reply(application, world.clerk, replied_on=D(2026, 3, 20),
                                          outcome="t3.other.fee_unpaid"), "只用于申请人逾期未按收费通知要求缴纳费用", "不能作为答复选择")
    offered = {key for key, _ in ReplyForm.base_fields["outcome"].choices}
    assert "t3.other.fee_unpaid" not in offered and "t3.other.no_supplement" not in offered
    assert "t3.other" in offered  # gov2019's undivided row stays a reply's choice


def test_second_reply_refused(world):
    application = apply(world.education, world.clerk, D(2026, 3, 2))
    services.record_reply(application, world.clerk, replied_on=D(2026, 3, 20), outcome="t3.granted")
    refused(lambda: services.record_reply(application, world.clerk, replied_on=D(2026, 3, 25),
                                          outcome="t3.unable.not_held"), "已于2026年3月20日办结", "予以公开")


def test_reply_in_the_future(world):
    application = apply(world.education, world.clerk, D(2026, 12, 1))
    refused(lambda: services.record_reply(application, world.clerk, replied_on=TODAY + datetime.timedelta(days=2),
                                          outcome="t3.granted"), "晚于今天")


def test_fee_by_both_methods(world):
    application = apply(world.education, world.clerk, D(2026, 3, 2))
    refused(lambda: services.fee_notice(application, world.clerk, issued_on=D(2026, 3, 5), per_application=12,
                                        per_page=120), "只能选择其中一种方式")
    refused(lambda: services.fee_notice(application, world.clerk, issued_on=D(2026, 3, 5), per_page=30),
            "未超出免收费用的数量")
    services.fee_notice(application, world.clerk, issued_on=D(2026, 3, 5), per_page=120)
    refused(lambda: services.fee_notice(application, world.clerk, issued_on=D(2026, 3, 6), per_application=12),
            "当前状态为「待缴费」")


def test_fee_before_the_fee_rules(world):
    application = apply(world.education, world.clerk, D(2020, 12, 1))
    refused(lambda: services.fee_notice(application, world.clerk, issued_on=D(2020, 12, 3), per_page=120),
            "早于信息处理费计收之日")


def test_second_extension_and_extension_after_expiry(world):
    application = apply(world.education, world.clerk, D(2025, 9, 26))
    refused(lambda: services.extend(application, world.clerk, on=D(2025, 10, 31), approver="王主任",
                                    notified_on=D(2025, 10, 31), reason="信息量大"), "已于2025年10月30日届满")
    refused(lambda: services.extend(application, world.clerk, on=D(2025, 10, 20), approver=" ",
                                    notified_on=D(2025, 10, 20), reason="信息量大"), "负责人")
    services.extend(application, world.clerk, on=D(2025, 10, 20), approver="王主任", notified_on=D(2025, 10, 21),
                    reason="信息量大")
    refused(lambda: services.extend(application, world.clerk, on=D(2025, 10, 22), approver="王主任",
                                    notified_on=D(2025, 10, 22), reason="信息量大"), "不能再次延长")


def test_other_agencys_clerk_may_not_register(world):
    from django.core.exceptions import PermissionDenied
    before = counts()
    with pytest.raises(PermissionDenied):
        apply(world.education, world.other_clerk, D(2026, 3, 2))
    assert counts() == before
