"""The catalogue's taxonomy (主题分类, 体裁), data the coordination office edits, and each agency's
catalogue particulars (its organisation code for the index number, the day it was established)."""

from django.db import models

from gongkai.web.agencies.models import Agency


class Category(models.Model):
    """A 主题分类: two levels, coded (濮阳 2015: 02 法规公文 → 0201 规范性文件). Items keep the code they
    were filed under when the tree changes, so a category is retired, never deleted."""

    code = models.CharField("分类代码", max_length=20, unique=True)
    name = models.CharField("分类名称", max_length=60)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name="上级分类")
    active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "主题分类"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Genre(models.Model):
    """A 体裁 (决定, 通知, 公告, 报告 …)."""

    code = models.CharField("体裁代码", max_length=20, unique=True)
    name = models.CharField("体裁名称", max_length=30)
    active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "体裁"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class AgencyProfile(models.Model):
    agency = models.OneToOneField(Agency, models.CASCADE, related_name="catalogue_profile", verbose_name="机关")
    organisation_code = models.CharField("组织机构代码", max_length=30, blank=True,
                                         help_text="索引号的前缀，如统一社会信用代码或组织机构代码")
    established_on = models.DateField("成立日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "机关目录信息"

    def __str__(self) -> str:
        return str(self.agency)
