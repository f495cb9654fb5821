"""Tables 三 and 四 of the annual report (the legacy rows 三、四、五 for 2014–2018) computed from the
records, in grouped SQL: the applications that can count in a year, read in a few index ranges, are
grouped by where they go (their outcome, or carried out) and by applicant kind (table 四: the cases by
kind and outcome), and each row adds up the groups it counts (``Row``), so the database does the work
whatever the number of records and Python only sees a few hundred groups. The applications carry
their reply's date and outcome, so no query joins the replies; the agencies counted are found by the
prefix of their path in the tree.

Which application counts in which row of year Y (gov2019, gov2021):
- 一、本年新收: received in Y;
- 二、上年结转: received before Y and not answered before Y;
- 三、outcome rows and （七）总计: answered in Y (every reply has exactly one outcome of its year's format);
- 四、结转下年度继续办理: received by 31 December of Y and not answered by then.
So an application received in December and answered in January is 结转下年度 in one year and 上年结转
in the next, and 一 + 二 = 三（七） + 四 holds by construction.
"""

from __future__ import annotations

import datetime
import functools
import operator
from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, QuerySet, Value, When

from gongkai.formats import Format, cell_key
from gongkai.sheets import Report, Sheet
from gongkai.web.agencies.models import Agency
from gongkai.web.applications import rules
from gongkai.web.applications.models import Application, ReviewCase
from gongkai.web.reports import services as report_services
from gongkai.web.reports.models import AnnualReport

TOTAL_COLUMN = "total"
LEGACY_COLUMN = "value"
LEGACY_APPLICATION = "stats.application"
LEGACY_CASE_ROWS = {"stats.review": [ReviewCase.Kind.REVIEW],
                    "stats.litigation": [ReviewCase.Kind.DIRECT, ReviewCase.Kind.AFTER_REVIEW]}


def counted(agency: Agency, field: str = "agency") -> Q:
    """The condition on ``field`` (an agency) of what an annual report of ``agency`` counts: a
    jurisdiction's whole subtree (one prefix match on the agencies' paths), else the agency itself."""
    if agency.is_jurisdiction:
        return Q(**{f"{field}__path__startswith": agency.path})
    return Q(**{field: agency})


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _is_legacy(fmt: Format) -> bool:
    return LEGACY_APPLICATION in fmt.rows


def computed_name(fmt: Format) -> str:
    """What the pages call the computed part of ``fmt``: the legacy table has no 表三 or 表四, only
    its items 三 (依申请公开) to 五 (行政诉讼)."""
    return "统计表第三至五项" if _is_legacy(fmt) else "表三、表四"


NEW, CARRIED_IN = "new", "carried_in"  # where an application counted in a year comes from
ANSWERED, CARRIED_OUT = "answered", "carried_out"  # where it goes (besides one outcome)


@dataclass(frozen=True)
class Row:
    """Which applications a row of table 三 counts in a year, as the table itself reads: where they come
    from (``origin``: received in the year, or carried in), where they go (``destination``: an outcome
    key, a group of outcomes as a key prefix ending in ".", any reply in the year, or carried out), and
    for the legacy rows their channel and whether the reply period was extended. None: any."""

    origin: str | None = None
    destination: str | None = None
    channel: str | None = None
    extended: bool | None = None

    def counts(self, origin: str, group: dict) -> bool:
        """Whether the row counts the applications of a ``group`` of the grouped query (``_groups``)."""
        destination = group["destination"] or CARRIED_OUT
        return ((self.origin is None or self.origin == origin)
                and (self.destination is None or self.destination == destination
                     or (self.destination == ANSWERED and destination != CARRIED_OUT)
                     or (self.destination.endswith(".") and destination.startswith(self.destination)))
                and (self.channel is None or self.channel == group["channel"])
                and (self.extended is None or self.extended == group["extended"]))

    def condition(self, year: int) -> Q:
        """The same as a condition on the applications that can count in ``year`` (``_parts``)."""
        start, end = _year(year)
        replied = Q(replied_on__range=(start, end))
        condition = {None: Q(), NEW: Q(received__range=(start, end)), CARRIED_IN: Q(received__lt=start)}[self.origin]
        if self.destination == ANSWERED:
            condition &= replied
        elif self.destination == CARRIED_OUT:
            condition &= Q(replied_on__isnull=True) | Q(replied_on__gt=end)
        elif self.destination is not None and self.destination.endswith("."):
            condition &= replied & Q(outcome__startswith=self.destination)
        elif self.destination is not None:
            condition &= replied & Q(outcome=self.destination)
        if self.channel is not None:
            condition &= Q(channel=self.channel)
        if self.extended is not None:
            condition &= Q(extended_on__isnull=not self.extended)
        return condition


def table3_rows(fmt: Format) -> dict[str, Row]:
    """Row key → what the row of table 三 of ``fmt`` (legacy: rows 三) counts."""
    outcomes = {key: Row(destination=key) for key in rules.outcomes(fmt.id)}
    if not _is_legacy(fmt):
        return {"t3.new": Row(origin=NEW), "t3.carried_in": Row(origin=CARRIED_IN), **outcomes,
                "t3.total": Row(destination=ANSWERED), "t3.carried_out": Row(destination=CARRIED_OUT)}
    refused = f"{LEGACY_APPLICATION}.replies.refused"
    return {
        f"{LEGACY_APPLICATION}.received": Row(origin=NEW),
        **{f"{LEGACY_APPLICATION}.received.{channel}": Row(origin=NEW, channel=channel)
           for channel in Application.Channel.values},
        f"{LEGACY_APPLICATION}.closed": Row(destination=ANSWERED),
        # The legacy table knows only 按时办结 and 延期办结 (rules.yaml, notes.legacy_closed).
        f"{LEGACY_APPLICATION}.closed.on_time": Row(destination=ANSWERED, extended=False),
        f"{LEGACY_APPLICATION}.closed.extended": Row(destination=ANSWERED, extended=True),
        f"{LEGACY_APPLICATION}.replies": Row(destination=ANSWERED),
        refused: Row(destination=f"{refused}."),
        **outcomes,
    }


def _parts(year: int) -> dict[str, list[Q]]:
    """Origin → the applications of that origin that can count in ``year`` (received by its end, not
    answered before it), in disjoint parts that an index each reads as one range: received in the year;
    received before it and answered in it or later; received before it and still open."""
    start, end = _year(year)
    return {NEW: [Q(received__range=(start, end))],
            CARRIED_IN: [Q(received__lt=start, replied_on__gte=start), Q(received__lt=start, replied_on__isnull=True)]}


def _groups(fmt: Format, agency: Agency, part: Q, year: int, rows: dict[str, Row]) -> QuerySet:
    """One part's applications grouped by destination (the outcome if answered in ``year``, else blank)
    and by whatever else the rows and columns tell apart."""
    end = _year(year)[1]
    dimensions = {"destination": Case(When(replied_on__lte=end, then=F("outcome")), default=Value(""))}
    if any(row.extended is not None for row in rows.values()):
        dimensions["extended"] = Case(When(extended_on__isnull=True, then=Value(False)), default=Value(True))
    fields = [*dimensions]
    if any(row.channel is not None for row in rows.values()):
        fields.append("channel")
    if not _is_legacy(fmt):
        fields.append("applicant_kind")  # the columns of table 三 (the legacy rows have one)
    return (Application.objects.filter(counted(agency), part).annotate(**dimensions).values(*fields)
            .annotate(n=Count("received")).order_by())


def table3(fmt: Format, agency: Agency, year: int) -> dict[str, int]:
    """Cell key → count, for every cell of table 三 (legacy: rows 三): one grouped query per part of the
    applications, each group added to the rows that count it."""
    rows = table3_rows(fmt)
    columns = _table3_columns(fmt)
    values = {cell_key(key, column): 0 for key in rows for column in columns}
    for origin, parts in _parts(year).items():
        for part in parts:
            for group in _groups(fmt, agency, part, year, rows):
                for key, row in rows.items():
                    if row.counts(origin, group):
                        if "applicant_kind" in group:
                            values[cell_key(key, group["applicant_kind"])] += group["n"]
                        values[cell_key(key, columns[-1])] += group["n"]
    return values


def _table3_columns(fmt: Format) -> list[str]:
    if _is_legacy(fmt):
        return [LEGACY_COLUMN]
    return [*(kind for kind, _ in rules.applicant_kinds()), TOTAL_COLUMN]


def linked_cells(fmt: Format) -> set[str]:
    """The cells whose records are listed: every cell of table 三 (legacy: rows 三), its applications
    (``applications_behind``), and of table 四 (legacy: rows 四 and 五), its cases (``cases_behind``)."""
    return {cell_key(row, column) for row in table3_rows(fmt) for column in _table3_columns(fmt)} | set(
        table4_cells(fmt))


def _cases(agency: Agency) -> QuerySet:
    # 国办公开办函〔2016〕201号: a lawsuit with the review organ as co-defendant counts at the original
    # agency only, unless the installation's setting says otherwise.
    condition = counted(agency, "application__agency")
    if rules.setting("count_review_organ_as_co_defendant"):
        condition |= counted(agency, "review_organ")
    return ReviewCase.objects.filter(condition)


def table4_cells(fmt: Format) -> dict[str, tuple[list[str], str | None]]:
    """Cell key → (the case kinds, the outcome or None for all) of what each cell of table 四 (legacy:
    rows 四 and 五) counts."""
    outcomes = ReviewCase.Outcome.values
    if not _is_legacy(fmt):
        return {cell_key("t4.cases", f"{kind}.{outcome}"): ([kind], None if outcome == TOTAL_COLUMN else outcome)
                for kind in ReviewCase.Kind.values for outcome in [*outcomes, TOTAL_COLUMN]}
    cells = {}
    for row, kinds in LEGACY_CASE_ROWS.items():
        cells[cell_key(row, LEGACY_COLUMN)] = (kinds, None)
        cells.update({cell_key(f"{row}.{outcome}", LEGACY_COLUMN): (kinds, outcome)
                      for outcome in outcomes if outcome != ReviewCase.Outcome.PENDING})
    return cells


def _year_cases(fmt: Format, agency: Agency, year: int) -> QuerySet:
    """The cases table 四 counts in ``year``, each with the outcome it is counted under.

    gov2019/gov2021: cases filed in ``year``, with their outcome as of 31 December (rules.yaml,
    notes.review_year). Legacy: cases decided in ``year`` (its rows have no 尚未审结)."""
    start, end = _year(year)
    if _is_legacy(fmt):
        return _cases(agency).filter(decided_on__range=(start, end)).annotate(counted_outcome=F("outcome"))
    return _cases(agency).filter(filed_on__range=(start, end)).annotate(counted_outcome=Case(
        When(decided_on__lte=end, then=F("outcome")), default=Value(ReviewCase.Outcome.PENDING)))


def table4(fmt: Format, agency: Agency, year: int) -> dict[str, int]:
    """Cell key → count for table 四 (legacy: rows 四 and 五), in one grouped query."""
    cells = table4_cells(fmt)
    values = dict.fromkeys(cells, 0)
    for group in _year_cases(fmt, agency, year).values("kind", "counted_outcome").annotate(n=Count("pk")).order_by():
        for key, (kinds, outcome) in cells.items():
            if group["kind"] in kinds and outcome in (None, group["counted_outcome"]):
                values[key] += group["n"]
    return values


def cases_behind(fmt: Format, agency: Agency, year: int, key: str) -> QuerySet:
    """The review and litigation cases a computed table 四 cell counts."""
    kinds, outcome = table4_cells(fmt)[key]
    cases = _year_cases(fmt, agency, year).filter(kind__in=kinds)
    if outcome is not None:
        cases = cases.filter(counted_outcome=outcome)
    return cases.order_by("filed_on", "pk")


def computed_sheet(fmt: Format, agency: Agency, year: int) -> Sheet:
    """Tables 三 and 四 of ``agency``'s report on ``year`` in ``fmt``, as a core ``Sheet``."""
    sheet = Sheet(fmt)
    for key, value in {**table3(fmt, agency, year), **table4(fmt, agency, year)}.items():
        sheet.set(key, value)
    return sheet


def computed_report(fmt: Format, agency: Agency, year: int) -> Report:
    """The computed tables as a core ``Report`` of ``agency``, to check, render or export."""
    jurisdiction = agency.jurisdiction
    return Report(agency=agency.name, year=year, sheet=computed_sheet(fmt, agency, year),
                  jurisdiction=jurisdiction.jurisdiction_name if jurisdiction else "", agency_kind=agency.report_kind)


def applications_behind(fmt: Format, agency: Agency, year: int, key: str) -> QuerySet:
    """The applications a computed table 三 cell counts (for the link from the cell to its list)."""
    row, column = key.split("|")
    relevant = functools.reduce(operator.or_, (part for parts in _parts(year).values() for part in parts))
    queryset = Application.objects.filter(counted(agency)).filter(relevant).filter(
        table3_rows(fmt)[row].condition(year))
    if column not in (TOTAL_COLUMN, LEGACY_COLUMN):
        queryset = queryset.filter(applicant_kind=column)
    return queryset.order_by("received", "pk")


@dataclass
class Difference:
    key: str
    label: str
    entered: str
    computed: int


def fill_report(report: AnnualReport, user, *, overwrite: bool = False) -> list[Difference]:
    """Write the computed tables 三 and 四 into ``report`` (through the reports service, which checks
    the right to edit and records each change): blank cells are filled; a cell entered by hand that
    differs is left as it is (``overwrite``: replaced) and returned, to be flagged."""
    computed = computed_sheet(report.format, report.agency, report.year)
    found = differences(report, computed)
    entered = set(report.cells.values_list("key", flat=True))
    values = {key: str(value) for key, value in computed.values.items() if overwrite or key not in entered}
    report_services.save_cells(report, user, values, expected_revision=report.revision)
    return [] if overwrite else found


def differences(report: AnnualReport, computed: Sheet | None = None) -> list[Difference]:
    """Hand-entered cells of tables 三 and 四 that differ from the values computed from the records
    (``computed``: the report's ``computed_sheet`` when the caller has it already)."""
    if computed is None:
        computed = computed_sheet(report.format, report.agency, report.year)
    return [Difference(key, report.format.cells[key].label, text, computed.values[key])
            for key, text in report.cells.values_list("key", "value")
            if key in computed.values and text != str(computed.values[key])]
