"""Event records that are appended and never changed or deleted: the history a report, a court or an
applicant may ask for. Every app's event model (办理记录, 信息变更记录, 操作记录) derives from ``AppendOnly``;
the refusals name the model by its ``verbose_name``."""

from django.core.exceptions import ValidationError
from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(f"{self.model._meta.verbose_name}不可修改。")

    def delete(self):
        raise ValidationError(f"{self.model._meta.verbose_name}不可删除。")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(f"{self._meta.verbose_name}不可修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(f"{self._meta.verbose_name}不可删除。")
