"""Art 26: an item is published within the rule's working days of the day it was formed or changed
(``rules.timeliness``), counted with the calendar the applications use (the package's arrangements and
the years the office entered). The count is stored on the item when it is published, so the rate per
agency and month is one grouped query."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from gongkai.calendar import WorkingCalendar
from gongkai.web.agencies.models import Agency
from gongkai.web.applications.services import working_calendar
from gongkai.web.proactive import rules
from gongkai.web.proactive.models import Item

ONE_DAY = datetime.timedelta(days=1)


def working_days_between(formed: datetime.date, published: datetime.date, calendar: WorkingCalendar) -> int:
    """Working days after ``formed`` up to and including ``published`` (0 when published the same day
    or earlier), the way a statutory period is counted from the day after its start."""
    if published <= formed:
        return 0
    count = 0
    for day in calendar.working_days_from(formed + ONE_DAY):
        if day > published:
            break
        count += 1
    return count


def assess(item: Item, calendar: WorkingCalendar | None = None) -> None:
    """Set the item's working-day count and lateness from its dates (not saved)."""
    if item.published_on is None:
        item.working_days_to_publish, item.late = None, False
        return
    days = working_days_between(item.formed_on, item.published_on, calendar or working_calendar())
    item.working_days_to_publish, item.late = days, days > rules.timeliness_days()


@dataclass
class Rate:
    agency_id: int
    agency: str
    month: datetime.date
    published: int
    late: int

    @property
    def rate(self) -> float:
        """The share published on time, in per cent."""
        return 100.0 * (self.published - self.late) / self.published if self.published else 100.0


def counts(agencies, periods: list[tuple[datetime.date, datetime.date]]) -> list[list[tuple[int, str, int, int]]]:
    """For each period [start, end] of ``periods``: per agency (by the agency whose number the item bears)
    and set of channels (``Item.channel_keys``), the items published in it and how many of them late, as
    (agency id, channel keys, published, late). One range scan over the days the periods span, which
    PostgreSQL reads from the index ``proactive_published`` alone."""
    if not periods:
        return []
    aggregates = {}
    for index, (start, end) in enumerate(periods):
        within = Q(published_on__range=(start, end))
        aggregates[f"published_{index}"] = Count("published_on", filter=within)
        aggregates[f"late_{index}"] = Count("published_on", filter=within & Q(late=True))
    rows = (Item.objects.filter(agency__in=agencies, published_on__range=(min(start for start, _ in periods),
                                                                           max(end for _, end in periods)))
            .exclude(status=Item.Status.DRAFT)
            .values_list("agency_id", "channel_keys").annotate(**aggregates).order_by())
    found = [[] for _ in periods]
    for agency_id, keys, *figures in rows:
        for index, period in enumerate(found):
            published, late = figures[2 * index:2 * index + 2]
            if published:
                period.append((agency_id, keys, published, late))
    return found


def months_between(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """[start, end] cut at the months' ends."""
    periods = []
    while start <= end:
        following = (start.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
        periods.append((start, min(end, following - ONE_DAY)))
        start = following
    return periods


def rates(agencies, start: datetime.date, end: datetime.date) -> list[Rate]:
    """Per agency and month of publication (``counts``): the items published in [start, end] and how
    many of them late."""
    totals = defaultdict(lambda: [0, 0])
    periods = months_between(start, end)
    for (month, _), found in zip(periods, counts(agencies, periods), strict=True):
        for agency_id, _, published, late in found:
            total = totals[agency_id, month.replace(day=1)]
            total[0] += published
            total[1] += late
    names = dict(Agency.objects.filter(pk__in={agency_id for agency_id, _ in totals}).values_list("pk", "name"))
    return [Rate(agency_id, names[agency_id], month, published, late)
            for (agency_id, month), (published, late) in sorted(totals.items())]


def late_items(agencies, start: datetime.date, end: datetime.date):
    return (Item.objects.filter(agency__in=agencies, published_on__range=(start, end), late=True)
            .exclude(status=Item.Status.DRAFT).select_related("agency").order_by("-published_on", "-pk"))
