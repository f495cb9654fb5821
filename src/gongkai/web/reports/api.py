"""The reports API: published reports for everyone, drafts for the staff who may see them.

Public endpoints read published versions only (``publication``), so no draft is ever exposed;
staff endpoints ask ``reports.permissions`` through the services, like the pages do.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status
from ninja.security import django_auth

from gongkai.render.opendata import cell_records
from gongkai.web.agencies.models import Agency
from gongkai.web.reports import permissions, publication, services
from gongkai.web.reports.models import AnnualReport
from gongkai.web.reports.submissions import submission_status

public_router = Router(tags=["已公开的年度报告"])
# Session authentication; django-ninja then checks the CSRF token on unsafe methods.
staff_router = Router(tags=["工作人员"], auth=django_auth)


class VersionOut(Schema):
    number: int
    published_at: str
    note: str
    superseded: bool


class ReportOut(Schema):
    id: int
    agency_id: int
    agency: str
    jurisdiction: str
    year: int
    format: str
    title: str
    published: str | None
    version: int


class ReportDetailOut(ReportOut):
    issuer: str
    versions: list[VersionOut]


class CellOut(Schema):
    key: str
    table: str
    table_title: str
    row_label: str
    column_label: str
    row_path: list[str]
    column_path: list[str]
    unit: str
    value: int | str | None  # amounts as exact decimal strings; None when not reported (not zero)


class Message(Schema):
    detail: str


def _report_out(report: AnnualReport) -> dict:
    item = publication.listed(report)
    data = item.latest.data
    return {"id": report.pk, "agency_id": report.agency_id, "agency": data["agency"],
            "jurisdiction": data.get("jurisdiction") or "", "year": data["year"], "format": data["format"],
            "title": item.title, "published": data.get("published"), "version": item.latest.number}


def _published(report_id: int) -> AnnualReport:
    return get_object_or_404(publication.published_reports(), pk=report_id)


@public_router.get("/reports", response=list[ReportOut], summary="已公开的年度报告")
def list_reports(request, jurisdiction: int | None = None, agency: int | None = None, year: int | None = None):
    """Published reports, newest year first, filtered by jurisdiction, agency and year."""
    return [_report_out(report) for report in publication.published_reports(
        jurisdiction=get_object_or_404(Agency, pk=jurisdiction, kind=Agency.Kind.GOVERNMENT) if jurisdiction else None,
        agency=get_object_or_404(Agency, pk=agency) if agency else None, year=year)]


@public_router.get("/reports/{report_id}", response=ReportDetailOut, summary="年度报告及其各版本")
def get_report(request, report_id: int):
    report = _published(report_id)
    versions = list(report.versions.all())
    return {**_report_out(report), "issuer": versions[-1].data.get("issuer") or "",
            "versions": [{"number": v.number, "published_at": v.published_at.isoformat(), "note": v.note,
                          "superseded": v is not versions[-1]} for v in versions]}


@public_router.get("/reports/{report_id}/cells", response=list[CellOut], summary="统计数（开放数据）")
def get_cells(request, report_id: int, version: int | None = None):
    """Every cell of the format with its official labels, as published (the latest version unless
    ``version`` names an earlier one); the same records as the JSON and CSV open data."""
    versions = list(_published(report_id).versions.all())
    chosen = versions[-1] if version is None else next((v for v in versions if v.number == version), None)
    if chosen is None:
        raise Http404
    return cell_records(publication.version_core(chosen))


class StaffReportOut(Schema):
    id: int
    agency_id: int
    agency: str
    year: int
    format: str
    status: str
    status_label: str
    revision: int


class DraftCellsOut(Schema):
    revision: int
    cells: list[CellOut]


class CellsIn(Schema):
    revision: int  # the revision the values were based on; an older one is refused (409)
    values: dict[str, int | str | None]  # cell key → value; blank or null clears the cell


class SavedOut(Schema):
    revision: int
    changed: int


class InvalidCellsOut(Schema):
    detail: str
    errors: dict[str, str]


class FindingOut(Schema):
    rule: str
    severity: str
    title: str
    message: str
    cells: list[str]


class SubmissionOut(Schema):
    agency_id: int
    agency: str
    report_id: int | None
    status: str | None
    status_label: str | None
    revision: int | None
    errors: int | None
    warnings: int | None
    published_versions: int


def _staff_report(request, report_id: int) -> AnnualReport:
    report = get_object_or_404(AnnualReport.objects.select_related("agency__parent"), pk=report_id)
    permissions.require(permissions.can_view_report(request.user, report))
    return report


def _staff_out(report: AnnualReport) -> dict:
    return {"id": report.pk, "agency_id": report.agency_id, "agency": report.agency.name, "year": report.year,
            "format": report.format_id, "status": report.status, "status_label": report.get_status_display(),
            "revision": report.revision}


@staff_router.get("/reports/{report_id}", response=StaffReportOut, summary="年度报告（含草稿）的状态")
def staff_report(request, report_id: int):
    return _staff_out(_staff_report(request, report_id))


@staff_router.get("/reports/{report_id}/cells", response=DraftCellsOut, summary="当前填报的统计数")
def staff_cells(request, report_id: int):
    report = _staff_report(request, report_id)
    return {"revision": report.revision, "cells": cell_records(services.report_to_core(report))}


@staff_router.put("/reports/{report_id}/cells", response={200: SavedOut, 409: Message, 422: InvalidCellsOut},
                  summary="保存统计数")
def save_cells(request, report_id: int, payload: CellsIn):
    """All or nothing: every value is validated by the core, and a save based on an older revision
    than the current one is refused so that no one overwrites another's work unseen."""
    report = _staff_report(request, report_id)
    values = {key: "" if value is None else value for key, value in payload.values.items()}
    try:
        changed = services.save_cells(report, request.user, values, payload.revision)
    except services.InvalidCells as error:
        return Status(422, {"detail": error.message, "errors": error.errors})
    except services.StaleRevision as error:
        return Status(409, {"detail": error.message})
    return Status(200, {"revision": report.revision, "changed": changed})


@staff_router.get("/reports/{report_id}/findings", response=list[FindingOut], summary="核对结果")
def staff_findings(request, report_id: int):
    return [{"rule": f.rule, "severity": f.severity, "title": f.title, "message": f.message,
             "cells": [cell.key for cell in f.cells if cell.year is None]}
            for f in services.check(_staff_report(request, report_id)).findings]


@staff_router.get("/jurisdictions/{jurisdiction_id}/years/{year}/submissions", response=list[SubmissionOut],
                  summary="各单位报送情况")
def submissions(request, jurisdiction_id: int, year: int):
    jurisdiction = get_object_or_404(Agency, pk=jurisdiction_id)
    try:
        services.reporting_format(year)
    except services.ReportError:
        raise Http404 from None
    return [{"agency_id": row.agency.pk, "agency": row.agency.name,
             "report_id": row.report.pk if row.report else None,
             "status": row.report.status if row.report else None,
             "status_label": row.report.get_status_display() if row.report else None,
             "revision": row.report.revision if row.report else None,
             "errors": row.errors, "warnings": row.warnings, "published_versions": row.published_versions}
            for row in submission_status(jurisdiction, year, request.user)]
