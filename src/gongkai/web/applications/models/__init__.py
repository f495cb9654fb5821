"""Disclosure applications (依申请公开) and everything recorded on them.

State changes go through ``services`` only, which record each as an ``ApplicationEvent``; events are
append-only (the model, its queryset and, on both databases, a trigger refuse updates and deletes).
The applicant's personal data lives in ``ApplicantDetails`` alone, so that nothing that lists or
counts applications ever reads it.
"""

import functools
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from gongkai.calendar import parse_arrangement
from gongkai.deadlines import load_rules
from gongkai.errors import InputError
from gongkai.formats import all_formats
from gongkai.web.agencies.models import Agency
from gongkai.web.applications import rules
from gongkai.web.events import AppendOnly

TRACKING_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read out over the phone
TRACKING_LENGTH = 16  # 80 bits: not guessable, and a lookup is rate-limited anyway


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def pause_kinds() -> list[tuple[str, str]]:
    """Every reason the core's rules let the clock stop, with its label."""
    kinds = {kind: pause.label for rule in load_rules().regulations.values() for kind, pause in rule.pauses.items()}
    return sorted(kinds.items())


class Application(models.Model):
    class Channel(models.TextChoices):
        IN_PERSON = "in_person", "当面"
        FAX = "fax", "传真"
        ONLINE = "online", "网络"
        LETTER = "letter", "信函"

    class Status(models.TextChoices):
        PROCESSING = "processing", "办理中"
        AWAITING_SUPPLEMENT = "awaiting_supplement", "待补正"
        CONSULTING = "consulting", "征求意见中"
        AWAITING_FEE = "awaiting_fee", "待缴费"
        CLOSED = "closed", "已办结"

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="applications", verbose_name="受理机关")
    tracking_code = models.CharField("查询码", max_length=TRACKING_LENGTH, unique=True, default=new_tracking_code,
                                     editable=False)
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    # The one-time token of the public form an online application came from: a second submission of
    # the same form (a double click, a reload) finds the first application instead of making another.
    form_token = models.CharField("网络申请表单令牌", max_length=32, unique=True, null=True, blank=True,
                                  editable=False)
    received = models.DateField("收到申请之日")
    applicant_kind = models.CharField("申请人类型", max_length=20, choices=rules.applicant_kinds)
    description = models.TextField("所需政府信息的名称、文号或者便于查询的其他特征性描述")
    form_requirements = models.TextField("对信息公开形式的要求（获取信息的方式、途径）", blank=True)
    status = models.CharField("办理状态", max_length=30, choices=Status.choices, default=Status.PROCESSING)
    supplement_requested_on = models.DateField("补正告知之日", null=True, blank=True)
    supplement_due = models.DateField("补正期限", null=True, blank=True)
    supplemented_on = models.DateField("收到补正申请之日", null=True, blank=True)
    extended_on = models.DateField("延长答复期限之日", null=True, blank=True)
    extension_approver = models.CharField("同意延期的政府信息公开工作机构负责人", max_length=50, blank=True)
    extension_notified_on = models.DateField("告知申请人延期之日", null=True, blank=True)
    # The statutory due date as the core last computed it, kept for sorting and counting in SQL;
    # every service that changes an input recomputes it, and so does entering a calendar year.
    due = models.DateField("答复期限届满日", null=True, blank=True)
    due_provisional = models.BooleanField("期限为临时结果", default=False)
    # Copied from the reply when it is saved (``Reply.save``), so that the annual tables count
    # applications without joining their replies.
    replied_on = models.DateField("答复之日", null=True, blank=True, editable=False)
    outcome = models.CharField("办理结果", max_length=80, blank=True, editable=False, choices=rules.outcome_choices)
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received", "-pk"]
        # The annual tables (statistics.py) read applications from these indexes alone (PostgreSQL's
        # index-only scan needs every column the query uses): a jurisdiction's by agency and received date;
        # a province's new applications of a year by received date, and those carried in by reply date
        # (with the id, by which the monthly bulletin finds the replies of a month's answered applications).
        indexes = [models.Index(fields=["agency", "received", "applicant_kind", "replied_on", "outcome"],
                                name="applications_stats_idx"),
                   models.Index(fields=["received", "agency", "applicant_kind", "replied_on", "outcome"],
                                name="applications_received_idx"),
                   models.Index(fields=["replied_on", "received", "agency", "applicant_kind", "outcome"],
                                include=["id"], name="applications_replied_idx"),
                   models.Index(fields=["status", "due"]),
                   # The monthly bulletin's overdue applications at a month's end: due before it and not
                   # answered by it, hence unanswered or answered late, the few this index holds.
                   models.Index(fields=["due"], include=["agency", "replied_on"], name="applications_overdue_idx",
                                condition=models.Q(replied_on__isnull=True) | models.Q(replied_on__gt=models.F("due")))]

    def __str__(self) -> str:
        return f"{self.agency} {self.received:%Y-%m-%d} {self.tracking_code}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    @property
    def regulation(self):
        """The version of the Regulation whose periods apply (``deadline_rules.yaml``)."""
        return load_rules().regulation_for(self.received)


class ApplicantDetails(models.Model):
    """Personal data of the applicant: shown only to the staff handling the application."""

    application = models.OneToOneField(Application, models.PROTECT, related_name="applicant",
                                       verbose_name="申请")
    name = models.CharField("申请人姓名或者名称", max_length=100)
    id_document = models.CharField("身份证明（证件类型及号码）", max_length=100)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    email = models.EmailField("电子邮箱", blank=True)

    class Meta:
        verbose_name = "申请人信息"
        verbose_name_plural = "申请人信息"

    def __str__(self) -> str:
        return f"申请人信息（{self.application.tracking_code}）"


class ClockPause(models.Model):
    """A period that does not count toward the reply period: consultation, or waiting for a fee."""

    application = models.ForeignKey(Application, models.PROTECT, related_name="pauses", verbose_name="申请")
    kind = models.CharField("事由", max_length=40, choices=pause_kinds)
    first = models.DateField("开始日")
    last = models.DateField("结束日", null=True, blank=True)
    party = models.CharField("征求意见对象", max_length=200, blank=True)

    class Meta:
        verbose_name = "不计入答复期限的期间"
        verbose_name_plural = "不计入答复期限的期间"
        ordering = ["first", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.first} – {self.last or '…'}"


class FeeNotice(models.Model):
    """收费通知: one per application, by one method."""

    application = models.OneToOneField(Application, models.PROTECT, related_name="fee_notice",
                                       verbose_name="申请")
    method = models.CharField("计收方式", max_length=20,
                              choices=[(key, method.label) for key, method in rules.fee_methods().items()])
    quantity = models.PositiveIntegerField("计费数量")
    amount = models.DecimalField("收费金额（元）", max_digits=12, decimal_places=2)
    issued_on = models.DateField("发出收费通知之日")
    pay_by = models.DateField("缴费期限")
    paid_on = models.DateField("缴费之日", null=True, blank=True)

    class Meta:
        verbose_name = "收费通知"
        verbose_name_plural = "收费通知"

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount}元"


class Reply(models.Model):
    """答复: the decision that closes an application; its outcome is a row of table 三 of the format
    of the reply's year."""

    application = models.OneToOneField(Application, models.PROTECT, related_name="reply", verbose_name="申请")
    replied_on = models.DateField("答复之日")
    format_id = models.CharField("统计格式", max_length=40)
    outcome = models.CharField("办理结果", max_length=80, choices=rules.outcome_choices)
    # None when handling stopped for the applicant's default (no supplement, fee unpaid): no reply
    # period applies then, so the closure is never late.
    due_on = models.DateField("答复时的期限届满日", null=True, blank=True)
    extended = models.BooleanField("延期办结", default=False)
    note = models.TextField("说明", blank=True)
    # Under the 2007 Regulation only (rules.yaml, reply_costs); legacy 七 sums them in 万元 (populations.py).
    costs = models.DecimalField("收取的检索、复制、邮寄等成本费用（元）", max_digits=12, decimal_places=2, default=0,
                                db_default=0)  # db_default: bulk loads (the benches) may leave it out

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"
        # The bulletin looks up the replies of a month's answered applications for their periods.
        indexes = [models.Index(fields=["replied_on"]),
                   models.Index(fields=["application"], include=["due_on"], name="applications_reply_due_idx")]

    def __str__(self) -> str:
        return f"{self.replied_on} {self.get_outcome_display()}"

    def save(self, *args, **kwargs):
        """Save, and copy the date and outcome to the application, where the annual tables count them."""
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.application.replied_on, self.application.outcome = self.replied_on, self.outcome
            self.application.save(update_fields=["replied_on", "outcome"])

    @property
    def on_time(self) -> bool:
        return self.due_on is None or self.replied_on <= self.due_on


class ReviewCase(models.Model):
    """An administrative review or a lawsuit about an application, counted in table 四."""

    # The kinds and outcomes are the columns of table 四 (rules.case_kinds, rules.case_outcomes).
    Kind = models.TextChoices("Kind", rules.case_kinds())
    Outcome = models.TextChoices("Outcome", rules.case_outcomes())

    application = models.ForeignKey(Application, models.PROTECT, related_name="review_cases", verbose_name="申请")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    filed_on = models.DateField("申请复议或起诉之日")
    body = models.CharField("复议机关或人民法院", max_length=100)
    review_organ = models.ForeignKey(Agency, models.PROTECT, null=True, blank=True, related_name="+",
                                     verbose_name="作共同被告的复议机关")
    decided_on = models.DateField("决定或裁判之日", null=True, blank=True)
    decision = models.CharField("决定或裁判结果", max_length=30, choices=rules.decision_choices, blank=True)
    outcome = models.CharField("统计结果", max_length=20, choices=Outcome.choices, default=Outcome.PENDING)

    class Meta:
        verbose_name = "行政复议、行政诉讼案件"
        verbose_name_plural = "行政复议、行政诉讼案件"
        ordering = ["filed_on", "pk"]
        indexes = [models.Index(fields=["filed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filed_on} {self.get_outcome_display()}"


class CalendarYear(models.Model):
    """One year's State Council holiday arrangement, entered by the coordination office; it replaces
    the ``chinesecalendar`` package's data for that year (see ``gongkai.calendar``)."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField("通知文号", max_length=100, help_text="如：国办发明电〔2025〕7号")
    holidays = models.TextField("放假日", help_text="每行一个日期（YYYY-MM-DD），含放假期间的周末")
    workdays = models.TextField("调休上班日", blank=True, help_text="每行一个日期（YYYY-MM-DD），均为星期六或星期日")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="录入人")
    entered_at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年部分节假日安排（{self.source}）"

    def override(self) -> dict:
        """The entry ``gongkai.calendar.WorkingCalendar`` takes for this year."""
        return {"holidays": self.holidays.split(), "workdays": self.workdays.split(), "source": self.source}

    def clean(self) -> None:
        try:
            parse_arrangement(self.year, self.override())
        except InputError as error:
            raise ValidationError(error.message) from None


class ApplicationEvent(AppendOnly):
    """One step of the procedure: who, when, what, with its particulars. Never changed or deleted."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", "登记"
        SUPPLEMENT_REQUESTED = "supplement_requested", "告知补正"
        SUPPLEMENTED = "supplemented", "收到补正申请"
        CONSULTATION_STARTED = "consultation_started", "征求意见"
        CONSULTATION_ENDED = "consultation_ended", "收到意见或征求意见期满"
        EXTENDED = "extended", "延长答复期限"
        FEE_NOTIFIED = "fee_notified", "收费通知"
        FEE_PAID = "fee_paid", "缴纳信息处理费"
        REPLIED = "replied", "答复"
        REVIEW_FILED = "review_filed", "行政复议或诉讼"
        REVIEW_DECIDED = "review_decided", "复议决定或裁判"
        DEADLINE_RECOMPUTED = "deadline_recomputed", "重新计算答复期限"

    application = models.ForeignKey(Application, models.PROTECT, related_name="events", verbose_name="申请")
    kind = models.CharField("事项", max_length=30, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="经办人")
    at = models.DateTimeField("时间", default=timezone.now)
    payload = models.JSONField("内容", default=dict)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    def details(self) -> list[tuple[str, str]]:
        """The particulars as the history shows them: (label, value), unset ones left out."""
        shown = []
        for key, value in self.payload.items():
            if value is None or key in HIDDEN_PAYLOAD or (key == "outcome" and "outcome_label" in self.payload):
                continue
            if isinstance(value, bool):
                value = "是" if value else "否"
            elif isinstance(value, list):
                value = "、".join(str(item) for item in value)
            else:
                value = payload_value_labels().get(key, {}).get(value, value)
            shown.append((PAYLOAD_LABELS.get(key, key), str(value)))
        return shown


# The words of the history for the keys ``services`` records in an event's payload.
PAYLOAD_LABELS = {
    "channel": "申请方式", "received": "收到申请之日", "applicant_kind": "申请人类型", "due": "答复期限届满日",
    "regulation": "适用法规", "articles": "依据", "provisional": "临时结果", "on": "日期", "applicant_due": "补正期限",
    "items": "补正事项", "limit": "告知补正的期限", "late": "逾期", "pause_kind": "事由", "party": "征求意见对象",
    "answer_by": "答复意见期限", "note": "说明", "approver": "同意延期的负责人", "notified_on": "告知申请人之日",
    "reason": "理由", "previous_due": "原答复期限届满日", "method": "计收方式", "quantity": "计费数量",
    "amount": "金额（元）", "issued_on": "发出收费通知之日", "pay_by": "缴费期限", "format": "统计格式",
    "outcome_label": "办理结果", "on_time": "按时办结", "case_kind": "类别", "filed_on": "申请复议或起诉之日",
    "body": "复议机关或人民法院", "review_organ": "作共同被告的复议机关", "decided_on": "决定或裁判之日",
    "decision": "决定或裁判结果", "outcome": "统计结果", "costs": "收取的成本费用（元）",
}
# Keys that only link records (a case's id). A reply's outcome is shown by its label, recorded beside it.
HIDDEN_PAYLOAD = {"case"}


@functools.cache
def payload_value_labels() -> dict[str, dict[str, str]]:
    """The words of the history for the codes ``services`` records: key → code → label. A value that is
    not a code (a reason given in words) is shown as it is."""
    return {
        "channel": dict(Application.Channel.choices), "applicant_kind": dict(rules.applicant_kinds()),
        "pause_kind": dict(pause_kinds()), "method": {key: method.label for key, method in rules.fee_methods().items()},
        "format": {fmt.id: fmt.name for fmt in all_formats()},
        "reason": {key: entry["label"] for key, entry in rules.load()["system_outcomes"].items()},
        "case_kind": dict(ReviewCase.Kind.choices), "decision": dict(rules.decision_choices()),
        "outcome": dict(ReviewCase.Outcome.choices),
    }


# The written documents' models live in their own module of this package; importing them registers them.
from gongkai.web.applications.models.documents import DocumentTemplate, IssuedDocument  # noqa: E402, F401
