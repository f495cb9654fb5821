"""The two populations of records this app counts in the annual tables (registered in ``apps.py``).

``applications`` (tables 三; legacy rows 三). Which application counts where in year Y:
- ``part: new`` (一、本年新收): received in Y;
- ``part: carried_in`` (二、上年结转): received before Y and not answered before Y;
- ``part: answered`` (三、outcome rows and （七）总计): answered in Y, under ``outcome``, the row of its
  reply (every reply has exactly one outcome of its year's format);
- ``part: carried_out`` (四、结转下年度继续办理): received by 31 December of Y and not answered by then.
So an application received in December and answered in January is 结转下年度 in one year and 上年结转
in the next, and 一 + 二 = 三（七） + 四 holds by construction. The applications carry their reply's
date and outcome, so no count joins the replies; the covering indexes of ``Application`` hold every
column a count reads. Also ``applicant_kind``, ``channel`` and ``extended`` (the reply period was extended).

``review_cases`` (table 四; legacy rows 四 and 五): ``part: filed`` (gov2019 onward: filed in Y, with
their ``outcome`` as of 31 December: 尚未审结 if decided later; rules.yaml, notes.review_year) or
``part: decided`` (legacy: decided in Y), by ``kind``. A lawsuit with the review organ as co-defendant
counts at the original agency only, unless the installation's setting says otherwise.
"""

import datetime

from django.db.models import BooleanField, Case, F, Q, Value, When

from gongkai.web.applications import rules
from gongkai.web.applications.models import Application, Reply, ReviewCase
from gongkai.web.counting import Amount, Attribute, Field, Part, Population, of_agency, register


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


NEW, CARRIED_IN = "new", "carried_in"  # where an application counted in a year comes from
ANSWERED, CARRIED_OUT = "answered", "carried_out"  # where it goes


class ApplicationPart(Attribute):
    """Where an application counted in a year comes from (``origin``: fixed by the part of the query
    that read it) or goes (``destination``: its outcome if answered in the year, else blank)."""

    fields = ("origin", "destination")

    def matches(self, wanted, group: dict) -> bool:
        if wanted in (NEW, CARRIED_IN):
            return group["origin"] == wanted
        return (group["destination"] != "") == (wanted == ANSWERED)

    def condition(self, wanted, year: int) -> Q:
        start, end = _year(year)
        return {NEW: Q(received__range=(start, end)), CARRIED_IN: Q(received__lt=start),
                ANSWERED: Q(replied_on__range=(start, end)),
                CARRIED_OUT: Q(replied_on__isnull=True) | Q(replied_on__gt=end)}[wanted]


def _application_parts(year: int) -> list[Part]:
    """The applications that can count in ``year`` (received by its end, not answered before it), in
    disjoint parts each read by an index as one range: received in the year; received before it and
    answered in it or later; received before it and still open."""
    start, end = _year(year)
    return [Part(Q(received__range=(start, end)), {"origin": NEW}),
            Part(Q(received__lt=start, replied_on__gte=start), {"origin": CARRIED_IN}),
            Part(Q(received__lt=start, replied_on__isnull=True), {"origin": CARRIED_IN})]


def _application_annotations(year: int) -> dict:
    start, end = _year(year)
    return {"origin": Case(When(received__gte=start, then=Value(NEW)), default=Value(CARRIED_IN)),
            "destination": Case(When(replied_on__lte=end, then=F("outcome")), default=Value("")),
            "extended": Case(When(extended_on__isnull=True, then=Value(False)), default=Value(True),
                             output_field=BooleanField())}


def _prepare_applications(records):
    return records.select_related("agency", "reply")


APPLICATIONS = Population(
    name="applications", label="申请",
    base=lambda agency: Application.objects.filter(of_agency(agency)),
    parts=_application_parts,
    attributes={"part": ApplicationPart(), "outcome": Field("destination", tree=True),
                "applicant_kind": Field("applicant_kind"), "channel": Field("channel"),
                "extended": Field("extended")},
    annotations=_application_annotations,
    count="received", order=("received", "pk"),
    list_template="applications/behind_applications.html", prepare=_prepare_applications)


class CasePart(Attribute):
    """Which cases a year counts: those filed in it, or those decided in it."""

    fields = ("filed", "decided")

    def matches(self, wanted, group: dict) -> bool:
        return group[wanted]

    def condition(self, wanted, year: int) -> Q:
        return Q(**{f"{wanted}_on__range": _year(year)})


def _case_parts(year: int) -> list[Part]:
    """One part: the cases are few, and one query over the filing and decision dates reads them."""
    return [Part(CasePart().condition("filed", year) | CasePart().condition("decided", year))]


def _case_annotations(year: int) -> dict:
    start, end = _year(year)
    within = {name: Case(When(**{f"{name}_on__range": (start, end)}, then=Value(True)), default=Value(False),
                         output_field=BooleanField()) for name in ("filed", "decided")}
    return {"counted_outcome": Case(When(decided_on__lte=end, then=F("outcome")),
                                    default=Value(ReviewCase.Outcome.PENDING)), **within}


def _cases(agency):
    condition = of_agency(agency, "application__agency")
    if rules.setting("count_review_organ_as_co_defendant"):  # 国办公开办函〔2016〕201号
        condition |= of_agency(agency, "review_organ")
    return ReviewCase.objects.filter(condition)


def _prepare_cases(records):
    cases = list(records.select_related("application__agency"))
    for case in cases:
        case.counted_outcome_label = ReviewCase.Outcome(case.counted_outcome).label
    return cases


REVIEW_CASES = Population(
    name="review_cases", label="案件", base=_cases, parts=_case_parts,
    attributes={"part": CasePart(), "kind": Field("kind"), "outcome": Field("counted_outcome")},
    annotations=_case_annotations, order=("filed_on", "pk"),
    list_template="applications/behind_cases.html", prepare=_prepare_cases)


# ``fees`` (legacy 七): the replies of year Y that charged costs (2007 Regulation 第二十七条), ``sum: costs``
# adds them up in 元 and the engine prints them in the cell's 万元; only replies that charged count, so
# the list behind the cell is the replies that make up the sum.
FEES = Population(
    name="fees", label="收费的答复",
    base=lambda agency: Reply.objects.filter(of_agency(agency, "application__agency")),
    parts=lambda year: [Part(Q(replied_on__range=_year(year), costs__gt=0))], attributes={},
    amounts={"costs": Amount("costs", "元")}, order=("replied_on", "pk"),
    list_template="applications/behind_fees.html",
    prepare=lambda records: records.select_related("application__agency"))


def register_all() -> None:
    register(APPLICATIONS)
    register(REVIEW_CASES)
    register(FEES)
