"""Tables 三 and 四 of the annual report (the legacy rows 三、四、五 for 2014–2018) computed from the
records, in grouped SQL: one query per table, each row a conditional ``Count`` over the applications
(or cases) grouped by applicant kind, so the work is the database's whatever the number of records.

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
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, F, Q, QuerySet, Value, When

from gongkai.formats import Format, cell_key
from gongkai.sheets import Sheet
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


def counted_agencies(agency: Agency) -> set[int]:
    """The agencies an annual report counts: a jurisdiction's whole subtree, else the agency itself.

    The subtree in one recursive query (PostgreSQL and SQLite), not one query per level."""
    if not agency.is_jurisdiction:
        return {agency.pk}
    table = connection.ops.quote_name(Agency._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH RECURSIVE tree(id) AS (SELECT id FROM {table} WHERE id = %s UNION ALL "
                       f"SELECT a.id FROM {table} a "
                       f"JOIN tree ON a.parent_id = tree.id) SELECT id FROM tree", [agency.pk])
        return {row[0] for row in cursor.fetchall()}


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _is_legacy(fmt: Format) -> bool:
    return LEGACY_APPLICATION in fmt.rows


def row_filters(fmt: Format, year: int) -> dict[str, Q]:
    """Row key → the condition on an application for counting in that row of ``fmt`` in ``year``."""
    start, end = _year(year)
    unanswered_before = Q(reply__replied_on__isnull=True) | Q(reply__replied_on__gte=start)
    received = Q(received__range=(start, end))
    replied = Q(reply__replied_on__range=(start, end))
    outcomes = {key: replied & Q(reply__outcome=key) for key in rules.outcomes(fmt.id)}
    if not _is_legacy(fmt):
        return {
            "t3.new": received,
            "t3.carried_in": Q(received__lt=start) & unanswered_before,
            **outcomes,
            "t3.total": replied,
            "t3.carried_out": Q(received__lte=end) & (Q(reply__replied_on__isnull=True) | Q(reply__replied_on__gt=end)),
        }
    refused = f"{LEGACY_APPLICATION}.replies.refused"
    return {
        f"{LEGACY_APPLICATION}.received": received,
        **{f"{LEGACY_APPLICATION}.received.{channel}": received & Q(channel=channel)
           for channel in Application.Channel.values},
        f"{LEGACY_APPLICATION}.closed": replied,
        # The legacy table knows only 按时办结 and 延期办结 (rules.yaml, notes.legacy_closed).
        f"{LEGACY_APPLICATION}.closed.on_time": replied & Q(reply__extended=False),
        f"{LEGACY_APPLICATION}.closed.extended": replied & Q(reply__extended=True),
        f"{LEGACY_APPLICATION}.replies": replied,
        refused: replied & Q(reply__outcome__startswith=f"{refused}."),
        **outcomes,
    }


def _relevant(agency_ids: set[int], year: int) -> QuerySet:
    """Every application that can count in year ``year``: received by its end, not answered before it."""
    start, end = _year(year)
    return Application.objects.filter(agency_id__in=agency_ids, received__lte=end).filter(
        Q(reply__replied_on__isnull=True) | Q(reply__replied_on__gte=start))


def table3(fmt: Format, agency_ids: set[int], year: int) -> dict[str, int]:
    """Cell key → count, for every cell of table 三 (legacy: rows 三) in one grouped query."""
    filters = row_filters(fmt, year)
    aliases = {f"row{index}": key for index, key in enumerate(filters)}
    counts = {alias: Count("received", filter=filters[key]) for alias, key in aliases.items()}
    queryset = _relevant(agency_ids, year)
    if _is_legacy(fmt):
        result = queryset.aggregate(**counts)
        return {cell_key(key, LEGACY_COLUMN): result[alias] for alias, key in aliases.items()}
    values = {cell_key(key, column): 0 for key in filters for column in _table3_columns(fmt)}
    for group in queryset.values("applicant_kind").annotate(**counts).order_by():
        for alias, key in aliases.items():
            values[cell_key(key, group["applicant_kind"])] = group[alias]
            values[cell_key(key, TOTAL_COLUMN)] += group[alias]
    return values


def _table3_columns(fmt: Format) -> list[str]:
    if _is_legacy(fmt):
        return [LEGACY_COLUMN]
    return [*(kind for kind, _ in rules.applicant_kinds()), TOTAL_COLUMN]


def linked_cells(fmt: Format, year: int) -> set[str]:
    """The cells whose applications ``applications_behind`` lists: every cell of table 三 (legacy: rows 三)."""
    return {cell_key(row, column) for row in row_filters(fmt, year) for column in _table3_columns(fmt)}


def _cases(agency_ids: set[int]) -> QuerySet:
    # 国办公开办函〔2016〕201号: a lawsuit with the review organ as co-defendant counts at the original
    # agency only, unless the installation's setting says otherwise.
    counted = Q(application__agency_id__in=agency_ids)
    if rules.setting("count_review_organ_as_co_defendant"):
        counted |= Q(review_organ_id__in=agency_ids)
    return ReviewCase.objects.filter(counted)


def table4(fmt: Format, agency_ids: set[int], year: int) -> dict[str, int]:
    """Cell key → count for table 四 (legacy: rows 四 and 五), in one grouped query.

    gov2019/gov2021: cases filed in ``year``, with their outcome as of 31 December (rules.yaml,
    notes.review_year). Legacy: cases decided in ``year`` (its rows have no 尚未审结).
    """
    start, end = _year(year)
    outcomes = ReviewCase.Outcome.values
    if _is_legacy(fmt):
        groups = (_cases(agency_ids).filter(decided_on__range=(start, end))
                  .values("kind", "outcome").annotate(n=Count("pk")).order_by())
        values = {cell_key(f"{row}.{outcome}", LEGACY_COLUMN): 0
                  for row in LEGACY_CASE_ROWS for outcome in outcomes if outcome != ReviewCase.Outcome.PENDING}
        values.update({cell_key(row, LEGACY_COLUMN): 0 for row in LEGACY_CASE_ROWS})
        for group in groups:
            row = next(row for row, kinds in LEGACY_CASE_ROWS.items() if group["kind"] in kinds)
            values[cell_key(f"{row}.{group['outcome']}", LEGACY_COLUMN)] += group["n"]
            values[cell_key(row, LEGACY_COLUMN)] += group["n"]
        return values
    groups = (_cases(agency_ids).filter(filed_on__range=(start, end))
              .annotate(status_at_year_end=Case(When(decided_on__lte=end, then=F("outcome")),
                                                default=Value(ReviewCase.Outcome.PENDING)))
              .values("kind", "status_at_year_end").annotate(n=Count("pk")).order_by())
    values = {cell_key("t4.cases", f"{kind}.{outcome}"): 0
              for kind in ReviewCase.Kind.values for outcome in [*outcomes, TOTAL_COLUMN]}
    for group in groups:
        values[cell_key("t4.cases", f"{group['kind']}.{group['status_at_year_end']}")] += group["n"]
        values[cell_key("t4.cases", f"{group['kind']}.{TOTAL_COLUMN}")] += group["n"]
    return values


def computed_sheet(fmt: Format, agency: Agency, year: int) -> Sheet:
    """Tables 三 and 四 of ``agency``'s report on ``year`` in ``fmt``, as a core ``Sheet``."""
    ids = counted_agencies(agency)
    sheet = Sheet(fmt)
    for key, value in {**table3(fmt, ids, year), **table4(fmt, ids, year)}.items():
        sheet.set(key, value)
    return sheet


def applications_behind(fmt: Format, agency: Agency, year: int, key: str) -> QuerySet:
    """The applications a computed table 三 cell counts (for the link from the cell to its list)."""
    row, column = key.split("|")
    queryset = _relevant(counted_agencies(agency), year).filter(row_filters(fmt, year)[row])
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
    found = _differences(report, computed)
    entered = set(report.cells.values_list("key", flat=True))
    values = {key: str(value) for key, value in computed.values.items() if overwrite or key not in entered}
    report_services.save_cells(report, user, values, expected_revision=report.revision)
    return [] if overwrite else found


def differences(report: AnnualReport) -> list[Difference]:
    """Hand-entered cells of tables 三 and 四 that differ from the values computed from the records."""
    return _differences(report, computed_sheet(report.format, report.agency, report.year))


def _differences(report: AnnualReport, computed: Sheet) -> list[Difference]:
    return [Difference(key, _label(report.format, key), text, computed.values[key])
            for key, text in report.cells.values_list("key", "value")
            if key in computed.values and text != str(computed.values[key])]


def _label(fmt: Format, key: str) -> str:
    spec = fmt.cells[key]
    return " · ".join(label for label in (spec.row.label, spec.column.label) if label)
