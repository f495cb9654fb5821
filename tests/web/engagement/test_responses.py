"""Responses and interpretation (回应解读, legacy item 二) recorded on the platform and counted into the
legacy table by the counting engine: one topic answered several ways counts once in （一）, once per
way in （二）."""

import datetime

import pytest
from django.urls import reverse

from gongkai.formats import load_format
from gongkai.web import counting
from gongkai.web.applications import statistics
from gongkai.web.engagement import services
from gongkai.web.engagement.models import EngagementEvent, Response, Topic
from gongkai.web.reports import services as report_services
from tests.web.conftest import login

LEGACY = load_format("legacy")
HOT = "stats.response.hot_topics|value"
PRESS = "stats.response.channels.press_conferences|value"
PRESS_PRINCIPAL = "stats.response.channels.press_conferences.principal_attended|value"
ONLINE = "stats.response.channels.online_interviews|value"
ONLINE_PRINCIPAL = "stats.response.channels.online_interviews.principal_attended|value"
WAYS = {"press_conferences": PRESS, "online_interviews": ONLINE,
        "interpretations": "stats.response.channels.interpretations|value",
        "weibo_wechat": "stats.response.channels.weibo_wechat|value", "other": "stats.response.channels.other|value"}


def record(agency, user, topic, way, on, principal=False):
    return services.record_response(agency, user, topic=topic, way=way, on=on, principal_attended=principal)


def test_a_clerk_records_a_press_conference_and_both_legacy_cells_change(client, world):
    report = report_services.create_report(world.education, 2016, world.clerk)
    login(client, world.clerk)
    assert "回应解读" in client.get(reverse("reports:home")).content.decode()  # in the clerk's menu
    page = client.get(reverse("engagement:responses"))
    assert page.status_code == 200 and "九台区教育局" in page.content.decode()
    before = statistics.computed_sheet(LEGACY, world.education, 2016).values
    answer = client.post(f"{reverse('engagement:responses')}?agency={world.education.pk}&year=2016",
                         {"topic": "义务教育划片招生", "way": "press_conferences", "on": "2016-05-10",
                          "principal_attended": "on"})
    assert answer.status_code == 302
    after = statistics.computed_sheet(LEGACY, world.education, 2016).values
    assert (before[PRESS], before[PRESS_PRINCIPAL], before[HOT]) == (0, 0, 0)
    assert (after[PRESS], after[PRESS_PRINCIPAL], after[HOT]) == (1, 1, 1)
    computed = client.get(reverse("applications:computed", args=[report.pk])).content.decode()
    assert "统计表第一、二、三、四、五、六、七、八、九项" in computed
    behind = client.get(reverse("applications:behind", args=[report.pk, PRESS_PRINCIPAL])).content.decode()
    assert "义务教育划片招生" in behind and "新闻发布会" in behind


def test_one_topic_answered_several_ways_counts_once_in_one_and_once_per_way_in_two(world):
    day = datetime.date(2016, 3, 1)
    record(world.education, world.clerk, "校车安全", "press_conferences", day, principal=True)
    record(world.education, world.clerk, "校车安全", "weibo_wechat", day)
    record(world.education, world.clerk, "校车安全", "weibo_wechat", day + datetime.timedelta(days=1))
    record(world.education, world.clerk, "学区房", "online_interviews", day)
    record(world.civil, world.other_clerk, "低保标准", "interpretations", day)
    record(world.education, world.clerk, "校车安全", "other", datetime.date(2015, 12, 31))  # another year
    values = counting.count(LEGACY, world.education, 2016)
    assert values[HOT] == 2
    assert [values[WAYS[way]] for way in WAYS] == [1, 1, 0, 2, 0]
    assert (values[PRESS_PRINCIPAL], values[ONLINE_PRINCIPAL]) == (1, 0)
    whole = counting.count(LEGACY, world.government, 2016)  # the jurisdiction counts its subtree
    assert whole[HOT] == 3 and whole[WAYS["interpretations"]] == 1
    assert counting.count(LEGACY, world.education, 2015)[HOT] == 1


@pytest.mark.parametrize("year", [2015, 2016])
def test_counts_equal_a_plain_count_and_the_lists_behind_agree(world, year):
    ways = list(WAYS)
    for n in range(40):
        record(world.education if n % 3 else world.town, world.admin, f"热点{n % 7}", ways[n % 5],
               datetime.date(2015 + n % 2, 1 + n % 12, 1 + n % 28), principal=n % 5 < 2 and n % 4 == 0)
    for agency in (world.education, world.government):
        values = counting.count(LEGACY, agency, year)
        responses = Response.objects.filter(counting.of_agency(agency), on__year=year)
        assert values[HOT] == responses.values("topic").distinct().count()
        for way, key in WAYS.items():
            assert values[key] == responses.filter(way=way).count()
        assert values[PRESS_PRINCIPAL] == responses.filter(way="press_conferences", principal_attended=True).count()
        for key in counting.computed_cells(LEGACY):
            if key.startswith("stats.response."):
                assert counting.records_behind(LEGACY, agency, year, key)[1].count() == values[key], key


def test_fill_from_records_fills_blank_cells_and_flags_hand_entered_differences(world):
    report = report_services.create_report(world.education, 2016, world.clerk)
    report_services.save_cells(report, world.clerk, {HOT: "16"}, expected_revision=report.revision)
    record(world.education, world.clerk, "校车安全", "press_conferences", datetime.date(2016, 4, 1), principal=True)
    found = statistics.fill_report(report, world.clerk)
    assert [(d.key, d.entered, d.computed) for d in found] == [(HOT, "16", 1)]
    cells = dict(report.cells.values_list("key", "value"))
    assert cells[PRESS] == "1" and cells[PRESS_PRINCIPAL] == "1" and cells[HOT] == "16"


def test_every_write_is_audited_with_who_when_old_and_new(world):
    response = record(world.education, world.clerk, "校车安全", "press_conferences", datetime.date(2016, 4, 1))
    services.change(response, world.clerk, topic="校车安全", way="online_interviews",
                             on=datetime.date(2016, 4, 2), principal_attended=True)
    services.delete(response, world.clerk)
    events = list(EngagementEvent.objects.filter(subject=f"response:{response.pk}"))
    assert [e.kind for e in events] == ["created", "changed", "deleted"]
    assert all(e.user == world.clerk and e.at for e in events)
    assert events[1].old["way"] == "press_conferences" and events[1].new["way"] == "online_interviews"
    assert events[2].new is None and events[2].old["principal_attended"] is True
    assert not Response.objects.exists()


@pytest.mark.parametrize("data, field, message", [
    ({"topic": "", "way": "press_conferences", "on": "2016-01-01"}, "topic", "这个字段是必填项"),
    ({"topic": "校车", "way": "press_conference", "on": "2016-01-01"}, "way", "选择一个有效的选项"),
    ({"topic": "校车", "way": "weibo_wechat", "on": "2016-01-01", "principal_attended": "on"}, "principal_attended",
     "主要负责同志参加仅适用于新闻发布会和政府网站在线访谈"),
    ({"topic": "校车", "way": "other", "on": "2999-01-01"}, "on", "日期不能晚于今天"),
    ({"topic": "校车\x00", "way": "other", "on": "2016-01-01"}, "topic", "回应的热点或舆情"),
])
def test_bad_input_is_refused_in_chinese_naming_the_field_and_saves_nothing(client, world, data, field, message):
    login(client, world.clerk)
    answer = client.post(f"{reverse('engagement:responses')}?agency={world.education.pk}", data)
    assert answer.status_code == 400
    assert message in str(answer.context["form"].errors[field])
    assert not Response.objects.exists() and not Topic.objects.exists() and not EngagementEvent.objects.exists()


def test_only_those_who_keep_an_agencys_records_may_write_them(client, world):
    response = record(world.education, world.clerk, "校车安全", "other", datetime.date(2016, 4, 1))
    data = {"topic": "x", "way": "other", "on": "2016-01-01"}
    login(client, world.other_clerk)
    assert client.post(f"{reverse('engagement:responses')}?agency={world.education.pk}", data).status_code == 403
    assert client.post(reverse("engagement:delete", args=["responses", response.pk])).status_code == 403
    login(client, world.reviewer)  # sees the district's agencies, records for none
    page = client.get(f"{reverse('engagement:responses')}?agency={world.education.pk}&year=2016")
    assert page.status_code == 200 and "校车安全" in page.content.decode() and "登记回应解读" not in page.content.decode()
    login(client, world.outsider)
    assert client.get(f"{reverse('engagement:responses')}?agency={world.education.pk}").status_code == 403
    assert Response.objects.count() == 1 and EngagementEvent.objects.count() == 1


def test_the_demo_districts_2015_records_count_to_the_seed_tables_legacy_two_eight_and_nine(db):
    from django.core.management import call_command

    from gongkai.web.agencies.models import Agency
    from gongkai.web.reports.models import AnnualReport

    call_command("load_demo")
    call_command("load_demo")  # once only
    government = Agency.objects.get(name="长春市九台区人民政府")
    published = AnnualReport.objects.get(agency=government, year=2015).versions.get().data["cells"]
    computed = counting.count(LEGACY, government, 2015)
    two = [key for key in computed if key.startswith("stats.response.")]
    assert len(two) == 8
    assert {key: computed[key] for key in two} == {key: published[key] for key in two}
    assert Response.objects.filter(agency=government, on__year=2015).count() == 474
    nine = [key for key in computed if key.startswith("stats.meetings_training.")]
    assert {key: computed[key] for key in nine} == {key: published[key] for key in nine} != {}
    eight = [key for key in computed if key.startswith("stats.staffing.")]
    # A published version keeps amounts as text (专项经费 "0").
    assert len(eight) == 6 and {key: str(computed[key]) for key in eight} == {key: str(published[key]) for key in eight}
