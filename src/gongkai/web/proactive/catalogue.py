"""The public catalogue (政府信息公开目录): published items, filtered by agency, 主题分类, year and channel,
searched in Chinese (``search.py``), newest first. The pages, the API and the feeds read it here."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from gongkai.web.agencies.models import Agency
from gongkai.web.proactive import rules, search
from gongkai.web.proactive.models import Category, Item, ItemAgency, ItemChannel

PAGE_SIZE = 20
COUNT_CAP = 10000  # beyond this the count says "more than": counting every hit of a common word is not free
COMMON_SHARE = 0.005  # words in this share of the items are found by walking the newest (``search``)
FIRST_YEAR = 2008  # the Regulation took effect on 2008-05-01


class CatalogueError(Exception):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        self.message = "查询条件不正确：" + "；".join(errors.values())
        super().__init__(self.message)


@dataclass
class Query:
    q: str = ""
    agency: Agency | None = None
    year: int | None = None
    category: Category | None = None
    channel: str = ""
    page: int = 1


def parse(params) -> Query:
    """A query from request parameters (strings); ``CatalogueError`` names each wrong one."""
    errors, query = {}, Query(q=(params.get("q") or "").strip()[:100])
    if params.get("agency"):
        query.agency = Agency.objects.filter(pk=params["agency"]).first() if str(params["agency"]).isdigit() else None
        if query.agency is None:
            errors["agency"] = f"没有编号为「{params['agency']}」的机关"
    if params.get("year"):
        text = str(params["year"])
        if not text.isdigit() or not FIRST_YEAR <= int(text) <= datetime.date.today().year:
            errors["year"] = f"年份应为{FIRST_YEAR}年至今年之间的四位数字"
        else:
            query.year = int(text)
    if params.get("category"):
        query.category = Category.objects.filter(code=params["category"]).first()
        if query.category is None:
            errors["category"] = f"没有代码为「{params['category']}」的主题分类"
    if params.get("channel"):
        if params["channel"] not in rules.channels():
            errors["channel"] = f"没有「{params['channel']}」这一公开渠道"
        query.channel = params["channel"]
    if params.get("page"):
        text = str(params["page"])
        if not text.isdigit() or int(text) < 1:
            errors["page"] = "页码应为正整数"
        else:
            query.page = int(text)
    if errors:
        raise CatalogueError(errors)
    return query


def published() -> QuerySet:
    return Item.objects.filter(status=Item.Status.PUBLISHED)


def find(query: Query) -> QuerySet:
    return _find(query)[0]


def _find(query: Query) -> tuple[QuerySet, int | None]:
    """The items found, newest first, and the database's estimate of their number (PostgreSQL)."""
    filtered = _filtered(query)
    estimate = search.estimate(filtered, query.q)
    if estimate is None:
        return search.filter_items(filtered, query.q).order_by("-published_on", "-pk"), None
    # Whether the words are common is a matter of their share of all items, whatever else is asked:
    # the newest items are then walked and about one in 1/share of them is a hit.
    common = bool(query.q) and search.estimate(published(), query.q) >= COMMON_SHARE * search.estimate(published(), "")
    items = search.filter_items(filtered, query.q, common=common).order_by("-published_on", "-pk")
    return items, estimate


def _filtered(query: Query) -> QuerySet:
    """The published items that the query's filters other than the words admit."""
    items = published()
    if query.agency is not None:
        publishers = ItemAgency.objects.filter(item=OuterRef("pk"))
        publishers = (publishers.filter(agency__path__startswith=query.agency.path) if query.agency.is_jurisdiction
                      else publishers.filter(agency=query.agency))
        items = items.filter(Exists(publishers))
    if query.year is not None:
        items = items.filter(published_on__range=(datetime.date(query.year, 1, 1), datetime.date(query.year, 12, 31)))
    if query.category is not None:
        items = items.filter(category_code__startswith=query.category.code)
    if query.channel:
        items = items.filter(Exists(ItemChannel.objects.filter(item=OuterRef("pk"), channel=query.channel)))
    return items


@dataclass
class Page:
    items: list[Item]
    number: int
    count: int
    capped: bool  # at least ``count`` items match
    estimated: bool = False  # about ``count`` items match (the database's estimate)

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // PAGE_SIZE))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page(query: Query) -> Page:
    items, estimate = _find(query)
    start = (query.page - 1) * PAGE_SIZE
    found = list(items.select_related("agency", "category").prefetch_related("channels")[start:start + PAGE_SIZE])
    if len(found) < PAGE_SIZE and (found or query.page == 1):  # the last page: the count is known
        return Page(found, query.page, start + len(found), False)
    if estimate is not None:
        # Beyond the last page, what PostgreSQL estimates is shown ("about"): counting the hits exactly
        # means reading every one of them, or every item the other conditions admit. Never fewer than
        # the pages read so far hold: an estimate may be low.
        return Page(found, query.page, max(_rounded(estimate), start + len(found) + 1), False, estimated=True)
    count = items.values("pk")[:COUNT_CAP + 1].count()
    return Page(found, query.page, min(count, COUNT_CAP), count > COUNT_CAP)


def _rounded(number: int) -> int:
    """Two significant digits: an estimate says no more than it knows."""
    step = 10 ** max(len(str(number)) - 2, 0)
    return round(number / step) * step


def browse_options() -> dict:
    """What the catalogue can be browsed by: agencies, top-level categories, years, channels."""
    return {"agencies": Agency.objects.order_by("path"), "categories": Category.objects.filter(parent__isnull=True),
            "years": range(datetime.date.today().year, FIRST_YEAR - 1, -1), "channels": rules.channel_choices()}
