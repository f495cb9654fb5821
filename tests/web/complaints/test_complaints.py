"""Complaints (举报投诉): registered by the receiving agency's clerk with the complainant's personal data
kept apart, handled step by step on the applications' working-day clock (the period read from the
rules, never typed here), closed with an outcome, every write an append-only event; the office sees
its agencies' complaints; legacy 六 counts those received in the year."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from gongkai.deadlines import due_date
from gongkai.formats import load_format
from gongkai.web import counting
from gongkai.web.applications import statistics
from gongkai.web.applications.services import working_calendar
from gongkai.web.complaints import services
from gongkai.web.complaints.models import ComplainantDetails, Complaint, ComplaintEvent
from gongkai.web.reports import services as report_services
from tests.web.conftest import login

LEGACY = load_format("legacy")
CELL = "stats.complaints|value"
RECEIVED = datetime.date(2016, 9, 26)


def register(world, user=None, agency=None, **changes):
    fields = {"about": world.education, "received": RECEIVED, "channel": "letter",
              "content": "教育局未按期答复政府信息公开申请", "name": "张三", "phone": "13900000000", **changes}
    return services.register(agency or world.education, user or world.clerk, **fields)


def test_the_handling_period_is_the_regulations_reply_period_on_the_working_calendar(world):
    complaint = register(world)
    expected = due_date(RECEIVED, calendar=working_calendar())  # 国庆 in between: the working days skip it
    assert complaint.due == expected.due and complaint.due > RECEIVED + datetime.timedelta(days=21)
    with override_settings(GONGKAI_COMPLAINTS={"handling_period": 5}):
        shorter = register(world)
    assert shorter.due == working_calendar().add_working_days(RECEIVED, 5).due


def test_a_complaint_is_handled_closed_and_every_step_is_an_event(world):
    complaint = register(world)
    services.record_step(complaint, world.clerk, kind="investigated", on=RECEIVED + datetime.timedelta(days=2),
                         note="调取办理记录，核实逾期属实")
    closed = services.close(complaint, world.clerk, on=RECEIVED + datetime.timedelta(days=3),
                            outcome="substantiated", result="责令限期答复，已告知举报人")
    assert (closed.status, closed.outcome) == ("closed", "substantiated")
    kinds = list(ComplaintEvent.objects.filter(complaint=complaint).values_list("kind", "user__username"))
    assert kinds == [("registered", "clerk"), ("investigated", "clerk"), ("closed", "clerk")]
    assert ComplaintEvent.objects.get(kind="closed").data == {"outcome": "substantiated", "on_time": True}
    with pytest.raises(ValidationError):
        ComplaintEvent.objects.filter(complaint=complaint).delete()
    with pytest.raises(services.ComplaintError, match="已于2016年9月29日办结"):
        services.record_step(closed, world.clerk, kind="notified", on=RECEIVED, note="再次告知")


@pytest.mark.parametrize("call, message", [
    (lambda w: register(w, received=datetime.date.today() + datetime.timedelta(days=1)), "晚于今天"),
    (lambda w: register(w, about=w.other), "不属于"),
    (lambda w: register(w, content="  "), "举报投诉内容不能为空"),
    (lambda w: register(w, user=w.other_clerk), None),
])
def test_bad_registrations_are_refused_and_save_nothing(world, call, message):
    error = services.ComplaintError if message else Exception
    with pytest.raises(error, match=message):
        call(world)
    assert not Complaint.objects.exists() and not ComplaintEvent.objects.exists()


def test_a_step_before_the_received_date_or_a_closure_before_the_last_step_is_refused(world):
    complaint = register(world)
    with pytest.raises(services.ComplaintError, match="办理日期（2016年9月25日）早于收到举报投诉之日"):
        services.record_step(complaint, world.clerk, kind="referred", on=RECEIVED - datetime.timedelta(days=1),
                             note="转交")
    services.record_step(complaint, world.clerk, kind="referred", on=datetime.date(2016, 10, 10), note="转交")
    with pytest.raises(services.ComplaintError, match="办结之日（2016年10月9日）早于转交有关机关办理之日"):
        services.close(complaint, world.clerk, on=datetime.date(2016, 10, 9), outcome="unfounded", result="不属实")
    assert ComplaintEvent.objects.count() == 2 and Complaint.objects.get().is_open


def test_legacy_six_counts_the_complaints_received_in_the_year_and_lists_them(world):
    register(world)
    register(world, received=datetime.date(2016, 1, 4), about=world.education)
    register(world, received=datetime.date(2015, 12, 31))
    register(world, user=world.other_clerk, agency=world.civil, about=world.civil)
    assert counting.count(LEGACY, world.education, 2016)[CELL] == 2
    assert counting.count(LEGACY, world.government, 2016)[CELL] == 3  # the jurisdiction: every agency's
    listed = counting.records_behind(LEGACY, world.government, 2016, CELL)[1]
    assert listed.count() == 3


def post_register(client, world, **changes):
    data = {"received": "2016-09-26", "channel": "phone", "about": world.education.pk,
            "content": "网站未公开招生计划", "name": "李四", "phone": "13800000000", "address": "", **changes}
    return client.post(reverse("complaints:register", args=[world.education.pk]), data)


def test_the_clerk_finds_complaints_on_the_home_and_menu_and_registers_one(client, world):
    login(client, world.clerk)
    home = client.get(reverse("reports:home")).content.decode()
    assert reverse("complaints:list") in home and "未办结的举报投诉" in home
    assert reverse("complaints:register", args=[world.education.pk]) in client.get(reverse("complaints:list")).content.decode()
    answer = post_register(client, world)
    complaint = Complaint.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("complaints:detail", args=[complaint.pk])
    page = client.get(answer["Location"]).content.decode()
    assert "李四" in page and "网站未公开招生计划" in page
    assert "已逾期" in page  # received in 2016 and never handled
    assert client.post(reverse("complaints:close", args=[complaint.pk]), {
        "close-on": "2016-09-28", "close-outcome": "unfounded", "close-result": "经核实已公开"}).status_code == 302
    assert Complaint.objects.get().status == "closed"


def test_the_office_sees_its_agencies_complaints_without_personal_data_and_outsiders_see_none(client, world):
    complaint = register(world)
    login(client, world.coordinator)
    assert "教育局未按期答复" in client.get(reverse("complaints:list")).content.decode()
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "教育局未按期答复" in page and "张三" not in page and "13900000000" not in page
    assert client.post(reverse("complaints:close", args=[complaint.pk]), {
        "close-on": "2016-09-28", "close-outcome": "unfounded", "close-result": "x"}).status_code == 403
    login(client, world.outsider)
    assert "教育局未按期答复" not in client.get(reverse("complaints:list")).content.decode()
    assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 403


@pytest.mark.parametrize("changes, field, message", [
    ({"received": "2016-13-01"}, "received", "有效的日期"),
    ({"content": ""}, "content", "必填"),
    ({"about": "999999"}, "about", "选择一个有效的选项"),
    ({"channel": "pigeon"}, "channel", "选择一个有效的选项"),
])
def test_bad_input_on_the_page_names_the_field_and_saves_nothing(client, world, changes, field, message):
    login(client, world.clerk)
    answer = post_register(client, world, **changes)
    assert answer.status_code == 400 and message in str(answer.context["form"].errors[field])
    assert not Complaint.objects.exists() and not ComplainantDetails.objects.exists()


def test_a_refused_closure_is_shown_beside_the_form(client, world):
    complaint = register(world)
    login(client, world.clerk)
    answer = client.post(reverse("complaints:close", args=[complaint.pk]),
                         {"close-on": "2016-09-01", "close-outcome": "unfounded", "close-result": "不属实"})
    assert answer.status_code == 400 and "早于收到举报投诉之日" in answer.content.decode()
    assert Complaint.objects.get().is_open


def test_fill_from_records_writes_legacy_six(world):
    report = report_services.create_report(world.education, 2016, world.clerk)
    register(world)
    statistics.fill_report(report, world.clerk)
    assert dict(report.cells.values_list("key", "value"))[CELL] == "1"
