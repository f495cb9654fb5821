"""The agency tree: a jurisdiction's government, its departments, townships and public enterprises.

A jurisdiction (本级政府) is not a model of its own: it is an agency of kind ``government``, and the
jurisdiction of any agency is its nearest ancestor (or itself) of that kind. Its subtree is every
agency whose annual report its coordination office collects.

Each agency keeps its place in the tree as a path of ids ("/1/2/5/"), so that a subtree, and the
applications and reports of a subtree, are found with one indexed prefix match instead of a walk.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Concat, Substr


class Agency(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府部门"
        TOWNSHIP = "township", "乡镇（街道）"
        PUBLIC_ENTERPRISE = "public_enterprise", "公共企事业单位"

    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children",
                               verbose_name="上级机关")
    jurisdiction_name = models.CharField("行政区", max_length=100, blank=True,
                                         help_text="仅本级政府填写，如“长春市九台区”")
    # GB/T 9704 7.2.4: a document's number opens with the issuer's short designation, not its name.
    designation = models.CharField("机关代字", max_length=20, blank=True,
                                   help_text="发文字号中的机关代字，如九台区教育局的“九教”（九教依申复〔2026〕1号）")
    # Kept by ``save``: the ids from the root down to this agency, "/1/2/5/".
    path = models.CharField("机构层级路径", max_length=255, db_index=True, editable=False, default="")
    # The facts the legacy statistics table asks for (八、机构建设和保障经费情况).
    full_time_staff = models.PositiveIntegerField("专职人员数", null=True, blank=True)
    part_time_staff = models.PositiveIntegerField("兼职人员数", null=True, blank=True)
    reading_points = models.PositiveIntegerField("政府信息公开查阅点数", null=True, blank=True)
    special_funds = models.DecimalField("政府信息公开专项经费（万元）", max_digits=14, decimal_places=4,
                                        null=True, blank=True)

    class Meta:
        verbose_name = "行政机关"
        verbose_name_plural = "行政机关"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.pk is not None and self.parent_id is not None and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": "上级机关不能是本机关或其下级机关。"})

    def save(self, *args, **kwargs):
        """Save, then set the path (it needs the id) and move the subtree's paths with it."""
        with transaction.atomic():
            super().save(*args, **kwargs)
            path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"
            if path != self.path:
                previous, self.path = self.path, path
                Agency.objects.filter(pk=self.pk).update(path=path)
                if previous:
                    Agency.objects.filter(path__startswith=previous).exclude(pk=self.pk).update(
                        path=Concat(models.Value(path), Substr("path", len(previous) + 1)))

    @property
    def is_jurisdiction(self) -> bool:
        return self.kind == self.Kind.GOVERNMENT

    @property
    def jurisdiction(self) -> "Agency | None":
        """The government whose annual report sums this agency's up (itself for a government)."""
        node = self
        while node is not None and not node.is_jurisdiction:
            node = node.parent
        return node

    @property
    def report_kind(self) -> str:
        """The core's agency kind, which sets the statutory deadline: only a government's own report
        is due on the later date; townships and enterprises report to it like departments."""
        return "government" if self.is_jurisdiction else "department"

    def subtree(self) -> models.QuerySet:
        """This agency and all agencies below it."""
        return Agency.objects.filter(path__startswith=self.path)

    def contains(self, other: "Agency") -> bool:
        """Whether ``other`` is this agency or below it."""
        return other.path.startswith(self.path)

    def members(self) -> models.QuerySet:
        """The agencies whose reports this jurisdiction's report sums up: every agency in its subtree
        whose jurisdiction it is, and the governments directly below it (whose own reports already
        sum up theirs), but not the government itself."""
        return Agency.objects.filter(pk__in=self.member_ids()).order_by("pk")

    def member_ids(self) -> list[int]:
        """The ids of ``members``, from the subtree's paths in one query of plain rows (a jurisdiction
        may have a thousand agencies): a member is an agency with no government between this
        jurisdiction and it, whatever its own kind."""
        below = list(self.subtree().exclude(pk=self.pk).values_list("pk", "kind", "path"))
        governments = {str(pk) for pk, kind, _ in below if kind == self.Kind.GOVERNMENT}
        start = len(self.path)
        return sorted(pk for pk, _, path in below if governments.isdisjoint(path[start:].split("/")[:-2]))
