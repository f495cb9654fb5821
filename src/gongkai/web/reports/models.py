"""Annual reports as they are entered, reviewed and published.

Cell values are stored one row per cell, as the exact decimal text the core reads and writes
(``"96171.6"``, ``"12"``): SQLite keeps DECIMAL columns as binary doubles, text keeps every digit
on both databases. A cell that has no row is missing, which is not zero.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.formats import Format, load_format
from gongkai.web.agencies.models import Agency


class AnnualReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "已审核"
        PUBLISHED = "published", "已公开"

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="reports", verbose_name="填报单位")
    year = models.PositiveSmallIntegerField("报告年度")
    format_id = models.CharField("报告格式", max_length=40)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Bumped by every change; a save based on an older revision is refused (no lost updates).
    revision = models.PositiveIntegerField("修订号", default=0)
    title = models.CharField("报告标题", max_length=200, blank=True)
    issuer = models.CharField("发文机关", max_length=100, blank=True)
    published = models.DateField("发布日期", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # The findings' counts as last checked for the overview (``submissions.findings_counts``), and the
    # key of what they were computed from: stale as soon as the report or the year before changes.
    findings_key = models.CharField("核对依据", max_length=32, blank=True, editable=False)
    error_count = models.PositiveIntegerField("错误数", null=True, blank=True, editable=False)
    warning_count = models.PositiveIntegerField("警告数", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year", "agency_id"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="one_report_per_agency_year")]

    def __str__(self) -> str:
        return self.display_title

    @property
    def format(self) -> Format:
        return load_format(self.format_id)

    @property
    def display_title(self) -> str:
        return self.title or f"{self.agency.name}{self.year}年政府信息公开工作年度报告"


class CellValue(models.Model):
    report = models.ForeignKey(AnnualReport, models.CASCADE, related_name="cells", verbose_name="年度报告")
    key = models.CharField("单元格", max_length=200)
    value = models.CharField("数值", max_length=64)

    class Meta:
        verbose_name = "统计数"
        verbose_name_plural = "统计数"
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="one_value_per_cell")]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class ReportSection(models.Model):
    report = models.ForeignKey(AnnualReport, models.CASCADE, related_name="sections", verbose_name="年度报告")
    position = models.PositiveSmallIntegerField("顺序")
    key = models.CharField("格式中的章节", max_length=40, blank=True)
    heading = models.CharField("标题", max_length=200)
    text = models.TextField("正文", blank=True)

    class Meta:
        verbose_name = "报告章节"
        verbose_name_plural = "报告章节"
        ordering = ["report", "position"]
        constraints = [models.UniqueConstraint(fields=["report", "position"], name="one_section_per_position")]

    def __str__(self) -> str:
        return self.heading


class PublishedVersion(models.Model):
    """A frozen copy of a report as published (``gongkai.report/1`` JSON); a correction after
    publication adds a version and every earlier one stays readable."""

    report = models.ForeignKey(AnnualReport, models.PROTECT, related_name="versions", verbose_name="年度报告")
    number = models.PositiveSmallIntegerField("版本")
    data = models.JSONField("报告内容")
    published_at = models.DateTimeField("发布时间", default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="发布人")
    note = models.TextField("更正说明", blank=True)

    class Meta:
        verbose_name = "已公开版本"
        verbose_name_plural = "已公开版本"
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="one_version_number")]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"


class ReportEvent(models.Model):
    """One change to a report: a cell, a section or the status, with who, when, old and new."""

    class Kind(models.TextChoices):
        CREATED = "created", "创建"
        CELL = "cell", "统计数"
        SECTION = "section", "章节"
        STATUS = "status", "状态"

    report = models.ForeignKey(AnnualReport, models.CASCADE, related_name="events", verbose_name="年度报告")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    target = models.CharField("对象", max_length=200, blank=True)
    old = models.TextField("原值", blank=True)
    new = models.TextField("新值", blank=True)
    note = models.TextField("说明", blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="操作人")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "修改记录"
        verbose_name_plural = "修改记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.target}: {self.old} → {self.new}"


class NarrativeTemplate(models.Model):
    """The office's template of one narrative section of a format (``gongkai.drafting``): a section
    without a row drafts from the template shipped in ``narrative_templates.yaml``."""

    format_id = models.CharField("报告格式", max_length=40, editable=False)
    section_key = models.CharField("章节", max_length=40, editable=False)
    text = models.TextField("模板", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="修改人")
    updated_at = models.DateTimeField("修改时间", default=timezone.now)

    class Meta:
        verbose_name = "正文模板"
        verbose_name_plural = "正文模板"
        constraints = [models.UniqueConstraint(fields=["format_id", "section_key"], name="one_template_per_section")]

    def __str__(self) -> str:
        return f"{self.format_id} {self.section_key}"
