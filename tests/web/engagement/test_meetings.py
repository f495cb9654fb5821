"""Meetings and training courses (legacy item 九) recorded on the platform and counted into the legacy
table: meetings and courses by number, trainees (人次) as the courses' attendance summed."""

import datetime

import pytest
from django.urls import reverse

from gongkai.formats import load_format
from gongkai.web import counting
from gongkai.web.applications import statistics
from gongkai.web.engagement import services
from gongkai.web.engagement.models import EngagementEvent, Meeting
from gongkai.web.reports import services as report_services
from tests.web.conftest import login

LEGACY = load_format("legacy")
MEETINGS = "stats.meetings_training.meetings|value"
COURSES = "stats.meetings_training.training_courses|value"
TRAINEES = "stats.meetings_training.trainees|value"


def test_a_clerk_records_a_course_and_the_three_cells_of_item_nine_follow(client, world):
    report = report_services.create_report(world.education, 2016, world.clerk)
    login(client, world.clerk)
    assert "会议和培训" in client.get(reverse("reports:home")).content.decode()
    url = f"{reverse('engagement:meetings')}?agency={world.education.pk}"
    for data in ({"kind": "training", "title": "政府信息公开业务培训", "on": "2016-06-01", "attendance": "35"},
                 {"kind": "training", "title": "依申请公开办理培训", "on": "2016-09-01", "attendance": "12"},
                 {"kind": "meeting", "title": "政务公开工作会议", "on": "2016-02-01"}):
        assert client.post(url, data).status_code == 302
    values = counting.count(LEGACY, world.education, 2016)
    assert (values[MEETINGS], values[COURSES], values[TRAINEES]) == (1, 2, 47)
    statistics.fill_report(report, world.clerk)
    cells = dict(report.cells.values_list("key", "value"))
    assert (cells[MEETINGS], cells[COURSES], cells[TRAINEES]) == ("1", "2", "47")
    behind = client.get(reverse("applications:behind", args=[report.pk, TRAINEES])).content.decode()
    assert "<td>政府信息公开业务培训</td>" in behind and "<td>政务公开工作会议</td>" not in behind


@pytest.mark.parametrize("year", [2015, 2016])
def test_counts_equal_a_plain_count_and_sum_and_the_lists_agree(world, year):
    for n in range(30):
        services.record_meeting(world.education if n % 4 else world.town, world.admin,
                                kind="training" if n % 3 else "meeting", title=f"第{n}次",
                                on=datetime.date(2015 + n % 2, 1 + n % 12, 3), attendance=n * 7 % 50)
    for agency in (world.education, world.government):
        values = counting.count(LEGACY, agency, year)
        held = Meeting.objects.filter(counting.of_agency(agency), on__year=year)
        courses = held.filter(kind="training")
        assert values[MEETINGS] == held.filter(kind="meeting").count()
        assert values[COURSES] == courses.count()
        assert values[TRAINEES] == sum(courses.values_list("attendance", flat=True))
        for key in (MEETINGS, COURSES):
            assert counting.records_behind(LEGACY, agency, year, key)[1].count() == values[key]
        listed = counting.records_behind(LEGACY, agency, year, TRAINEES)[1]
        assert sum(meeting.attendance for meeting in listed) == values[TRAINEES]


def test_no_courses_count_zero_trainees(world):
    services.record_meeting(world.education, world.clerk, kind="meeting", title="会议", on=datetime.date(2016, 1, 5))
    assert counting.count(LEGACY, world.education, 2016)[TRAINEES] == 0
    assert counting.count(LEGACY, world.education, 2017)[TRAINEES] == 0


def test_changes_and_deletions_are_audited(world):
    meeting = services.record_meeting(world.education, world.clerk, kind="training", title="培训",
                                      on=datetime.date(2016, 1, 5), attendance=20)
    services.change(meeting, world.clerk, kind="training", title="培训", on=datetime.date(2016, 1, 5), attendance=25)
    services.delete(meeting, world.clerk)
    events = list(EngagementEvent.objects.filter(subject=f"meeting:{meeting.pk}"))
    assert [(e.kind, e.user) for e in events] == [("created", world.clerk), ("changed", world.clerk),
                                                 ("deleted", world.clerk)]
    assert (events[1].old["attendance"], events[1].new["attendance"]) == (20, 25)


@pytest.mark.parametrize("data, field, message", [
    ({"kind": "training", "title": "培训", "on": "2016-01-01"}, "attendance", "培训班应填写参加人次"),
    ({"kind": "training", "title": "培训", "on": "2016-01-01", "attendance": "-3"}, "attendance", "大于或等于0"),
    ({"kind": "training", "title": "培训", "on": "2016-01-01", "attendance": "七十"}, "attendance", "整数"),
    ({"kind": "course", "title": "培训", "on": "2016-01-01", "attendance": "7"}, "kind", "选择一个有效的选项"),
    ({"kind": "meeting", "title": "", "on": "2016-01-01"}, "title", "这个字段是必填项"),
    ({"kind": "meeting", "title": "会议", "on": "2016-02-30"}, "on", "有效的日期"),
])
def test_bad_input_is_refused_naming_the_field_and_saves_nothing(client, world, data, field, message):
    login(client, world.clerk)
    answer = client.post(f"{reverse('engagement:meetings')}?agency={world.education.pk}", data)
    assert answer.status_code == 400
    assert message in str(answer.context["form"].errors[field])
    assert not Meeting.objects.exists() and not EngagementEvent.objects.exists()
