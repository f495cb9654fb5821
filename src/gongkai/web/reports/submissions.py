"""Where a jurisdiction's agencies stand on one year's report: the coordination office's overview."""

from dataclasses import dataclass

from gongkai.web.accounts import permissions
from gongkai.web.agencies.models import Agency
from gongkai.web.reports import services
from gongkai.web.reports.models import AnnualReport


@dataclass
class Submission:
    agency: Agency
    report: AnnualReport | None  # None: the agency has not started its report
    errors: int | None = None
    warnings: int | None = None
    published_versions: int = 0


def submission_status(jurisdiction: Agency, year: int, user) -> list[Submission]:
    """Every member agency and the jurisdiction itself, with its report's status and findings."""
    permissions.require(permissions.can_view_dashboard(user, jurisdiction))
    agencies = [*jurisdiction.members(), jurisdiction]
    reports = {r.agency_id: r for r in AnnualReport.objects.filter(agency__in=agencies, year=year)}
    rows = []
    for agency in agencies:
        report = reports.get(agency.pk)
        row = Submission(agency, report)
        if report is not None:
            findings = services.check(report).findings
            row.errors = sum(f.severity == "error" for f in findings)
            row.warnings = len(findings) - row.errors
            row.published_versions = report.versions.count()
        rows.append(row)
    return rows
