"""Reading what has been published: the public pages and the public API call these, never the tables
of a report being edited.

A report is public once it has a published version; what the public sees is always a frozen
``PublishedVersion`` (the ``gongkai.report/1`` JSON of the day it was published), so a report
reopened for correction keeps showing its last published version until the next one replaces it.
Earlier versions stay readable and are marked as superseded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from gongkai.sheets import Report, Value, report_from_dict
from gongkai.web.agencies.models import Agency
from gongkai.web.reports.models import AnnualReport, PublishedVersion

# The renditions offered for download, with their media types; "html" is the printable full text.
DOWNLOADS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}


def published_reports(*, jurisdiction: Agency | None = None, agency: Agency | None = None,
                      year: int | None = None) -> QuerySet[AnnualReport]:
    """Reports with at least one published version, newest year first, each with its versions."""
    reports = AnnualReport.objects.filter(Exists(PublishedVersion.objects.filter(report=OuterRef("pk"))))
    if jurisdiction is not None:
        reports = reports.filter(agency__path__startswith=jurisdiction.path)
    if agency is not None:
        reports = reports.filter(agency=agency)
    if year is not None:
        reports = reports.filter(year=year)
    return (reports.select_related("agency__parent")
            .prefetch_related(Prefetch("versions", PublishedVersion.objects.order_by("number")))
            .order_by("-year", "agency_id"))


@dataclass
class Listed:
    """A published report as lists show it: its latest version and the title published with it
    (a report reopened for correction may be retitled in its draft)."""

    report: AnnualReport
    latest: PublishedVersion
    title: str


def listed(report: AnnualReport) -> Listed:
    latest = list(report.versions.all())[-1]
    return Listed(report, latest, version_core(latest).display_title)


def publishing_agencies() -> QuerySet[Agency]:
    """The agencies and jurisdictions that have published something, for the list's filters."""
    return Agency.objects.filter(Exists(PublishedVersion.objects.filter(report__agency=OuterRef("pk"))))


def published_years() -> list[int]:
    return list(PublishedVersion.objects.order_by("-report__year").values_list("report__year", flat=True).distinct())


def version_core(version: PublishedVersion) -> Report:
    """The core report as it was published in ``version``."""
    return report_from_dict(version.data, f"第{version.number}版")


@dataclass
class Chart:
    title: str
    labels: list[str]
    values: list[Value | None]  # None: not reported (not zero), drawn as a gap

    def drawing(self) -> dict:
        """The chart as the page's script draws it; amounts become floats, which is exact enough to
        draw and is what ECharts reads (the tables and downloads keep the exact decimals)."""
        return {"title": self.title, "labels": self.labels,
                "values": [float(v) if isinstance(v, Decimal) else v for v in self.values]}


def year_charts(core: Report) -> list[Chart]:
    """The format's breakdowns of one year (``charts`` in the format data); a chart with no value
    at all is left out rather than drawn empty."""
    charts = []
    for chart in core.format.charts:
        values = [figure.total(core.sheet.values) for figure in chart.figures]
        if any(value is not None for value in values):
            charts.append(Chart(chart.title, [figure.label for figure in chart.figures], values))
    return charts


def agency_trend(agency: Agency) -> list[Chart]:
    """One series per trend figure, valued on each of the agency's published years as last published.

    Figures are matched by key across formats (a legacy year and a gov2021 year share
    ``applications``); a figure the year's format lacks is a gap. Labels are the latest format's.
    A single year is no trend: then there is no series.
    """
    cores = [version_core(list(report.versions.all())[-1])
             for report in published_reports(agency=agency).order_by("year")]
    if len(cores) < 2:
        return []
    labels: dict[str, str] = {}
    for core in cores:
        labels.update({figure.key: figure.label for figure in core.format.trend})
    series = []
    for key, label in labels.items():
        values = []
        for core in cores:
            figure = next((f for f in core.format.trend if f.key == key), None)
            values.append(figure.total(core.sheet.values) if figure else None)
        series.append(Chart(label, [str(core.year) for core in cores], values))
    return series


@dataclass
class ChartTable:
    """A chart's numbers as a table: the text alternative of the drawing (GB/T 37668-2019)."""

    title: str
    columns: list[str]
    rows: list[tuple[str, list[Value | None]]]


def chart_tables(year_charts: list[Chart], trend: list[Chart]) -> list[ChartTable]:
    """One table per chart of the year (item, count), and one of the trend (figure × year)."""
    tables = [ChartTable(chart.title, ["数量"], [(label, [value]) for label, value
                                                 in zip(chart.labels, chart.values, strict=True)])
              for chart in year_charts]
    if trend:
        tables.append(ChartTable("历年情况", [f"{year}年" for year in trend[0].labels],
                                 [(chart.title, chart.values) for chart in trend]))
    return tables
