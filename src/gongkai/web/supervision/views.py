"""The coordination office's supervision pages: the monthly bulletins (draft preview, issue, archive,
DOCX/PDF), the spot checks with their rectifications, and an agency's own page of the bulletins that
concern it and the rectifications asked of it. Thin over ``bulletins``, ``checks`` and ``permissions``."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from gongkai.web.agencies.models import Agency
from gongkai.web.supervision import bulletins as service
from gongkai.web.supervision import checks as check_service
from gongkai.web.supervision import permissions
from gongkai.web.supervision.forms import AnswerForm, SpotCheckForm
from gongkai.web.supervision.models import Bulletin, Rectification

ROWS_PER_PAGE = 100
MEDIA_TYPES = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "pdf": "application/pdf"}


def _jurisdiction(pk: int) -> Agency:
    return get_object_or_404(Agency, pk=pk, kind=Agency.Kind.GOVERNMENT)


@login_required
def bulletins(request, pk: int):
    """The jurisdiction's issued bulletins by month, and (for the office) a month to draft."""
    jurisdiction = _jurisdiction(pk)
    permissions.require(permissions.can_read_bulletins(request.user, jurisdiction))
    month = request.GET.get("month", "")
    if month:
        try:
            chosen = service.month_of(month)
        except service.BulletinError as error:
            messages.error(request, error.message)
        else:
            return redirect("supervision:draft", pk=pk, year=chosen.year, month=chosen.month)
    last = service.previous_month(timezone.localdate().replace(day=1))
    return render(request, "supervision/bulletins.html", {
        "jurisdiction": jurisdiction, "issued": service.issued(jurisdiction), "last_month": last,
        "can_supervise": permissions.can_supervise(request.user, jurisdiction)})


def _page(request, content: dict) -> dict:
    rows = Paginator(content["rows"], ROWS_PER_PAGE).get_page(request.GET.get("page"))
    for row in rows:  # the page's rows only: the document prints every agency
        row["channel_counts"] = [row["channels"].get(key, 0) for key, _ in content["channels"]]
    return {"content": content, "rows": rows, "silent_count": len(content["silent"]),
            "silent_shown": content["silent"][:ROWS_PER_PAGE]}


@login_required
@require_http_methods(["GET", "POST"])
def draft(request, pk: int, year: int, month: int):
    """The draft of a month's bulletin, computed now; the office issues it from here."""
    jurisdiction = _jurisdiction(pk)
    permissions.require(permissions.can_supervise(request.user, jurisdiction))
    try:
        chosen = datetime.date(year, month, 1)
    except ValueError:
        raise Http404("没有这个月份。") from None
    existing = Bulletin.objects.filter(jurisdiction=jurisdiction, month=chosen).first()
    if existing is not None:
        return redirect("supervision:bulletin", pk=existing.pk)
    try:
        if request.method == "POST":
            issued = service.issue(jurisdiction, chosen, request.user)
            messages.success(request, f"已签发：{issued.number}")
            return redirect("supervision:bulletin", pk=issued.pk)
        content = service.draft(jurisdiction, chosen)
    except service.BulletinError as error:
        return render(request, "supervision/no_bulletin.html", {
            "jurisdiction": jurisdiction, "month": chosen, "message": error.message}, status=200)
    return render(request, "supervision/bulletin.html", {
        **_page(request, content), "jurisdiction": jurisdiction, "bulletin": None, "month": chosen})


@login_required
def bulletin(request, pk: int):
    """An issued bulletin as it was issued."""
    found = get_object_or_404(Bulletin.objects.select_related("jurisdiction"), pk=pk)
    permissions.require(permissions.can_read_bulletins(request.user, found.jurisdiction))
    return render(request, "supervision/bulletin.html", {
        **_page(request, found.content), "jurisdiction": found.jurisdiction, "bulletin": found, "month": found.month})


@login_required
def bulletin_file(request, pk: int, to: str):
    if to not in MEDIA_TYPES:
        raise Http404("没有这种格式。")
    found = get_object_or_404(Bulletin.objects.select_related("jurisdiction"), pk=pk)
    permissions.require(permissions.can_read_bulletins(request.user, found.jurisdiction))
    body = service.render_docx(found.content) if to == "docx" else service.render_pdf(found.content)
    return HttpResponse(body, content_type=MEDIA_TYPES[to], headers={
        "Content-Disposition": content_disposition_header(True, service.filename(found.content, to))})


@login_required
@require_http_methods(["GET", "POST"])
def checks(request, pk: int):
    """The jurisdiction's spot checks with their rectifications, open ones first; the form to record one."""
    jurisdiction = _jurisdiction(pk)
    permissions.require(permissions.can_view_check(request.user, jurisdiction))
    can_supervise = permissions.can_supervise(request.user, jurisdiction)
    form = SpotCheckForm(request.POST or None, jurisdiction=jurisdiction)
    status = 200
    if request.method == "POST":
        permissions.require(can_supervise)
        if form.is_valid():
            try:
                check_service.record(jurisdiction, request.user, **form.cleaned_data)
            except check_service.CheckError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "已登记抽查督查情况。")
                return redirect("supervision:checks", pk=pk)
        status = 400
    today = timezone.localdate()
    return render(request, "supervision/checks.html", {
        "jurisdiction": jurisdiction, "form": form, "can_supervise": can_supervise, "today": today,
        "open": check_service.open_rectifications(jurisdiction.subtree()),
        "checks": check_service.checks(jurisdiction)[:100]}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk: int):
    """The agency answers a rectification with what it did."""
    rectification = get_object_or_404(Rectification.objects.select_related("agency", "spot_check__jurisdiction"), pk=pk)
    permissions.require(permissions.can_answer(request.user, rectification.agency)
                        or permissions.can_view_check(request.user, rectification.spot_check.jurisdiction))
    can_answer = permissions.can_answer(request.user, rectification.agency) and rectification.is_open
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        permissions.require(permissions.can_answer(request.user, rectification.agency))
        if form.is_valid():
            try:
                check_service.answer(rectification, request.user, answered_on=form.cleaned_data["answered_on"],
                                     text=form.cleaned_data["text"])
            except check_service.CheckError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "已报送整改情况，该整改要求已关闭。")
                return redirect(reverse("supervision:mine"))
        status = 400
    return render(request, "supervision/answer.html", {
        "rectification": rectification, "form": form, "can_answer": can_answer,
        "overdue": rectification.overdue(timezone.localdate())}, status=status)


@login_required
def mine(request):
    """The bulletins that concern the user's agencies and the rectifications asked of them."""
    jurisdictions = permissions.bulletin_jurisdictions(request.user)
    agencies = permissions.viewable_agencies(request.user)
    return render(request, "supervision/mine.html", {
        "jurisdictions": [(j, service.issued(j)[:12], permissions.can_supervise(request.user, j))
                          for j in jurisdictions],
        "open": check_service.open_rectifications(agencies)[:200], "today": timezone.localdate(),
        "answered": Rectification.objects.filter(agency__in=agencies, answered_on__isnull=False)
        .select_related("agency", "spot_check").order_by("-answered_on")[:50]})
