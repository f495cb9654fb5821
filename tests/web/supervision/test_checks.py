"""Spot checks and rectifications: recorded by the office, answered by the agency, open ones on both
homes with their deadlines, overdue ones marked; bad input refused naming the field."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.web.navigation import open_rectifications
from gongkai.web.supervision import checks
from gongkai.web.supervision.models import Rectification, SpotCheck
from tests.web.supervision.conftest import TODAY

CHECKED = datetime.date(2024, 4, 10)


def record(world, **values):
    values = {"checked_on": CHECKED, "subject": "政府网站主动公开栏目抽查", "findings": "招生信息未及时更新。",
              "agencies": [world.education, world.town], "requirement": "5个工作日内更新招生栏目。",
              "deadline": datetime.date(2024, 4, 30), **values}
    return checks.record(world.government, world.coordinator, **values)


def test_a_check_asks_each_agency_concerned_to_rectify_by_the_deadline(world):
    check = record(world)
    assert sorted(r.agency.name for r in check.rectifications.all()) == ["九台区教育局", "其塔木镇人民政府"]
    assert all(r.is_open and r.deadline == datetime.date(2024, 4, 30) for r in check.rectifications.all())


def test_a_deadline_before_the_check_is_refused_naming_the_field_and_nothing_is_saved(world):
    with pytest.raises(checks.CheckError, match="^整改期限.*不能早于检查日期"):
        record(world, deadline=CHECKED - datetime.timedelta(days=1))
    assert not SpotCheck.objects.exists() and not Rectification.objects.exists()


@pytest.mark.parametrize(("values", "field"), [
    ({"agencies": []}, "涉及单位"),
    ({"deadline": None}, "整改期限"),
    ({"requirement": ""}, "整改要求"),
    ({"checked_on": TODAY + datetime.timedelta(days=1)}, "检查日期"),
])
def test_incomplete_checks_are_refused_naming_the_field(world, values, field):
    with pytest.raises(checks.CheckError, match=field):
        record(world, **values)
    assert not SpotCheck.objects.exists()


def test_an_agency_of_another_jurisdiction_cannot_be_concerned(world):
    with pytest.raises(checks.CheckError, match="长春市双阳区人民政府不属于"):
        record(world, agencies=[world.other])


def test_only_the_office_records_and_only_the_agency_answers(world):
    with pytest.raises(PermissionDenied):
        checks.record(world.government, world.clerk, checked_on=CHECKED, subject="抽查", findings="无",
                      agencies=[world.education])
    rectification = record(world).rectifications.get(agency=world.education)
    with pytest.raises(PermissionDenied):
        checks.answer(rectification, world.other_clerk, answered_on=TODAY, text="已整改")


def test_open_rectifications_are_on_both_homes_until_the_agency_answers(world):
    rectification = record(world).rectifications.get(agency=world.education)
    office = open_rectifications(world.coordinator)
    assert len(office.items) == 2 and all(item.urgent for item in office.items)  # deadline 30 April, today 6 May
    assert "已逾期" in office.items[0].note and "2024-04-30" in office.items[0].note
    assert [item.label for item in open_rectifications(world.clerk).items] == ["九台区教育局：政府网站主动公开栏目抽查"]
    checks.answer(rectification, world.clerk, answered_on=TODAY, text="招生栏目已更新。")
    assert open_rectifications(world.clerk).items == []
    assert len(open_rectifications(world.coordinator).items) == 1
    with pytest.raises(checks.CheckError, match="已经答复"):
        checks.answer(rectification, world.clerk, answered_on=TODAY, text="再次答复")


def test_an_answer_needs_its_text_and_a_date_after_the_check(world):
    rectification = record(world).rectifications.get(agency=world.education)
    with pytest.raises(checks.CheckError, match="整改情况"):
        checks.answer(rectification, world.clerk, answered_on=TODAY, text="  ")
    with pytest.raises(checks.CheckError, match="整改完成日期"):
        checks.answer(rectification, world.clerk, answered_on=CHECKED - datetime.timedelta(days=1), text="已整改")
    rectification.refresh_from_db()
    assert rectification.is_open
