"""Complaints (举报投诉) from receipt to closure: every write in one transaction with its event; the
handling period is counted by the applications' clock (``gongkai.deadlines`` with the office's working
calendar), its length read from ``rules.yaml`` (``handling_period``), never typed here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from gongkai.deadlines import due_date
from gongkai.errors import InputError
from gongkai.web.agencies.models import Agency
from gongkai.web.applications import rules as application_rules
from gongkai.web.applications.services import soon_threshold, working_calendar
from gongkai.web.complaints import permissions, rules
from gongkai.web.complaints.models import ComplainantDetails, Complaint, ComplaintEvent
from gongkai.web.errors import Refused

ComplaintError = Refused
Status, Kind = Complaint.Status, ComplaintEvent.Kind


def handling_due(received: datetime.date, calendar=None) -> tuple[datetime.date, bool]:
    """The last day of the handling period of a complaint received on ``received``, and whether the
    calendar of a year it runs through is still provisional."""
    calendar = calendar or working_calendar()
    period = rules.setting("handling_period")
    try:
        if period == rules.REPLY:
            found = due_date(received, calendar=calendar, settings=application_rules.deadline_settings())
            return found.due, found.provisional
        count = calendar.add_working_days(received, int(period))
    except InputError as error:
        raise ComplaintError(f"收到举报投诉之日：{error.message}") from None
    return count.due, count.provisional


def _date(day, label: str, earliest: tuple[datetime.date, str] | None = None) -> None:
    if not isinstance(day, datetime.date):
        raise ComplaintError(f"{label}不是有效的日期。")
    if day > timezone.localdate():
        raise ComplaintError(f"{label}（{day:%Y年%-m月%-d日}）晚于今天，不能登记将来的日期。")
    if earliest is not None and day < earliest[0]:
        raise ComplaintError(f"{label}（{day:%Y年%-m月%-d日}）早于{earliest[1]}（{earliest[0]:%Y年%-m月%-d日}）。")


def about_choices(agency: Agency):
    """The agencies a complaint received by ``agency`` may concern: those of its jurisdiction."""
    jurisdiction = agency.jurisdiction or agency
    return jurisdiction.subtree().order_by("path")


def _event(complaint: Complaint, user, kind: str, on: datetime.date, note: str = "", **data) -> None:
    ComplaintEvent.objects.create(complaint=complaint, kind=kind, on=on, note=note, user=user, data=data)


@transaction.atomic
def register(agency: Agency, user, *, about: Agency, received: datetime.date, channel: str, content: str,
             name: str = "", phone: str = "", address: str = "") -> Complaint:
    """登记: a complaint received by ``agency`` about ``about``, with its handling period."""
    permissions.require(permissions.can_handle(user, agency))
    _date(received, "收到举报投诉之日")
    if not about_choices(agency).filter(pk=about.pk).exists():
        raise ComplaintError(f"被举报投诉机关「{about}」不属于{agency.jurisdiction or agency}。")
    if channel not in Complaint.Channel.values:
        raise ComplaintError(f"举报投诉方式「{channel}」不是可选的方式。")
    if not content.strip():
        raise ComplaintError("举报投诉内容不能为空。")
    due, provisional = handling_due(received)
    complaint = Complaint.objects.create(agency=agency, about=about, received=received, channel=channel,
                                         content=content.strip(), due=due, due_provisional=provisional)
    ComplainantDetails.objects.create(complaint=complaint, name=name.strip(), phone=phone.strip(),
                                      address=address.strip())
    _event(complaint, user, Kind.REGISTERED, received, about=about.name, channel=channel, due=due.isoformat())
    return complaint


def _lock(complaint: Complaint, user) -> Complaint:
    current = Complaint.objects.select_for_update().select_related("agency").get(pk=complaint.pk)
    permissions.require(permissions.can_handle(user, current.agency))
    if not current.is_open:
        raise ComplaintError(f"该举报投诉已于{current.closed_on:%Y年%-m月%-d日}办结，不能再登记办理步骤。")
    return current


def _last_step(complaint: Complaint) -> tuple[datetime.date, str]:
    last = complaint.events.exclude(kind=Kind.REGISTERED).order_by("-on", "-pk").first()
    return (last.on, f"{last.get_kind_display()}之日") if last else (complaint.received, "收到举报投诉之日")


@transaction.atomic
def record_step(complaint: Complaint, user, *, kind: str, on: datetime.date, note: str) -> Complaint:
    """调查核实, 转交办理 or 告知: one step of the handling, on its day."""
    current = _lock(complaint, user)
    if kind not in ComplaintEvent.STEPS:
        raise ComplaintError(f"办理步骤「{kind}」不是可选的步骤。")
    _date(on, "办理日期", (current.received, "收到举报投诉之日"))
    if not note.strip():
        raise ComplaintError("说明不能为空：写明调查核实、转交或告知的情况。")
    _event(current, user, kind, on, note.strip())
    return current


@transaction.atomic
def close(complaint: Complaint, user, *, on: datetime.date, outcome: str, result: str) -> Complaint:
    """办结: the outcome and how it was handled; whether it was on time is kept in the event."""
    current = _lock(complaint, user)
    _date(on, "办结之日", _last_step(current))
    if outcome not in dict(rules.outcome_choices()):
        raise ComplaintError(f"处理结果「{outcome}」不是可选的结果。")
    if not result.strip():
        raise ComplaintError("处理情况不能为空。")
    current.status, current.closed_on, current.outcome, current.result = Status.CLOSED, on, outcome, result.strip()
    current.save(update_fields=["status", "closed_on", "outcome", "result"])
    _event(current, user, Kind.CLOSED, on, result.strip(), outcome=outcome, on_time=on <= current.due)
    return current


def urgency(complaint: Complaint, today: datetime.date, threshold: datetime.date) -> dict[str, bool]:
    """已逾期 (``overdue``) or 即将到期 (``soon``): the open complaints' marks."""
    return {"overdue": complaint.is_open and complaint.due < today,
            "soon": complaint.is_open and today <= complaint.due <= threshold}


def listed(agencies: Iterable[Agency] | object, year: int | None = None, open_only: bool = False,
           today: datetime.date | None = None) -> list[dict]:
    """The complaints received by ``agencies`` (in ``year``, or every open one), most urgent first."""
    today = today or timezone.localdate()
    found = Complaint.objects.filter(agency__in=agencies).select_related("agency", "about")
    if open_only:
        found = found.filter(status=Status.HANDLING)
    if year is not None:
        found = found.filter(received__year=year)
    threshold = soon_threshold(today)
    items = [{"complaint": each, **urgency(each, today, threshold)}
             for each in found.order_by("status", "due", "pk")]
    items.sort(key=lambda item: (not item["complaint"].is_open, not item["overdue"], not item["soon"]))
    return items
