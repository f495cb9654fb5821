"""The agency tree: a jurisdiction's government, its departments, townships and public enterprises.

A jurisdiction (本级政府) is not a model of its own: it is an agency of kind ``government``, and the
jurisdiction of any agency is its nearest ancestor (or itself) of that kind. Its subtree is every
agency whose annual report its coordination office collects.
"""

from django.db import models


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

    def subtree_ids(self) -> set[int]:
        """The ids of this agency and all agencies below it (one query per level)."""
        found = {self.pk}
        level = [self.pk]
        while level:
            level = list(Agency.objects.filter(parent__in=level).values_list("pk", flat=True))
            found.update(level)
        return found

    def contains(self, other: "Agency") -> bool:
        node = other
        while node is not None:
            if node.pk == self.pk:
                return True
            node = node.parent
        return False

    def members(self) -> models.QuerySet:
        """The agencies whose reports this jurisdiction's report sums up: every agency in its subtree
        whose jurisdiction it is, and the governments directly below it (whose own reports already
        sum up theirs), but not the government itself."""
        below = Agency.objects.filter(pk__in=self.subtree_ids() - {self.pk}).select_related("parent")
        ids = [
            agency.pk for agency in below
            if (agency.parent_jurisdiction_id() if agency.is_jurisdiction else agency.jurisdiction_id()) == self.pk
        ]
        return Agency.objects.filter(pk__in=ids).order_by("pk")

    def jurisdiction_id(self) -> int | None:
        jurisdiction = self.jurisdiction
        return jurisdiction.pk if jurisdiction else None

    def parent_jurisdiction_id(self) -> int | None:
        return self.parent.jurisdiction_id() if self.parent else None
