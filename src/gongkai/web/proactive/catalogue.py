"""The public catalogue (政府信息公开目录): published items, filtered by agency, 主题分类, year and channel,
searched in Chinese (``search.py``), newest first. The pages, the API and the feeds read it here."""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from gongkai.web.agencies.models import Agency
from gongkai.web.counting import of_agency
from gongkai.web.proactive import rules, search
from gongkai.web.proactive.models import Category, Item, ItemAgency, ItemChannel

PAGE_SIZE = 20
COUNT_CAP = 10000  # beyond this the count says "more than": counting every hit of a common word is not free
COMMON_SHARE = 0.005  # words in this share of the items are found by walking the newest (``search``)
FIRST_YEAR = 2008  # the Regulation took effect on 2008-05-01
WINDOW_MARGIN = 2  # an agency's common word is looked for in days that should hold this many pages (``_in_window``)


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


def _find(query: Query) -> tuple[QuerySet, int | None, bool]:
    """The items found, newest first, the database's estimate of their number (PostgreSQL) and whether
    the words are common."""
    filtered = _filtered(query)
    estimate = search.estimate(filtered, query.q)
    if estimate is None:
        return search.filter_items(filtered, query.q).order_by("-published_on", "-pk"), None, False
    # Whether the words are common is a matter of their share of all items, whatever else is asked:
    # the newest items are then walked and about one in 1/share of them is a hit.
    common = bool(query.q) and search.estimate(published(), query.q) >= COMMON_SHARE * search.estimate(published(), "")
    items = search.filter_items(filtered, query.q, common=common).order_by("-published_on", "-pk")
    return items, estimate, common


def _filtered(query: Query, since: datetime.date | None = None) -> QuerySet:
    """The published items that the query's filters other than the words admit."""
    items = published()
    if since is not None:
        items = items.filter(published_on__gte=since)
    if query.agency is not None:
        publishers = ItemAgency.objects.filter(of_agency(query.agency), item=OuterRef("pk"))
        if since is not None:  # the publishers' copy of the date: one index range per agency
            publishers = publishers.filter(published_on__gte=since)
        items = items.filter(Exists(publishers))
    if query.year is not None:
        items = items.filter(published_on__range=(datetime.date(query.year, 1, 1), datetime.date(query.year, 12, 31)))
    if query.category is not None:
        items = items.filter(category_code__startswith=query.category.code)
    if query.channel:
        items = items.filter(Exists(ItemChannel.objects.filter(item=OuterRef("pk"), channel=query.channel)))
    return items


def _in_window(query: Query, start: int, estimate: int) -> list[Item]:
    """The page from ``start`` of a common word's items in a jurisdiction, read from the newest days that
    should hold it.

    A common word's hits are found by walking the newest items. A jurisdiction has a small share of them
    and its agencies' items are an index range each, which cannot be walked newest first as one, so the
    walk would test the items of every jurisdiction until this one's hits turn up (thousands). A window
    of days is read instead, through the publishers' index on (agency, 发布日期): only the jurisdiction's
    items of those days are tested. Every item newer than the window's first day is in it, so a full
    page of the window is the page. The window is sized from the estimated hits spread over the
    register's days (a published item has a 发布日期), ``WINDOW_MARGIN`` times what the page needs, and
    widened until it holds the page or every day."""
    dates = published().values_list("published_on", flat=True)
    newest, oldest = dates.order_by("-published_on").first(), dates.order_by("published_on").first()
    if newest is not None and query.year is not None:  # the hits are the year's
        newest, oldest = min(newest, datetime.date(query.year, 12, 31)), max(oldest, datetime.date(query.year, 1, 1))
    if newest is None or newest < oldest:  # no item of the year (the planner estimates a few rows of any table)
        return []
    span = (newest - oldest).days + 1
    days = math.ceil(span * (start + PAGE_SIZE) * WINDOW_MARGIN / max(estimate, 1))
    while True:
        found = _slice(search.filter_items(_filtered(query, newest - datetime.timedelta(days=days - 1)), query.q,
                                           common=True).order_by("-published_on", "-pk"), start)
        if len(found) == PAGE_SIZE or days >= span:
            return found
        # Doubled, not scaled by the hits found so far: a few hits (the newest days are not all published
        # yet) would make a window of far more items than the page needs.
        days *= 2


def _slice(items: QuerySet, start: int) -> list[Item]:
    return list(items.select_related("agency", "category").prefetch_related("channels")[start:start + PAGE_SIZE])


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
    items, estimate, common = _find(query)
    start = (query.page - 1) * PAGE_SIZE
    if common and query.agency is not None and query.agency.is_jurisdiction:
        found = _in_window(query, start, estimate)
    else:
        found = _slice(items, start)
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
