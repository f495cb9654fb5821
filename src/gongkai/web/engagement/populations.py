"""The populations this app registers for the counting engine (``gongkai.web.counting``).

``response_topics`` (legacy 二（一）): the topics an agency responded to in year Y, each once however
many responses it had (不同方式回应同一热点或舆情计1次). ``responses`` (legacy 二（二）): each response
dated in Y, by ``way`` (the row keys of 二（二）) and ``principal_attended`` (其中：主要负责同志参加).
``meetings`` (legacy 九（一）（二）): the meetings and courses held in Y, by ``kind``; ``trainees``
(九（三）, 人次): the same records, their attendance summed. The facts of 八: each cell sums one
figure of the agencies' ``AgencyFacts`` of Y (``facts_offices``, ``facts_staff`` = 专职 + 兼职,
``facts_full_time``, ``facts_part_time``); ``agency_facts`` with ``sum: special_funds`` adds up their
专项经费 (万元, exact); ``reading_points`` counts their 查阅点.
"""

import datetime

from django.db.models import F, Q

from gongkai.web.counting import Amount, Field, Part, Population, of_agency, register
from gongkai.web.engagement.models import AgencyFacts, Meeting, ReadingPoint, Response, Topic


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _topic_parts(year: int) -> list[Part]:
    answered = Response.objects.filter(on__range=_year(year)).values("topic")
    return [Part(Q(pk__in=answered))]


def _prepare_topics(records):
    return records.prefetch_related("responses")


RESPONSE_TOPICS = Population(
    name="response_topics", label="热点或舆情",
    base=lambda agency: Topic.objects.filter(of_agency(agency)),
    parts=_topic_parts, attributes={}, order=("title", "pk"),
    list_template="engagement/behind_topics.html", prepare=_prepare_topics)

RESPONSES = Population(
    name="responses", label="回应",
    base=lambda agency: Response.objects.filter(of_agency(agency)),
    parts=lambda year: [Part(Q(on__range=_year(year)))],
    attributes={"way": Field("way"), "principal_attended": Field("principal_attended")},
    order=("on", "pk"), list_template="engagement/behind_responses.html",
    prepare=lambda records: records.select_related("agency", "topic"))


def _meetings(name: str, label: str, total: str = "") -> Population:
    return Population(
        name=name, label=label, base=lambda agency: Meeting.objects.filter(of_agency(agency)),
        parts=lambda year: [Part(Q(on__range=_year(year)))], attributes={"kind": Field("kind")},
        total=total, order=("on", "pk"), list_template="engagement/behind_meetings.html",
        prepare=lambda records: records.select_related("agency"))


MEETINGS = _meetings("meetings", "会议或培训班")
TRAINEES = _meetings("trainees", "培训班", total="attendance")


def _facts(name: str, label: str, total) -> Population:
    return Population(
        name=name, label=label, base=lambda agency: AgencyFacts.objects.filter(of_agency(agency)),
        parts=lambda year: [Part(Q(year=year))], attributes={}, total=total, order=("agency__path", "pk"),
        amounts={"special_funds": Amount("special_funds", "万元")},
        list_template="engagement/behind_facts.html",
        prepare=lambda records: records.select_related("agency").prefetch_related("reading_points"))


FACTS = [_facts("agency_facts", "机关", ""), _facts("facts_offices", "机关", "offices"),
         _facts("facts_staff", "机关", F("full_time") + F("part_time")),
         _facts("facts_full_time", "机关", "full_time"), _facts("facts_part_time", "机关", "part_time")]

READING_POINTS = Population(
    name="reading_points", label="查阅点",
    base=lambda agency: ReadingPoint.objects.filter(of_agency(agency, "facts__agency")),
    parts=lambda year: [Part(Q(facts__year=year))], attributes={}, order=("facts__agency__path", "pk"),
    list_template="engagement/behind_reading_points.html",
    prepare=lambda records: records.select_related("facts__agency"))


def register_all() -> None:
    for population in (*FACTS, READING_POINTS):
        register(population)
    register(MEETINGS)
    register(TRAINEES)
    register(RESPONSE_TOPICS)
    register(RESPONSES)
