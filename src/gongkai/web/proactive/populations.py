"""The register's population for the counting engine (``gongkai.web.counting``; registered in
``apps.py``): ``proactive_items``, the items an annual report counts, and what the format files may say
about them (legacy 一, gov2019/gov2021 表二 第二十条第（一）项).

An agency's report counts the items it published, joint documents included (each of their agencies
counts them once); a jurisdiction's, every item of its tree once. Drafts never count; a withdrawn item
still counts in the year it was disclosed. What places an item in year Y (``part``):
- ``published``: published in Y (发布日期);
- ``issued``: 成文日期 in Y (制发, 本年新制作);
- ``repealed``: ceased to be valid in Y (废止 or 失效, so that 现行有效 = last year's + 制发 − 废止, rule T2-3);
- ``in_force``: issued by 31 December of Y and still valid on that day (现行有效);
- ``published_by``: published by 31 December of Y (对外公开总数量).
Attributes: ``normative_kind`` (regulation 规章, normative 行政规范性文件), ``channel`` (the item went out
on it: an item on several channels counts in each channel's row and once in the total).

Counting reads the publishers' rows (``ItemAgency``), which copy every field of the item that the
parts and attributes read (``ItemAgency.COPIED``, the channels as ``channel_keys``): a part of a
jurisdiction's year is one range per agency of the covering index on (agency, 发布日期), and no item
row is read. A joint document has a row per agency, all alike, so it falls in one group, where it
counts once (the population counts distinct items). The list behind a cell reads the items themselves,
by the same conditions on the same fields.

The records read are the items published in Y and the normative documents published in other years
(the only ones counted by their issue, repeal or validity), two disjoint parts.
"""

import datetime

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When

from gongkai.web.counting import Attribute, Field, Part, Population, of_agency, register
from gongkai.web.proactive.models import Item, ItemAgency, ItemChannel

PARTS = ("published", "issued", "repealed", "in_force", "published_by")
INVALID = (Item.Validity.EXPIRED, Item.Validity.REPEALED)


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def placed(part: str, year: int) -> Q:
    """The items ``part`` places in ``year``."""
    start, end = _year(year)
    return {
        "published": Q(published_on__range=(start, end)),
        "issued": Q(document_date__range=(start, end)),
        "repealed": Q(invalid_on__range=(start, end), validity__in=INVALID),
        "in_force": Q(document_date__lte=end) & (Q(invalid_on__isnull=True) | Q(invalid_on__gt=end)),
        "published_by": Q(published_on__lte=end),
    }[part]


class ItemPart(Attribute):
    fields = PARTS

    def matches(self, wanted, group: dict) -> bool:
        return group[wanted]

    def condition(self, wanted, year: int) -> Q:
        return placed(wanted, year)


class ItemChannelAttribute(Attribute):
    """An item has several channels, grouped as their joined keys (``channel_keys``), so that the
    item is one record; the list behind a cell asks for the channel itself."""

    fields = ("channel_keys",)

    def matches(self, wanted, group: dict) -> bool:
        return wanted in group["channel_keys"].split(",")

    def condition(self, wanted, year: int) -> Q:
        return Q(Exists(ItemChannel.objects.filter(item=OuterRef("pk"), channel=wanted)))


def _annotations(year: int) -> dict:
    return {part: Case(When(placed(part, year), then=Value(True)), default=Value(False), output_field=BooleanField())
            for part in PARTS}


def _parts(year: int) -> list[Part]:
    start, end = _year(year)
    elsewhere = Q(published_on__lt=start) | Q(published_on__gt=end)
    return [Part(Q(published_on__range=(start, end)), {"published": True, "published_by": True}),
            Part(elsewhere & ~Q(normative_kind=""), {"published": False})]


def _base(agency, part: Q | None = None):
    """The items of ``agency``'s report; with ``part`` (counting), the publishers' rows of the part
    within the agency's report, each a copy of its item's counted fields."""
    if part is not None:
        return ItemAgency.objects.exclude(status=Item.Status.DRAFT).filter(of_agency(agency), part)
    publishers = ItemAgency.objects.filter(of_agency(agency), item=OuterRef("pk"))
    return Item.objects.exclude(status=Item.Status.DRAFT).filter(Exists(publishers))


PROACTIVE_ITEMS = Population(
    name="proactive_items", label="信息", base=_base, parts=_parts, scoped=True,
    attributes={"part": ItemPart(), "normative_kind": Field("normative_kind"), "channel": ItemChannelAttribute()},
    annotations=_annotations, count="item", distinct=True, order=("-published_on", "-pk"),
    list_template="proactive/behind_items.html", prepare=lambda records: records.select_related("agency"))


def register_all() -> None:
    register(PROACTIVE_ITEMS)
