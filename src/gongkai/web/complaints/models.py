"""Complaints (举报投诉) about disclosure work: received, handled step by step on the applications'
working-day clock, closed with an outcome (legacy item 六 counts those received in a year).

Writes go through ``services`` only, which record each as a ``ComplaintEvent``; events are append-only.
The complainant's personal data lives in ``ComplainantDetails`` alone, as an applicant's does, so that
nothing that lists or counts complaints ever reads it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.web.agencies.models import Agency
from gongkai.web.complaints import rules
from gongkai.web.events import AppendOnly


class Complaint(models.Model):
    class Channel(models.TextChoices):
        LETTER = "letter", "信函"
        PHONE = "phone", "电话"
        ONLINE = "online", "网络"
        IN_PERSON = "in_person", "当面"
        REFERRED = "referred", "上级机关转办"

    class Status(models.TextChoices):
        HANDLING = "handling", "办理中"
        CLOSED = "closed", "已办结"

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="complaints", verbose_name="受理机关")
    about = models.ForeignKey(Agency, models.PROTECT, related_name="complaints_about", verbose_name="被举报投诉机关")
    received = models.DateField("收到举报投诉之日")
    channel = models.CharField("举报投诉方式", max_length=20, choices=Channel.choices)
    content = models.TextField("举报投诉内容")
    status = models.CharField("办理状态", max_length=20, choices=Status.choices, default=Status.HANDLING)
    # The end of the handling period as the clock last computed it (rules.yaml, handling_period).
    due = models.DateField("办理期限届满日")
    due_provisional = models.BooleanField("期限为临时结果", default=False)
    closed_on = models.DateField("办结之日", null=True, blank=True)
    outcome = models.CharField("处理结果", max_length=40, blank=True, choices=rules.outcome_choices)
    result = models.TextField("处理情况", blank=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "举报投诉"
        verbose_name_plural = "举报投诉"
        ordering = ["-received", "-pk"]
        indexes = [models.Index(fields=["agency", "received"], name="complaints_count_idx"),
                   models.Index(fields=["status", "due"], name="complaints_open_idx")]

    def __str__(self) -> str:
        return f"{self.received:%Y-%m-%d}收到的举报投诉（{self.about}）"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.HANDLING


class ComplainantDetails(models.Model):
    """Personal data of the complainant: shown only to the staff handling the complaint."""

    complaint = models.OneToOneField(Complaint, models.PROTECT, related_name="complainant", verbose_name="举报投诉")
    name = models.CharField("举报投诉人姓名或者名称", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)

    class Meta:
        verbose_name = "举报投诉人信息"
        verbose_name_plural = "举报投诉人信息"


class ComplaintEvent(AppendOnly):
    """One step of the handling (登记, 调查核实, 转交办理, 告知, 办结): who, when, on which day, what."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", "登记"
        INVESTIGATED = "investigated", "调查核实"
        REFERRED = "referred", "转交有关机关办理"
        NOTIFIED = "notified", "告知举报投诉人"
        CLOSED = "closed", "办结"

    STEPS = (Kind.INVESTIGATED, Kind.REFERRED, Kind.NOTIFIED)  # what the clerk records before closing

    complaint = models.ForeignKey(Complaint, models.PROTECT, related_name="events", verbose_name="举报投诉")
    kind = models.CharField("事项", max_length=20, choices=Kind.choices)
    on = models.DateField("日期")
    note = models.TextField("说明", blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="经办人")
    at = models.DateTimeField("时间", default=timezone.now)
    data = models.JSONField("记录的值", default=dict, blank=True)

    class Meta:
        verbose_name = "举报投诉办理记录"
        verbose_name_plural = "举报投诉办理记录"
        ordering = ["at", "pk"]
