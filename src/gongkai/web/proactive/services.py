"""The register's domain logic: registering, editing, publishing and withdrawing items, each change
recorded as an event (who, when, each field's old and new value), each write one transaction. Pages,
the API, the import and the CLI call these functions; ``check`` is the one place an item's values are
judged, and names each wrong field in Chinese."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gongkai.web.agencies.models import Agency
from gongkai.web.proactive import index_numbers, rules, search, timeliness
from gongkai.web.proactive.attachments import AttachmentError
from gongkai.web.proactive.attachments import check as check_attachment
from gongkai.web.proactive.models import AgencyProfile, Category, Genre, Item, ItemAgency, ItemChannel, ItemEvent

Status = Item.Status
FIELDS = ("title", "document_date", "formed_on", "published_on", "category", "genre", "document_number", "summary",
          "body", "normative_kind", "validity", "effective_on", "invalid_on", "repealed_by")
DATE_FIELDS = ("document_date", "formed_on", "published_on", "effective_on", "invalid_on")


class ItemError(Exception):
    """A change the register refuses; ``errors``: field → message (``None``: the item as a whole)."""

    def __init__(self, message: str, errors: dict[str | None, str] | None = None):
        self.message = message
        self.errors = errors or {None: message}
        super().__init__(message)


@dataclass
class ItemData:
    """What a clerk enters for an item (the form, the API and the import fill it in)."""

    title: str
    formed_on: datetime.date
    category: Category
    document_date: datetime.date | None = None
    published_on: datetime.date | None = None
    genre: Genre | None = None
    document_number: str = ""
    summary: str = ""
    body: str = ""
    normative_kind: str = ""
    validity: str = ""
    effective_on: datetime.date | None = None
    invalid_on: datetime.date | None = None
    repealed_by: Item | None = None
    joint_agencies: list[Agency] = field(default_factory=list)
    # channel key → {"published_on": date, "gazette_issue": str, "url": str}
    channels: dict[str, dict] = field(default_factory=dict)


def _label(name: str) -> str:
    return str(Item._meta.get_field(name).verbose_name)


def established_on(agency: Agency) -> datetime.date | None:
    profile = AgencyProfile.objects.filter(agency=agency).first()
    return profile.established_on if profile else None


def check(agency: Agency, data: ItemData, item: Item | None = None, *, today: datetime.date | None = None,
          established: datetime.date | None = ..., numbers_taken: bool | None = None) -> dict[str, str]:
    """Field → what is wrong with ``data`` for an item of ``agency`` (empty: nothing). ``established``
    and ``numbers_taken`` let the import pass what it has already looked up."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if not data.title:
        errors["title"] = "必须填写信息名称。"
    if established is ...:
        established = established_on(agency)
    for name in DATE_FIELDS:
        value = getattr(data, name)
        if value is None:
            continue
        if value > today and name != "effective_on":
            errors[name] = f"{_label(name)}{value:%Y-%m-%d}晚于今天。"
        elif established and value < established:
            errors[name] = f"{_label(name)}{value:%Y-%m-%d}早于本机关成立日期{established:%Y-%m-%d}。"
    if data.published_on and data.published_on < data.formed_on and "published_on" not in errors:
        errors["published_on"] = "发布日期早于生成日期。"
    if not data.category.active and (item is None or item.category_id != data.category.pk):
        errors["category"] = f"主题分类「{data.category}」已停用。"
    if data.document_number:
        if numbers_taken is None:
            other = Item.objects.filter(agency=agency, document_number=data.document_number)
            if item is not None:
                other = other.exclude(pk=item.pk)
            numbers_taken = other.exists()
        if numbers_taken:
            errors["document_number"] = f"文号「{data.document_number}」已被本机关的另一文件使用。"
    errors.update(_check_validity(data, item))
    for key, entry in data.channels.items():
        errors.update(_check_channel(key, entry, data, today))
    return errors


def _check_validity(data: ItemData, item: Item | None) -> dict[str, str]:
    Validity = Item.Validity
    if not data.normative_kind:
        return {}
    errors = {}
    if not data.validity:
        errors["validity"] = "规章和规范性文件须填写效力状态（有效、失效或废止）。"
    if data.validity in (Validity.EXPIRED, Validity.REPEALED) and data.invalid_on is None:
        errors["invalid_on"] = f"效力状态为{Validity(data.validity).label}，须填写失效或废止日期。"
    if data.validity == Validity.IN_FORCE and data.invalid_on is not None:
        errors["invalid_on"] = "效力状态为有效的文件不应填写失效或废止日期。"
    if data.invalid_on and data.document_date and data.invalid_on < data.document_date:
        errors["invalid_on"] = f"废止日期{data.invalid_on:%Y-%m-%d}早于成文日期{data.document_date:%Y-%m-%d}。"
    if data.repealed_by is not None:
        if data.validity != Validity.REPEALED:
            errors["repealed_by"] = "只有已废止的文件才有废止文件。"
        elif item is not None and data.repealed_by.pk == item.pk:
            errors["repealed_by"] = "文件不能废止其自身。"
    return errors


def _check_channel(key: str, entry: dict, data: ItemData, today: datetime.date) -> dict[str, str]:
    channels = rules.channels()
    place = f"channel_{key}"
    if key not in channels:
        return {place: f"未知的公开渠道「{key}」。"}
    label, on = channels[key]["label"], entry.get("published_on")
    if on is None:
        return {place: f"{label}：须填写公开日期。"}
    if on == data.published_on:
        pass  # the item's own date, judged once as 发布日期
    elif on > today:
        return {place: f"{label}：公开日期{on:%Y-%m-%d}晚于今天。"}
    elif on < data.formed_on:
        return {place: f"{label}：公开日期{on:%Y-%m-%d}早于生成日期。"}
    detail = channels[key].get("detail")
    if detail and not entry.get(detail):
        return {place: f"{label}：须填写{channels[key]['detail_label']}。"}
    return {}


def snapshot(item: Item, *, relations: bool = True) -> dict[str, str]:
    """The item as people read it, field label → text: what an event's old and new values compare
    (``relations``: with its agencies and channels, which the import records in bulk instead)."""
    values = {}
    for name in FIELDS:
        spec = Item._meta.get_field(name)
        value = getattr(item, name)
        if spec.choices:
            value = getattr(item, f"get_{name}_display")()
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        values[str(spec.verbose_name)] = "" if value is None else str(value)
    if item.pk and relations:
        values["发布机构"] = "、".join(a.name for a in item.agencies.order_by("pk"))
        values["公开渠道"] = "；".join(_channel_text(c) for c in item.channels.all())
    values["附件"] = item.attachment_name
    return values


def _channel_text(channel: ItemChannel) -> str:
    detail = channel.gazette_issue or channel.url
    return f"{channel.get_channel_display()} {channel.published_on:%Y-%m-%d}" + (f" {detail}" if detail else "")


def diff(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    return {name: [before.get(name, ""), value] for name, value in after.items() if before.get(name, "") != value}


def apply_data(item: Item, data: ItemData) -> None:
    for name in FIELDS:
        setattr(item, name, getattr(data, name))
    if not data.normative_kind:
        item.validity, item.effective_on, item.invalid_on, item.repealed_by = "", None, None, None
    if item.index_number is None:
        item.category_code = data.category.code  # a published item keeps the code its number says
    item.search_text = search.search_text(item.title, item.document_number, item.body)
    item.channel_keys = Item.keys_of(data.channels)  # the channels themselves: _write_relations


def _write_relations(item: Item, data: ItemData) -> None:
    agencies = [item.agency, *(a for a in data.joint_agencies if a.pk != item.agency_id)]
    ItemAgency.objects.filter(item=item).exclude(agency__in=agencies).delete()
    for agency in agencies:
        ItemAgency.objects.get_or_create(item=item, agency=agency, defaults=ItemAgency.copies(item))
    item.channels.exclude(channel__in=list(data.channels)).delete()
    for key, entry in data.channels.items():
        ItemChannel.objects.update_or_create(item=item, channel=key, defaults={
            "published_on": entry["published_on"], "gazette_issue": entry.get("gazette_issue", ""),
            "url": entry.get("url", "")})


def _attach(item: Item, upload) -> None:
    try:
        checked = check_attachment(upload)
    except AttachmentError as error:
        raise ItemError(error.message, {"attachment": error.message}) from None
    item.attachment.save(upload.name, upload, save=False)
    item.attachment_name, item.attachment_type, item.attachment_size = checked.name, checked.kind, checked.size


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ItemError("未保存：" + "；".join(errors.values()), errors)


@transaction.atomic
def register(agency: Agency, user, data: ItemData, *, attachment=None, publish: bool = False) -> Item:
    """A new item of ``agency`` (the agency whose number it bears), a draft unless ``publish``."""
    _refuse(check(agency, data))
    item = Item(agency=agency, created_by=user)
    apply_data(item, data)
    if attachment is not None:
        _attach(item, attachment)
    item.save()
    _write_relations(item, data)
    ItemEvent.objects.create(item=item, kind=ItemEvent.Kind.REGISTERED, user=user,
                             changes=diff({}, snapshot(item)))
    search.index_items([item.pk])
    if publish:
        item = publish_item(item, user)
    return item


@transaction.atomic
def update(item: Item, user, data: ItemData, *, attachment=None) -> Item:
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status == Status.WITHDRAWN:
        raise ItemError("已撤回的信息不能修改。")
    _refuse(check(item.agency, data, item))
    before = snapshot(item)
    apply_data(item, data)
    if attachment is not None:
        _attach(item, attachment)
    if item.status == Status.PUBLISHED:
        if item.published_on is None:
            raise ItemError("已发布的信息须有发布日期。", {"published_on": "已发布的信息须有发布日期。"})
        timeliness.assess(item)
    item.save()
    _write_relations(item, data)
    changes = diff(before, snapshot(item))
    if changes:
        ItemEvent.objects.create(item=item, kind=ItemEvent.Kind.EDITED, user=user, changes=changes)
    search.index_items([item.pk])
    return item


@transaction.atomic
def publish_item(item: Item, user, *, today: datetime.date | None = None) -> Item:
    """Publish a draft: its 发布日期 (today unless entered), its index number, its Art 26 count."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status != Status.DRAFT:
        raise ItemError(f"该信息{item.get_status_display()}，不能再次发布。")
    if not item.channels.exists():
        raise ItemError("发布前须至少填写一个公开渠道。", {"channels": "发布前须至少填写一个公开渠道。"})
    before = snapshot(item)
    item.published_on = item.published_on or today or timezone.localdate()
    item.index_number = index_numbers.assign(item)
    item.status = Status.PUBLISHED
    timeliness.assess(item)
    item.save()
    changes = {**diff(before, snapshot(item)), "索引号": ["", item.index_number]}
    ItemEvent.objects.create(item=item, kind=ItemEvent.Kind.PUBLISHED, user=user, changes=changes)
    return item


@transaction.atomic
def withdraw(item: Item, user, reason: str, *, today: datetime.date | None = None) -> Item:
    """撤回: the item leaves the public catalogue and keeps its number and history."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.status != Status.PUBLISHED:
        raise ItemError("只有已发布的信息才能撤回。")
    if not reason:
        raise ItemError("须填写撤回原因。", {"reason": "须填写撤回原因。"})
    item.status, item.withdrawn_on, item.withdrawal_reason = Status.WITHDRAWN, today or timezone.localdate(), reason
    item.save(update_fields=["status", "withdrawn_on", "withdrawal_reason"])
    ItemEvent.objects.create(item=item, kind=ItemEvent.Kind.WITHDRAWN, user=user,
                             changes={"状态": [Status.PUBLISHED.label, Status.WITHDRAWN.label],
                                      "撤回原因": ["", reason]})
    return item


def data_of(item: Item) -> ItemData:
    """The item's values as ``ItemData`` (to edit a few of them)."""
    return ItemData(**{name: getattr(item, name) for name in FIELDS},
                    joint_agencies=[a for a in item.agencies.all() if a.pk != item.agency_id],
                    channels={c.channel: {"published_on": c.published_on, "gazette_issue": c.gazette_issue,
                                          "url": c.url} for c in item.channels.all()})
