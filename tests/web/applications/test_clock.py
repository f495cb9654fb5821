"""The statutory clock through the services: every date below is counted by hand on the State Council
arrangement of its year, and equals what the core's ``due_date`` gives for the same inputs."""

import datetime

from gongkai.calendar import WorkingCalendar
from gongkai.deadlines import Pause, due_date
from gongkai.web.applications import services
from gongkai.web.applications.models import Application, ApplicationEvent

from .conftest import apply

D = datetime.date


def test_national_day_2025(world):
    """law.md §4.2 worked example: received Friday 2025-09-26; 9/28 (Sunday) is a 调休 working day,
    10/1–10/8 are off, 10/11 (Saturday) works; 20 working days (第三十三条第二款) end on 10/30."""
    application = apply(world.education, world.clerk, D(2025, 9, 26))
    assert application.due == D(2025, 10, 30)
    assert not application.due_provisional
    event = application.events.get()
    assert event.kind == ApplicationEvent.Kind.REGISTERED
    assert event.payload["articles"] == ["第三十三条第二款"]


def test_consultation_pause_and_extension(world):
    """Third-party consultation (第三十三条第三款: its days do not count, both ends excluded), then an
    extension of 20 working days approved by the head of the disclosure office."""
    received = D(2025, 9, 26)
    application = apply(world.education, world.clerk, received)
    services.start_consultation(application, world.clerk, kind="third_party_consultation", on=D(2025, 10, 9),
                                party="某建设工程有限公司")
    assert application.status == Application.Status.CONSULTING
    services.end_consultation(application, world.clerk, on=D(2025, 10, 20))
    # 9/28 (调休), 9/29, 9/30 are days 1–3; 10/9–10/20 are excluded (the 调休 Saturday 10/11 with them);
    # counting resumes on 10/21, and 17 more working days end on 11/12.
    assert application.due == D(2025, 11, 12)
    services.extend(application, world.clerk, on=D(2025, 11, 3), approver="王主任", notified_on=D(2025, 11, 3),
                    reason="需调取档案")
    assert application.due == D(2025, 12, 10)
    core = due_date(received, extension=True, paused=[Pause(D(2025, 10, 9), D(2025, 10, 20))])
    assert application.due == core.due
    kinds = list(application.events.values_list("kind", flat=True))
    assert kinds == ["registered", "consultation_started", "consultation_ended", "extended"]


def test_spring_festival_2026_with_supplement(world):
    """Received Tuesday 2026-02-10; 2/14 (Saturday) works, 2/15–2/23 off, 2/28 (Saturday) works: 3/16.
    A supplement request stops the clock; it restarts from the completed application (第三十条)."""
    application = apply(world.education, world.clerk, D(2026, 2, 10))
    assert application.due == D(2026, 3, 16)
    services.request_supplement(application, world.clerk, on=D(2026, 2, 12), applicant_due=D(2026, 2, 27),
                                items="请明确所需信息的文号或者年份")
    assert application.status == Application.Status.AWAITING_SUPPLEMENT
    assert application.due is None
    services.receive_supplement(application, world.clerk, on=D(2026, 2, 26))
    assert application.due == D(2026, 3, 25)
    assert application.due == due_date(D(2026, 2, 10), supplemented=D(2026, 2, 26)).due


def test_supplement_request_after_seven_working_days_refused(world):
    """Received 2025-09-26: the 7th working day is 2025-10-13 (law.md §4.2)."""
    application = apply(world.education, world.clerk, D(2025, 9, 26))
    services.request_supplement(application, world.clerk, on=D(2025, 10, 13), applicant_due=D(2025, 10, 24),
                                items="请补充文号")
    late = apply(world.education, world.clerk, D(2025, 9, 26))
    try:
        services.request_supplement(late, world.clerk, on=D(2025, 10, 14), applicant_due=D(2025, 10, 24),
                                    items="请补充文号")
    except services.ApplicationError as error:
        assert "7个工作日" in error.message and "2025年10月13日" in error.message
    else:
        raise AssertionError("a late supplement request was accepted")
    assert late.events.count() == 1


def test_year_without_arrangement_then_entered(world):
    """2027 has no arrangement in the package: counted with the statutory holidays (New Year's Day) and
    the weekends, and provisional; entering the 2027 circular recomputes the open deadline (and records
    why): here an invented circular that also gives Monday 4 January off."""
    application = apply(world.education, world.clerk, D(2026, 12, 1))
    assert application.due == D(2026, 12, 29) and not application.due_provisional
    services.extend(application, world.clerk, on=D(2026, 12, 28), approver="王主任", notified_on=D(2026, 12, 28),
                    reason="信息量大")
    application.refresh_from_db()
    assert application.due == D(2027, 1, 27) and application.due_provisional
    holidays = ["2027-01-01", "2027-01-02", "2027-01-03", "2027-01-04"]
    changed = services.enter_calendar_year(world.coordinator, year=2027, source="国办发明电〔2026〕X号",
                                           holidays=holidays, workdays=[])
    assert changed == 1
    application.refresh_from_db()
    assert application.due == D(2027, 1, 28) and not application.due_provisional
    calendar = WorkingCalendar({2027: {"holidays": holidays}})
    assert application.due == due_date(D(2026, 12, 1), extension=True, calendar=calendar).due
    event = application.events.get(kind="deadline_recomputed")
    assert event.payload["previous_due"] == "2027-01-27" and event.payload["due"] == "2027-01-28"


def test_regulation_2008_limits(world):
    """Received before 2019-05-15: the 2007 text, 15 working days (第二十四条第二款)."""
    application = apply(world.education, world.clerk, D(2019, 5, 6))
    assert application.due == due_date(D(2019, 5, 6)).due == D(2019, 5, 27)
