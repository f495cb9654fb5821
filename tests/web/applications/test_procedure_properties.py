"""The procedure's promises, for sequences of every step on several applications (issue 5).

``test_random_procedures_keep_the_promises`` registers one to four applications (received from mid-2025
to late 2026, the days around the year end more often, by any channel, at two departments) and tries a
random sequence of steps on each: 补正 requested, received, or the application closed when its period
has passed; consultation started and ended; extension; fee notice by either method, paid, or the
application closed when the time to pay has passed; the reply, with any outcome of the reply year's
format; review or lawsuit filed and decided. Each step falls on its own date, whether or not the
procedure allows it then (three times in four one the application's status admits, so that sequences
go deep); dates only move forward and stop at today (2026-12-31). The clock settings that are open
points of law (deadline_rules.yaml: whether the day of receipt counts, whether waiting for a fee stops
the clock) are drawn too. ``test_a_worked_example_of_every_step_keeps_the_promises`` runs the same
checks over fixed sequences that try every step, accepted and refused, whatever the random examples draw.

After every step:

1. the due date is never earlier than the statutory minimum: 20 working days counted from the received
   date, or from the day the completed application arrived after a supplement request (条例第三十条、
   第三十三条第二款), 40 after an extension, on the platform's calendar and with its setting on the
   day of receipt; the due date a reply records, too. An open application has no due date exactly while
   the clock waits for a supplement;
2. a step the procedure refuses (``ApplicationError``) changes nothing: the application, its applicant's
   details, pauses, fee notice, reply, review cases and events are as they were. A step the status does
   not admit (services._require_step, with the statuses of steps.STEPS) is always refused;
3. a step it accepts records exactly one event, of the step's own kind, and every earlier event stays as
   it was: each service calls ``_event`` once (only ``recompute_open_deadlines``, which is no step of an
   application, records events of its own). At the end, the events are one per registration and one
   per accepted step.

4. At the end, table 三 for 2025 and 2026 (statistics.computed_sheet of each department and of their
   jurisdiction, and the list behind the jurisdiction's cells) counts each application as a plain
   reading of its records says: once where it comes from (一 received this year, or 二 carried in) and
   once where it goes (the row of its reply's outcome, or 四 carried out), so that 一 + 二 = 三（七） + 四
   in every column; every reply's outcome is a row of its year's format; and the core checks find no
   T3 or T4 discrepancy, nor any error, the carry-over from 2025 to 2026 (T3-7) included.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from gongkai.checks import check_report
from gongkai.deadlines import load_rules
from gongkai.formats import format_for_year, load_format
from gongkai.sheets import Report
from gongkai.web import counting
from gongkai.web.applications import rules, services, statistics
from gongkai.web.applications.models import (
    ApplicantDetails,
    Application,
    ApplicationEvent,
    ClockPause,
    FeeNotice,
    Reply,
    ReviewCase,
)

from .conftest import TODAY, apply

D = datetime.date
DAY = datetime.timedelta(days=1)
Event = ApplicationEvent.Kind
Status = Application.Status
KINDS = [kind for kind, _ in rules.applicant_kinds()]
YEARS = (2025, 2026)
REPLY_DAYS, EXTENSION_DAYS = 20, 20  # 2019《条例》第三十三条第二款 (both years are under the 2019 text)


# ---------------------------------------------------------------- the steps


class NothingToDo(Exception):
    """The step has nothing to act on (a decision, but no case filed): it is not tried."""


def request_supplement(application, user, day, days_given):
    services.request_supplement(application, user, on=day, applicant_due=day + days_given * DAY,
                                items="请说明所需信息的时间范围")


def receive_supplement(application, user, day, _):
    services.receive_supplement(application, user, on=day)


def close_unsupplemented(application, user, day, _):
    services.close_unsupplemented(application, user, on=day)


def start_consultation(application, user, day, kind):
    services.start_consultation(application, user, kind=kind, on=day, party="第三方：某公司")


def end_consultation(application, user, day, _):
    services.end_consultation(application, user, on=day)


def extend(application, user, day, notified_after):
    services.extend(application, user, on=day, approver="王主任", notified_on=day + notified_after * DAY,
                    reason="需要征求多个部门意见")


def fee_notice(application, user, day, method_and_quantity):
    method, quantity = method_and_quantity
    services.fee_notice(application, user, issued_on=day, **{method: quantity})


def fee_paid(application, user, day, _):
    services.fee_paid(application, user, on=day)


def close_fee_unpaid(application, user, day, _):
    services.close_fee_unpaid(application, user, on=day)


def reply(application, user, day, which):
    """Any outcome of the reply year's format (table 三's outcome rows, the system outcomes included)."""
    outcomes = list(rules.outcomes(format_for_year(day.year).id))
    services.record_reply(application, user, replied_on=day, outcome=outcomes[which % len(outcomes)])


def file_review(application, user, day, kind_and_co_defendant):
    kind, co_defendant = kind_and_co_defendant
    organ = application.agency.parent if co_defendant else None  # refused unless the suit follows a review
    services.record_review(application, user, kind=kind, filed_on=day, body="长春市九台区人民法院",
                           review_organ=organ)


def decide_review(application, user, day, which_and_decision):
    which, decision = which_and_decision
    cases = list(application.review_cases.order_by("pk"))
    if not cases:
        raise NothingToDo
    services.decide_review(cases[which % len(cases)], user, decided_on=day, decision=decision)


def days(low: int, high: int) -> st.SearchStrategy:
    return st.integers(low, high)


@dataclass(frozen=True)
class Step:
    run: Callable  # (application, user, day, argument)
    event: str  # the kind of event it records when accepted
    after: st.SearchStrategy  # days since the previous step (or the receipt): around the step's own period
    argument: st.SearchStrategy = st.none()  # what the step needs besides its date


STEPS = {
    # Within 7 working days of receipt (about 9 to 11 days), or too late. The argument: the days the
    # applicant is given.
    "request_supplement": Step(request_supplement, Event.SUPPLEMENT_REQUESTED, days(0, 14), days(1, 20)),
    "receive_supplement": Step(receive_supplement, Event.SUPPLEMENTED, days(0, 30)),
    "close_unsupplemented": Step(close_unsupplemented, Event.REPLIED, days(0, 30)),
    # fee_payment is refused: the fee notice records that pause.
    "start_consultation": Step(start_consultation, Event.CONSULTATION_STARTED, days(0, 40), st.sampled_from(
        ["third_party_consultation", "agency_consultation", "fee_payment"])),
    # The party has 15 working days to answer (第三十二条).
    "end_consultation": Step(end_consultation, Event.CONSULTATION_ENDED, days(0, 30)),
    # The argument: days from the decision to telling the applicant (which may fall after today: refused).
    "extend": Step(extend, Event.EXTENDED, days(0, 40), days(0, 3)),
    # Either method; small quantities are free (refused: no fee to notify).
    "fee_notice": Step(fee_notice, Event.FEE_NOTIFIED, days(0, 40), st.one_of(
        st.tuples(st.just("per_page"), st.integers(1, 300)), st.tuples(st.just("per_application"), st.integers(1, 45)))),
    # The applicant has 20 working days to pay (about 28 days, more over a holiday).
    "fee_paid": Step(fee_paid, Event.FEE_PAID, days(0, 35)),
    "close_fee_unpaid": Step(close_fee_unpaid, Event.REPLIED, days(20, 45)),
    # The argument picks the outcome.
    "reply": Step(reply, Event.REPLIED, days(0, 40), st.integers(0, 99)),
    "file_review": Step(file_review, Event.REVIEW_FILED, days(0, 60),
                        st.tuples(st.sampled_from(ReviewCase.Kind.values), st.booleans())),
    "decide_review": Step(decide_review, Event.REVIEW_DECIDED, days(0, 90),
                          st.tuples(st.integers(0, 3), st.sampled_from([key for key, _ in rules.decision_choices()]))),
}

# The steps each status admits (services._require_step, with the statuses of steps.STEPS). A review or lawsuit may concern an application at
# any time (about a reply, or about no reply at all), but comes after the reply as a rule.
REVIEWS = {"file_review", "decide_review"}
ADMITTED = {
    Status.PROCESSING: {"request_supplement", "start_consultation", "extend", "fee_notice", "reply"},
    Status.AWAITING_SUPPLEMENT: {"receive_supplement", "close_unsupplemented", "reply"},
    Status.CONSULTING: {"end_consultation", "extend", "reply"},
    Status.AWAITING_FEE: {"fee_paid", "close_fee_unpaid", "reply"},
    Status.CLOSED: REVIEWS,
}


def next_step(status: str) -> st.SearchStrategy:
    """A step (its name, the days since the previous step, its argument): three times in four one the
    status admits, so that sequences go deep into the procedure; else any step at all."""
    admitted, anything = sorted(ADMITTED[status]), list(STEPS)
    names = st.sampled_from([admitted, admitted, admitted, anything]).flatmap(st.sampled_from)
    return names.flatmap(lambda name: st.tuples(st.just(name), STEPS[name].after, STEPS[name].argument))


NEXT_STEP = {status: next_step(status) for status in Status.values}
# Received from mid-2025 to late 2026, the days around the year end more often than others.
RECEIVED = st.one_of(st.dates(D(2025, 6, 1), D(2026, 11, 30)), st.dates(D(2025, 12, 20), D(2026, 1, 5)))
APPLICATION = st.tuples(
    RECEIVED,
    st.sampled_from(Application.Channel.values),
    st.sampled_from(["education", "civil"]),  # the department, each with its own clerk
    st.sampled_from(KINDS),  # the applicant
    st.integers(1, 12),  # how many steps are tried
)


# ---------------------------------------------------------------- the promises


def records(application: Application) -> dict:
    """Everything a step may change on ``application``."""
    pk = application.pk
    return {
        "application": Application.objects.filter(pk=pk).values().get(),
        "applicant": list(ApplicantDetails.objects.filter(application_id=pk).values()),
        "pauses": list(ClockPause.objects.filter(application_id=pk).order_by("pk").values()),
        "fee_notice": list(FeeNotice.objects.filter(application_id=pk).values()),
        "reply": list(Reply.objects.filter(application_id=pk).values()),
        "review_cases": list(ReviewCase.objects.filter(application_id=pk).order_by("pk").values()),
        "events": list(ApplicationEvent.objects.filter(application_id=pk).order_by("pk").values()),
    }


def statutory_minimum(start: datetime.date, working_days: int) -> datetime.date:
    """The n-th working day from ``start`` on the platform's calendar, counting ``start`` itself only if
    the installation's setting ``receipt_day_counts`` says so (deadline_rules.yaml, default: from the next
    day)."""
    overrides = rules.deadline_settings() or {}
    count_start = overrides.get("receipt_day_counts", load_rules().default_settings.receipt_day_counts)
    return services.working_calendar().add_working_days(start, working_days, count_start=count_start).due


def assert_due_dates_respect_the_law(application: Application, context) -> None:
    application.refresh_from_db()
    counted_from = application.supplemented_on or application.received  # 第三十条: afresh after a supplement
    minimum = statutory_minimum(counted_from, REPLY_DAYS + (EXTENSION_DAYS if application.extended_on else 0))
    if application.is_open:
        assert (application.due is None) == (application.status == Status.AWAITING_SUPPLEMENT), context
    assert application.due is None or application.due >= minimum, (application.due, minimum, context)
    reply_due = Reply.objects.filter(application=application).values_list("due_on", flat=True).first()
    assert reply_due is None or reply_due >= minimum, (reply_due, minimum, context)


def assert_one_event_added(before: dict, after: dict, kind: str, context) -> None:
    assert after["events"][:-1] == before["events"], context  # none removed, none changed
    assert after["events"][-1]["kind"] == kind, context


def expected_rows(year: int, agencies) -> dict[str, set[tuple[int, str]]]:
    """Row of table 三 → the (application, applicant kind) it counts in ``year``, read off the records by
    hand: the rule populations.py states (one row where it comes from, one where it goes)."""
    rows = defaultdict(set)
    replies = {reply.application_id: reply for reply in Reply.objects.all()}
    for application in Application.objects.filter(agency__in=agencies):
        reply = replies.get(application.pk)
        if reply is not None:
            # Every reply's outcome is a row of table 三 of the format of its year.
            fmt = format_for_year(reply.replied_on.year)
            assert reply.format_id == fmt.id and reply.outcome in rules.outcomes(fmt.id), reply
        if application.received.year > year or (reply and reply.replied_on.year < year):
            continue  # not yet received, or done with before this year
        counted = application.pk, application.applicant_kind
        rows["t3.new" if application.received.year == year else "t3.carried_in"].add(counted)
        if reply and reply.replied_on.year == year:
            rows[reply.outcome].add(counted)
            rows["t3.total"].add(counted)
        else:
            rows["t3.carried_out"].add(counted)
    return rows


def assert_table3_counts_each_application_once(world) -> None:
    fmt = load_format("gov2021")
    outcome_rows = list(rules.outcomes(fmt.id))
    row_keys = ["t3.new", "t3.carried_in", *outcome_rows, "t3.total", "t3.carried_out"]
    previous = None
    for year in YEARS:
        assert format_for_year(year) is fmt
        members = {world.education: [world.education], world.civil: [world.civil],
                   world.government: [world.education, world.civil]}  # the jurisdiction counts both
        sheets, expected = {}, {}
        for agency in members:
            sheets[agency] = statistics.computed_sheet(fmt, agency, year)
            expected[agency] = expected_rows(year, members[agency])
            values, rows = sheets[agency].values, expected[agency]
            for row in row_keys:
                for kind in KINDS:
                    assert values[f"{row}|{kind}"] == sum(1 for _, k in rows[row] if k == kind), (year, row, kind)
                assert values[f"{row}|total"] == len(rows[row]), (year, row)
            for column in [*KINDS, "total"]:  # 一 + 二 = 三（七） + 四, （七） the sum of the outcome rows
                cell = {row: values[f"{row}|{column}"] for row in row_keys}
                assert sum(cell[row] for row in outcome_rows) == cell["t3.total"], (year, column)
                assert cell["t3.new"] + cell["t3.carried_in"] == cell["t3.total"] + cell["t3.carried_out"], (
                    year, column)
        # The list behind a cell of the jurisdiction's table is the applications the cell counts (the rows
        # of every application, and those that hold an application; the others count none, as checked).
        rows = expected[world.government]
        for row in ["t3.new", "t3.carried_in", "t3.total", "t3.carried_out", *filter(rows.get, outcome_rows)]:
            _, listed = counting.records_behind(fmt, world.government, year, f"{row}|total")
            assert set(listed.values_list("pk", flat=True)) == {pk for pk, _ in rows[row]}, (year, row)
        # The core's checks find nothing wrong in tables 三 and 四 of the jurisdiction, across the year end too.
        report = Report(agency=world.government.name, year=year, agency_kind=world.government.report_kind,
                        sheet=sheets[world.government])
        findings = check_report(report, previous).findings
        assert [f for f in findings if f.severity == "error" or f.rule.startswith(("T3", "T4"))] == [], year
        previous = report


# ---------------------------------------------------------------- trying steps, checking after each


class Desk:
    """The applications of one example: registers them, tries steps on them and checks the promises
    after each."""

    def __init__(self, world):
        self.world = world
        self.users = {world.education: world.clerk, world.civil: world.other_clerk}
        self.now: dict[int, dict] = {}  # application → its records after the last step
        self.accepted = 0

    def register(self, received: datetime.date, channel: str, agency, kind: str) -> Application:
        application = apply(agency, self.users[agency], received, kind=kind, channel=channel)
        self.now[application.pk] = records(application)
        assert [event["kind"] for event in self.now[application.pk]["events"]] == [Event.REGISTERED]
        assert_due_dates_respect_the_law(application, "registered")
        return application

    def status(self, application: Application) -> str:
        return self.now[application.pk]["application"]["status"]

    def attempt(self, application: Application, name: str, day: datetime.date, argument) -> str:
        """Try a step: "accepted", "refused", or "nothing to do"."""
        status, before = self.status(application), self.now[application.pk]
        context = (name, day, argument, status)
        try:
            STEPS[name].run(Application.objects.get(pk=application.pk), self.users[application.agency], day,
                            argument)
        except NothingToDo:
            return "nothing to do"
        except services.ApplicationError:
            result = "refused"
            after = self.now[application.pk] = records(application)
            assert after == before, context  # (2)
        else:
            result = "accepted"
            self.accepted += 1
            after = self.now[application.pk] = records(application)
            assert name in ADMITTED[status] | REVIEWS, context  # what the status does not admit is refused
            assert_one_event_added(before, after, STEPS[name].event, context)  # (3)
        assert_due_dates_respect_the_law(application, context)  # (1)
        return result

    def close_the_books(self) -> None:
        # One event per registration and per accepted step, each on the application the step concerned.
        assert ApplicationEvent.objects.count() == len(self.now) + self.accepted
        assert_table3_counts_each_application_once(self.world)  # (4)


# ---------------------------------------------------------------- the tests


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(receipt_day_counts=st.booleans(), fee_payment_pauses_clock=st.booleans(),
       applications=st.lists(APPLICATION, min_size=1, max_size=4), data=st.data())
def test_random_procedures_keep_the_promises(world, receipt_day_counts, fee_payment_pauses_clock, applications,
                                             data):
    clock = {"receipt_day_counts": receipt_day_counts, "fee_payment_pauses_clock": fee_payment_pauses_clock}
    with override_settings(GONGKAI_DEADLINE_SETTINGS=clock), transaction.atomic():
        desk = Desk(world)
        for received, channel, agency, kind, steps in applications:
            application = desk.register(received, channel, getattr(world, agency), kind)
            day = received
            for _ in range(steps):
                name, gap, argument = data.draw(NEXT_STEP[desk.status(application)])
                day += gap * DAY
                if day > TODAY:
                    break
                result = desk.attempt(application, name, day, argument)
                event(f"{name} {result}")  # how often each step was tried: pytest --hypothesis-show-statistics
        desk.close_the_books()
        transaction.set_rollback(True)


# Every step at least once, whatever the random examples draw: (step, days since the previous step,
# argument, what the procedure says).
WORKED_EXAMPLE = [
    # Received before the year end; a supplement, a consultation during which the period is extended,
    # a fee paid, the reply in January, a review decided. Counted in 2025 as carried out, in 2026 as
    # carried in and answered.
    (D(2025, 12, 15), "in_person", "education", "natural_person", [
        ("request_supplement", 2, 10, "accepted"),  # 12-17, the applicant has until 12-27
        ("receive_supplement", 5, None, "accepted"),  # 12-22: the period runs afresh
        ("close_unsupplemented", 0, None, "refused"),  # nothing awaited any more
        ("start_consultation", 3, "third_party_consultation", "accepted"),  # 12-25
        ("fee_notice", 1, ("per_page", 120), "refused"),  # 12-26: not while consulting
        ("extend", 2, 0, "accepted"),  # 12-28
        ("extend", 1, 0, "refused"),  # once only
        ("end_consultation", 10, None, "accepted"),  # 2026-01-08
        ("fee_notice", 1, ("per_page", 120), "accepted"),  # 01-09
        ("start_consultation", 1, "agency_consultation", "refused"),  # not while the fee is awaited
        ("fee_paid", 6, None, "accepted"),  # 01-16
        ("reply", 5, 0, "accepted"),  # 01-21
        ("reply", 1, 1, "refused"),  # closed
        ("decide_review", 1, (0, "upheld"), "nothing to do"),
        ("file_review", 30, ("review", False), "accepted"),
        ("decide_review", 40, (0, "revoked"), "accepted"),
        ("decide_review", 1, (0, "upheld"), "refused"),  # decided already
    ]),
    # The applicant lets the supplement period pass.
    (D(2026, 3, 2), "letter", "civil", "research", [
        ("request_supplement", 2, 14, "accepted"),  # 03-04, until 03-18
        ("close_unsupplemented", 14, None, "refused"),  # 03-18: the period has not passed
        ("close_unsupplemented", 1, None, "accepted"),  # 03-19
        ("file_review", 10, ("direct", False), "accepted"),
    ]),
    # Too late for a supplement; a fee left unpaid; a lawsuit after a review, the review organ co-defendant.
    (D(2026, 3, 2), "fax", "education", "commercial", [
        ("request_supplement", 12, 10, "refused"),  # 03-14: more than 7 working days after receipt
        ("fee_notice", 0, ("per_application", 10), "refused"),  # the first 10 in a month are free
        ("fee_notice", 0, ("per_application", 11), "accepted"),  # 03-14
        ("close_fee_unpaid", 20, None, "refused"),  # 04-03: the time to pay has not passed
        ("close_fee_unpaid", 25, None, "accepted"),  # 04-28
        ("file_review", 5, ("review", True), "refused"),  # a co-defendant only in a suit after review
        ("file_review", 0, ("after_review", True), "accepted"),
    ]),
    # Still open at the end of 2026, waiting for another agency's opinion: carried over twice.
    (D(2025, 11, 3), "in_person", "civil", "other_org", [
        ("start_consultation", 5, "fee_payment", "refused"),  # the fee notice records that pause
        ("start_consultation", 0, "agency_consultation", "accepted"),
        ("extend", 1, 2, "accepted"),
        ("end_consultation", 500, None, "refused"),  # 2027-03-24: in the future
    ]),
    # Submitted online on New Year's Day: new in 2026, not carried in; an outcome whose row is the last.
    (D(2026, 1, 1), "online", "civil", "legal_service", [
        ("reply", 12, -1, "accepted"),
    ]),
]


def test_a_worked_example_of_every_step_keeps_the_promises(world):
    desk = Desk(world)
    for received, channel, agency, kind, steps in WORKED_EXAMPLE:
        application = desk.register(received, channel, getattr(world, agency), kind)
        day = received
        for name, gap, argument, expected in steps:
            day += gap * DAY
            assert desk.attempt(application, name, day, argument) == expected, (name, day)
    desk.close_the_books()
    assert {desk.status(application) for application in Application.objects.all()} == {
        Status.CLOSED, Status.CONSULTING}


# ---------------------------------------------------------------- the reply comes after every step


@pytest.mark.parametrize("earlier_step, last_step", [
    ("supplement", "收到补正申请之日（2026年3月20日）"), ("consultation", "征求第三方意见结束日（2026年3月20日）"),
    ("extension", "延长答复期限之日（2026年3月20日）"), ("fee", "缴费之日（2026年3月20日）")])
def test_a_reply_is_not_dated_before_the_steps_it_follows(world, earlier_step, last_step):
    """Like every other step, a reply cannot be dated before the steps it follows: a reply on 03-06
    after steps recorded on 03-10 and 03-20 is refused, naming the latest step."""
    application = apply(world.education, world.clerk, D(2026, 3, 2))
    if earlier_step == "supplement":
        services.request_supplement(application, world.clerk, on=D(2026, 3, 4), applicant_due=D(2026, 3, 25),
                                    items="请说明所需信息的时间范围")
        services.receive_supplement(application, world.clerk, on=D(2026, 3, 20))
    elif earlier_step == "consultation":
        services.start_consultation(application, world.clerk, kind="third_party_consultation", on=D(2026, 3, 10),
                                    party="第三方：某公司")
        services.end_consultation(application, world.clerk, on=D(2026, 3, 20))
    elif earlier_step == "extension":
        services.extend(application, world.clerk, on=D(2026, 3, 20), approver="王主任", notified_on=D(2026, 3, 20),
                        reason="需要征求多个部门意见")
    else:
        services.fee_notice(application, world.clerk, issued_on=D(2026, 3, 10), per_page=120)
        services.fee_paid(application, world.clerk, on=D(2026, 3, 20))
    with pytest.raises(services.ApplicationError, match=f"答复之日（2026年3月6日）早于{last_step}"):
        services.record_reply(application, world.clerk, replied_on=D(2026, 3, 6), outcome="t3.granted")
