"""Reply deadlines (答复期限) of disclosure applications.

2019年《条例》第三十三条第二款: reply within 20 working days of receipt, extension of at most 20;
第三十三条第三款: consultation time does not count; 第三十条: 7 working days to ask for a supplement, the
reply period runs from receipt of the completed application; 第三十二条: 15 working days for the third party.
2007年《条例》第二十四条: 15 + 15 working days. Counting starts on the day after receipt (law.md §4.2, a
setting). Every expected date below was counted by hand on the circulars in law.md §4.1.
"""

import argparse
import datetime
import json

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gongkai.cli
from gongkai.calendar import WorkingCalendar
from gongkai.cli import deadlines as deadlines_cli
from gongkai.deadlines import DeadlineSettings, Pause, due_date, limit_due, load_rules
from gongkai.errors import InputError

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)


# --- the rules as data ---------------------------------------------------------------------------


def test_rules_carry_the_statutory_periods_and_articles():
    rules = load_rules()
    r2019, r2008 = rules.regulations["2019"], rules.regulations["2008"]
    assert (r2019.limits["reply"].working_days, r2019.limits["extension"].working_days) == (20, 20)
    assert r2019.limits["supplement_request"].working_days == 7
    assert r2019.limits["third_party_consultation"].working_days == 15
    assert r2019.limits["reply"].article == "第三十三条第二款"
    assert r2019.effective_from == D(2019, 5, 15)
    assert (r2008.limits["reply"].working_days, r2008.limits["extension"].working_days) == (15, 15)
    assert r2008.limits["reply"].article == "第二十四条第二款"
    assert r2008.effective_from == D(2008, 5, 1)


def test_uncertain_points_default_as_documented():
    assert load_rules().default_settings == DeadlineSettings(
        receipt_day_counts=False, fee_payment_pauses_clock=True, unannounced_year="flag"
    )


# --- 2019年《条例》第三十三条 -------------------------------------------------------------------------


def test_reply_due_after_national_day_2025_counts_the_make_up_sunday():
    # law.md §4.2 worked example: received Friday 2025-09-26; Sunday 9/28 is 调休上班; 10/1–8 off.
    result = due_date(D(2025, 9, 26))
    assert result.due == D(2025, 10, 30)
    assert result.working_days[0] == D(2025, 9, 28)
    assert D(2025, 10, 11) in result.working_days  # Saturday, 调休上班
    assert len(result.working_days) == 20
    assert (result.regulation, result.articles) == ("2019", ("第三十三条第二款",))
    assert not result.provisional


def test_deadline_moves_past_national_day_2026_and_counts_the_make_up_saturday():
    # 2026 circular: 10/1–7 off, Saturday 10/10 is a working day.
    result = due_date(D(2026, 9, 28))
    assert result.due == D(2026, 10, 30)
    assert result.working_days[:5] == (D(2026, 9, 29), D(2026, 9, 30), D(2026, 10, 8), D(2026, 10, 9), D(2026, 10, 10))


def test_deadline_moves_past_spring_festival_2026():
    # 2026 circular: 2/15–23 off, Saturdays 2/14 and 2/28 are working days.
    result = due_date(D(2026, 2, 2))
    assert result.due == D(2026, 3, 6)
    assert D(2026, 2, 14) in result.working_days and D(2026, 2, 28) in result.working_days


def test_deadline_moves_past_spring_festival_2024():
    # 2024 circular: 2/10–17 off, Sundays 2/4 and 2/18 are working days.
    assert due_date(D(2024, 1, 29)).due == D(2024, 2, 29)


def test_deadline_across_the_year_end_skips_new_year_2026_and_counts_sunday_4_january():
    # 2026 circular: 1/1–3 off, Sunday 1/4 is a working day.
    result = due_date(D(2025, 12, 15))
    assert result.due == D(2026, 1, 13)
    assert D(2026, 1, 4) in result.working_days
    assert D(2026, 1, 2) not in result.working_days


def test_extension_adds_20_working_days():
    # 第三十三条第二款: 延长的期限最长不得超过20个工作日.
    result = due_date(D(2026, 9, 28), extension=True)
    assert result.due == D(2026, 11, 27)
    assert len(result.working_days) == 40
    assert result.articles == ("第三十三条第二款",)


# --- pauses: 第三十三条第三款 ----------------------------------------------------------------------


def test_consultation_time_does_not_count():
    # 10/12–10/20 holds 7 working days; they move the due date from 10/30 to 11/10.
    result = due_date(D(2026, 9, 28), paused=[(D(2026, 10, 12), D(2026, 10, 20), "third_party_consultation")])
    assert result.due == D(2026, 11, 10)
    assert result.articles == ("第三十三条第二款", "第三十三条第三款")


def test_a_pause_excludes_both_its_first_and_its_last_day():
    result = due_date(D(2026, 9, 28), paused=[Pause(D(2026, 10, 13), D(2026, 10, 14))])
    assert D(2026, 10, 12) in result.working_days and D(2026, 10, 15) in result.working_days
    assert D(2026, 10, 13) not in result.working_days and D(2026, 10, 14) not in result.working_days
    assert result.due == D(2026, 11, 3)
    assert due_date(D(2026, 9, 28), paused=[(D(2026, 10, 12), D(2026, 10, 12))]).due == D(2026, 11, 2)


def test_a_pause_over_days_off_changes_nothing():
    assert due_date(D(2026, 9, 28), paused=[(D(2026, 10, 1), D(2026, 10, 7))]).due == D(2026, 10, 30)


def test_a_pause_begun_before_receipt_counts_only_from_the_day_after_receipt():
    # Only 9/29 of the pause lies in the count: 20th working day from 9/30 is 11/2.
    assert due_date(D(2026, 9, 28), paused=[(D(2026, 9, 20), D(2026, 9, 29))]).due == D(2026, 11, 2)


def test_pause_and_extension_together():
    result = due_date(D(2026, 9, 28), extension=True, paused=[(D(2026, 10, 12), D(2026, 10, 20))])
    assert result.due == D(2026, 12, 8)


def test_fee_payment_pauses_the_clock_by_default_and_not_when_the_setting_is_off():
    paused = [(D(2026, 10, 12), D(2026, 10, 20), "fee_payment")]
    result = due_date(D(2026, 9, 28), paused=paused)
    assert result.due == D(2026, 11, 10)
    assert result.articles[-1].startswith("《政府信息公开信息处理费管理办法》")
    with pytest.raises(InputError, match="缴纳信息处理费"):
        due_date(D(2026, 9, 28), paused=paused, settings={"fee_payment_pauses_clock": False})


def test_2007_rules_pause_for_third_parties_only():
    # 2007年《条例》第二十四条第三款 excludes third-party consultation, nothing else.
    assert due_date(D(2018, 9, 25), paused=[(D(2018, 10, 8), D(2018, 10, 8), "third_party_consultation")])
    for kind in ("agency_consultation", "fee_payment"):
        with pytest.raises(InputError) as raised:
            due_date(D(2018, 9, 25), paused=[(D(2018, 10, 8), D(2018, 10, 8), kind)])
        assert raised.value.place == "paused"


def test_a_pause_that_ends_before_it_starts_is_refused():
    with pytest.raises(InputError, match="早于开始日"):
        due_date(D(2026, 9, 28), paused=[(D(2026, 10, 20), D(2026, 10, 12))])


# --- 补正: 第三十条 -------------------------------------------------------------------------------


def test_supplement_request_due_within_7_working_days():
    # law.md §4.2: received 2025-09-26 → the 7th working day is 2025-10-13.
    result = limit_due("supplement_request", D(2025, 9, 26))
    assert result.due == D(2025, 10, 13)
    assert result.articles == ("第三十条",)


def test_the_clock_restarts_on_receipt_of_the_completed_application():
    result = due_date(D(2026, 9, 28), supplemented=D(2026, 10, 12))
    assert result.due == D(2026, 11, 9)
    assert result.counted_from == D(2026, 10, 12)
    assert result.articles == ("第三十三条第二款", "第三十条")


def test_the_supplement_cannot_precede_the_application():
    with pytest.raises(InputError) as raised:
        due_date(D(2026, 9, 28), supplemented=D(2026, 9, 27))
    assert raised.value.place == "supplemented"


def test_third_party_has_15_working_days():
    # 第三十二条: letter received Monday 2026-09-28.
    assert limit_due("third_party_consultation", D(2026, 9, 28)).due == D(2026, 10, 23)


def test_the_2007_rules_set_no_supplement_or_third_party_period():
    with pytest.raises(InputError, match="未规定"):
        limit_due("third_party_consultation", D(2018, 9, 25))


# --- 2007年《条例》 and the transition --------------------------------------------------------------


def test_receipt_in_2018_follows_the_2007_rules_15_working_days():
    # 2007年《条例》第二十四条第二款; 2018 circular: 10/1–7 off, Saturday 9/29 and Sunday 9/30 worked.
    result = due_date(D(2018, 9, 25))
    assert (result.regulation, result.due) == ("2008", D(2018, 10, 19))
    assert result.articles == ("第二十四条第二款",)
    assert due_date(D(2018, 9, 25), extension=True).due == D(2018, 11, 9)


def test_the_version_follows_the_received_date_around_15_may_2019():
    before, after = due_date(D(2019, 5, 14)), due_date(D(2019, 5, 15))
    assert (before.regulation, before.due) == ("2008", D(2019, 6, 4))
    assert (after.regulation, after.due) == ("2019", D(2019, 6, 13))  # 6/7 Dragon Boat Festival off


def test_the_version_can_be_chosen_for_an_application_pending_on_15_may_2019():
    # Transition [U] (law.md §2): the caller may apply the 2019 rules to a pending application.
    assert due_date(D(2019, 5, 14), regulation="2019").due == D(2019, 6, 12)


@pytest.mark.parametrize(
    ("received", "regulation", "fragment"),
    [
        (D(2018, 9, 25), "2019", "在此之前已届期限"),
        (D(2026, 9, 28), "2008", "取代"),
        (D(2026, 9, 28), "2010", "未知的条例版本"),
        (D(2008, 4, 30), None, "早于"),
    ],
)
def test_a_version_not_in_force_is_refused(received, regulation, fragment):
    with pytest.raises(InputError, match=fragment):
        due_date(received, regulation=regulation)


# --- settings ------------------------------------------------------------------------------------


def test_receipt_day_counts_when_the_setting_says_so():
    result = due_date(D(2025, 9, 26), settings={"receipt_day_counts": True})
    assert result.working_days[0] == D(2025, 9, 26)
    assert result.due == D(2025, 10, 29)


def test_receipt_on_a_day_off_gives_the_same_date_either_way():
    received = D(2025, 10, 4)  # National Day holiday
    assert due_date(received).due == due_date(received, settings={"receipt_day_counts": True}).due


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"receipt_day_count": True}, "未知的期限设置"),
        ({"receipt_day_counts": "no"}, "true 或 false"),
        ({"unannounced_year": "guess"}, "flag"),
    ],
)
def test_invalid_settings_are_refused(values, fragment):
    with pytest.raises(InputError, match=fragment):
        due_date(D(2026, 9, 28), settings=values)


# --- years without an arrangement ------------------------------------------------------------------


def test_a_count_into_2027_skips_new_years_day_and_is_provisional():
    result = due_date(D(2026, 12, 14))
    assert result.due == D(2027, 1, 12)  # 2027-01-01, a Friday, is a statutory holiday even without a circular
    assert D(2027, 1, 1) not in result.working_days
    assert (result.provisional, result.provisional_years) == (True, (2027,))


def test_entering_the_2027_arrangement_changes_the_date_and_clears_the_flag():
    # An invented circular that also gives Monday 4 January off.
    calendar = WorkingCalendar({2027: {"holidays": ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"]}})
    result = due_date(D(2026, 12, 14), calendar=calendar)
    assert result.due == D(2027, 1, 13)
    assert not result.provisional


def test_an_installation_may_refuse_provisional_dates():
    with pytest.raises(InputError, match="2027年"):
        due_date(D(2026, 12, 14), settings={"unannounced_year": "refuse"})
    assert due_date(D(2026, 9, 28), settings={"unannounced_year": "refuse"}).due == D(2026, 10, 30)


# --- properties, against chinese_calendar.is_workday as an independent oracle ------------------------


def oracle_working_days(after: datetime.date, n: int, paused=()) -> list[datetime.date]:
    days, day = [], after
    while len(days) < n:
        day += ONE_DAY
        if chinese_calendar.is_workday(day) and not any(first <= day <= last for first, last in paused):
            days.append(day)
    return days


received_dates = st.dates(min_value=D(2019, 5, 15), max_value=D(2026, 9, 30))
pause_lists = st.lists(st.tuples(st.integers(-10, 60), st.integers(0, 20)), max_size=3)


def as_periods(received, offsets):
    return [
        (received + datetime.timedelta(days=start), received + datetime.timedelta(days=start + length))
        for start, length in offsets
    ]


@settings(max_examples=200, deadline=None)
@given(received_dates, pause_lists)
def test_due_date_is_never_earlier_than_20_working_days_after_receipt(received, offsets):
    minimum = oracle_working_days(received, 20)[-1]
    assert due_date(received).due == minimum
    assert due_date(received, paused=as_periods(received, offsets)).due >= minimum


@settings(max_examples=200, deadline=None)
@given(received_dates, pause_lists)
def test_pauses_never_make_the_date_earlier_and_are_never_counted(received, offsets):
    periods = as_periods(received, offsets)
    result = due_date(received, paused=periods)
    assert result.due >= due_date(received).due
    assert list(result.working_days) == oracle_working_days(received, 20, periods)


@settings(max_examples=200, deadline=None)
@given(received_dates, pause_lists)
def test_extension_adds_exactly_20_working_days(received, offsets):
    periods = as_periods(received, offsets)
    plain = due_date(received, paused=periods)
    extended = due_date(received, paused=periods, extension=True)
    assert oracle_working_days(plain.due, 20, periods)[-1] == extended.due
    assert extended.working_days[:20] == plain.working_days


# --- the command `gongkai due-date` -----------------------------------------------------------------


def run_command(*argv):
    parser = argparse.ArgumentParser(prog="gongkai")
    deadlines_cli.register(parser.add_subparsers(dest="command", required=True))
    arguments = parser.parse_args(["due-date", *argv])
    return arguments.handler(arguments)


def test_command_prints_the_due_date_and_the_days_counted(capsys):
    assert run_command("2026-09-28", "--paused", "2026-10-12:2026-10-20") == 0
    output = capsys.readouterr().out
    assert "法定答复期限届满日：2026年11月10日（星期二）" in output
    assert "2026-10-10  星期六  调休上班" in output
    assert "计入的工作日（共20个）" in output
    assert "第三十三条第三款" in output
    assert "警告" not in output


def test_command_json(capsys):
    assert run_command("2026-09-28", "--extension", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["due"] == "2026-11-27"
    assert len(data["working_days"]) == 40 and data["working_days"][0] == "2026-09-29"
    assert data["provisional"] is False
    assert data["regulation"] == "2019"


def test_command_warns_about_a_year_without_arrangement(capsys):
    assert run_command("2026-12-14") == 0
    assert "警告：2027年的节假日安排尚未录入" in capsys.readouterr().out


def test_command_takes_the_2027_arrangement_from_a_file(tmp_path, capsys):
    path = tmp_path / "2027.yaml"
    path.write_text("2027:\n  holidays: [2027-01-01, 2027-01-02, 2027-01-03]\n", encoding="utf-8")
    assert run_command("2026-12-14", "--calendar", str(path), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["due"], data["provisional"]) == ("2027-01-12", False)


def test_command_2008_rules(capsys):
    assert run_command("2018-09-25", "--regulation", "2008", "--json") == 0
    assert json.loads(capsys.readouterr().out)["due"] == "2018-10-19"


@pytest.mark.parametrize(
    ("argv", "place"),
    [
        (["2026-13-01"], "收到申请之日"),
        (["2026-09-28", "--paused", "2026-10-12"], "--paused"),
        (["2026-09-28", "--paused", "2026-10-20:2026-10-12"], "--paused"),
        (["2026-09-28", "--regulation", "2010"], "--regulation"),
        (["2026-09-28", "--supplemented", "2026-09-01"], "--supplemented"),
    ],
)
def test_command_bad_input_names_the_argument_and_exits_2(monkeypatch, capsys, argv, place):
    with pytest.raises(InputError) as raised:
        run_command(*argv)
    assert raised.value.place == place
    monkeypatch.setattr(gongkai.cli, "COMMAND_MODULES", ("gongkai.cli.deadlines",))
    assert gongkai.cli.main(["due-date", *argv]) == 2
    assert f"错误：{place}" in capsys.readouterr().err
