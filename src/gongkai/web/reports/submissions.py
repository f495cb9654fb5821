"""Where a jurisdiction's agencies stand on one year's report: the coordination office's overview."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from gongkai.checks import publication_deadline
from gongkai.errors import InputError
from gongkai.formats import format_for_year, load_format
from gongkai.web.agencies.models import Agency
from gongkai.web.reports import permissions, services
from gongkai.web.reports.models import AnnualReport


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
    try:
        fmt = load_format(format_id) if format_id else format_for_year(year)
    except InputError:
        return None
    return publication_deadline(fmt, year, agency.report_kind)


def submission_status(jurisdiction: Agency, year: int, user) -> list[Submission]:
    """Every member agency and the jurisdiction itself, with its report's status and findings."""
    permissions.require(permissions.can_view_dashboard(user, jurisdiction))
    agencies = [*jurisdiction.members(), jurisdiction]
    reports = {r.agency_id: r for r in AnnualReport.objects.filter(agency__in=agencies, year=year)}
    today = timezone.localdate()
    rows = []
    for agency in agencies:
        report = reports.get(agency.pk)
        deadline = statutory_deadline(agency, year, report.format_id if report else None)
        row = Submission(agency, report, deadline=deadline)
        if report is not None:
            findings = services.check(report).findings
            row.errors = sum(f.severity == "error" for f in findings)
            row.warnings = len(findings) - row.errors
            row.published_versions = report.versions.count()
        row.overdue = row.deadline is not None and today > row.deadline and not row.published_versions
        rows.append(row)
    return rows
