"""One row per address, scope and hour: how many requests it made (``services.allow`` counts)."""

from django.db import models


class RequestCount(models.Model):
    key = models.CharField("计数键", max_length=200, primary_key=True)  # scope:address:window
    hits = models.PositiveIntegerField("次数")
    window_end = models.BigIntegerField("窗口结束（Unix 秒）", db_index=True)

    class Meta:
        db_table = "gongkai_request_count"
        verbose_name = "访问计数"
        verbose_name_plural = "访问计数"
