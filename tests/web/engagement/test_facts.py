"""Agency facts per year (legacy item 八) entered by the agency's clerk on a platform page and counted
into the legacy table: offices, 查阅点 (address and opening hours) and staff (专职 + 兼职)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from gongkai.formats import load_format
from gongkai.web import counting
from gongkai.web.applications import statistics
from gongkai.web.engagement import services
from gongkai.web.engagement.models import AgencyFacts, EngagementEvent, ReadingPoint
from gongkai.web.reports import services as report_services
from tests.web.conftest import login

LEGACY = load_format("legacy")
KEYS = {name: f"stats.staffing.{name}|value" for name in ("offices", "reading_points", "staff")}
KEYS |= {name: f"stats.staffing.staff.{name}|value" for name in ("full_time", "part_time")}
POINTS = "新华大街100号政务大厅｜工作日9:00—17:00\n卡伦湖街道便民服务中心|周一至周五 8:30—16:30"


def post(client, world, year=2016, **changes):
    data = {"offices": "1", "full_time": "2", "part_time": "3", "special_funds": "1.5", "reading_points": POINTS,
            **changes}
    return client.post(f"{reverse('engagement:facts')}?agency={world.education.pk}&year={year}", data)


def test_the_clerk_enters_the_years_facts_and_item_eight_is_counted_from_them(client, world):
    report = report_services.create_report(world.education, 2016, world.clerk)
    login(client, world.clerk)
    assert "机构建设和保障经费" in client.get(reverse("reports:home")).content.decode()
    assert post(client, world).status_code == 302
    values = counting.count(LEGACY, world.education, 2016)
    assert {name: values[key] for name, key in KEYS.items()} == {
        "offices": 1, "reading_points": 2, "staff": 5, "full_time": 2, "part_time": 3}
    assert counting.count(LEGACY, world.education, 2015)[KEYS["staff"]] == 0
    points = list(ReadingPoint.objects.values_list("address", "opening_hours"))
    assert points == [("新华大街100号政务大厅", "工作日9:00—17:00"), ("卡伦湖街道便民服务中心", "周一至周五 8:30—16:30")]
    page = client.get(f"{reverse('engagement:facts')}?agency={world.education.pk}&year=2016").content.decode()
    assert "新华大街100号政务大厅｜工作日9:00—17:00" in page  # the form shows what was saved
    statistics.fill_report(report, world.clerk)
    assert dict(report.cells.values_list("key", "value"))[KEYS["staff"]] == "5"
    behind = client.get(reverse("applications:behind", args=[report.pk, KEYS["reading_points"]])).content.decode()
    assert "卡伦湖街道便民服务中心" in behind


def test_a_jurisdiction_sums_its_agencies_and_lists_agree(world):
    for agency, staff in ((world.education, 2), (world.civil, 4), (world.other, 100)):
        services.save_facts(agency, 2016, world.admin, offices=1, full_time=staff, part_time=1, special_funds=0,
                            reading_points=[("地址", "全天")] * staff)
    values = counting.count(LEGACY, world.government, 2016)
    assert (values[KEYS["full_time"]], values[KEYS["staff"]], values[KEYS["reading_points"]]) == (6, 8, 6)
    listed = counting.records_behind(LEGACY, world.government, 2016, KEYS["reading_points"])[1]
    assert listed.count() == values[KEYS["reading_points"]]


def test_changing_the_facts_is_audited_with_old_and_new(client, world):
    login(client, world.clerk)
    post(client, world)
    post(client, world, full_time="4", reading_points="")
    events = list(EngagementEvent.objects.filter(subject__startswith="agencyfacts:"))
    assert [(e.kind, e.user) for e in events] == [("created", world.clerk), ("changed", world.clerk)]
    assert (events[1].old["full_time"], events[1].new["full_time"]) == (2, 4)
    assert len(events[1].old["reading_points"]) == 2 and events[1].new["reading_points"] == []
    assert AgencyFacts.objects.get().special_funds == 1.5 and not ReadingPoint.objects.exists()


@pytest.mark.parametrize("changes, field, message", [
    ({"full_time": "-1"}, "full_time", "大于或等于0"),
    ({"part_time": "三"}, "part_time", "整数"),
    ({"special_funds": "abc"}, "special_funds", "数字"),
    ({"reading_points": "新华大街100号"}, "reading_points", "政府信息查阅点第1行应为「地址｜开放时间」"),
    ({"reading_points": "甲｜全天\n\n｜全天"}, "reading_points", "政府信息查阅点第3行"),
])
def test_bad_input_is_refused_naming_the_field_and_saves_nothing(client, world, changes, field, message):
    login(client, world.clerk)
    answer = post(client, world, **changes)
    assert answer.status_code == 400
    assert message in str(answer.context["form"].errors[field])
    assert not AgencyFacts.objects.exists() and not EngagementEvent.objects.exists()


def test_another_agencys_clerk_may_look_but_not_enter(client, world):
    login(client, world.other_clerk)
    assert post(client, world).status_code == 403
    login(client, world.outsider)
    assert client.get(f"{reverse('engagement:facts')}?agency={world.education.pk}").status_code == 403
    assert not AgencyFacts.objects.exists()


def test_the_facts_are_reviewed_with_the_report_and_its_special_funds_are_summed(client, world):
    report = report_services.create_report(world.government, 2016, world.coordinator)
    for agency, funds in ((world.education, "1.25"), (world.civil, "0.5")):
        services.save_facts(agency, 2016, world.admin, offices=1, full_time=2, part_time=0, special_funds=funds,
                            reading_points=[])
    assert counting.count(LEGACY, world.government, 2016)["stats.staffing.special_funds|value"] == Decimal("1.75")
    login(client, world.reviewer)
    page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert "机构建设和保障经费：各机关填报的2016年情况" in page
    assert "九台区教育局" in page and "1.25" in page and "0.5" in page
