"""Each agency's 政府信息公开指南 (Art 12), versioned: the clerk writes a version, the coordination office
returns it with a comment or publishes it; the public reads the latest published version, and every
earlier one stays readable."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.web.agencies.models import Agency


class Guide(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "已退回"
        PUBLISHED = "published", "已发布"

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="guides", verbose_name="机关")
    number = models.PositiveIntegerField("版本")
    text = models.TextField("指南正文")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="编写人")
    edited_at = models.DateTimeField("编写时间", default=timezone.now)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="审核人")
    review_comment = models.CharField("审核意见", max_length=500, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "政府信息公开指南"
        ordering = ["agency", "-number"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="proactive_unique_guide_version")]

    def __str__(self) -> str:
        return f"{self.agency}指南第{self.number}版"
