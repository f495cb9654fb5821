"""The application procedure: plain functions that views, the CLI and the API call alike.

Each write checks the user's permission, validates the whole request before it changes anything, runs
in one transaction and records one ``ApplicationEvent``. Dates are the legal dates of the steps, never
in the future. The reply clock is the core's (``gongkai.deadlines.due_date``) with the working
calendar the office maintains (``CalendarYear``); each service that changes one of its inputs stores
the recomputed due date on the application, so that lists sort and count in SQL.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from gongkai.calendar import WorkingCalendar, parse_arrangement
from gongkai.deadlines import DueDate, Pause, due_date, limit_due, load_rules
from gongkai.errors import InputError
from gongkai.formats import format_for_year
from gongkai.web.agencies.models import Agency
from gongkai.web.applications import permissions, rules
from gongkai.web.applications.models import (
    ApplicantDetails,
    Application,
    ApplicationEvent,
    CalendarYear,
    ClockPause,
    FeeNotice,
    Reply,
    ReviewCase,
)
from gongkai.web.errors import Refused

Status = Application.Status
Event = ApplicationEvent.Kind
FEE_PAUSE = "fee_payment"


ApplicationError = Refused  # a request the law or the application's state refuses


# ---------------------------------------------------------------- the clock


def working_calendar() -> WorkingCalendar:
    """The package's arrangements, with every year the office entered replacing the package's."""
    return WorkingCalendar({entry.year: entry.override() for entry in CalendarYear.objects.all()})


def _pauses(application: Application, today: datetime.date) -> list[Pause]:
    if application.pk is None:
        return []
    # A pause still running stops the clock up to today: the due date shown is the earliest it can be.
    return [Pause(pause.first, pause.last or max(today, pause.first), pause.kind)
            for pause in application.pauses.all()]


def compute_due(application: Application, calendar: WorkingCalendar | None = None,
                today: datetime.date | None = None) -> DueDate | None:
    """The statutory due date now, or None while the agency waits for a supplement (the clock restarts
    only when the completed application arrives, 第三十条)."""
    if application.status == Status.AWAITING_SUPPLEMENT:
        return None
    try:
        return due_date(application.received, extension=application.extended_on is not None,
                        paused=_pauses(application, today or timezone.localdate()),
                        calendar=calendar or working_calendar(), settings=rules.deadline_settings(),
                        supplemented=application.supplemented_on)
    except InputError as error:
        raise ApplicationError(error.message) from None


def _refresh_due(application: Application, calendar: WorkingCalendar | None = None) -> DueDate | None:
    result = compute_due(application, calendar)
    application.due = result.due if result else None
    application.due_provisional = bool(result and result.provisional)
    return result


def soon_threshold(today: datetime.date, calendar: WorkingCalendar | None = None) -> datetime.date:
    """The last day that counts as "due soon": the n-th working day after today."""
    return (calendar or working_calendar()).add_working_days(today, rules.setting("soon_working_days")).due


# ---------------------------------------------------------------- helpers


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _event(application: Application, user, kind: str, **payload) -> ApplicationEvent:
    return ApplicationEvent.objects.create(application=application, kind=kind, user=user,
                                           payload={key: _iso(value) if isinstance(value, datetime.date) else value
                                                    for key, value in payload.items()})


def _not_future(day: datetime.date, label: str) -> None:
    if not isinstance(day, datetime.date):
        raise ApplicationError(f"{label}不是有效的日期。")
    today = timezone.localdate()
    if day > today:
        raise ApplicationError(f"{label}（{day:%Y年%-m月%-d日}）晚于今天，不能登记将来的日期。")


def _not_before(day: datetime.date, earliest: datetime.date, label: str, earliest_label: str) -> None:
    if day < earliest:
        raise ApplicationError(f"{label}（{day:%Y年%-m月%-d日}）早于{earliest_label}（{earliest:%Y年%-m月%-d日}）。")


def _lock(application: Application, user) -> Application:
    """Inside a transaction: the current row, locked, with the user's right to handle it checked."""
    current = Application.objects.select_for_update().select_related("agency").get(pk=application.pk)
    permissions.require(permissions.can_handle(user, current.agency))
    return current


def _require_step(application: Application, name: str):
    """The step ``name`` of the procedure's table (``steps.STEPS``), refused unless the application's
    status is one it may start from."""
    from gongkai.web.applications.steps import STEPS  # the table names these services: read it when called

    step = STEPS[name]
    if application.status in step.statuses:
        return step
    if application.status == Status.CLOSED:
        reply = Reply.objects.filter(application=application).first()
        when = f"已于{reply.replied_on:%Y年%-m月%-d日}办结（{reply.get_outcome_display()}）" if reply else "已办结"
        raise ApplicationError(f"该申请{when}，不能再办理此事项。")
    raise ApplicationError(f"该申请当前状态为「{application.get_status_display()}」，不能办理此事项。")


def _clean(instance) -> None:
    try:
        instance.full_clean(exclude=["application"])
    except ValidationError as error:
        messages = [f"{instance._meta.get_field(field).verbose_name}：{'；'.join(errors)}"
                    for field, errors in error.message_dict.items()]
        raise ApplicationError("；".join(messages)) from None


def _save(application: Application, *fields: str) -> None:
    application.save(update_fields=[*fields, "status", "due", "due_provisional"])


def _counted_from(application: Application) -> datetime.date:
    return application.supplemented_on or application.received


def _within_period(application: Application, day: datetime.date, label: str) -> None:
    """Steps that only make sense while the reply period runs (extension, consultation, fee notice)."""
    if application.due and day > application.due:
        raise ApplicationError(f"答复期限已于{application.due:%Y年%-m月%-d日}届满，不能再{label}。")


# ---------------------------------------------------------------- intake


def register(agency: Agency, user, *, channel: str, received: datetime.date, applicant_kind: str,
             description: str, form_requirements: str = "", applicant: Mapping[str, str]) -> Application:
    """登记: an application that came in, with its legal received date (第三十一条) and the applicant's
    personal data (kept apart, ``ApplicantDetails``)."""
    permissions.require(permissions.can_handle(user, agency))
    return _register(agency, user, channel=channel, received=received, applicant_kind=applicant_kind,
                     description=description, form_requirements=form_requirements, applicant=applicant)


def apply_online(agency: Agency, *, form_token: str, applicant_kind: str, description: str, form_requirements: str,
                 applicant: Mapping[str, str]) -> tuple[Application, bool]:
    """网络申请 by the applicant on the public form; returns the application and whether it is new.

    The received date is today: the platform confirms receipt at once by giving the tracking code,
    which is the 双方确认 of 第三十一条第（三）项. A form submitted again (same ``form_token``) yields the
    application it made the first time."""
    existing = Application.objects.filter(form_token=form_token).first()
    if existing is not None:
        return existing, False
    try:
        return _register(agency, None, channel=Application.Channel.ONLINE, received=timezone.localdate(),
                         applicant_kind=applicant_kind, description=description,
                         form_requirements=form_requirements, applicant=applicant, form_token=form_token), True
    except IntegrityError:
        # The same form, submitted twice at once: the other request saved it first.
        return Application.objects.get(form_token=form_token), False


def _register(agency: Agency, user, *, channel: str, received: datetime.date, applicant_kind: str, description: str,
              form_requirements: str, applicant: Mapping[str, str], form_token: str | None = None) -> Application:
    _not_future(received, "收到申请之日")
    application = Application(agency=agency, channel=channel, received=received, applicant_kind=applicant_kind,
                              description=description.strip(), form_requirements=form_requirements.strip(),
                              form_token=form_token)
    details = ApplicantDetails(**{key: str(value).strip() for key, value in applicant.items()})
    _clean(application)
    _clean(details)
    if not (details.phone or details.address or details.email):
        raise ApplicationError("申请应当包括申请人的联系方式（第二十九条），请至少填写电话、通信地址或电子邮箱之一。")
    calendar = working_calendar()
    result = _refresh_due(application, calendar)
    with transaction.atomic():
        application.save()
        details.application = application
        details.save()
        _event(application, user, Event.REGISTERED, channel=channel, received=received,
               applicant_kind=applicant_kind, due=result.due, regulation=result.regulation_name,
               articles=list(result.articles), provisional=result.provisional)
    return application


# ---------------------------------------------------------------- supplement (补正, 第三十条)


def request_supplement(application: Application, user, *, on: datetime.date, applicant_due: datetime.date,
                       items: str) -> None:
    """告知补正: all at once, within 7 working days of receipt; the clock stops until the completed
    application arrives."""
    with transaction.atomic():
        current = _lock(application, user)
        step = _require_step(current, "supplement-request")
        _not_future(on, "补正告知之日")
        _not_before(on, _counted_from(current), "补正告知之日", "收到申请之日")
        if not items.strip():
            raise ApplicationError("请写明需要补正的事项（应一次性告知）。")
        if applicant_due <= on:
            raise ApplicationError("补正期限应晚于补正告知之日。")
        regulation = load_rules().regulation_for(current.received)
        limit = None
        if "supplement_request" in regulation.limits:
            limit = limit_due("supplement_request", _counted_from(current), calendar=working_calendar(),
                              settings=rules.deadline_settings())
            if on > limit.due:
                raise ApplicationError(
                    f"补正告知应自收到申请之日起{regulation.limits['supplement_request'].working_days}个工作日内作出"
                    f"（{regulation.short_name}{limit.articles[0]}），期限已于{limit.due:%Y年%-m月%-d日}届满。")
        current.supplement_requested_on, current.supplement_due = on, applicant_due
        current.status = Status.AWAITING_SUPPLEMENT
        _refresh_due(current)
        _save(current, "supplement_requested_on", "supplement_due")
        _event(current, user, step.event, on=on, applicant_due=applicant_due, items=items.strip(),
               limit=limit.due if limit else None)
    application.refresh_from_db()


def receive_supplement(application: Application, user, *, on: datetime.date) -> None:
    """收到补正申请: the reply period is counted afresh from this day."""
    with transaction.atomic():
        current = _lock(application, user)
        step = _require_step(current, "supplement-received")
        _not_future(on, "收到补正申请之日")
        _not_before(on, current.supplement_requested_on, "收到补正申请之日", "补正告知之日")
        current.supplemented_on = on
        current.status = Status.PROCESSING
        result = _refresh_due(current)
        _save(current, "supplemented_on")
        _event(current, user, step.event, on=on, late=on > current.supplement_due, due=result.due,
               provisional=result.provisional)
    application.refresh_from_db()


def close_unsupplemented(application: Application, user, *, on: datetime.date) -> Reply:
    """The applicant let the supplement deadline pass: deemed abandoned, handling stops (第三十条)."""
    with transaction.atomic():
        current = _lock(application, user)
        step = _require_step(current, "abandoned")
        _not_future(on, "终止办理之日")
        if on <= current.supplement_due:
            raise ApplicationError(f"补正期限（{current.supplement_due:%Y年%-m月%-d日}）尚未届满，不能视为放弃申请。")
        reply = _close(current, user, step.event, on, _system_outcome("no_supplement", on), "no_supplement")
    application.refresh_from_db()
    return reply


# ---------------------------------------------------------------- consultation (第三十二条、第三十三条第三款)


def start_consultation(application: Application, user, *, kind: str, on: datetime.date, party: str) -> ClockPause:
    """征求第三方或其他机关意见: the time until the answer does not count toward the reply period."""
    with transaction.atomic():
        current = _lock(application, user)
        step = _require_step(current, "consultation-start")
        _not_future(on, "征求意见之日")
        _not_before(on, _counted_from(current), "征求意见之日", "答复期限起算之日")
        _within_period(current, on, "征求意见")
        if kind == FEE_PAUSE:
            raise ApplicationError("缴费期间由收费通知登记。")
        if not party.strip():
            raise ApplicationError("请填写征求意见的对象。")
        pause = ClockPause(application=current, kind=kind, first=on, party=party.strip())
        _clean(pause)
        pause.save()
        current.status = Status.CONSULTING
        _refresh_due(current)
        _save(current)
        regulation = load_rules().regulation_for(current.received)
        answer_by = None
        if kind in regulation.limits:
            answer_by = limit_due(kind, on, calendar=working_calendar(), settings=rules.deadline_settings()).due
        _event(current, user, step.event, pause_kind=kind, on=on, party=party.strip(),
               answer_by=answer_by)
    application.refresh_from_db()
    return pause


def end_consultation(application: Application, user, *, on: datetime.date, note: str = "") -> None:
    """The answer arrived (or the time for it ran out): the clock runs again from the next working day."""
    with transaction.atomic():
        current = _lock(application, user)
        step = _require_step(current, "consultation-end")
        pause = current.pauses.get(last__isnull=True)
        _not_future(on, "收到意见之日")
        _not_before(on, pause.first, "收到意见之日", "征求意见之日")
        pause.last = on
        pause.save(update_fields=["last"])
        current.status = Status.PROCESSING
        result = _refresh_due(current)
        _save(current)
        _event(current, user, step.event, pause_kind=pause.kind, on=on, note=note.strip(), due=result.due)
    application.refresh_from_db()


# ---------------------------------------------------------------- extension (第三十三条第二款)


def extend(application: Application, user, *, on: datetime.date, approver: str, notified_on: datetime.date,
           reason: str) -> None:
    """延长答复期限: approved by the head of the disclosure office and told to the applicant, within the
    period; the law's maximum (20 working days; 2007 text: 15) is added."""
    with transaction.atomic():
        current = _lock(application, user)
        step = _require_step(current, "extension")
        if current.extended_on:
            raise ApplicationError(f"该申请已于{current.extended_on:%Y年%-m月%-d日}延长答复期限，不能再次延长。")
        _not_future(on, "延期决定之日")
        _not_future(notified_on, "告知申请人之日")
        _not_before(on, _counted_from(current), "延期决定之日", "答复期限起算之日")
        _not_before(notified_on, on, "告知申请人之日", "延期决定之日")
        _within_period(current, on, "延长答复期限")
        if not approver.strip():
            raise ApplicationError("延长答复期限应经政府信息公开工作机构负责人同意，请填写负责人。")
        if not reason.strip():
            raise ApplicationError("请填写延长答复期限的理由。")
        previous = current.due
        current.extended_on, current.extension_approver = on, approver.strip()
        current.extension_notified_on = notified_on
        result = _refresh_due(current)
        _save(current, "extended_on", "extension_approver", "extension_notified_on")
        _event(current, user, step.event, on=on, approver=approver.strip(), notified_on=notified_on,
               reason=reason.strip(), previous_due=previous, due=result.due, articles=list(result.articles))
    application.refresh_from_db()


# ---------------------------------------------------------------- fees (国办函〔2020〕109号)


def _fee_pauses_clock() -> bool:
    overrides = rules.deadline_settings() or {}
    return overrides.get("fee_payment_pauses_clock", load_rules().default_settings.fee_payment_pauses_clock)


def fee_notice(application: Application, user, *, issued_on: datetime.date, per_application: int | None = None,
               per_page: int | None = None) -> FeeNotice:
    """收费通知, by one method: ``per_application`` (the applicant's n-th application this calendar
    month) or ``per_page`` (pages of this application), never both."""
    given = {key: value for key, value in (("per_application", per_application), ("per_page", per_page))
             if value is not None}
    if len(given) != 1:
        raise ApplicationError("信息处理费按件计收或者按量计收，同一件申请只能选择其中一种方式，不得同时适用。"
                               if given else "请选择计收方式（按件计收或按量计收）并填写数量。")
    (method_key, quantity), = given.items()
    method = rules.fee_methods()[method_key]
    if not isinstance(quantity, int) or quantity < 1:
        raise ApplicationError(f"{method.quantity_label}应为正整数。")
    amount = method.amount(quantity)
    if amount <= 0:
        raise ApplicationError(f"{method.label}：{quantity}{method.unit}未超出免收费用的数量，不收取信息处理费。")
    with transaction.atomic():
        current = _lock(application, user)
        step = _require_step(current, "fee-notice")
        if FeeNotice.objects.filter(application=current).exists():
            raise ApplicationError("该申请已发出收费通知，同一件申请只能收费一次。")
        _not_future(issued_on, "发出收费通知之日")
        _not_before(issued_on, rules.fees_effective_from(), "发出收费通知之日", "信息处理费计收之日")
        _not_before(issued_on, _counted_from(current), "发出收费通知之日", "答复期限起算之日")
        _within_period(current, issued_on, "发出收费通知")
        calendar = working_calendar()
        pay_by = calendar.add_working_days(issued_on, rules.setting("fee_payment_working_days")).due
        notice = FeeNotice.objects.create(application=current, method=method_key, quantity=quantity, amount=amount,
                                          issued_on=issued_on, pay_by=pay_by)
        if _fee_pauses_clock():
            ClockPause.objects.create(application=current, kind=FEE_PAUSE, first=issued_on)
        current.status = Status.AWAITING_FEE
        _refresh_due(current, calendar)
        _save(current)
        _event(current, user, step.event, method=method_key, quantity=quantity, amount=str(amount),
               issued_on=issued_on, pay_by=pay_by)
    application.refresh_from_db()
    return notice


def fee_paid(application: Application, user, *, on: datetime.date) -> None:
    with transaction.atomic():
        current = _lock(application, user)
        step = _require_step(current, "fee-paid")
        notice = current.fee_notice
        _not_future(on, "缴费之日")
        _not_before(on, notice.issued_on, "缴费之日", "发出收费通知之日")
        notice.paid_on = on
        notice.save(update_fields=["paid_on"])
        current.pauses.filter(kind=FEE_PAUSE, last__isnull=True).update(last=on)
        current.status = Status.PROCESSING
        result = _refresh_due(current)
        _save(current)
        _event(current, user, step.event, on=on, late=on > notice.pay_by, due=result.due)
    application.refresh_from_db()


def close_fee_unpaid(application: Application, user, *, on: datetime.date) -> Reply:
    """Unpaid within the time limit: the agency stops handling the application (其他处理)."""
    with transaction.atomic():
        current = _lock(application, user)
        step = _require_step(current, "fee-unpaid")
        _not_future(on, "终止办理之日")
        if on <= current.fee_notice.pay_by:
            raise ApplicationError(f"缴费期限（{current.fee_notice.pay_by:%Y年%-m月%-d日}）尚未届满，不能终止办理。")
        reply = _close(current, user, step.event, on, _system_outcome("fee_unpaid", on), "fee_unpaid")
    application.refresh_from_db()
    return reply


# ---------------------------------------------------------------- reply (第三十六条)


def _format_of(day: datetime.date):
    try:
        return format_for_year(day.year)
    except InputError as error:
        raise ApplicationError(error.message) from None


def _system_outcome(reason: str, on: datetime.date) -> str:
    fmt = _format_of(on)
    outcome = rules.system_outcome(reason, fmt.id)
    if outcome is None:
        raise ApplicationError(f"「{fmt.name}」中没有「{rules.load()['system_outcomes'][reason]['label']}」一项。")
    return outcome


def _last_step(current: Application) -> tuple[datetime.date, str]:
    """The date of the latest step recorded on ``current``, with its name: a reply cannot come before it."""
    def named(instance, *fields, prefix=""):
        return [(getattr(instance, field), prefix + instance._meta.get_field(field).verbose_name) for field in fields]

    steps = named(current, "received", "supplement_requested_on", "supplemented_on", "extended_on",
                  "extension_notified_on")
    notice = FeeNotice.objects.filter(application=current).first()
    if notice is not None:
        steps += named(notice, "issued_on", "paid_on")
    for pause in current.pauses.all():  # last: on the same day, the step that ended a pause names it
        steps += named(pause, "first", "last", prefix=pause.get_kind_display())
    return max((step for step in steps if step[0] is not None), key=lambda step: step[0])


def _close(current: Application, user, event: str, on: datetime.date, outcome: str, reason: str | None,
           note: str = "", costs: Decimal = Decimal(0)) -> Reply:
    """Inside a transaction: the reply that closes ``current``, in the format of its year (``event``: the
    step's, from the procedure's table)."""
    last, last_label = _last_step(current)
    _not_before(on, last, "答复之日", last_label)
    fmt = _format_of(on)
    outcomes = rules.outcomes(fmt.id)
    if outcome not in outcomes:
        raise ApplicationError(f"办理结果「{outcome}」不属于{on.year}年适用的「{fmt.name}」（{fmt.basis}）表三，"
                               "请按该格式选择办理结果。")
    current.pauses.filter(last__isnull=True).update(last=on)
    result = None if reason else _refresh_due(current)
    reply = Reply.objects.create(application=current, replied_on=on, format_id=fmt.id, outcome=outcome,
                                 due_on=result.due if result else None, extended=current.extended_on is not None,
                                 note=note.strip(), costs=costs)
    current.status = Status.CLOSED
    _save(current)
    _event(current, user, event, on=on, format=fmt.id, outcome=outcome, outcome_label=outcomes[outcome],
           reason=reason, due=reply.due_on, on_time=reply.due_on is None or on <= reply.due_on,
           **({"costs": str(costs)} if costs else {}))
    return reply


def record_reply(application: Application, user, *, replied_on: datetime.date, outcome: str, note: str = "",
                 costs: Decimal = Decimal(0)) -> Reply:
    """答复: closes the application; ``outcome`` is a row key of table 三 of the reply year's format;
    ``costs``: what was charged, under the 2007 Regulation only (rules.yaml, reply_costs)."""
    with transaction.atomic():
        current = _lock(application, user)
        step = _require_step(current, "reply")
        _not_future(replied_on, "答复之日")
        if costs < 0:
            raise ApplicationError("收取的成本费用不能为负数。")
        if costs and not rules.charges_costs(current.regulation.key):
            raise ApplicationError(f"依{current.regulation.short_name}，答复不收取检索、复制、邮寄等成本费用"
                                   "（信息处理费通过「收费通知」登记）。")
        fmt = _format_of(replied_on)
        default = rules.closure_only_outcomes(fmt.id).get(outcome)
        if default is not None:
            raise ApplicationError(f"办理结果「{rules.outcomes(fmt.id)[outcome]}」只用于{default}的情形，"
                                   "须通过相应的办理步骤登记，不能作为答复选择。")
        reply = _close(current, user, step.event, replied_on, outcome, None, note, costs)
    application.refresh_from_db()
    return reply


# ---------------------------------------------------------------- review and litigation


def record_review(application: Application, user, *, kind: str, filed_on: datetime.date, body: str,
                  review_organ: Agency | None = None) -> ReviewCase:
    """A review or lawsuit about the application; ``review_organ``: the review organ sued as
    co-defendant with the agency (复议后起诉, 《行政诉讼法》第二十六条第二款)."""
    with transaction.atomic():
        current = _lock(application, user)
        step = _require_step(current, "review")
        _not_future(filed_on, "申请复议或起诉之日")
        _not_before(filed_on, current.received, "申请复议或起诉之日", "收到申请之日")
        if review_organ is not None and kind != ReviewCase.Kind.AFTER_REVIEW:
            raise ApplicationError("复议机关只在复议后起诉的案件中作共同被告。")
        if review_organ is not None and review_organ not in rules.review_organs(current.agency):
            allowed = "、".join(organ.name for organ in rules.review_organs(current.agency)) or "无"
            raise ApplicationError(f"「{review_organ.name}」不是{current.agency.name}的行政复议机关"
                                   f"（{rules.review_organ_basis(current.agency)}），可选：{allowed}。")
        case = ReviewCase(application=current, kind=kind, filed_on=filed_on, body=body.strip(),
                          review_organ=review_organ)
        _clean(case)
        case.save()
        _event(current, user, step.event, case=case.pk, case_kind=kind, filed_on=filed_on, body=body.strip(),
               review_organ=review_organ.name if review_organ else None)
    return case


def decide_review(case: ReviewCase, user, *, decided_on: datetime.date, decision: str) -> None:
    """The decision or judgment; its table 四 category follows the setting ``decision_outcomes``."""
    mapping = rules.setting("decision_outcomes")
    if decision not in mapping:
        raise ApplicationError(f"未知的决定或裁判结果「{decision}」。")
    with transaction.atomic():
        current = _lock(case.application, user)
        step = _require_step(current, "review-decision")
        case = ReviewCase.objects.select_for_update().get(pk=case.pk)
        if case.decided_on:
            raise ApplicationError("该案件已登记决定或裁判结果。")
        _not_future(decided_on, "决定或裁判之日")
        _not_before(decided_on, case.filed_on, "决定或裁判之日", "申请复议或起诉之日")
        case.decided_on, case.decision, case.outcome = decided_on, decision, mapping[decision]
        case.save(update_fields=["decided_on", "decision", "outcome"])
        _event(current, user, step.event, case=case.pk, decided_on=decided_on, decision=decision,
               outcome=case.outcome)


# ---------------------------------------------------------------- the calendar


def _dates(values: Iterable[str | datetime.date]) -> str:
    return "\n".join(sorted(str(value) for value in values))


def enter_calendar_year(user, *, year: int, source: str, holidays: Iterable, workdays: Iterable) -> int:
    """录入节假日安排 (a year's State Council circular), then recompute every open deadline; returns
    how many due dates changed."""
    permissions.require(permissions.can_enter_calendar(user))
    if not source.strip():
        raise ApplicationError("请填写国务院办公厅通知的文号。")
    try:
        arrangement = parse_arrangement(year, {"holidays": list(holidays), "workdays": list(workdays)})
    except InputError as error:
        raise ApplicationError(error.message) from None
    with transaction.atomic():
        CalendarYear.objects.update_or_create(year=arrangement.year, defaults={
            "source": source.strip(), "holidays": _dates(arrangement.holidays),
            "workdays": _dates(arrangement.workdays), "entered_by": user, "entered_at": timezone.now()})
        return recompute_open_deadlines(user, f"录入{arrangement.year}年节假日安排（{source.strip()}）")


def recompute_open_deadlines(user, reason: str) -> int:
    """Every open application's due date with the current calendar; an event on each that moved."""
    calendar = working_calendar()
    changed = 0
    with transaction.atomic():
        for application in Application.objects.select_for_update().exclude(status=Status.CLOSED).prefetch_related(
                "pauses"):
            previous, was_provisional = application.due, application.due_provisional
            _refresh_due(application, calendar)
            if (application.due, application.due_provisional) == (previous, was_provisional):
                continue
            application.save(update_fields=["due", "due_provisional"])
            _event(application, user, Event.DEADLINE_RECOMPUTED, reason=reason, previous_due=previous,
                   due=application.due, provisional=application.due_provisional)
            changed += 1
    return changed


# ---------------------------------------------------------------- lists


def urgency(application: Application, today: datetime.date, threshold: datetime.date) -> dict[str, bool]:
    """已逾期 (``overdue``) or 即将到期 (``soon``, due by ``threshold``): only a running clock can be late."""
    running = application.status == Status.PROCESSING and application.due is not None
    return {"overdue": running and application.due < today,
            "soon": running and today <= application.due <= threshold}


def open_queue(agencies: Iterable[Agency], today: datetime.date | None = None) -> list[dict]:
    """The open applications of ``agencies``, most urgent first, each with ``overdue`` and ``soon``
    marks (the stored due date is exact for applications whose clock runs; see ``compute_due``)."""
    today = today or timezone.localdate()
    calendar = working_calendar()
    threshold = soon_threshold(today, calendar)
    applications = (Application.objects.filter(agency__in=agencies).exclude(status=Status.CLOSED)
                    .select_related("agency").order_by("due", "received", "pk"))
    items = [{"application": application, **urgency(application, today, threshold)} for application in applications]
    # Due dates first (nulls last on both databases), paused clocks after the running ones.
    items.sort(key=lambda item: (item["application"].due is None, not item["overdue"], not item["soon"]))
    return items


def overview(jurisdiction: Agency, today: datetime.date) -> QuerySet:
    """Each agency of ``jurisdiction``'s subtree with its open and overdue applications, and the
    applications closed this year and those closed on time (replies within the statutory period,
    closures for the applicant's default included)."""
    closed = Q(applications__replied_on__year=today.year)
    return jurisdiction.subtree().order_by("pk").annotate(
        open=Count("applications", filter=~Q(applications__status=Status.CLOSED)),
        overdue=Count("applications", filter=Q(applications__status=Status.PROCESSING, applications__due__lt=today)),
        closed=Count("applications", filter=closed),
        on_time=Count("applications", filter=closed & answered_on_time("applications__")))


def answered_on_time(prefix: str = "") -> Q:
    """Replies within the statutory period their reply recorded; a closure for the applicant's default
    has no period and counts as on time."""
    return Q(**{f"{prefix}reply__due_on__isnull": True}) | Q(
        **{f"{prefix}replied_on__lte": F(f"{prefix}reply__due_on")})


HANDLED = ("received", "answered", "on_time", "overdue")


def handled_between(agencies, periods: list[tuple[datetime.date, datetime.date]]) -> list[dict[int, dict[str, int]]]:
    """For each period [start, end] of ``periods``, per agency of ``agencies`` (only those with any):
    applications ``received`` in it, ``answered`` in it, of those ``on_time`` (``answered_on_time``), and
    ``overdue``: unanswered at the end of ``end`` although their stored due date had passed. The monthly
    bulletin calls this for a month and the month before.

    Each figure is a range query over the dates the periods span, which PostgreSQL reads from one index:
    received by ``applications_received_idx``, answered by ``applications_replied_idx`` with the replies'
    periods from ``applications_reply_due_idx``, overdue by the partial ``applications_overdue_idx`` (an
    application answered by its due date is never overdue later, so only those unanswered or answered late
    can be)."""
    figures = [{} for _ in periods]
    first, last = min(start for start, _ in periods), max(end for _, end in periods)
    earliest_end = min(end for _, end in periods)
    theirs = Application.objects.filter(agency__in=agencies).values("agency_id").order_by()

    def count(rows, **filters) -> None:
        names = list(filters)
        aggregates = {f"{name}_{index}": Count("agency_id", filter=condition(start, end))
                      for index, (start, end) in enumerate(periods) for name, condition in filters.items()}
        for agency_id, *values in rows.annotate(**aggregates).values_list("agency_id", *aggregates):
            for index, found in enumerate(figures):
                counted = values[index * len(names):(index + 1) * len(names)]
                if any(counted):
                    found.setdefault(agency_id, dict.fromkeys(HANDLED, 0)).update(zip(names, counted, strict=True))

    count(theirs.filter(received__range=(first, last)),
          received=lambda start, end: Q(received__range=(start, end)))
    count(theirs.filter(replied_on__range=(first, last)),
          answered=lambda start, end: Q(replied_on__range=(start, end)),
          on_time=lambda start, end: Q(replied_on__range=(start, end)) & answered_on_time())
    # The partial index's condition, implied by the others, stated so that the planner may use the index.
    count(theirs.filter(Q(replied_on__isnull=True) | Q(replied_on__gt=F("due")), due__lt=last)
          .filter(Q(replied_on__isnull=True) | Q(replied_on__gt=earliest_end)),
          overdue=lambda start, end: Q(due__lt=end) & (Q(replied_on__isnull=True) | Q(replied_on__gt=end)))
    return figures
