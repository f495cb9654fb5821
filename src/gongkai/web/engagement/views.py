"""The pages of responses and interpretation (回应解读): thin, over ``services`` and ``permissions``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.web.agencies.models import Agency
from gongkai.web.engagement import permissions, services
from gongkai.web.engagement.forms import ResponseForm
from gongkai.web.engagement.models import Response


def _year(request) -> int:
    year = request.GET.get("year", "")
    return int(year) if year.isdigit() and 1900 < int(year) < 3000 else timezone.localdate().year


def _agency(request) -> Agency:
    """The agency chosen (``?agency=``), else the first the user keeps records for."""
    chosen = request.GET.get("agency", "")
    if chosen.isdigit():
        agency = get_object_or_404(Agency, pk=chosen)
    else:
        agency = permissions.recording_agencies(request.user).first()
        if agency is None:
            raise Http404("您没有可登记回应解读的机关。")
    permissions.require(permissions.can_view(request.user, agency))
    return agency


@login_required
@require_http_methods(["GET", "POST"])
def responses(request):
    """回应解读: an agency's responses of a year, and the form to record one."""
    agency, year = _agency(request), _year(request)
    can_record = permissions.can_record(request.user, agency)
    form = ResponseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        permissions.require(can_record)
        if form.is_valid():
            response = services.record_response(agency, request.user, **form.cleaned_data)
            messages.success(request, f"已登记：{response}。")
            return redirect(f"{reverse('engagement:responses')}?agency={agency.pk}&year={response.on.year}")
        status = 400
    return render(request, "engagement/responses.html", {
        "agency": agency, "year": year, "form": form, "can_record": can_record,
        "responses": services.responses_of(agency, year), "topics": services.topics_of(agency),
        "agencies": permissions.recording_agencies(request.user)}, status=status)


def _response(request, pk: int) -> Response:
    response = get_object_or_404(Response.objects.select_related("agency", "topic"), pk=pk)
    permissions.require(permissions.can_record(request.user, response.agency))
    return response


def _list_url(response: Response) -> str:
    return f"{reverse('engagement:responses')}?agency={response.agency_id}&year={response.on.year}"


@login_required
@require_http_methods(["GET", "POST"])
def edit_response(request, pk: int):
    response = _response(request, pk)
    form = ResponseForm.of(response, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            response = services.change_response(response, request.user, **form.cleaned_data)
            messages.success(request, f"已修改：{response}。")
            return redirect(_list_url(response))
        status = 400
    return render(request, "engagement/response_edit.html", {
        "response": response, "form": form, "topics": services.topics_of(response.agency)}, status=status)


@login_required
@require_POST
def delete_response(request, pk: int):
    response = _response(request, pk)
    url = _list_url(response)
    services.delete_response(response, request.user)
    messages.success(request, f"已删除：{response}。")
    return redirect(url)
