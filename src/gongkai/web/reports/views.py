"""Pages of the annual report workflow: thin callers of ``services`` and ``permissions``."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai import drafting
from gongkai.checks import SEVERITY_LABELS
from gongkai.formats import all_formats, available_format_ids, load_format
from gongkai.render import render as render_report
from gongkai.render.html import render_html
from gongkai.render.layout import display_date
from gongkai.sheets import report_from_dict
from gongkai.text import printable
from gongkai.web import navigation
from gongkai.web.agencies.models import Agency
from gongkai.web.applications.statistics import computed_name
from gongkai.web.engagement import services as engagement_services
from gongkai.web.reports import imports, narrative, permissions, services
from gongkai.web.reports.models import AnnualReport
from gongkai.web.reports.submissions import statutory_deadline, submission_status
from gongkai.web.reports.tables import cell_label, cell_notes, finding_items, form_tables

EXPORTS = {
    "html": None,
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _report(request, pk: int, allowed=permissions.can_view_report) -> AnnualReport:
    report = get_object_or_404(AnnualReport.objects.select_related("agency__parent"), pk=pk)
    permissions.require(allowed(request.user, report))
    return report


def _reporting_format(year: int):
    """A year in an address that no report can be on is no page (a report's year is checked on creation)."""
    try:
        return services.reporting_format(year)
    except services.ReportError:
        raise Http404 from None


def _reporting_year() -> int:
    return timezone.localdate().year - 1


@login_required
@require_GET
def home(request):
    year = _reporting_year()
    agencies = [
        {"agency": agency, "reports": list(agency.reports.all()),
         "can_create": permissions.can_create_report(request.user, agency)}
        for agency in permissions.agencies_of(request.user)
    ]
    # Each dashboard opens on the latest year its agencies have reports for.
    jurisdictions = [(j, navigation.latest_report_year(j)) for j in permissions.jurisdictions_of(request.user)]
    return render(request, "reports/home.html", {
        "work": navigation.work(request.user),
        "agencies": agencies, "jurisdictions": jurisdictions, "year": year,
        "can_import": permissions.importing_agencies(request.user).exists(),
        "years": range(year + 1, 2013, -1),
    })


@login_required
@require_POST
def create(request, agency_id: int):
    agency = get_object_or_404(Agency, pk=agency_id)
    try:
        year = int(request.POST.get("year", ""))
        report = services.create_report(agency, year, request.user)
    except ValueError:
        messages.error(request, "请选择报告年度。")
        return redirect("reports:home")
    except services.ReportError as error:
        messages.error(request, error.message)
        return redirect("reports:home")
    return redirect("reports:report", pk=report.pk)


def _report_page(request, report: AnnualReport, *, typed_cells=None, cell_errors=None, typed_sections=None,
                 status: int = 200):
    core = services.report_to_core(report)
    if typed_cells is not None:
        parsed, _ = services.parse_cells(report.format, typed_cells)
        core = services.with_values(core, parsed)
    result = services.check(report, core)
    notes = cell_notes(result, cell_errors or {})
    values = {**core.sheet.values, **(typed_cells or {})}
    sections = list(report.sections.all())
    placed = narrative.findings_by_section(result)
    for index, section in enumerate(sections):
        section.findings = placed.get(index, [])
        if typed_sections and section.position in typed_sections:
            section.text = typed_sections[section.position]
    user = request.user
    return render(request, "reports/report.html", {
        "report": report, "tables": form_tables(report.format, values, notes), "sections": sections,
        "result": result, "notes": notes, "input_errors": cell_errors or {},
        "findings": finding_items(result, report.format),
        "deadline": statutory_deadline(report.agency, report.year, report.format_id),
        "versions": report.versions.all(),
        "can_edit": permissions.can_edit_report(user, report),
        "can_submit": permissions.can_submit_report(user, report),
        "can_review": permissions.can_review_report(user, report),
        "can_publish": permissions.can_publish_report(user, report),
        "gaps": services.gaps(report),
        "contradictions": services.contradictions(result, report.format)
        if permissions.can_submit_report(user, report) else [],
        "computed_name": computed_name(report.format),
        "facts": engagement_services.facts_for_report(report.format, report.agency, report.year),
        "can_reopen": permissions.can_reopen_report(user, report),
        "dashboards": [j for j in permissions.jurisdictions_of(user) if j.contains(report.agency)],
    }, status=status)


@login_required
@require_GET
def report_detail(request, pk: int):
    return _report_page(request, _report(request, pk))


def _typed_cells(request, report: AnnualReport) -> dict[str, str]:
    return {key: request.POST[key] for key in report.format.cells if key in request.POST}


def _expected_revision(request) -> int:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return -1  # a form without its revision is treated as stale, never as current


@login_required
@require_POST
def save_cells(request, pk: int):
    report = _report(request, pk, permissions.can_edit_report)
    typed = _typed_cells(request, report)
    try:
        changed = services.save_cells(report, request.user, typed, _expected_revision(request))
    except services.InvalidCells as error:
        messages.error(request, error.message)
        return _report_page(request, report, typed_cells=typed, cell_errors=error.errors, status=422)
    except services.StaleRevision as error:
        messages.error(request, error.message)
        return _report_page(request, report, typed_cells=typed, status=409)
    messages.success(request, f"已保存，修改了{changed}个数值。" if changed else "数值没有变化。")
    return redirect("reports:report", pk=report.pk)


@login_required
@require_POST
def check_cells(request, pk: int):
    """The findings on the values as typed (htmx, while the clerk types); nothing is saved."""
    report = _report(request, pk)
    parsed, errors = services.parse_cells(report.format, _typed_cells(request, report))
    result = services.check(report, services.with_values(services.report_to_core(report), parsed))
    return render(request, "reports/_findings.html", {
        "result": result, "input_errors": errors, "notes": cell_notes(result, errors),
        "findings": finding_items(result, report.format), "report": report,
    })


@login_required
@require_POST
def save_sections(request, pk: int):
    report = _report(request, pk, permissions.can_edit_report)
    texts = {section.position: request.POST[f"section-{section.position}"]
             for section in report.sections.all() if f"section-{section.position}" in request.POST}
    try:
        services.save_sections(report, request.user, texts, _expected_revision(request),
                               title=request.POST.get("title"))
    except services.StaleRevision as error:
        messages.error(request, error.message)
        return _report_page(request, report, typed_sections=texts, status=409)
    except services.ReportError as error:
        messages.error(request, error.message)
        return _report_page(request, report, typed_sections={p: printable(t) for p, t in texts.items()},
                            status=422)
    messages.success(request, "报告正文已保存。")
    return redirect("reports:report", pk=report.pk)


@login_required
@require_POST
def draft_narrative(request, pk: int):
    """起草正文 from the templates and the tables (``narrative.draft``)."""
    report = _report(request, pk, permissions.can_edit_report)
    try:
        changed = narrative.draft(report, request.user, _expected_revision(request),
                                  overwrite=request.POST.get("overwrite") == "1")
    except services.ReportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已由统计数据起草{changed}个部分的正文，请核对修改后保存。" if changed
                         else "没有需要起草的部分（已填写的正文保持不变；如需重新起草，请勾选“覆盖已填写的正文”）。")
    return redirect(f"{reverse('reports:report', args=[report.pk])}#narrative")


@login_required
@require_GET
def narrative_templates(request):
    permissions.require(permissions.can_edit_narrative_templates(request.user))
    return render(request, "reports/narrative_templates.html", {"formats": all_formats()})


@login_required
@require_http_methods(["GET", "POST"])
def narrative_template(request, format_id: str):
    """The office's templates of one format's narrative, every section on one page."""
    permissions.require(permissions.can_edit_narrative_templates(request.user))
    if format_id not in available_format_ids():
        raise Http404
    fmt = load_format(format_id)
    texts = narrative.templates(fmt)
    status = 200
    if request.method == "POST":
        typed = {key: request.POST.get(f"template-{key}", "") for key in texts}
        try:
            changed = narrative.save_templates(request.user, fmt, typed)
        except services.ReportError as error:
            messages.error(request, error.message)
            texts, status = typed, 422
        else:
            messages.success(request, f"已保存{fmt.name}的正文模板，修改了{changed}个部分。")
            return redirect("reports:narrative_template", format_id=fmt.id)
    headings = {section.key: section.heading for section in fmt.sections}
    return render(request, "reports/narrative_template.html", {
        "format": fmt, "sections": [(key, headings[key], text) for key, text in texts.items()],
        "placeholders": drafting.placeholders(fmt), "history": narrative.history(fmt)}, status=status)


@login_required
@require_POST
def import_xlsx(request, pk: int):
    report = _report(request, pk, permissions.can_edit_report)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的 XLSX 文件。")
        return redirect("reports:report", pk=report.pk)
    try:
        changed = services.import_xlsx(report, request.user, upload, _expected_revision(request))
    except services.ReportError as error:
        messages.error(request, f"导入失败，未作任何修改。{error.message}")
        return redirect("reports:report", pk=report.pk)
    messages.success(request, f"已从 {upload.name} 导入统计表，修改了{changed}个数值。")
    return redirect("reports:report", pk=report.pk)


@login_required
@require_GET
def export(request, pk: int, kind: str):
    if kind not in EXPORTS:
        raise Http404
    report = _report(request, pk)
    core = services.report_to_core(report)
    if kind == "html":
        return HttpResponse(render_html(core))
    filename = f"{report.display_title}（{report.get_status_display()}）.{kind}"
    return HttpResponse(render_report(core, kind), content_type=EXPORTS[kind],
                        headers={"Content-Disposition": content_disposition_header(True, filename)})


def _workflow(action, success: str, *fields: str):
    @login_required
    @require_POST
    def view(request, pk: int):
        report = _report(request, pk)
        try:
            action(report, request.user, *(request.POST.get(name, "") for name in fields))
        except services.ReportError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, success)
        next_url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            return redirect(next_url)
        return redirect("reports:report", pk=report.pk)
    return view


submit = _workflow(services.submit, "已报送，等待审核。", "override")
return_with_comment = _workflow(services.return_with_comment, "已退回，并附退回意见。", "comment")
approve = _workflow(services.approve, "已审核通过。", "override")
reopen = _workflow(services.reopen, "已重新打开以便更正；已公开的版本仍可查阅。", "reason")


@login_required
@require_http_methods(["GET", "POST"])
def publish(request, pk: int):
    """批准公开, in two steps: a page that shows what is about to be published, its gaps and the
    findings as published today (X-5 late publication among them), then the confirmed publication."""
    report = _report(request, pk, permissions.can_publish_report)
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            services.publish(report, request.user, request.POST.get("note", ""), request.POST.get("override", ""))
        except services.ReportError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已公开，已生成公开版本。")
            return redirect("reports:report", pk=report.pk)
    elif request.method == "POST":
        messages.error(request, "请勾选确认后再公开。")
    result = services.publication_findings(report)
    return render(request, "reports/publish.html", {
        "report": report, "gaps": services.gaps(report), "result": result,
        "findings": finding_items(result, report.format), "number": report.versions.count() + 1,
        "deadline": statutory_deadline(report.agency, report.year, report.format_id),
        "today": timezone.localdate(), "note": request.POST.get("note", ""),
        "override": request.POST.get("override", "")}, status=200 if request.method == "GET" else 400)


@login_required
@require_GET
def history(request, pk: int):
    report = _report(request, pk)
    events = [{"event": event,
               "label": cell_label(report.format, event.target) if event.kind == event.Kind.CELL else event.target}
              for event in report.events.select_related("user")]
    return render(request, "reports/history.html", {"report": report, "events": events})


@login_required
@require_GET
def version(request, pk: int, number: int):
    report = _report(request, pk)
    version = get_object_or_404(report.versions, number=number)
    return HttpResponse(render_html(report_from_dict(version.data)))


@login_required
@require_GET
def dashboard(request, pk: int, year: int):
    jurisdiction = get_object_or_404(Agency.objects.select_related("parent"), pk=pk)
    permissions.require(permissions.can_view_dashboard(request.user, jurisdiction))
    _reporting_format(year)
    report_url = _url_of_id("reports:report")
    rows = [_dashboard_row(request.user, row, jurisdiction, report_url)
            for row in submission_status(jurisdiction, year, request.user)]
    return render(request, "reports/dashboard.html", {
        "jurisdiction": jurisdiction, "year": year, "rows": rows, "years": range(_reporting_year() + 1, 2013, -1),
        "can_compile": permissions.can_compile(request.user, jurisdiction),
    })


def _url_of_id(name: str):
    """``reverse(name, args=[pk])`` for a thousand ids at the cost of one: the URL with the id put in."""
    marker = "2147483647"
    pattern = reverse(name, args=[int(marker)])
    return lambda pk: pattern.replace(marker, str(pk))


AGENCY_KINDS, REPORT_STATUSES = dict(Agency.Kind.choices), dict(AnnualReport.Status.choices)


def _dashboard_row(user, row, jurisdiction: Agency, report_url) -> dict:
    """One agency's line of the dashboard as plain strings: a jurisdiction may have a thousand, and the
    template then only prints."""
    report = row.report
    return {
        "name": row.agency.name, "kind": AGENCY_KINDS[row.agency.kind], "own": row.agency.pk == jurisdiction.pk,
        "report_id": report.pk if report else None,
        "url": report_url(report.pk) if report else "",
        "status": report.status if report else "", "status_label": REPORT_STATUSES[report.status] if report else "",
        "findings": "" if report is None else (
            f"错误 {row.errors}，警告/提示 {row.warnings}" if row.errors or row.warnings else "无"),
        "deadline": display_date(row.deadline) if row.deadline else "", "overdue": row.overdue,
        "can_review": report is not None and permissions.can_review_report(user, report),
        "can_publish": report is not None and permissions.can_publish_report(user, report),
    }


@login_required
@require_POST
def compile_jurisdiction(request, pk: int, year: int):
    jurisdiction = get_object_or_404(Agency, pk=pk)
    try:
        compilation = services.compile_jurisdiction(jurisdiction, year, request.user)
    except services.ReportError as error:
        messages.error(request, error.message)
        return redirect("reports:dashboard", pk=jurisdiction.pk, year=year)
    return render(request, "reports/compile.html", {"jurisdiction": jurisdiction, "year": year, "c": compilation})


# ---------------------------------------------------------------- importing a past published report

IMPORT_SESSION_KEY = "reports_import"


def _import_agency(request, agency_id) -> Agency:
    try:
        return permissions.importing_agencies(request.user).get(pk=int(agency_id))
    except (ValueError, TypeError, Agency.DoesNotExist):
        raise services.ReportError("请选择报告所属的单位。") from None


@login_required
@require_http_methods(["GET", "POST"])
def import_published(request):
    """Step 1: the agency and the published file; the readers read it, the reading waits in the session."""
    agencies = permissions.importing_agencies(request.user)
    permissions.require(agencies.exists())
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            agency = _import_agency(request, request.POST.get("agency"))
            if upload is None:
                raise services.ReportError("请选择要导入的年度报告文件。")
            reading = imports.read_upload(upload.name, upload.chunks())
        except services.ReportError as error:
            return render(request, "reports/import.html", {"agencies": agencies, "error": error.message,
                                                           "chosen": request.POST.get("agency")}, status=400)
        request.session[IMPORT_SESSION_KEY] = {"agency": agency.pk, "reading": reading.to_json()}
        return redirect("reports:import_confirm")
    return render(request, "reports/import.html", {"agencies": agencies})


@login_required
@require_http_methods(["GET", "POST"])
def import_confirm(request):
    """Step 2: every cell read beside its evidence, the unread cells and the findings; corrected and
    confirmed, the reading becomes the agency's published report on its year."""
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending:
        messages.error(request, "没有待确认的导入，请重新上传年度报告。")
        return redirect("reports:import_published")
    agency = get_object_or_404(Agency, pk=pending["agency"])
    permissions.require(permissions.can_import_report(request.user, agency))
    reading = imports.Reading.from_json(pending["reading"])
    context = {"agency": agency, "reading": reading, "year": reading.year, "published": reading.published,
               "title": reading.title, "values": {cell.key: cell.value for cell in reading.cells},
               "years": range(timezone.localdate().year - 1, 2007, -1)}
    if request.method == "POST":
        post = request.POST
        values = {key[len("cell-"):]: text for key, text in post.items() if key.startswith("cell-")}
        context.update(values=values, title=post.get("title", ""), year=post.get("year"),
                       published=post.get("published"))
        try:
            year = int(post.get("year", ""))
            published = datetime.date.fromisoformat(post.get("published", ""))
        except ValueError:
            context["error"] = "请填写报告年度和发布日期（年-月-日）。"
            return _import_confirm_page(request, context, agency, 400)
        try:
            report = imports.confirm_import(
                agency, request.user, format_id=reading.format.id, year=year,
                read={cell.key: cell.value for cell in reading.cells}, values=values, sections=reading.sections,
                title=post.get("title", ""), published=published, filename=reading.filename,
                replace=post.get("replace") == "1")
        except services.InvalidCells as error:
            context.update(error=error.message, cell_errors=error.errors)
            return _import_confirm_page(request, context, agency, 400)
        except services.ReportError as error:
            context["error"] = error.message
            return _import_confirm_page(request, context, agency, 400)
        del request.session[IMPORT_SESSION_KEY]
        messages.success(request, f"已将 {reading.filename} 导入为{agency.name}{year}年度已公开的年度报告。")
        return redirect("reports:report", pk=report.pk)
    return _import_confirm_page(request, context, agency)


def _import_confirm_page(request, context: dict, agency: Agency, status: int = 200):
    reading = context["reading"]
    errors = context.get("cell_errors", {})
    context["cells"] = [(cell, context["values"].get(cell.key, cell.value), errors.get(cell.key))
                        for cell in reading.cells]
    context["findings"] = [(finding, SEVERITY_LABELS[finding.severity]) for finding in reading.findings]
    try:
        year = int(context["year"])
    except (TypeError, ValueError):
        year = None
    context["existing"] = imports.existing_report(agency, year)
    return render(request, "reports/import_confirm.html", context, status=status)
