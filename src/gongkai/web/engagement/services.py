"""Recording the year's responses (回应解读): every write in one transaction with its audit event."""

from __future__ import annotations

import datetime

from django.db import transaction

from gongkai.web.agencies.models import Agency
from gongkai.web.engagement.models import EngagementEvent, Response, Topic


def _snapshot(response: Response) -> dict:
    return {"topic": response.topic.title, "way": response.way, "on": response.on.isoformat(),
            "principal_attended": response.principal_attended, "note": response.note}


def _audit(response: Response, user, kind: str, old: dict | None, new: dict | None) -> None:
    EngagementEvent.objects.create(agency=response.agency, subject=f"response:{response.pk}", kind=kind,
                                   user=user, old=old, new=new)


def _topic(agency: Agency, title: str) -> Topic:
    """The agency's topic of that title: typing the same topic again joins the responses to it."""
    return Topic.objects.get_or_create(agency=agency, title=title)[0]


@transaction.atomic
def record_response(agency: Agency, user, *, topic: str, way: str, on: datetime.date,
                    principal_attended: bool = False, note: str = "") -> Response:
    response = Response.objects.create(agency=agency, topic=_topic(agency, topic), way=way, on=on,
                                       principal_attended=principal_attended, note=note)
    _audit(response, user, EngagementEvent.Kind.CREATED, None, _snapshot(response))
    return response


@transaction.atomic
def change_response(response: Response, user, *, topic: str, way: str, on: datetime.date,
                    principal_attended: bool = False, note: str = "") -> Response:
    response = Response.objects.select_for_update().select_related("topic").get(pk=response.pk)
    old = _snapshot(response)
    response.topic, response.way, response.on = _topic(response.agency, topic), way, on
    response.principal_attended, response.note = principal_attended, note
    response.save()
    new = _snapshot(response)
    if new != old:
        _audit(response, user, EngagementEvent.Kind.CHANGED, old, new)
    return response


@transaction.atomic
def delete_response(response: Response, user) -> None:
    response = Response.objects.select_for_update().select_related("topic", "agency").get(pk=response.pk)
    _audit(response, user, EngagementEvent.Kind.DELETED, _snapshot(response), None)
    response.delete()


def responses_of(agency: Agency, year: int):
    return (Response.objects.filter(agency=agency, on__year=year).select_related("topic")
            .order_by("-on", "-pk"))


def topics_of(agency: Agency) -> list[str]:
    """The agency's topics, for the form's suggestions."""
    return list(Topic.objects.filter(agency=agency).order_by("title").values_list("title", flat=True))
