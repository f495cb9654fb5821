"""The clerk's and the coordination office's pages: thin callers of ``services`` and ``permissions``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.web.accounts.permissions import agencies_of
from gongkai.web.agencies.models import Agency
from gongkai.web.applications import permissions, services
from gongkai.web.applications.forms import RegisterForm, ReplyForm
from gongkai.web.applications.models import Application
from gongkai.web.applications.statistics import counted_agencies

Status = Application.Status


@login_required
def queue(request):
    """待办: the open applications of the agencies the user handles, most urgent first."""
    agencies = agencies_of(request.user)
    chosen = request.GET.get("agency")
    if chosen:
        agencies = [agency for agency in agencies if str(agency.pk) == chosen]
    today = timezone.localdate()
    return render(request, "applications/queue.html", {
        "items": services.open_queue(agencies, today), "agencies": agencies, "today": today,
        "soon_until": services.soon_threshold(today)})


@login_required
@require_http_methods(["GET", "POST"])
def register(request, agency_id: int):
    agency = get_object_or_404(Agency, pk=agency_id)
    permissions.require(permissions.can_handle(request.user, agency))
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.register(
                agency, request.user, channel=data["channel"], received=data["received"],
                applicant_kind=data["applicant_kind"], description=data["description"],
                form_requirements=data["form_requirements"],
                applicant={name: data[name] for name in RegisterForm.APPLICANT_FIELDS})
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


@login_required
def detail(request, pk: int):
    """The application, its due date and its history; personal data only for those who handle it."""
    application = _application(request, pk)
    handles = permissions.can_handle(request.user, application.agency)
    return render(request, "applications/detail.html", {
        "application": application, "handles": handles,
        "applicant": application.applicant if handles else None,
        "events": application.events.select_related("user"),
        "reply": getattr(application, "reply", None),
        "reply_form": ReplyForm(initial={"replied_on": timezone.localdate()}) if handles and application.is_open
        else None,
    })


@login_required
@require_POST
def reply(request, pk: int):
    application = _application(request, pk)
    permissions.require(permissions.can_handle(request.user, application.agency))
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写答复之日并选择办理结果。")
    else:
        try:
            services.record_reply(application, request.user, replied_on=form.cleaned_data["replied_on"],
                                  outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"])
        except services.ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已登记答复。")
    return redirect("applications:detail", pk=application.pk)


@login_required
def overview(request, pk: int):
    """The coordination office's view: open and overdue applications per agency, and this year's
    on-time rate (replies within the statutory period, closures for the applicant's default included)."""
    jurisdiction = get_object_or_404(Agency, pk=pk)
    permissions.require(permissions.can_view_overview(request.user, jurisdiction))
    today = timezone.localdate()
    replied = Q(applications__reply__replied_on__year=today.year)
    open_ = ~Q(applications__status=Status.CLOSED)
    rows = (Agency.objects.filter(pk__in=counted_agencies(jurisdiction)).order_by("pk").annotate(
        open=Count("applications", filter=open_),
        overdue=Count("applications", filter=Q(applications__status=Status.PROCESSING, applications__due__lt=today)),
        closed=Count("applications", filter=replied),
        on_time=Count("applications", filter=replied & (Q(applications__reply__due_on__isnull=True) | Q(
            applications__reply__replied_on__lte=F("applications__reply__due_on"))))))
    return render(request, "applications/overview.html", {
        "jurisdiction": jurisdiction, "rows": rows, "year": today.year, "today": today})
