"""The register's API: the public catalogue (``GET /api/catalogue``, ``GET /api/catalogue/{索引号}``), and
for staff, creating, updating, publishing, withdrawing and importing items.

Thin like the pages: parameters are judged by ``catalogue.parse`` and request bodies by the pages'
``ItemForm`` (the applications API's ``form_schema`` describes it), so every refusal is the pages'
Chinese message naming the field; permissions from ``permissions``, every write by ``services`` or
``imports``.
"""

import datetime
import json
import tempfile
from pathlib import Path

from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from ninja.security import django_auth

from gongkai.web.agencies.models import Agency
from gongkai.web.applications.api import InvalidOut, form_data, form_schema, refused
from gongkai.web.proactive import catalogue, imports, permissions, rules, services
from gongkai.web.proactive.forms import ItemForm, WithdrawForm
from gongkai.web.proactive.models import Item

public_router = Router(tags=["政府信息公开目录"])
staff_router = Router(tags=["主动公开信息登记"], auth=django_auth)


class ChannelOut(Schema):
    channel: str
    label: str
    published_on: datetime.date
    gazette_issue: str
    url: str


class CatalogueItemOut(Schema):
    index_number: str
    title: str
    agency: str
    published_on: datetime.date
    channels: list[str]
    url: str


class CatalogueOut(Schema):
    count: int
    count_capped: bool  # true: at least ``count`` items match
    count_estimated: bool  # true: about ``count`` items match (the database's estimate, for common words)
    page: int
    pages: int
    items: list[CatalogueItemOut]


class ItemOut(Schema):
    id: int
    index_number: str | None
    status: str
    title: str
    agency: str
    agencies: list[str]
    document_number: str
    document_date: datetime.date | None
    formed_on: datetime.date
    published_on: datetime.date | None
    working_days_to_publish: int | None
    late: bool
    category: str
    category_code: str
    genre: str | None
    normative_kind: str
    validity: str
    effective_on: datetime.date | None
    invalid_on: datetime.date | None
    repealed_by: str | None
    summary: str
    body: str
    channels: list[ChannelOut]
    url: str | None


class ErrorOut(Schema):
    detail: str
    errors: dict[str, str] = {}


def _channels(item: Item) -> list[dict]:
    return [{"channel": c.channel, "label": c.get_channel_display(), "published_on": c.published_on,
             "gazette_issue": c.gazette_issue, "url": c.url} for c in item.channels.all()]


def _public_url(item: Item) -> str | None:
    return reverse("catalogue:item", args=[item.index_number]) if item.index_number else None


def item_out(item: Item) -> dict:
    return {
        **{name: getattr(item, name) for name in (
            "id", "index_number", "status", "title", "document_number", "document_date", "formed_on", "published_on",
            "working_days_to_publish", "late", "category_code", "normative_kind", "validity", "effective_on",
            "invalid_on", "summary", "body")},
        "agency": item.agency.name, "agencies": [a.name for a in item.agencies.order_by("path")],
        "category": item.category.name, "genre": item.genre.name if item.genre else None,
        "repealed_by": item.repealed_by.index_number if item.repealed_by else None,
        "channels": _channels(item), "url": _public_url(item)}


# ---------------------------------------------------------------- public


@public_router.get("/catalogue", response={200: CatalogueOut, 422: ErrorOut}, summary="检索政府信息公开目录")
def search_catalogue(request, q: str = "", agency: str = "", year: str = "", category: str = "", channel: str = "",
                     page: str = ""):
    """Published items, newest first, 20 a page: ``q`` words of the title, 文号 or body (two Chinese
    characters are enough); ``agency`` an agency id (a jurisdiction: its whole tree); ``category`` a
    主题分类 code (a top-level code: all below it); ``channel`` gazette, website, weibo, wechat or other."""
    try:
        query = catalogue.parse({"q": q, "agency": agency, "year": year, "category": category, "channel": channel,
                                 "page": page})
    except catalogue.CatalogueError as error:
        return Status(422, {"detail": error.message, "errors": error.errors})
    found = catalogue.page(query)
    return {"count": found.count, "count_capped": found.capped, "count_estimated": found.estimated,
            "page": found.number, "pages": found.pages,
            "items": [{"index_number": item.index_number, "title": item.title, "agency": item.agency.name,
                       "published_on": item.published_on, "channels": [c.channel for c in item.channels.all()],
                       "url": _public_url(item)} for item in found.items]}


@public_router.get("/catalogue/{path:index_number}", response={200: ItemOut, 404: ErrorOut},
                   summary="按索引号查看主动公开信息")
def catalogue_item(request, index_number: str):
    item = catalogue.published().select_related("agency", "category", "genre", "repealed_by").filter(
        index_number=index_number).first()
    if item is None:
        return Status(404, {"detail": f"没有索引号为「{index_number}」的已公开信息。"})
    return item_out(item)


# ---------------------------------------------------------------- staff

ItemFields = form_schema(ItemForm)


class ChannelIn(Schema):
    channel: str
    published_on: datetime.date | None = None  # blank: the item's 发布日期
    gazette_issue: str = ""
    url: str = ""


class ItemIn(ItemFields):
    channels: list[ChannelIn] = []
    publish: bool = False  # create: publish at once (登记并发布)


class WithdrawIn(Schema):
    reason: str


def _form(payload: ItemIn, agency: Agency, item: Item | None = None) -> ItemForm | Status:
    data = form_data(payload)
    data.pop("publish", None)
    data.pop("attachment", None)
    for entry in payload.channels:
        if entry.channel not in rules.channels():
            message = f"公开渠道：未知的渠道「{entry.channel}」。"
            return Status(422, {"detail": message, "errors": {"channels": message}})
        detail = rules.channels()[entry.channel].get("detail")
        data[f"channel_{entry.channel}"] = "on"
        data[f"channel_{entry.channel}_on"] = entry.published_on.isoformat() if entry.published_on else ""
        if detail:
            data[f"channel_{entry.channel}_{detail}"] = getattr(entry, detail)
    data.pop("channels", None)
    posted = QueryDict(mutable=True)  # as the page posts it: several agencies are one field's values
    for name, value in data.items():
        posted.setlist(name, [str(v) for v in value] if isinstance(value, list) else [value])
    form = ItemForm(posted, agency=agency, item=item)
    return form if form.is_valid() else refused(form)


def _refused(error: services.ItemError) -> Status:
    errors = {name or "item": message for name, message in error.errors.items()}
    return Status(422, {"detail": error.message, "errors": errors})


def _staff_item(request, pk: int) -> Item:
    item = get_object_or_404(Item.objects.select_related("agency", "category", "genre", "repealed_by"), pk=pk)
    permissions.require(permissions.can_register(request.user, item.agency))
    return item


@staff_router.post("/agencies/{agency_id}/items", response={201: ItemOut, 422: InvalidOut},
                   summary="登记主动公开信息")
def create_item(request, agency_id: int, payload: ItemIn):
    agency = get_object_or_404(Agency, pk=agency_id)
    permissions.require(permissions.can_register(request.user, agency))
    form = _form(payload, agency)
    if isinstance(form, Status):
        return form
    try:
        item = services.register(agency, request.user, form.to_data(), publish=payload.publish)
    except services.ItemError as error:
        return _refused(error)
    return Status(201, item_out(item))


@staff_router.put("/items/{pk}", response={200: ItemOut, 422: InvalidOut}, summary="修改主动公开信息")
def update_item(request, pk: int, payload: ItemIn):
    item = _staff_item(request, pk)
    form = _form(payload, item.agency, item)
    if isinstance(form, Status):
        return form
    try:
        item = services.update(item, request.user, form.to_data())
    except services.ItemError as error:
        return _refused(error)
    return item_out(item)


@staff_router.get("/items/{pk}", response=ItemOut, summary="主动公开信息（含草稿）")
def get_item(request, pk: int):
    item = get_object_or_404(Item.objects.select_related("agency", "category", "genre", "repealed_by"), pk=pk)
    permissions.require(permissions.can_view_register(request.user, item.agency))
    return item_out(item)


@staff_router.post("/items/{pk}/publish", response={200: ItemOut, 422: InvalidOut}, summary="发布（生成索引号）")
def publish_item(request, pk: int):
    try:
        return item_out(services.publish_item(_staff_item(request, pk), request.user))
    except services.ItemError as error:
        return _refused(error)


@staff_router.post("/items/{pk}/withdraw", response={200: ItemOut, 422: InvalidOut}, summary="撤回")
def withdraw_item(request, pk: int, payload: WithdrawIn):
    form = WithdrawForm({"reason": payload.reason})
    if not form.is_valid():
        return refused(form)
    try:
        return item_out(services.withdraw(_staff_item(request, pk), request.user, form.cleaned_data["reason"]))
    except services.ItemError as error:
        return _refused(error)


class RowErrorOut(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    rows: int
    created: int
    updated: int
    dry_run: bool
    saved: bool
    errors: list[RowErrorOut]


@staff_router.post("/agencies/{agency_id}/items/import", response={200: ImportOut, 422: ImportOut | ErrorOut},
                   summary="从内容管理系统导出的 CSV 或 XLSX 批量导入")
def import_items(request, agency_id: int, file: File[UploadedFile], mapping: Form[str] = "",
                 dry_run: Form[bool] = True):
    """``mapping``: a JSON object, field → the column's header (``{"title": "标题", …}``); blank: the
    columns whose headers are known names. Nothing is saved on a dry run or if any row is wrong."""
    agency = get_object_or_404(Agency, pk=agency_id)
    permissions.require(permissions.can_register(request.user, agency))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload"
        with path.open("wb") as handle:
            for chunk in file.chunks():
                handle.write(chunk)
        try:
            columns = imports.headers(path, file.name)
            chosen = imports.guess_mapping(columns) if not mapping else _mapping(mapping, columns)
            result = imports.run(path, file.name, agency, request.user, chosen,
                                 permissions.registering_agencies(request.user), dry_run=dry_run)
        except imports.ImportFileError as error:
            return Status(422, {"detail": error.message, "errors": {"file": error.message}})
    body = {"rows": result.rows, "created": result.created, "updated": result.updated, "dry_run": result.dry_run,
            "saved": result.saved, "errors": [vars(e) for e in result.errors]}
    return Status(422 if result.errors else 200, body)


def _mapping(text: str, columns: list[str]) -> dict[str, int]:
    try:
        given = json.loads(text)
    except json.JSONDecodeError:
        raise imports.ImportFileError("mapping 应为 JSON 对象，如 {\"title\": \"标题\"}。") from None
    if not isinstance(given, dict):
        raise imports.ImportFileError("mapping 应为 JSON 对象，如 {\"title\": \"标题\"}。")
    mapping = {}
    for name, header in given.items():
        if name not in imports.COLUMNS:
            raise imports.ImportFileError(f"mapping 中的「{name}」不是可导入的项目。")
        if header not in columns:
            raise imports.ImportFileError(f"文件中没有名为「{header}」的列。")
        mapping[name] = columns.index(header)
    return mapping
