"""Recording the year's work (回应解读, 会议和培训): every write in one transaction with its audit event
(who, when, the record's values before and after)."""

from __future__ import annotations

import datetime
import decimal

from django.db import models, transaction

from gongkai.counting import populations
from gongkai.web.agencies.models import Agency
from gongkai.web.counting import of_agency
from gongkai.web.engagement.models import AgencyFacts, EngagementEvent, Meeting, ReadingPoint, Response, Topic
from gongkai.web.engagement.populations import FACTS

# The fields a user enters, per kind of record: what the forms give and the audit records.
FIELDS = {Response: ("topic", "way", "on", "principal_attended", "note", "items"),
          Meeting: ("kind", "title", "on", "attendance"),
          AgencyFacts: ("offices", "full_time", "part_time", "special_funds")}


def _plain(value):
    if isinstance(value, Topic):
        return value.title
    if isinstance(value, models.Manager):  # the register's items a response interprets
        return [str(item) for item in value.order_by("pk")]
    if isinstance(value, decimal.Decimal):
        return str(value.normalize())
    return value.isoformat() if isinstance(value, datetime.date) else value


def _snapshot(record: models.Model) -> dict:
    return {name: _plain(getattr(record, name)) for name in FIELDS[type(record)]}


def _audit(record: models.Model, user, kind: str, old: dict | None, new: dict | None) -> None:
    EngagementEvent.objects.create(agency=record.agency, subject=f"{record._meta.model_name}:{record.pk}",
                                   kind=kind, user=user, old=old, new=new)


def _values(model, agency: Agency, fields: dict) -> dict:
    """The model's values from what was entered: a response's topic is the agency's topic of that title,
    so typing the same topic again joins the responses to it (counted once in 二（一）)."""
    values = {name: fields[name] for name in FIELDS[model] if name in fields}
    if model is Response:
        values["topic"] = Topic.objects.get_or_create(agency=agency, title=fields["topic"])[0]
    return values


def _save(record: models.Model, values: dict) -> None:
    """Set ``values`` on ``record`` and save it; a many-to-many field's records after the save."""
    many = {name: values.pop(name) for name in list(values) if record._meta.get_field(name).many_to_many}
    for name, value in values.items():
        setattr(record, name, value)
    record.save()
    for name, related in many.items():
        getattr(record, name).set(related)


@transaction.atomic
def record(model, agency: Agency, user, **fields) -> models.Model:
    created = model(agency=agency)
    _save(created, _values(model, agency, fields))
    _audit(created, user, EngagementEvent.Kind.CREATED, None, _snapshot(created))
    return created


def record_response(agency: Agency, user, **fields) -> Response:
    return record(Response, agency, user, **fields)


def record_meeting(agency: Agency, user, **fields) -> Meeting:
    return record(Meeting, agency, user, **fields)


@transaction.atomic
def change(record: models.Model, user, **fields) -> models.Model:
    model = type(record)
    record = model.objects.select_for_update().get(pk=record.pk)
    old = _snapshot(record)
    _save(record, _values(model, record.agency, fields))
    new = _snapshot(record)
    if new != old:
        _audit(record, user, EngagementEvent.Kind.CHANGED, old, new)
    return record


@transaction.atomic
def delete(record: models.Model, user) -> None:
    record = type(record).objects.select_for_update().get(pk=record.pk)
    _audit(record, user, EngagementEvent.Kind.DELETED, _snapshot(record), None)
    record.delete()


def facts_of(agency: Agency, year: int) -> AgencyFacts | None:
    return AgencyFacts.objects.filter(agency=agency, year=year).prefetch_related("reading_points").first()


def _facts_snapshot(facts: AgencyFacts) -> dict:
    return {**_snapshot(facts), "reading_points": [[point.address, point.opening_hours]
                                                   for point in facts.reading_points.order_by("pk")]}


@transaction.atomic
def save_facts(agency: Agency, year: int, user, *, reading_points: list[tuple[str, str]], **fields) -> AgencyFacts:
    """Enter or change an agency's facts of a year; its 查阅点 are replaced by ``reading_points``."""
    facts, created = AgencyFacts.objects.select_for_update().get_or_create(agency=agency, year=year)
    old = None if created else _facts_snapshot(facts)
    for name, value in _values(AgencyFacts, agency, fields).items():
        setattr(facts, name, value)
    facts.save()
    facts.reading_points.all().delete()
    ReadingPoint.objects.bulk_create(ReadingPoint(facts=facts, address=address, opening_hours=hours)
                                     for address, hours in reading_points)
    new = _facts_snapshot(facts)
    if new != old:
        _audit(facts, user, EngagementEvent.Kind.CREATED if created else EngagementEvent.Kind.CHANGED, old, new)
    return facts


def facts_for_report(fmt, agency: Agency, year: int):
    """The agencies' facts of ``year`` that ``agency``'s report counts (legacy 八), for its review page;
    None when the format counts no facts."""
    if not {population.name for population in FACTS} & populations(fmt):
        return None
    return (AgencyFacts.objects.filter(of_agency(agency), year=year).select_related("agency")
            .prefetch_related("reading_points").order_by("agency__path"))


def of_year(model, agency: Agency, year: int):
    """An agency's records of a year, latest first."""
    found = model.objects.filter(agency=agency, on__year=year).order_by("-on", "-pk")
    return found.select_related("topic").prefetch_related("items") if model is Response else found


def topics_of(agency: Agency) -> list[str]:
    """The agency's topics, for the response form's suggestions."""
    return list(Topic.objects.filter(agency=agency).order_by("title").values_list("title", flat=True))
