"""The register's signed-in pages: thin callers of ``services``, ``imports``, ``guides``, ``counting`` and
``permissions``."""

import datetime
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.web.agencies.models import Agency
from gongkai.web.proactive import guides, imports, permissions, services, timeliness
from gongkai.web.proactive.forms import (
    CategoryForm,
    GenreForm,
    GuideForm,
    GuideReviewForm,
    ItemForm,
    MappingForm,
    UploadForm,
    WithdrawForm,
)
from gongkai.web.proactive.models import Category, Genre, Guide, Item

UPLOADS = settings.VAR_DIR / "imports"


@login_required
def register_home(request):
    """主动公开信息: the items of the agencies the user registers for (or may view), newest first."""
    agencies = permissions.registering_agencies(request.user)
    viewable = Agency.objects.filter(pk__in=[a.pk for a in agencies])
    items = Item.objects.filter(agency__in=viewable).select_related("agency", "category")
    chosen, status, q = request.GET.get("agency", ""), request.GET.get("status", ""), request.GET.get("q", "").strip()
    if chosen.isdigit():
        items = items.filter(agency_id=int(chosen))
    if status in Item.Status.values:
        items = items.filter(status=status)
    if q:
        items = items.filter(Q(title__contains=q) | Q(document_number__contains=q) | Q(index_number__contains=q))
    page = Paginator(items.order_by("-created_at", "-pk"), 30).get_page(request.GET.get("page"))
    return render(request, "proactive/register.html", {
        "agencies": agencies, "page": page, "chosen": chosen, "status": status, "q": q, "statuses": Item.Status.choices,
        "offices": permissions.offices_of(request.user),
        "can_edit_taxonomy": permissions.can_edit_taxonomy(request.user)})


def _agency_for_register(request, agency_id: int) -> Agency:
    agency = get_object_or_404(Agency, pk=agency_id)
    permissions.require(permissions.can_register(request.user, agency))
    return agency


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request, agency_id: int):
    agency = _agency_for_register(request, agency_id)
    form = ItemForm(request.POST or None, request.FILES or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.register(agency, request.user, form.to_data(), attachment=form.cleaned_data["attachment"],
                                     publish="publish" in request.POST)
        except services.ItemError as error:
            form.add_service_errors(error.errors)
        else:
            messages.success(request, f"已发布，索引号 {item.index_number}。" if item.index_number
                             else "已保存为草稿。")
            return redirect("proactive:item", pk=item.pk)
    return render(request, "proactive/item_form.html", {"agency": agency, "form": form},
                  status=400 if form.errors else 200)


def _item(request, pk: int) -> Item:
    item = get_object_or_404(Item.objects.select_related("agency", "category", "genre", "repealed_by"), pk=pk)
    permissions.require(permissions.can_view_register(request.user, item.agency))
    return item


@login_required
def item_detail(request, pk: int):
    item = _item(request, pk)
    return render(request, "proactive/item.html", {
        "item": item, "channels": item.channels.all(), "agencies": item.agencies.order_by("path"),
        "events": item.events.select_related("user"), "withdraw_form": WithdrawForm(),
        "interpretations": item.interpretations.select_related("agency", "topic").order_by("on", "pk"),
        "can_edit": permissions.can_register(request.user, item.agency)})


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = _item(request, pk)
    permissions.require(permissions.can_register(request.user, item.agency))
    form = ItemForm(request.POST or None, request.FILES or None, agency=item.agency, item=item,
                    initial=ItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.update(item, request.user, form.to_data(), attachment=form.cleaned_data["attachment"])
        except services.ItemError as error:
            form.add_service_errors(error.errors)
        else:
            messages.success(request, "已保存修改。")
            return redirect("proactive:item", pk=item.pk)
    return render(request, "proactive/item_form.html", {"agency": item.agency, "form": form, "item": item},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def item_publish(request, pk: int):
    item = _item(request, pk)
    permissions.require(permissions.can_register(request.user, item.agency))
    try:
        item = services.publish_item(item, request.user)
    except services.ItemError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已发布，索引号 {item.index_number}。")
    return redirect("proactive:item", pk=pk)


@login_required
@require_POST
def item_withdraw(request, pk: int):
    item = _item(request, pk)
    permissions.require(permissions.can_register(request.user, item.agency))
    form = WithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ItemError("须填写撤回原因。")
        services.withdraw(item, request.user, form.cleaned_data["reason"])
    except services.ItemError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已撤回；索引号和变更记录保留。")
    return redirect("proactive:item", pk=pk)


# ---------------------------------------------------------------- import


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, agency_id: int):
    """Step 1: the file; it is kept under var/imports until the import is done."""
    agency = _agency_for_register(request, agency_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = uuid.uuid4().hex
        UPLOADS.mkdir(exist_ok=True)
        with (UPLOADS / token).open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            imports.headers(UPLOADS / token, upload.name)
        except imports.ImportFileError as error:
            (UPLOADS / token).unlink()
            form.add_error("file", error.message)
        else:
            request.session[f"proactive-import-{token}"] = {"name": upload.name, "agency": agency.pk}
            return redirect("proactive:import_mapping", token=token)
    return render(request, "proactive/import_upload.html", {"agency": agency, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request, token: str):
    """Step 2: which column holds which field; then a dry run (every row's errors) or the import."""
    upload = request.session.get(f"proactive-import-{token}")
    if upload is None or not token.isalnum() or not (UPLOADS / token).exists():
        raise Http404("导入文件已过期，请重新上传。")
    agency = _agency_for_register(request, upload["agency"])
    path = UPLOADS / token
    columns = imports.headers(path, upload["name"])
    form = MappingForm(request.POST or None, columns=columns, initial_mapping=imports.guess_mapping(columns))
    result, problem = None, None
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.run(path, upload["name"], agency, request.user, form.mapping(),
                                 permissions.registering_agencies(request.user), dry_run="import" not in request.POST)
        except imports.ImportFileError as error:
            problem = error.message
        else:
            if result.saved:
                path.unlink()
                del request.session[f"proactive-import-{token}"]
                messages.success(request, f"已导入 {upload['name']}：新增{result.created}条，更新{result.updated}条。")
                return redirect(f"{reverse('proactive:register')}?agency={agency.pk}")
    return render(request, "proactive/import_mapping.html", {
        "agency": agency, "form": form, "name": upload["name"], "result": result, "problem": problem,
        "errors": result.errors[:1000] if result else []}, status=400 if problem or (result and result.errors) else 200)


# ---------------------------------------------------------------- taxonomy and agencies' particulars


@login_required
@require_http_methods(["GET", "POST"])
def taxonomy(request):
    permissions.require(permissions.can_edit_taxonomy(request.user))
    kind, pk = request.POST.get("kind"), request.POST.get("pk")
    forms = {"category": (CategoryForm, Category), "genre": (GenreForm, Genre)}
    bound = None
    if request.method == "POST" and kind in forms:
        form_class, model = forms[kind]
        instance = model.objects.filter(pk=pk).first() if pk and pk.isdigit() else None
        bound = form_class(request.POST, instance=instance, prefix=kind)
        if bound.is_valid():
            bound.save()
            messages.success(request, "已保存。已登记的信息保留其归档时的分类代码。")
            return redirect("proactive:taxonomy")
    return render(request, "proactive/taxonomy.html", {
        "categories": Category.objects.select_related("parent"), "genres": Genre.objects.all(),
        "category_form": bound if kind == "category" else CategoryForm(prefix="category"),
        "genre_form": bound if kind == "genre" else GenreForm(prefix="genre")}, status=400 if bound else 200)


# ---------------------------------------------------------------- guides


@login_required
@require_http_methods(["GET", "POST"])
def guide_edit(request, agency_id: int):
    agency = _agency_for_register(request, agency_id)
    current = guides.working_version(agency) or guides.published(agency)
    form = GuideForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            guide = guides.save_draft(agency, request.user, form.cleaned_data["text"])
            if "submit" in request.POST:
                guides.submit(guide, request.user)
        except services.ItemError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "已报送审核。" if "submit" in request.POST else "已保存草稿。")
            return redirect("proactive:guide_edit", agency_id=agency.pk)
    return render(request, "proactive/guide_edit.html", {
        "agency": agency, "form": form, "working": guides.working_version(agency),
        "published": guides.published(agency)})


@login_required
@require_http_methods(["GET", "POST"])
def guide_review(request, pk: int):
    guide = get_object_or_404(Guide.objects.select_related("agency", "edited_by"), pk=pk)
    permissions.require(permissions.can_review_guide(request.user, guide.agency))
    form = GuideReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            guides.review(guide, request.user, approve="approve" in request.POST, comment=form.cleaned_data["comment"])
        except services.ItemError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "指南已发布。" if "approve" in request.POST else "已退回。")
            return redirect("proactive:timeliness", pk=guide.agency.jurisdiction.pk)
    return render(request, "proactive/guide_review.html", {
        "guide": guide, "form": form, "published": guides.published(guide.agency)})


# ---------------------------------------------------------------- the office: Art 26 timeliness


@login_required
def timeliness_page(request, pk: int):
    """The jurisdiction's publication timeliness per agency and month, the late items, the 指南 to review."""
    jurisdiction = get_object_or_404(Agency, pk=pk)
    permissions.require(permissions.can_view_timeliness(request.user, jurisdiction))
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    agencies = jurisdiction.subtree()
    return render(request, "proactive/timeliness.html", {
        "jurisdiction": jurisdiction, "year": year, "years": range(today.year, today.year - 10, -1),
        "rates": timeliness.rates(agencies, start, end), "late": timeliness.late_items(agencies, start, end)[:200],
        "rule": timeliness.rules.timeliness(),
        "guides": Guide.objects.filter(agency__in=agencies, status=Guide.Status.SUBMITTED).select_related("agency")})
