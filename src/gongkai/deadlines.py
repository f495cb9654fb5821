"""Statutory reply deadlines for disclosure applications, from the rules in ``deadline_rules.yaml``.

How a deadline is counted (decisions recorded with the rules, see the ``notes`` and ``settings`` there):

* The count starts on the day after the received date (setting ``receipt_day_counts``, default false),
  or, after a supplement request (补正), on the day after the completed application was received.
* The n-th working day counted is the due date; an extension adds the extension's working days to it.
* A pause (``Pause(first, last)``) excludes every day from ``first`` to ``last``, both included: the day
  the consultation letter or fee notice goes out and the day the answer or payment arrives do not count;
  counting resumes with the next working day.
* The version of the Regulation is the one in force on the received date unless the caller names one.
"""

import datetime
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from importlib import resources

import yaml

from gongkai.calendar import WorkingCalendar, WorkingDayCount
from gongkai.errors import InputError

RULES_FILE = "deadline_rules.yaml"


@dataclass(frozen=True)
class Limit:
    working_days: int
    article: str
    wording: str


@dataclass(frozen=True)
class PauseRule:
    kind: str
    label: str
    article: str
    setting: str | None  # a boolean setting that must be on for this pause to stop the clock


@dataclass(frozen=True)
class Regulation:
    key: str
    name: str
    short_name: str
    effective_from: datetime.date
    limits: Mapping[str, Limit]
    supplement_article: str
    pauses: Mapping[str, PauseRule]


@dataclass(frozen=True)
class DeadlineSettings:
    """The open points of law that change a date; defaults come from ``deadline_rules.yaml``."""

    receipt_day_counts: bool
    fee_payment_pauses_clock: bool
    unannounced_year: str  # "flag": count weekends only and mark provisional; "refuse": raise


@dataclass(frozen=True)
class DeadlineRules:
    regulations: Mapping[str, Regulation]
    default_settings: DeadlineSettings
    unannounced_year_choices: tuple[str, ...]

    def regulation_for(self, received: datetime.date) -> Regulation:
        """The version in force on ``received``."""
        in_force = [rule for rule in self.regulations.values() if rule.effective_from <= received]
        if not in_force:
            earliest = min(rule.effective_from for rule in self.regulations.values())
            raise InputError(
                f"收到申请之日 {received.isoformat()} 早于《政府信息公开条例》施行之日（{earliest.isoformat()}）",
                "收到申请之日",
            )
        return max(in_force, key=lambda rule: rule.effective_from)


@dataclass(frozen=True)
class Pause:
    """Days that do not count toward the reply period: ``first`` to ``last``, both included.

    ``kind`` names the reason (a key of the regulation's ``pauses``); None when the caller has already
    decided that the period pauses the clock.
    """

    first: datetime.date
    last: datetime.date
    kind: str | None = None


@dataclass(frozen=True)
class DueDate:
    received: datetime.date
    counted_from: datetime.date  # the received date, or the day the completed application arrived
    extension: bool
    paused: tuple[Pause, ...]
    due: datetime.date
    working_days: tuple[datetime.date, ...]
    provisional: bool
    provisional_years: tuple[int, ...]
    regulation: str
    regulation_name: str
    articles: tuple[str, ...]

    def to_json(self) -> dict:
        return {
            "received": self.received.isoformat(),
            "counted_from": self.counted_from.isoformat(),
            "regulation": self.regulation,
            "regulation_name": self.regulation_name,
            "articles": list(self.articles),
            "extension": self.extension,
            "paused": [
                {"first": pause.first.isoformat(), "last": pause.last.isoformat(), "kind": pause.kind}
                for pause in self.paused
            ],
            "due": self.due.isoformat(),
            "working_days": [day.isoformat() for day in self.working_days],
            "provisional": self.provisional,
            "provisional_years": list(self.provisional_years),
        }


def _regulation(key: str, data: Mapping) -> Regulation:
    limits = {
        name: Limit(limit["working_days"], limit["article"], limit["wording"]) for name, limit in data["limits"].items()
    }
    pauses = {
        kind: PauseRule(kind, pause["label"], pause["article"], pause.get("setting"))
        for kind, pause in data["pauses"].items()
    }
    return Regulation(
        key,
        data["name"],
        data["short_name"],
        data["effective_from"],
        limits,
        data["supplement_restarts_clock"]["article"],
        pauses,
    )


@functools.cache
def load_rules() -> DeadlineRules:
    data = yaml.safe_load(resources.files("gongkai").joinpath(RULES_FILE).read_text(encoding="utf-8"))
    settings = data["settings"]
    return DeadlineRules(
        {key: _regulation(key, entry) for key, entry in data["regulations"].items()},
        DeadlineSettings(**{name: entry["default"] for name, entry in settings.items()}),
        tuple(settings["unannounced_year"]["choices"]),
    )


@functools.cache
def default_calendar() -> WorkingCalendar:
    """The package's arrangements without overrides; built once because it is immutable."""
    return WorkingCalendar()


def _settings(rules: DeadlineRules, settings: DeadlineSettings | Mapping | None) -> DeadlineSettings:
    if settings is None:
        return rules.default_settings
    if isinstance(settings, DeadlineSettings):
        return settings
    known = {field.name: field.type for field in fields(DeadlineSettings)}
    unknown = set(settings) - set(known)
    if unknown:
        raise InputError(f"未知的期限设置：{'、'.join(sorted(map(str, unknown)))}", "期限设置")
    for name, value in settings.items():
        if known[name] is bool and not isinstance(value, bool):
            raise InputError(f"应为 true 或 false，不是「{value}」", f"期限设置 {name}")
    choice = settings.get("unannounced_year")
    if choice is not None and choice not in rules.unannounced_year_choices:
        allowed = "、".join(rules.unannounced_year_choices)
        raise InputError(f"应为 {allowed} 之一，不是「{choice}」", "期限设置 unannounced_year")
    return replace(rules.default_settings, **settings)


def _choose_regulation(rules: DeadlineRules, received: datetime.date, key: str | None) -> Regulation:
    """The version in force on ``received``, or the one the caller names for the transition [U]: a named
    version must not have been replaced before ``received`` (and, see ``_check_in_force``, must have
    taken effect by the due date)."""
    if key is None:
        return rules.regulation_for(received)
    if key not in rules.regulations:
        raise InputError(f"未知的条例版本「{key}」，可选：{'、'.join(rules.regulations)}", "regulation")
    regulation = rules.regulations[key]
    successor = rules.regulation_for(received)
    if successor.effective_from > regulation.effective_from:
        raise InputError(
            f"{regulation.short_name}已于 {successor.effective_from.isoformat()} 被{successor.short_name}取代，"
            f"不适用于 {received.isoformat()} 收到的申请",
            "regulation",
        )
    return regulation


def _check_in_force(regulation: Regulation, received: datetime.date, due: datetime.date) -> None:
    if regulation.effective_from > due:
        raise InputError(
            f"{regulation.short_name}自 {regulation.effective_from.isoformat()} 起施行，"
            f"{received.isoformat()} 收到的申请在此之前已届期限",
            "regulation",
        )


def _pauses(regulation: Regulation, settings: DeadlineSettings, paused: Iterable[Pause | tuple]) -> tuple[Pause, ...]:
    result = []
    for item in paused:
        pause = item if isinstance(item, Pause) else Pause(*item)
        if pause.last < pause.first:
            raise InputError(
                f"暂停期间的结束日 {pause.last.isoformat()} 早于开始日 {pause.first.isoformat()}", "paused"
            )
        if pause.kind is not None:
            rule = regulation.pauses.get(pause.kind)
            if rule is None or (rule.setting and not getattr(settings, rule.setting)):
                reason = rule.label if rule else pause.kind
                raise InputError(
                    f"依{regulation.short_name}及本系统设置，「{reason}」的时间不暂停计算答复期限", "paused"
                )
        result.append(pause)
    return tuple(result)


def _pause_articles(regulation: Regulation, pauses: tuple[Pause, ...]) -> list[str]:
    # A pause without a kind rests on the Regulation's own exclusions (those that need no setting).
    kinds = {pause.kind for pause in pauses if pause.kind is not None}
    if any(pause.kind is None for pause in pauses):
        kinds |= {rule.kind for rule in regulation.pauses.values() if not rule.setting}
    return [regulation.pauses[kind].article for kind in sorted(kinds)]


def _count(
    start: datetime.date,
    days: int,
    settings: DeadlineSettings,
    calendar: WorkingCalendar | None,
    pauses: tuple[Pause, ...] = (),
) -> WorkingDayCount:
    count = (calendar or default_calendar()).add_working_days(
        start,
        days,
        excluding=[(pause.first, pause.last) for pause in pauses],
        count_start=settings.receipt_day_counts,
    )
    if count.provisional and settings.unannounced_year == "refuse":
        years = "、".join(f"{year}年" for year in count.provisional_years)
        raise InputError(f"期限计算涉及{years}，该年的节假日安排尚未录入", "收到申请之日")
    return count


def due_date(
    received: datetime.date,
    *,
    extension: bool = False,
    paused: Iterable[Pause | tuple] = (),
    regulation: str | None = None,
    calendar: WorkingCalendar | None = None,
    settings: DeadlineSettings | Mapping | None = None,
    supplemented: datetime.date | None = None,
) -> DueDate:
    """The last day on which the agency may reply to an application received on ``received``.

    ``supplemented`` is the day the completed application arrived after a supplement request; the count
    restarts there, while the version of the Regulation still follows ``received``.
    """
    rules = load_rules()
    settings = _settings(rules, settings)
    rule = _choose_regulation(rules, received, regulation)
    if supplemented is not None and supplemented < received:
        raise InputError(
            f"收到补正申请之日 {supplemented.isoformat()} 早于收到申请之日 {received.isoformat()}", "supplemented"
        )
    pauses = _pauses(rule, settings, paused)
    counted_from = supplemented or received
    reply = rule.limits["reply"]
    days = reply.working_days + (rule.limits["extension"].working_days if extension else 0)
    count = _count(counted_from, days, settings, calendar, pauses)
    _check_in_force(rule, received, count.due)
    articles = [reply.article]
    if supplemented is not None:
        articles.append(rule.supplement_article)
    if pauses:
        articles.extend(_pause_articles(rule, pauses))
    return DueDate(
        received=received,
        counted_from=counted_from,
        extension=extension,
        paused=pauses,
        due=count.due,
        working_days=count.working_days,
        provisional=count.provisional,
        provisional_years=count.provisional_years,
        regulation=rule.key,
        regulation_name=rule.name,
        articles=tuple(dict.fromkeys(articles)),
    )


def limit_due(
    limit: str,
    start: datetime.date,
    *,
    regulation: str | None = None,
    calendar: WorkingCalendar | None = None,
    settings: DeadlineSettings | Mapping | None = None,
) -> DueDate:
    """The end of another statutory period that runs from ``start``: ``supplement_request`` (the agency's
    7 working days to ask for a supplement, from the received date) or ``third_party_consultation``
    (the consulted party's 15 working days, from its receipt of the letter)."""
    rules = load_rules()
    settings = _settings(rules, settings)
    rule = _choose_regulation(rules, start, regulation)
    if limit == "reply" or limit == "extension" or limit not in rule.limits:
        raise InputError(f"{rule.short_name}未规定「{limit}」期限", "limit")
    period = rule.limits[limit]
    count = _count(start, period.working_days, settings, calendar)
    _check_in_force(rule, start, count.due)
    return DueDate(
        received=start,
        counted_from=start,
        extension=False,
        paused=(),
        due=count.due,
        working_days=count.working_days,
        provisional=count.provisional,
        provisional_years=count.provisional_years,
        regulation=rule.key,
        regulation_name=rule.name,
        articles=(period.article,),
    )
