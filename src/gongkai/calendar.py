"""Statutory working days (工作日): weekends, official holidays and make-up working days (调休).

Saturdays and Sundays are rest days (《国务院关于职工工作时间的规定》第七条). Each year the State Council
General Office publishes 《国务院办公厅关于YYYY年部分节假日安排的通知》, which lists the days off and the
weekend days that become working days; those cannot be derived by rule, so they are stored per year.

The arrangements for the years the ``chinesecalendar`` package covers are its data; overrides (a mapping
year → ``{"holidays": [...], "workdays": [...]}``, from YAML, the database or plain dicts) replace a year's
arrangement as a whole, so that a wrong package entry can be corrected and a new year's circular entered
without waiting for a package release. A year with no arrangement is counted with the holidays the law
fixes (``statutory_holidays.yaml``: 《全国年节及纪念日放假办法》 Art. 2, lunar dates from ``lunardate``, 清明
from ``chinesecalendar``'s solar terms, and Art. 6's substitute days) and the weekends, and reported as
*provisional*: the circular moves days around.
"""

import bisect
import datetime
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from chinese_calendar import constants as package_calendar
from chinese_calendar import get_solar_terms
from lunardate import LunarDate

from gongkai.errors import InputError

ONE_DAY = datetime.timedelta(days=1)
SATURDAY = 5
PACKAGE_SOURCE = "chinesecalendar"
OVERRIDE_KEYS = {"holidays", "workdays", "source"}
STATUTORY_FILE = Path(__file__).with_name("statutory_holidays.yaml")


@dataclass(frozen=True)
class Arrangement:
    """One year's official arrangement: days off (weekend days of a holiday block included) and
    weekend days that are working days (调休上班)."""

    year: int
    holidays: frozenset[datetime.date]
    workdays: frozenset[datetime.date]
    source: str
    substitutes: frozenset[datetime.date] = frozenset()  # of the holidays, those made up for a weekend one


@dataclass(frozen=True)
class WorkingDayCount:
    """The result of counting working days: the last day counted, every day counted in order, and the
    years in the counted span that had no official arrangement (counted on weekends alone)."""

    due: datetime.date
    working_days: tuple[datetime.date, ...]
    provisional_years: tuple[int, ...]

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)


def _package_arrangements() -> dict[int, Arrangement]:
    by_year: dict[int, tuple[set, set]] = {}
    for day in package_calendar.holidays:
        by_year.setdefault(day.year, (set(), set()))[0].add(day)
    for day in package_calendar.workdays:
        by_year.setdefault(day.year, (set(), set()))[1].add(day)
    return {
        year: Arrangement(year, frozenset(holidays), frozenset(workdays), PACKAGE_SOURCE)
        for year, (holidays, workdays) in by_year.items()
    }


@functools.cache
def _statutory_rules() -> dict:
    return yaml.safe_load(STATUTORY_FILE.read_text(encoding="utf-8"))


def _first_day(holiday: Mapping, year: int) -> datetime.date:
    kind = holiday["calendar"]
    if kind == "solar":
        day = datetime.date(year, holiday["month"], holiday["day"])
    elif kind == "lunar":
        day = LunarDate(year, holiday["month"], holiday["day"]).to_solar_date()
    elif kind == "solar_term":
        terms = get_solar_terms(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        day = next(day for day, name in terms if name == holiday["term"])
    else:
        raise ValueError(f"{STATUTORY_FILE.name}: unknown calendar {kind!r}")
    return day + datetime.timedelta(days=holiday.get("offset", 0))


@functools.cache
def statutory_arrangement(year: int) -> Arrangement | None:
    """The days off the law fixes in ``year`` (``statutory_holidays.yaml``) with their substitute days,
    or None for a year before the rules took effect or beyond the lunar tables (1900–2099)."""
    rules = _statutory_rules()
    if year < rules["effective_from"].year:
        return None
    try:
        holidays = {_first_day(holiday, year) + datetime.timedelta(days=offset)
                    for holiday in rules["holidays"] for offset in range(holiday["days"])}
    except (ValueError, StopIteration):  # lunardate and the solar terms cover 1900–2099
        return None
    substitutes: set[datetime.date] = set()
    for day in sorted(day for day in holidays if day.weekday() >= SATURDAY):
        substitute = day + ONE_DAY
        while substitute.weekday() >= SATURDAY or substitute in holidays or substitute in substitutes:
            substitute += ONE_DAY
        substitutes.add(substitute)
    return Arrangement(year, frozenset(holidays | substitutes), frozenset(), f"{rules['basis']}（推算）",
                       frozenset(substitutes))


def _parse_day(value: object, year: int, place: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise InputError(f"日期「{value}」格式不正确，应为 YYYY-MM-DD", place) from None
    if not isinstance(value, datetime.date):
        raise InputError(f"「{value}」不是日期，应为 YYYY-MM-DD", place)
    if value.year != year:
        raise InputError(f"日期 {value.isoformat()} 不属于{year}年", place)
    return value


def parse_arrangement(year: object, entry: object) -> Arrangement:
    """One override entry, validated; raises InputError naming the year and the list at fault."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise InputError(f"年份「{year}」不是整数", "节假日安排") from None
    place = f"节假日安排 {year}年"
    if not isinstance(entry, Mapping):
        raise InputError("应为包含 holidays（放假日）和 workdays（调休上班日）的映射", place)
    unknown = set(entry) - OVERRIDE_KEYS
    if unknown:
        raise InputError(f"未知的键：{'、'.join(sorted(map(str, unknown)))}", place)
    days = {}
    for key in ("holidays", "workdays"):
        values = entry.get(key) or []
        if isinstance(values, str | bytes) or not isinstance(values, Iterable):
            raise InputError("应为日期列表", f"{place}, {key}")
        days[key] = frozenset(_parse_day(value, year, f"{place}, {key}") for value in values)
    both = days["holidays"] & days["workdays"]
    if both:
        listed = "、".join(day.isoformat() for day in sorted(both))
        raise InputError(f"{listed} 同时列为放假日和调休上班日", place)
    # A Monday–Friday "make-up working day" is already a working day: almost certainly a typing error.
    weekdays = sorted(day for day in days["workdays"] if day.weekday() < SATURDAY)
    if weekdays:
        listed = "、".join(day.isoformat() for day in weekdays)
        raise InputError(f"调休上班日应为星期六或星期日，{listed} 不是", f"{place}, workdays")
    return Arrangement(year, days["holidays"], days["workdays"], str(entry.get("source") or "override"))


class WorkingCalendar:
    """Working days by year: the package's arrangements, replaced year by year by ``overrides``.

    Working days are precomputed per year on first use (a sorted tuple and a set), so counting forward
    is a binary search plus a slice, whatever the span.
    """

    def __init__(self, overrides: Mapping[object, object] | None = None, *, use_package: bool = True):
        self._arrangements = _package_arrangements() if use_package else {}
        for year, entry in (overrides or {}).items():
            arrangement = parse_arrangement(year, entry)
            self._arrangements[arrangement.year] = arrangement
        self._working_days: dict[int, tuple[datetime.date, ...]] = {}
        self._working_day_sets: dict[int, frozenset[datetime.date]] = {}

    @classmethod
    def from_yaml(cls, path: str | Path, *, use_package: bool = True) -> "WorkingCalendar":
        """A calendar with the overrides of a YAML file: ``2027: {holidays: [...], workdays: [...]}``."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise InputError(f"无法读取节假日安排文件：{error.strerror}", str(path)) from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise InputError(f"节假日安排文件不是有效的 YAML：{error}", str(path)) from None
        if data is not None and not isinstance(data, Mapping):
            raise InputError("节假日安排文件应为“年份: 安排”的映射", str(path))
        try:
            return cls(data, use_package=use_package)
        except InputError as error:
            raise error.within(str(path)) from None

    def arrangement(self, year: int) -> Arrangement | None:
        return self._arrangements.get(year)

    def has_arrangement(self, year: int) -> bool:
        return year in self._arrangements

    def _year_working_days(self, year: int) -> tuple[datetime.date, ...]:
        days = self._working_days.get(year)
        if days is None:
            arrangement = self._arrangements.get(year) or statutory_arrangement(year)
            holidays = arrangement.holidays if arrangement else frozenset()
            workdays = arrangement.workdays if arrangement else frozenset()
            day, days_list = datetime.date(year, 1, 1), []
            while day.year == year:
                if day in workdays or (day.weekday() < SATURDAY and day not in holidays):
                    days_list.append(day)
                day += ONE_DAY
            days = self._working_days[year] = tuple(days_list)
            self._working_day_sets[year] = frozenset(days)
        return days

    def is_working_day(self, day: datetime.date) -> bool:
        self._year_working_days(day.year)
        return day in self._working_day_sets[day.year]

    def working_days_from(self, first: datetime.date) -> Iterator[datetime.date]:
        """Working days on or after ``first``, in order, without end."""
        year = first.year
        days = self._year_working_days(year)
        yield from days[bisect.bisect_left(days, first) :]
        while True:
            year += 1
            yield from self._year_working_days(year)

    def add_working_days(
        self,
        start: datetime.date,
        n: int,
        *,
        excluding: Iterable[tuple[datetime.date, datetime.date]] = (),
        count_start: bool = False,
    ) -> WorkingDayCount:
        """Count ``n`` working days from ``start``; the n-th is the due date.

        ``start`` itself is counted only with ``count_start`` (and only if it is a working day).
        ``excluding`` are periods whose days do not count; both the first and the last day of a
        period are excluded, and counting resumes with the next working day after it.
        """
        if n < 1:
            raise ValueError(f"n must be at least 1, not {n}")
        periods = sorted(excluding)
        for first, last in periods:
            if last < first:
                raise ValueError(f"period ends before it starts: {first} – {last}")
        counted: list[datetime.date] = []
        first_day = start if count_start else start + ONE_DAY
        for day in self.working_days_from(first_day):
            if any(first <= day <= last for first, last in periods):
                continue
            counted.append(day)
            if len(counted) == n:
                break
        due = counted[-1]
        provisional = tuple(year for year in range(first_day.year, due.year + 1) if year not in self._arrangements)
        return WorkingDayCount(due, tuple(counted), provisional)
