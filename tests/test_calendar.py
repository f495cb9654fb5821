"""Working days (工作日): weekends off (《国务院关于职工工作时间的规定》第七条), official holidays and
make-up working days (调休) from the State Council circulars (《全国年节及纪念日放假办法》第六条、第七条).

Expected dates are checked by hand against the circulars quoted in docs/spec/law.md §4.1.
"""

import datetime

import pytest

from gongkai.calendar import WorkingCalendar
from gongkai.errors import InputError

D = datetime.date

# An invented 2027 arrangement: the real circular was not published when this was written.
ILLUSTRATIVE_2027 = {
    2027: {
        "holidays": ["2027-01-01", "2027-01-02", "2027-01-03"] + [f"2027-02-{day:02d}" for day in range(5, 13)],
        "workdays": ["2027-02-20"],
        "source": "测试用假设安排",
    }
}


@pytest.fixture(scope="module")
def calendar():
    return WorkingCalendar()


def test_years_with_a_circular_have_an_arrangement_and_2027_has_none(calendar):
    assert all(calendar.has_arrangement(year) for year in range(2008, 2027))
    assert not calendar.has_arrangement(2027)
    assert calendar.arrangement(2026).source == "chinesecalendar"
    assert calendar.arrangement(2027) is None


def test_spring_festival_2026_days_off_and_make_up_saturdays(calendar):
    # 2026 circular: 2/15–23 off; Saturdays 2/14 and 2/28 are working days.
    assert calendar.is_working_day(D(2026, 2, 13))  # Friday
    assert calendar.is_working_day(D(2026, 2, 14))  # Saturday, 调休上班
    assert not calendar.is_working_day(D(2026, 2, 16))  # Monday, Spring Festival
    assert not calendar.is_working_day(D(2026, 2, 23))  # Monday, last day off
    assert calendar.is_working_day(D(2026, 2, 24))
    assert not calendar.is_working_day(D(2026, 2, 21))  # Saturday inside the block
    assert calendar.is_working_day(D(2026, 2, 28))  # Saturday, 调休上班
    assert not calendar.is_working_day(D(2026, 3, 7))  # ordinary Saturday


def test_counting_20_working_days_across_spring_festival_2024(calendar):
    # 2024 circular: 2/10–17 off; Sundays 2/4 and 2/18 are working days.
    count = calendar.add_working_days(D(2024, 1, 29), 20)
    assert count.due == D(2024, 2, 29)
    assert D(2024, 2, 4) in count.working_days and D(2024, 2, 18) in count.working_days
    assert not any(D(2024, 2, 10) <= day <= D(2024, 2, 17) for day in count.working_days)
    assert not count.provisional


def test_start_day_counts_only_when_asked_and_only_if_a_working_day(calendar):
    assert calendar.add_working_days(D(2026, 3, 2), 1).due == D(2026, 3, 3)
    assert calendar.add_working_days(D(2026, 3, 2), 1, count_start=True).due == D(2026, 3, 2)
    assert calendar.add_working_days(D(2026, 3, 7), 1, count_start=True).due == D(2026, 3, 9)


def test_excluded_period_loses_its_first_and_last_day(calendar):
    count = calendar.add_working_days(D(2026, 3, 2), 5, excluding=[(D(2026, 3, 4), D(2026, 3, 5))])
    assert count.working_days == (D(2026, 3, 3), D(2026, 3, 6), D(2026, 3, 9), D(2026, 3, 10), D(2026, 3, 11))


def test_year_without_arrangement_skips_the_statutory_holidays_and_is_provisional(calendar):
    count = calendar.add_working_days(D(2026, 12, 30), 3)
    # 2027-01-01 is a Friday: with no circular, New Year's Day is still a statutory holiday
    # (《全国年节及纪念日放假办法》第二条; tests/test_calendar_statutory.py).
    assert count.working_days == (D(2026, 12, 31), D(2027, 1, 4), D(2027, 1, 5))
    assert count.provisional_years == (2027,)


def test_entering_the_2027_arrangement_changes_the_count_and_clears_provisional():
    calendar = WorkingCalendar(ILLUSTRATIVE_2027)
    count = calendar.add_working_days(D(2026, 12, 30), 3)
    assert count.working_days == (D(2026, 12, 31), D(2027, 1, 4), D(2027, 1, 5))
    assert not count.provisional
    assert calendar.is_working_day(D(2027, 2, 20))  # the make-up Saturday
    assert calendar.arrangement(2027).source == "测试用假设安排"


def test_an_override_replaces_the_package_year_as_a_whole():
    calendar = WorkingCalendar({"2026": {"holidays": [D(2026, 10, 1)], "workdays": []}})
    assert not calendar.is_working_day(D(2026, 10, 1))
    assert calendar.is_working_day(D(2026, 10, 2))  # off in the package, not in the override
    assert not calendar.is_working_day(D(2026, 10, 10))  # a make-up Saturday in the package only


def test_overrides_load_from_yaml(tmp_path):
    path = tmp_path / "arrangements.yaml"
    path.write_text("2027:\n  holidays: [2027-01-01]\n  workdays: []\n", encoding="utf-8")
    calendar = WorkingCalendar.from_yaml(path)
    assert calendar.has_arrangement(2027)
    assert not calendar.is_working_day(D(2027, 1, 1))
    assert calendar.has_arrangement(2026)  # the package years stay


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({2027: {"holidays": ["2026-12-31"]}}, "不属于2027年"),
        ({2027: {"holidays": ["2027-02-30"]}}, "格式不正确"),
        ({2027: {"holidays": ["2027-02-06"], "workdays": ["2027-02-06"]}}, "同时列为"),
        ({2027: {"workdays": ["2027-02-08"]}}, "应为星期六或星期日"),
        ({2027: {"days_off": []}}, "未知的键"),
        ({"二〇二七": {}}, "不是整数"),
        ({2027: ["2027-01-01"]}, "应为包含"),
    ],
)
def test_invalid_overrides_are_refused_with_the_place(overrides, fragment):
    with pytest.raises(InputError, match=fragment) as raised:
        WorkingCalendar(overrides)
    assert "节假日安排" in str(raised.value)


def test_unreadable_yaml_names_the_file(tmp_path):
    with pytest.raises(InputError, match="无法读取") as raised:
        WorkingCalendar.from_yaml(tmp_path / "missing.yaml")
    assert "missing.yaml" in raised.value.place
    bad = tmp_path / "bad.yaml"
    bad.write_text("2027: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="不是有效的 YAML"):
        WorkingCalendar.from_yaml(bad)
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("2027:\n  workdays: [2027-01-04]\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        WorkingCalendar.from_yaml(wrong)
    assert raised.value.place.startswith(str(wrong))
