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
on it: an item on several channels counts in each channel's row and once in the total). The counting
query reads an item's channels as one number, a bit per channel, looked up once per item through the
(item, channel) index: one ``EXISTS`` per channel would each be planned as a hash of every item ever
put out on that channel, whatever the agency and year counted.

The records read are the items published in Y and the normative documents published in other years
(the only ones counted by their issue, repeal or validity), two disjoint parts an index reads each.
"""

import datetime

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from gongkai.web.counting import Attribute, Field, Part, Population, register
from gongkai.web.proactive import rules
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


def _bit(channel: str) -> int:
    return 1 << list(rules.channels()).index(channel)


def _channel_bits() -> Coalesce:
    """The item's channels, a bit each (an item has each channel once, so their sum is their union)."""
    bits = Case(*[When(channel=key, then=Value(_bit(key))) for key in rules.channels()], default=Value(0))
    per_item = ItemChannel.objects.filter(item=OuterRef("pk")).order_by().values("item").annotate(bits=Sum(bits))
    return Coalesce(Subquery(per_item.values("bits")), Value(0))


class ItemChannelAttribute(Attribute):
    """An item has several channels, read as one number (a bit per channel), so that the item is one
    record; the list behind a cell asks for the channel itself."""

    fields = ("channel_bits",)

    def matches(self, wanted, group: dict) -> bool:
        return bool(group["channel_bits"] & _bit(wanted))

    def condition(self, wanted, year: int) -> Q:
        return Q(Exists(ItemChannel.objects.filter(item=OuterRef("pk"), channel=wanted)))


def _annotations(year: int) -> dict:
    flags = {part: Case(When(placed(part, year), then=Value(True)), default=Value(False), output_field=BooleanField())
             for part in PARTS}
    return {**flags, "channel_bits": _channel_bits()}


def _parts(year: int) -> list[Part]:
    start, end = _year(year)
    elsewhere = Q(published_on__lt=start) | Q(published_on__gt=end)
    return [Part(Q(published_on__range=(start, end)), {"published": True, "published_by": True}),
            Part(elsewhere & ~Q(normative_kind=""), {"published": False})]


def _base(agency):
    publishers = ItemAgency.objects.filter(item=OuterRef("pk"))
    publishers = (publishers.filter(agency__path__startswith=agency.path) if agency.is_jurisdiction
                  else publishers.filter(agency=agency))
    return Item.objects.exclude(status=Item.Status.DRAFT).filter(Exists(publishers))


PROACTIVE_ITEMS = Population(
    name="proactive_items", label="信息", base=_base, parts=_parts,
    attributes={"part": ItemPart(), "normative_kind": Field("normative_kind"), "channel": ItemChannelAttribute()},
    annotations=_annotations, order=("-published_on", "-pk"),
    list_template="proactive/behind_items.html", prepare=lambda records: records.select_related("agency"))


def register_all() -> None:
    register(PROACTIVE_ITEMS)
