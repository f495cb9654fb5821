"""Years without the State Council's arrangement (issue 10): the holidays the 《全国年节及纪念日放假办法》
(2024 revision, Art. 2) fixes are known without it, and a holiday on a Saturday or Sunday is made up on
a working day (Art. 6). The count still says it is provisional, since the circular moves days around.

Dates checked by hand: lunar New Year 2027 is 6 February (除夕 5 February), the Dragon Boat Festival
9 June, the Mid-Autumn Festival 15 September; 清明 falls on 5 April 2027.
"""

import datetime

import pytest
from chinese_calendar import is_holiday

from gongkai.calendar import WorkingCalendar, statutory_arrangement
from gongkai.cli import main
from gongkai.deadlines import due_date

D = datetime.date

HOLIDAYS_2027 = {
    "元旦": [D(2027, 1, 1)],
    "春节": [D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)],
    "清明节": [D(2027, 4, 5)],
    "劳动节": [D(2027, 5, 1), D(2027, 5, 2)],
    "端午节": [D(2027, 6, 9)],
    "中秋节": [D(2027, 9, 15)],
    "国庆节": [D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)],
}
# Art. 6: 6–7 Feb, 1–2 May and 2–3 Oct are weekend days; each is made up on the next free weekday.
SUBSTITUTES_2027 = [D(2027, 2, 9), D(2027, 2, 10), D(2027, 5, 3), D(2027, 5, 4), D(2027, 10, 4), D(2027, 10, 5)]


@pytest.fixture(scope="module")
def calendar():
    return WorkingCalendar()


def test_2027_has_no_arrangement_yet(calendar):
    assert not calendar.has_arrangement(2027)


def test_the_statutory_holidays_of_2027_are_days_off(calendar):
    for name, days in HOLIDAYS_2027.items():
        for day in days:
            assert not calendar.is_working_day(day), (name, day)


def test_a_holiday_on_a_weekend_is_made_up_on_the_next_free_weekday(calendar):
    for day in SUBSTITUTES_2027:
        assert not calendar.is_working_day(day), day
    assert calendar.is_working_day(D(2027, 2, 11))
    assert calendar.is_working_day(D(2027, 10, 6))
    arrangement = statutory_arrangement(2027)
    expected = {day for days in HOLIDAYS_2027.values() for day in days} | set(SUBSTITUTES_2027)
    assert arrangement.holidays == expected and not arrangement.workdays
    assert "全国年节及纪念日放假办法" in arrangement.source


def test_the_issue_example_is_at_or_after_18_january_and_provisional():
    result = due_date(D(2026, 12, 20))
    # Counted by hand: 21–25 and 28–31 December 2026 are 9 working days; 1 January 2027 is New Year's
    # Day; 4–8 and 11–15 January make 19; the 20th working day is Monday 18 January.
    assert result.due == D(2027, 1, 18)
    assert D(2027, 1, 1) not in result.working_days
    assert (result.provisional, result.provisional_years) == (True, (2027,))


def test_the_command_says_the_date_is_provisional(capsys):
    assert main(["due-date", "2026-12-20"]) == 0
    output = capsys.readouterr().out
    assert "2027年1月18日" in output
    assert "临时结果" in output and "全国年节及纪念日放假办法" in output


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_rule_agrees_with_the_circulars_of_the_years_since_the_revision(year):
    """Every statutory holiday computed for 2025 and 2026 is a day off in the circular of that year
    (the package's data); the circulars add blocks and make-up days, never take a statutory day."""
    arrangement = statutory_arrangement(year)
    for day in arrangement.holidays:
        if day.weekday() < 5 and day not in arrangement.substitutes:
            assert is_holiday(day), day


def test_years_before_the_revision_are_not_guessed_with_its_rules():
    assert statutory_arrangement(2024) is None


def test_years_the_lunar_tables_do_not_reach_are_counted_on_weekends():
    assert statutory_arrangement(2100) is None
    assert WorkingCalendar().is_working_day(D(2100, 1, 1))
