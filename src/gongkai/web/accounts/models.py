"""Roles: what a user may do, and for which agency.

A user holds one or more roles. A clerk works for one agency. A coordination office and a reviewer
act for the jurisdiction of their role's agency (its whole subtree). An admin acts everywhere;
a Django superuser counts as an admin. The rules themselves are in ``permissions``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gongkai.web.agencies.models import Agency


class Role(models.Model):
    class Kind(models.TextChoices):
        CLERK = "clerk", "填报人员"
        COORDINATION_OFFICE = "coordination_office", "政务公开协调办公室"
        REVIEWER = "reviewer", "审核领导"
        ADMIN = "admin", "系统管理员"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="roles", verbose_name="用户")
    kind = models.CharField("角色", max_length=30, choices=Kind.choices)
    agency = models.ForeignKey(Agency, models.PROTECT, null=True, blank=True, related_name="roles",
                               verbose_name="机关")

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = [models.UniqueConstraint(fields=["user", "kind", "agency"], name="unique_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()}" + (f" · {self.agency}" if self.agency else "")

    def clean(self) -> None:
        if self.kind != self.Kind.ADMIN and self.agency is None:
            raise ValidationError({"agency": "除系统管理员外，每个角色都要指定机关。"})
        if self.kind in (self.Kind.COORDINATION_OFFICE, self.Kind.REVIEWER) and self.agency \
                and self.agency.jurisdiction is None:
            raise ValidationError({"agency": "该机关不属于任何本级政府，无法确定其行政区。"})

    @property
    def scope(self) -> Agency | None:
        """The root of the subtree this role acts on: the jurisdiction for an office or a reviewer."""
        if self.kind == self.Kind.CLERK:
            return self.agency
        return self.agency.jurisdiction if self.agency else None
