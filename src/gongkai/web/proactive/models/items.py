"""Items of the register (主动公开信息), their channels, their history and the index-number serials.

An item is a draft until it is published, when it gets its index number (索引号); a withdrawn item
(撤回) keeps its number, its history and its place in the years it was counted in. Nothing is deleted.
``search_text`` is the item's title, document number and body reduced to letters and digits, which
the catalogue search indexes (``search.py``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from gongkai.web.agencies.models import Agency
from gongkai.web.events import AppendOnly
from gongkai.web.proactive import rules
from gongkai.web.proactive.models.taxonomy import Category, Genre


class Item(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "未发布"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    class NormativeKind(models.TextChoices):
        NONE = "", "否"
        REGULATION = "regulation", "规章"
        NORMATIVE = "normative", "行政规范性文件"

    class Validity(models.TextChoices):
        IN_FORCE = "in_force", "有效"
        EXPIRED = "expired", "失效"
        REPEALED = "repealed", "废止"

    index_number = models.CharField("索引号", max_length=80, unique=True, null=True, blank=True)
    title = models.CharField("信息名称", max_length=300)
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="proactive_items", verbose_name="发布机构",
                               help_text="联合发文时为文号所属的机关")
    agencies = models.ManyToManyField(Agency, through="ItemAgency", related_name="joint_proactive_items",
                                      verbose_name="发布机构（含联合发文机关）")
    document_date = models.DateField("成文日期", null=True, blank=True)
    formed_on = models.DateField("生成日期", help_text="政府信息形成或者变更之日（第二十六条的起算日）")
    published_on = models.DateField("发布日期", null=True, blank=True)
    category = models.ForeignKey(Category, models.PROTECT, related_name="items", verbose_name="主题分类")
    category_code = models.CharField("归档时的分类代码", max_length=20, editable=False)
    genre = models.ForeignKey(Genre, models.PROTECT, null=True, blank=True, related_name="items", verbose_name="体裁")
    document_number = models.CharField("文号", max_length=100, blank=True)
    summary = models.CharField("内容概述", max_length=500, blank=True)
    body = models.TextField("正文", blank=True)
    attachment = models.FileField("附件", upload_to="proactive/%Y/", blank=True)
    attachment_name = models.CharField("附件名称", max_length=200, blank=True)
    attachment_type = models.CharField("附件类型", max_length=10, blank=True)
    attachment_size = models.PositiveBigIntegerField("附件大小（字节）", null=True, blank=True)
    normative_kind = models.CharField("规章或规范性文件", max_length=20, choices=NormativeKind.choices, blank=True)
    validity = models.CharField("效力状态", max_length=20, choices=Validity.choices, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    invalid_on = models.DateField("失效或废止日期", null=True, blank=True)
    repealed_by = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="repeals",
                                    verbose_name="废止文件")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdrawal_reason = models.CharField("撤回原因", max_length=300, blank=True)
    source_id = models.CharField("来源编号", max_length=100, blank=True,
                                 help_text="网站内容管理系统中的编号；再次导入同一编号时更新本条")
    # Art 26, counted at publication with the working-day calendar (``timeliness.py``).
    working_days_to_publish = models.PositiveIntegerField("形成至发布的工作日数", null=True, blank=True)
    late = models.BooleanField("超过法定期限发布", default=False)
    # The keys of its channels (``ItemChannel``), sorted and joined by commas, kept equal to them by
    # ``services.apply_data`` and the import: a month's items by agency and channel (the monthly
    # bulletin) are then counted from the index ``proactive_published`` alone, without a join.
    channel_keys = models.CharField("公开渠道", max_length=200, default="", blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                                   verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "主动公开信息"
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["published_on", "status"], include=["agency", "late", "channel_keys"],
                         name="proactive_published"),
            models.Index(fields=["agency", "-published_on"], name="proactive_agency_published"),
            models.Index(fields=["category_code", "published_on"], name="proactive_category_published"),
            models.Index(fields=["document_date"], name="proactive_document_date"),
            # The few normative documents, which a report also counts from other years than its own.
            models.Index(fields=["published_on"], condition=~models.Q(normative_kind=""), name="proactive_normative"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agency", "source_id"], condition=~models.Q(source_id=""),
                                    name="proactive_unique_source_id"),
            models.UniqueConstraint(fields=["agency", "document_number"], condition=~models.Q(document_number=""),
                                    name="proactive_unique_document_number"),
        ]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def keys_of(channels) -> str:
        """``channel_keys`` for the channel keys ``channels``."""
        return ",".join(sorted(channels))

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def save(self, *args, update_fields=None, **kwargs) -> None:
        super().save(*args, update_fields=update_fields, **kwargs)
        if update_fields is None or set(update_fields) & set(ItemAgency.COPIED):
            self.publishers.update(**ItemAgency.copies(self))

    def clean(self) -> None:
        if self.normative_kind and not self.validity:
            raise ValidationError({"validity": "规章和规范性文件须填写效力状态。"})


class ItemAgency(models.Model):
    """One publishing agency of an item; a joint document has several, and counts once for each.

    ``COPIED`` are the item's fields that an annual report's count reads (in which year and part it
    counts, its kind and its channels), copied (``Item.save`` and the import keep them equal): a
    jurisdiction's items of a year (or its few normative documents) are then counted from one range
    per agency of the covering index ``proactive_agency_date_item`` alone, instead of every item of the
    year looked up for its agencies and channels."""

    COPIED = ("published_on", "normative_kind", "status", "document_date", "invalid_on", "validity", "channel_keys")

    item = models.ForeignKey(Item, models.CASCADE, related_name="publishers")
    agency = models.ForeignKey(Agency, models.PROTECT, related_name="+")
    published_on = models.DateField("发布日期", null=True, blank=True)
    normative_kind = models.CharField("规章或规范性文件", max_length=20, choices=Item.NormativeKind.choices, blank=True)
    status = models.CharField("状态", max_length=20, choices=Item.Status.choices, default=Item.Status.DRAFT)
    document_date = models.DateField("成文日期", null=True, blank=True)
    invalid_on = models.DateField("失效或废止日期", null=True, blank=True)
    validity = models.CharField("效力状态", max_length=20, choices=Item.Validity.choices, blank=True)
    channel_keys = models.CharField("公开渠道", max_length=200, default="", blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "agency"], name="proactive_unique_item_agency")]
        indexes = [models.Index(fields=["agency", "item"], name="proactive_item_agency"),
                   # Covering (on PostgreSQL) what the count reads: a count reads no item row.
                   models.Index(fields=["agency", "published_on", "item"], name="proactive_agency_date_item",
                                include=["status", "normative_kind", "document_date", "invalid_on", "validity",
                                         "channel_keys"]),
                   models.Index(fields=["agency", "published_on", "item"], condition=~models.Q(normative_kind=""),
                                name="proactive_agency_normative")]

    @classmethod
    def copies(cls, item: Item) -> dict:
        return {name: getattr(item, name) for name in cls.COPIED}


class ItemChannel(models.Model):
    """A channel an item went out on (公开渠道), with its date; the gazette with its issue, the website
    with the page's address."""

    # No index of its own: the unique (item, channel) index finds an item's channels, and holds all the
    # counting engine reads of them (the channels of each item counted, an index-only lookup).
    item = models.ForeignKey(Item, models.CASCADE, related_name="channels", verbose_name="信息", db_index=False)
    channel = models.CharField("公开渠道", max_length=20, choices=rules.channel_choices)
    published_on = models.DateField("公开日期")
    gazette_issue = models.CharField("政府公报期号", max_length=50, blank=True)
    url = models.URLField("网址", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "公开渠道"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["item", "channel"], name="proactive_unique_item_channel")]
        indexes = [models.Index(fields=["channel", "item"], name="proactive_channel_item")]

    def __str__(self) -> str:
        return self.get_channel_display()


class ItemEvent(AppendOnly):
    """One change of an item: who, when, what (``changes``: field → [old, new], as shown to people)."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", "登记"
        EDITED = "edited", "修改"
        PUBLISHED = "published", "发布"
        WITHDRAWN = "withdrawn", "撤回"
        IMPORTED = "imported", "导入"

    item = models.ForeignKey(Item, models.PROTECT, related_name="events", verbose_name="信息")
    kind = models.CharField("事项", max_length=20, choices=Kind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="经办人")
    at = models.DateTimeField("时间", default=timezone.now)
    changes = models.JSONField("变更内容", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "信息变更记录"
        ordering = ["at", "pk"]


class IndexSerial(models.Model):
    """The last serial given within one scope of the index-number pattern (everything it says but the
    serial). It only ever counts up: a number is never given twice, withdrawn or not."""

    scope = models.CharField("范围", max_length=80, unique=True)
    last = models.PositiveIntegerField("已用到的流水号", default=0)
