"""The complaint pages: the list (open ones first, overdue marked), registering one, and its page with
the handling steps and the closure; thin over ``services`` and ``permissions``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.web.agencies.models import Agency
from gongkai.web.applications import rules as application_rules
from gongkai.web.applications.services import soon_threshold
from gongkai.web.complaints import permissions, rules, services
from gongkai.web.complaints.forms import CloseForm, RegisterForm, StepForm
from gongkai.web.complaints.models import Complaint


def _urgency_context() -> dict:
    today = timezone.localdate()
    return {"today": today, "soon_until": soon_threshold(today),
            "soon_days": application_rules.setting("soon_working_days")}


@login_required
def complaints(request):
    """The complaints of the agencies the user sees: every open one, and those received in ``?year=``."""
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 1900 < int(year) < 3000 else timezone.localdate().year
    agencies = permissions.viewable_agencies(request.user)
    return render(request, "complaints/list.html", {
        "open": services.listed(agencies, open_only=True),
        "year": year, "of_year": services.listed(agencies, year=year),
        "handled": permissions.handled_agencies(request.user).order_by("path"),
        "period": rules.load()["settings"]["handling_period"], **_urgency_context()})


@login_required
@require_http_methods(["GET", "POST"])
def register(request, agency_id: int):
    agency = get_object_or_404(Agency, pk=agency_id)
    permissions.require(permissions.can_handle(request.user, agency))
    form = RegisterForm(request.POST or None, agency=agency)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                complaint = services.register(agency, request.user, **form.cleaned_data)
            except services.ComplaintError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"已登记{complaint}，办理期限至{complaint.due:%Y年%-m月%-d日}。")
                return redirect("complaints:detail", pk=complaint.pk)
        status = 400
    return render(request, "complaints/register.html", {"agency": agency, "form": form}, status=status)


def _complaint(request, pk: int) -> Complaint:
    complaint = get_object_or_404(Complaint.objects.select_related("agency", "about"), pk=pk)
    permissions.require(permissions.can_view(request.user, complaint.agency))
    return complaint


def _page(request, complaint: Complaint, step_form=None, close_form=None, status: int = 200):
    handles = permissions.can_handle(request.user, complaint.agency)
    context = _urgency_context()
    return render(request, "complaints/detail.html", {
        "complaint": complaint, "handles": handles,
        "complainant": complaint.complainant if handles else None,
        "events": complaint.events.select_related("user").order_by("at", "pk"),
        "step_form": step_form or StepForm(), "close_form": close_form or CloseForm(),
        **services.urgency(complaint, context["today"], context["soon_until"]), **context}, status=status)


@login_required
def detail(request, pk: int):
    return _page(request, _complaint(request, pk))


def _handle(request, pk: int, form_class, service, done: str, key: str):
    complaint = _complaint(request, pk)
    permissions.require(permissions.can_handle(request.user, complaint.agency))
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(complaint, request.user, **form.cleaned_data)
        except services.ComplaintError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            return redirect("complaints:detail", pk=complaint.pk)
    return _page(request, complaint, status=400, **{key: form})


@login_required
@require_POST
def step(request, pk: int):
    return _handle(request, pk, StepForm, services.record_step, "已登记办理步骤。", "step_form")


@login_required
@require_POST
def close(request, pk: int):
    return _handle(request, pk, CloseForm, services.close, "已办结。", "close_form")
