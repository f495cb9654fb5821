"""The year's work beyond applications, as records: responses to hot topics and 舆情 (回应解读,
legacy item 二) and meetings and training courses (legacy item 九).

Writes go through ``services`` only, which record each as an ``EngagementEvent`` (who, when, the
record's values before and after); events are append-only.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.web.agencies.models import Agency
from gongkai.web.events import AppendOnly


class Topic(models.Model):
    """A hot topic or 舆情 an agency responded to: the legacy table counts each once in a year however
    many ways it was answered (不同方式回应同一热点或舆情计1次)."""

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="response_topics", verbose_name="机关")
    title = models.CharField("回应的热点或舆情", max_length=200)

    class Meta:
        verbose_name = "热点或舆情"
        verbose_name_plural = "热点或舆情"
        constraints = [models.UniqueConstraint(fields=["agency", "title"], name="engagement_topic_unique")]

    def __str__(self) -> str:
        return self.title


class Response(models.Model):
    """One response (回应解读) to a topic, in one way, on one day."""

    class Way(models.TextChoices):
        # The keys are the legacy rows' keys under 二（二）, which count each way.
        PRESS_CONFERENCES = "press_conferences", "新闻发布会"
        ONLINE_INTERVIEWS = "online_interviews", "政府网站在线访谈"
        INTERPRETATIONS = "interpretations", "政策解读稿件"
        WEIBO_WECHAT = "weibo_wechat", "微博微信"
        OTHER = "other", "其他方式"

    # The ways the legacy table asks whether 主要负责同志 took part in.
    WITH_PRINCIPAL = (Way.PRESS_CONFERENCES, Way.ONLINE_INTERVIEWS)

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="responses", verbose_name="机关")
    topic = models.ForeignKey(Topic, models.PROTECT, related_name="responses", verbose_name="回应的热点或舆情")
    way = models.CharField("回应方式", max_length=30, choices=Way.choices)
    on = models.DateField("日期")
    principal_attended = models.BooleanField("主要负责同志参加", default=False)
    note = models.CharField("说明", max_length=200, blank=True)
    # A policy interpretation is linked to the documents of the register it interprets (解读).
    items = models.ManyToManyField("proactive.Item", blank=True, related_name="interpretations",
                                   verbose_name="解读的文件")

    class Meta:
        verbose_name = "回应解读"
        verbose_name_plural = "回应解读"
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["agency", "on", "way", "principal_attended"], name="engagement_response_count")]

    def __str__(self) -> str:
        return f"{self.on} {self.get_way_display()}：{self.topic}"


class Meeting(models.Model):
    """A meeting on disclosure work or a training course an agency held (legacy item 九)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "政府信息公开工作会议或专题会议"
        TRAINING = "training", "培训班"

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="meetings", verbose_name="机关")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    on = models.DateField("日期")
    attendance = models.PositiveIntegerField("参加人次", default=0)

    class Meta:
        verbose_name = "会议和培训"
        verbose_name_plural = "会议和培训"
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["agency", "on", "kind", "attendance"], name="engagement_meeting_count")]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}：{self.title}"


class AgencyFacts(models.Model):
    """An agency's organisation and funding in one year (legacy item 八), entered by its clerk."""

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="facts", verbose_name="机关")
    year = models.PositiveSmallIntegerField("年度")
    offices = models.PositiveIntegerField("政府信息公开工作专门机构数", default=0)
    full_time = models.PositiveIntegerField("专职人员数（不包括政府公报及政府网站工作人员数）", default=0)
    part_time = models.PositiveIntegerField("兼职人员数", default=0)
    special_funds = models.DecimalField("政府信息公开专项经费（万元）", max_digits=14, decimal_places=4, default=0)

    class Meta:
        verbose_name = "机构建设和保障经费"
        verbose_name_plural = "机构建设和保障经费"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="engagement_facts_unique")]

    def __str__(self) -> str:
        return f"{self.agency}{self.year}年机构建设和保障经费"


class ReadingPoint(models.Model):
    """A 政府信息查阅点 an agency kept in one year."""

    facts = models.ForeignKey(AgencyFacts, models.CASCADE, related_name="reading_points", verbose_name="年度")
    address = models.CharField("地址", max_length=200)
    opening_hours = models.CharField("开放时间", max_length=100)

    class Meta:
        verbose_name = "政府信息查阅点"
        verbose_name_plural = "政府信息查阅点"
        ordering = ["pk"]


class EngagementEvent(AppendOnly):
    """One write to a record of this app: who, when, the record's values before and after."""

    class Kind(models.TextChoices):
        CREATED = "created", "登记"
        CHANGED = "changed", "修改"
        DELETED = "deleted", "删除"

    agency = models.ForeignKey(Agency, models.PROTECT, related_name="+", verbose_name="机关")
    subject = models.CharField("记录", max_length=40)  # "response:12"
    kind = models.CharField("事项", max_length=20, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="经办人")
    at = models.DateTimeField("时间", default=timezone.now)
    old = models.JSONField("原值", null=True, blank=True)
    new = models.JSONField("新值", null=True, blank=True)

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering = ["at", "pk"]

