"""Art 26: an item is published within the rule's working days of the day it was formed or changed
(``rules.timeliness``), counted with the calendar the applications use (the package's arrangements and
the years the office entered). The count is stored on the item when it is published, so the rate per
agency and month is one grouped query."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from gongkai.calendar import WorkingCalendar
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


def rates(agencies, start: datetime.date, end: datetime.date) -> list[Rate]:
    """Per agency (by the agency whose number the item bears) and month of publication: the items
    published in [start, end] and how many of them late. The monthly bulletin calls this."""
    rows = (Item.objects.filter(agency__in=agencies, published_on__range=(start, end))
            .exclude(status=Item.Status.DRAFT)
            .annotate(month=TruncMonth("published_on"))
            .values("agency_id", "agency__name", "month")
            .annotate(published=Count("pk"), late=Count("pk", filter=Q(late=True)))
            .order_by("agency_id", "month"))
    return [Rate(row["agency_id"], row["agency__name"], row["month"], row["published"], row["late"]) for row in rows]


def late_items(agencies, start: datetime.date, end: datetime.date):
    return (Item.objects.filter(agency__in=agencies, published_on__range=(start, end), late=True)
            .exclude(status=Item.Status.DRAFT).select_related("agency").order_by("-published_on", "-pk"))
