"""The written documents' models: the templates the office edits, and the register of the documents
issued, which gives each document its number once (a document downloaded again keeps it).

A module of the ``models`` package (whose ``__init__`` imports it, so the app registers these models);
the foreign keys name their targets as strings, so it imports nothing of the package.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template import Engine, Template, TemplateSyntaxError
from django.utils import timezone

# Document texts are Django template text without tag libraries; autoescape off: the output is a Word
# document, not HTML.
ENGINE = Engine(autoescape=False)


def compile_template(text: str) -> Template:
    return ENGINE.from_string(text)


class DocumentTemplate(models.Model):
    """One kind of document's text, as Django template text with the placeholders of ``documents``."""

    kind = models.CharField("文书种类", max_length=40, unique=True, editable=False)
    name = models.CharField("文书名称", max_length=100)
    title = models.TextField("标题", help_text="每行一行标题，如“{{ agency }}”换行“政府信息公开申请答复书”")
    number = models.CharField("发文字号", max_length=200,
                              help_text="如“{{ designation }}依申复〔{{ year }}〕{{ serial }}号”（机关代字）")
    addressee = models.CharField("主送", max_length=200)
    body = models.TextField("正文", help_text="每行一段；可用的占位符见 documents.yaml 的说明")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="修改人")
    updated_at = models.DateTimeField("修改时间", default=timezone.now)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # A template that does not compile would only fail when a clerk needs the document: refuse it here.
        for field in ("title", "number", "addressee", "body"):
            try:
                compile_template(getattr(self, field))
            except TemplateSyntaxError as error:
                raise ValidationError({field: f"模板有误：{error}"}) from None


class IssuedDocument(models.Model):
    """发文登记: a document generated for one step (event) of an application, with its number."""

    application = models.ForeignKey("applications.Application", models.PROTECT, related_name="documents",
                                    verbose_name="申请")
    event = models.ForeignKey("applications.ApplicationEvent", models.PROTECT, related_name="+",
                              verbose_name="办理事项")
    kind = models.CharField("文书种类", max_length=40)
    agency = models.ForeignKey("agencies.Agency", models.PROTECT, related_name="+", verbose_name="发文机关")
    # The number with its serial left out (e.g. "九台区教育局依申复〔2026〕号"): documents whose templates
    # share 代字 and year share one series of serials.
    series = models.CharField("发文字号系列", max_length=200)
    serial = models.PositiveIntegerField("序号")
    number = models.CharField("发文字号", max_length=200)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+",
                                  verbose_name="经办人")
    issued_at = models.DateTimeField("生成时间", default=timezone.now)

    class Meta:
        verbose_name = "发文登记"
        verbose_name_plural = "发文登记"
        ordering = ["agency", "series", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="one_document_per_step"),
            models.UniqueConstraint(fields=["agency", "series", "serial"], name="one_serial_per_series"),
        ]

    def __str__(self) -> str:
        return self.number
