"""The coordination office's supervision: the monthly bulletins it issues (通报) and its spot checks
(抽查、督查) with the rectifications (整改) they ask of the agencies.

An issued bulletin keeps the figures it was issued with (``content``), so that it reads the same
whatever is recorded later: it is never changed or deleted. A draft is not stored; it is computed when
previewed.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.web.agencies.models import Agency
from gongkai.web.events import AppendOnly


class Bulletin(AppendOnly):
    jurisdiction = models.ForeignKey(Agency, models.PROTECT, related_name="bulletins", verbose_name="本级政府")
    month = models.DateField("通报月份", help_text="该月的第一天")
    number = models.CharField("发文字号", max_length=100)
    serial = models.PositiveIntegerField("序号")
    issued_on = models.DateField("成文日期")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="签发人")
    issued_at = models.DateTimeField("签发时间", default=timezone.now)
    content = models.JSONField("通报内容")

    class Meta:
        verbose_name = verbose_name_plural = "政务公开工作通报"
        ordering = ["jurisdiction", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "month"], name="supervision_one_bulletin_a_month")]

    def __str__(self) -> str:
        return self.number


class SpotCheck(models.Model):
    jurisdiction = models.ForeignKey(Agency, models.PROTECT, related_name="spot_checks", verbose_name="本级政府")
    checked_on = models.DateField("检查日期")
    subject = models.CharField("检查内容", max_length=300)
    findings = models.TextField("发现的问题")
    agencies = models.ManyToManyField(Agency, related_name="+", verbose_name="涉及单位")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name="登记人")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "抽查督查"
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.checked_on:%Y-%m-%d} {self.subject}"


class Rectification(models.Model):
    """A rectification asked of one agency after a check; open until the agency answers it."""

    spot_check = models.ForeignKey(SpotCheck, models.PROTECT, related_name="rectifications", verbose_name="抽查督查")
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="rectifications", verbose_name="整改单位")
    requirement = models.TextField("整改要求")
    deadline = models.DateField("整改期限")
    answer = models.TextField("整改情况", blank=True)
    answered_on = models.DateField("整改完成日期", null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="答复人")
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改要求"
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["agency", "answered_on"], name="supervision_open_rectification")]

    def __str__(self) -> str:
        return f"{self.agency} {self.deadline:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.answered_on is None

    def overdue(self, today) -> bool:
        return self.is_open and self.deadline < today
