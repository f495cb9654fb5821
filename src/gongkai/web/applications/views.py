"""The clerk's and the coordination office's pages: thin callers of ``services`` and ``permissions``."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.web import counting
from gongkai.web.agencies.models import Agency
from gongkai.web.applications import permissions, rules, services, statistics
from gongkai.web.applications.forms import RegisterForm, StepForm
from gongkai.web.applications.models import Application
from gongkai.web.applications.steps import STEPS
from gongkai.web.reports import services as report_services
from gongkai.web.reports.models import AnnualReport
from gongkai.web.reports.tables import cell_label, form_tables

Status = Application.Status


def _urgency_legend(today) -> dict:
    """What urgency_legend.html states: today, the last day "due soon" and the setting's working days."""
    return {"today": today, "soon_until": services.soon_threshold(today),
            "soon_days": rules.setting("soon_working_days")}


@login_required
def queue(request):
    """待办: the open applications of the agencies the user sees (as the overview counts them), most
    urgent first; registering is offered for the agencies the user handles."""
    agencies = permissions.viewable_agencies(request.user)
    chosen = request.GET.get("agency", "")
    if chosen.isdigit():
        agencies = agencies.filter(pk=chosen)
    today = timezone.localdate()
    return render(request, "applications/queue.html", {
        "items": services.open_queue(agencies, today),
        "handled": permissions.handled_agencies(request.user).filter(pk=chosen) if chosen.isdigit()
        else permissions.handled_agencies(request.user),
        **_urgency_legend(today)})


@login_required
@require_http_methods(["GET", "POST"])
def register(request, agency_id: int):
    agency = get_object_or_404(Agency, pk=agency_id)
    permissions.require(permissions.can_handle(request.user, agency))
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.register(agency, request.user, **form.service_arguments())
        except services.ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已登记，查询码 {application.tracking_code}，答复期限届满日 {application.due}。")
            return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/register.html", {"agency": agency, "form": form})


def _application(request, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("agency"), pk=pk)
    permissions.require(permissions.can_view(request.user, application.agency))
    return application


def _detail_page(request, application: Application, bound: tuple[str, StepForm] | None = None, status: int = 200):
    handles = permissions.can_handle(request.user, application.agency)
    steps = []
    today = timezone.localdate()
    if handles:
        for name, procedure_step in STEPS.items():
            if bound and bound[0] == name:
                steps.append((procedure_step, bound[1]))
            elif procedure_step.offered(application):
                initial = {field: today for field, spec in procedure_step.form.base_fields.items()
                           if isinstance(spec, forms.DateField)}
                steps.append((procedure_step, procedure_step.form(application=application, initial=initial)))
    return render(request, "applications/detail.html", {
        "application": application, "handles": handles,
        **services.urgency(application, today, services.soon_threshold(today)),
        "applicant": application.applicant if handles else None,
        "events": application.events.select_related("user"),
        "reply": getattr(application, "reply", None),
        "fee": getattr(application, "fee_notice", None),
        "pauses": application.pauses.all(),
        "cases": application.review_cases.select_related("review_organ"),
        "steps": steps,
    }, status=status)


@login_required
def detail(request, pk: int):
    """The application, its due date and its history; personal data and the forms of the next steps
    only for those who handle it."""
    return _detail_page(request, _application(request, pk))


@login_required
@require_POST
def step(request, pk: int, name: str):
    """One step of the procedure; the service's refusal is shown beside its form."""
    application = _application(request, pk)
    permissions.require(permissions.can_handle(request.user, application.agency))
    if name not in STEPS:
        raise Http404("没有这一办理事项。")
    procedure_step = STEPS[name]
    form = procedure_step.form(request.POST, application=application)
    if form.is_valid():
        try:
            procedure_step.service(application, request.user, **form.arguments())
        except services.ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已登记：{procedure_step.title}。")
            return redirect("applications:detail", pk=application.pk)
    return _detail_page(request, application, (name, form), status=400)


@login_required
def overview(request, pk: int):
    """The coordination office's view: open and overdue applications per agency, and this year's
    on-time rate (replies within the statutory period, closures for the applicant's default included);
    below, every open application of the jurisdiction, most urgent first."""
    jurisdiction = get_object_or_404(Agency, pk=pk)
    permissions.require(permissions.can_view_overview(request.user, jurisdiction))
    today = timezone.localdate()
    return render(request, "applications/overview.html", {
        "jurisdiction": jurisdiction, "rows": services.overview(jurisdiction, today), "year": today.year,
        "items": services.open_queue(jurisdiction.subtree(), today), **_urgency_legend(today)})


# ---------------------------------------------------------------- tables 三 and 四 of the annual report


def _report(request, pk: int, allowed) -> AnnualReport:
    report = get_object_or_404(AnnualReport.objects.select_related("agency"), pk=pk)
    permissions.require(allowed(request.user, report))
    return report


@login_required
@require_POST
def fill_report(request, pk: int):
    """由申请记录生成表三、表四: blank cells filled; hand-entered cells that differ are kept and flagged."""
    report = _report(request, pk, permissions.can_fill_report)
    try:
        found = statistics.fill_report(report, request.user)
    except report_services.ReportError as error:
        messages.error(request, error.message)
        return redirect("reports:report", pk=report.pk)
    name, source = statistics.computed_name(report.format), statistics.computed_source(report.format)
    if found:
        messages.error(request, f"已由{source}生成{name}；{len(found)}个手工填写的单元格与计算值不一致，"
                                "未予改动，请核对。")
    else:
        messages.success(request, f"已由{source}生成{name}。")
    return redirect("applications:computed", pk=report.pk)


@login_required
def computed(request, pk: int):
    """Tables 三 and 四 as computed from the records, laid out like the official tables: each table 三
    cell links to its applications; a hand-entered cell that differs is flagged."""
    report = _report(request, pk, permissions.can_view_computed)
    sheet = statistics.computed_sheet(report.format, report.agency, report.year)
    found = statistics.differences(report, sheet)
    source = statistics.computed_source(report.format)
    notes = {difference.key: {"severity": "warning",
                              "messages": [f"手工填写「{difference.entered}」，由{source}计算为 {difference.computed}"]}
             for difference in found}
    tables = [table for table in form_tables(report.format, sheet.values, notes)
              if any(cell.grid.key in sheet.values for row in table.rows for cell in row)]
    return render(request, "applications/computed.html", {
        "report": report, "tables": tables, "differences": found, "name": statistics.computed_name(report.format),
        "source": source,
        "linked": statistics.linked_cells(report.format),
        "can_fill": permissions.can_fill_report(request.user, report)})


@login_required
def behind(request, pk: int, key: str):
    """The records a computed cell counts (applications for table 三, review and litigation cases for
    table 四), listed by their population's template; no personal data (each links to its application)."""
    report = _report(request, pk, permissions.can_view_computed)
    if key not in statistics.linked_cells(report.format):
        raise Http404("该单元格不由记录逐件计算。")
    population, records = counting.records_behind(report.format, report.agency, report.year, key)
    return render(request, "applications/behind.html", {
        "report": report, "label": cell_label(report.format, key), "population": population,
        "name": statistics.computed_name(report.format),
        "records": population.prepare(records)})
