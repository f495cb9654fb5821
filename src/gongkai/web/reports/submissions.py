"""Where a jurisdiction's agencies stand on one year's report: the coordination office's overview.

A jurisdiction may have a thousand agencies, so the overview reads everything in a few queries and
never checks a report twice: each report keeps its findings' counts with the key of what they were
computed from (``AnnualReport.findings_key``: its revision, the previous year's report and revision,
the agency's name and kind, and the check rules' digest). Only reports whose key changed since the
last overview are checked again, together, with their cells read in one query.
"""

import datetime
import functools
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count, prefetch_related_objects
from django.utils import timezone

import gongkai.formats
from gongkai.checks import check_report, publication_deadline
from gongkai.errors import InputError
from gongkai.formats import format_for_year, load_format
from gongkai.web.agencies.models import Agency
from gongkai.web.reports import permissions, services
from gongkai.web.reports.models import AnnualReport, CellValue


@dataclass
class Submission:
    agency: Agency
    report: AnnualReport | None  # None: the agency has not started its report
    errors: int | None = None
    warnings: int | None = None
    published_versions: int = 0
    deadline: datetime.date | None = None  # the statutory publication deadline
    overdue: bool = False


def statutory_deadline(agency: Agency, year: int, format_id: str | None = None) -> datetime.date | None:
    """When the agency's report on ``year`` must be published, from the format's data."""
    return _deadline(agency.report_kind, year, format_id)


@functools.lru_cache(maxsize=256)
def _deadline(report_kind: str, year: int, format_id: str | None) -> datetime.date | None:
    try:
        fmt = load_format(format_id) if format_id else format_for_year(year)
    except InputError:
        return None
    return publication_deadline(fmt, year, report_kind)


def submission_status(jurisdiction: Agency, year: int, user) -> list[Submission]:
    """Every member agency and the jurisdiction itself, with its report's status and findings."""
    permissions.require(permissions.can_view_dashboard(user, jurisdiction))
    agencies = [*jurisdiction.members(), jurisdiction]
    by_id = {agency.pk: agency for agency in agencies}
    # A member's parent is the jurisdiction or another member: linked here rather than loaded again
    # (the findings' keys walk up to the jurisdiction).
    for agency in agencies[:-1]:
        _link(agency, Agency.parent, by_id[agency.parent_id])
    reports = {}
    for report in (AnnualReport.objects.filter(agency_id__in=list(by_id), year=year)
                   .annotate(published_count=Count("versions"))):
        _link(report, AnnualReport.agency, by_id[report.agency_id])
        reports[report.agency_id] = report
    counts = findings_counts(list(reports.values()))
    today = timezone.localdate()
    rows = []
    for agency in agencies:
        report = reports.get(agency.pk)
        deadline = statutory_deadline(agency, year, report.format_id if report else None)
        row = Submission(agency, report, deadline=deadline)
        if report is not None:
            row.errors, row.warnings = counts[report.pk]
            row.published_versions = report.published_count
        row.overdue = row.deadline is not None and today > row.deadline and not row.published_versions
        rows.append(row)
    return rows


def _link(instance, relation, target) -> None:
    """Point a foreign key at an object already loaded (without the descriptor's checks, which cost
    more than the rest when done a thousand times)."""
    relation.field.set_cached_value(instance, target)


@functools.cache
def rules_digest() -> str:
    """Changes when the format data (and so the checks derived from it) changes."""
    digest = hashlib.sha1()
    for path in sorted(Path(gongkai.formats.__file__).parent.glob("*.yaml")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _findings_key(report: AnnualReport, previous: AnnualReport | None) -> str:
    agency = report.agency
    jurisdiction = agency.jurisdiction
    parts = [rules_digest(), report.revision, previous.pk if previous else "", previous.revision if previous else "",
             agency.name, agency.report_kind, jurisdiction.jurisdiction_name if jurisdiction else ""]
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:32]


def findings_counts(reports: list[AnnualReport]) -> dict[int, tuple[int, int]]:
    """Report id → (errors, warnings), as ``services.check`` finds them; only the reports whose key
    changed are checked, and their counts kept on the report."""
    if not reports:
        return {}
    years = {report.year for report in reports}
    previous = {(p.agency_id, p.year): p for p in AnnualReport.objects.filter(
        agency_id__in=[r.agency_id for r in reports], year__in=[y - 1 for y in years])}
    keys = {report.pk: _findings_key(report, previous.get((report.agency_id, report.year - 1)))
            for report in reports}
    stale = [report for report in reports if report.findings_key != keys[report.pk]]
    if stale:
        _check_together(stale)
        for report in stale:
            report.findings_key = keys[report.pk]
        AnnualReport.objects.bulk_update(stale, ["findings_key", "error_count", "warning_count"], batch_size=500)
    return {report.pk: (report.error_count, report.warning_count) for report in reports}


def _check_together(reports: list[AnnualReport]) -> None:
    """Check ``reports`` with two queries for all their cells and sections, and ``services.previous_cores``'
    few for the years before; the counts are set on each report."""
    cells = defaultdict(list)
    for report_id, key, value in CellValue.objects.filter(report__in=reports).values_list("report_id", "key",
                                                                                          "value"):
        cells[report_id].append((key, value))
    prefetch_related_objects(reports, "sections")
    earlier = services.previous_cores(reports)
    for report in reports:
        findings = check_report(services.report_to_core(report, cells[report.pk]), earlier[report.pk]).findings
        report.error_count = sum(f.severity == "error" for f in findings)
        report.warning_count = len(findings) - report.error_count
