"""The pages of the year's work as records (回应解读, 会议和培训): one list-and-form page per kind of
record, thin over ``services`` and ``permissions``."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.web.agencies.models import Agency
from gongkai.web.engagement import permissions, services
from gongkai.web.engagement.forms import FactsForm, MeetingForm, ResponseForm, interpretable_items
from gongkai.web.engagement.models import Meeting, Response
from gongkai.web.proactive import search

SEARCH_LIMIT = 20  # choices offered at once: a few words more narrow them down


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    title: str  # the page's name, as in the menu
    intro: str
    rows: str  # the template of the list's rows


KINDS = {
    "responses": Kind(Response, ResponseForm, "回应解读",
                      "每次回应解读登记一条：回应的热点或舆情、方式、日期，新闻发布会和在线访谈注明主要负责同志是否参加。"
                      "年度报告统计表第二项由这些记录计算：不同方式回应同一热点或舆情计1次。",
                      "engagement/rows_responses.html"),
    "meetings": Kind(Meeting, MeetingForm, "会议和培训",
                     "每次政府信息公开工作会议或专题会议、每期培训班登记一条。年度报告统计表第九项由这些记录计算："
                     "接受培训人员数为各培训班参加人次之和。",
                     "engagement/rows_meetings.html"),
}


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise Http404("没有这类记录。")
    return KINDS[kind]


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
            raise Http404("您没有可登记记录的机关。")
    permissions.require(permissions.can_view(request.user, agency))
    return agency


def _list_url(kind: str, agency_id: int, year: int) -> str:
    return f"{reverse(f'engagement:{kind}')}?agency={agency_id}&year={year}"


@login_required
@require_http_methods(["GET", "POST"])
def records(request, kind: str):
    """An agency's records of one kind in a year, and the form to record one."""
    found, agency, year = _kind(kind), _agency(request), _year(request)
    can_record = permissions.can_record(request.user, agency)
    form = found.form(request.POST or None)
    status = 200
    if request.method == "POST":
        permissions.require(can_record)
        if form.is_valid():
            created = services.record(found.model, agency, request.user, **form.cleaned_data)
            messages.success(request, f"已登记：{created}。")
            return redirect(_list_url(kind, agency.pk, created.on.year))
        status = 400
    return render(request, "engagement/records.html", {
        "kind": kind, "found": found, "agency": agency, "year": year, "form": form, "can_record": can_record,
        "records": services.of_year(found.model, agency, year), "topics": services.topics_of(agency),
        "agencies": permissions.recording_agencies(request.user)}, status=status)


def _record(request, kind: str, pk: int):
    found = _kind(kind)
    record = get_object_or_404(found.model.objects.select_related("agency"), pk=pk)
    permissions.require(permissions.can_record(request.user, record.agency))
    return found, record


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, kind: str, pk: int):
    found, record = _record(request, kind, pk)
    form = found.form.of(record, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            record = services.change(record, request.user, **form.cleaned_data)
            messages.success(request, f"已修改：{record}。")
            return redirect(_list_url(kind, record.agency_id, record.on.year))
        status = 400
    return render(request, "engagement/edit.html", {
        "kind": kind, "found": found, "record": record, "form": form,
        "back": _list_url(kind, record.agency_id, record.on.year),
        "topics": services.topics_of(record.agency)}, status=status)


@login_required
@require_POST
def delete(request, kind: str, pk: int):
    _, record = _record(request, kind, pk)
    url = _list_url(kind, record.agency_id, record.on.year)
    services.delete(record, request.user)
    messages.success(request, f"已删除：{record}。")
    return redirect(url)


@login_required
@require_GET
def item_search(request):
    """The published items of the register matching the words typed in a response's form (htmx)."""
    query = request.GET.get("item_query", "").strip()[:100]
    found = list(search.filter_items(interpretable_items(), query).select_related("agency")
                 .order_by("-published_on", "-pk")[:SEARCH_LIMIT + 1]) if search.terms(query) else []
    return render(request, "engagement/item_choices.html",
                  {"items": found[:SEARCH_LIMIT], "more": len(found) > SEARCH_LIMIT, "query": query})


@login_required
@require_http_methods(["GET", "POST"])
def facts(request):
    """机构建设和保障经费: an agency's facts of a year (legacy 八), entered by its clerk."""
    agency, year = _agency(request), _year(request)
    can_record = permissions.can_record(request.user, agency)
    form = FactsForm.of(services.facts_of(agency, year), request.POST or None)
    status = 200
    if request.method == "POST":
        permissions.require(can_record)
        if form.is_valid():
            services.save_facts(agency, year, request.user, **form.cleaned_data)
            messages.success(request, f"已保存{agency.name}{year}年机构建设和保障经费情况。")
            return redirect(f"{reverse('engagement:facts')}?agency={agency.pk}&year={year}")
        status = 400
    return render(request, "engagement/facts.html", {
        "agency": agency, "year": year, "form": form, "can_record": can_record,
        "agencies": permissions.recording_agencies(request.user)}, status=status)
