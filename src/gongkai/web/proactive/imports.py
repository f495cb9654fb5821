"""Bulk import of the CSV or XLSX an agency's website CMS exports.

The file is read row by row (CSV: UTF-8 or GB18030; XLSX: openpyxl's read-only mode), a thousand rows
at a time, so memory stays flat whatever its length. Each column the clerk mapped to a field is read
and judged by the same ``services.check`` as the form; every wrong cell is listed with its row number,
column and reason. The whole import is one transaction: if any row is wrong, or on a dry run, it is
rolled back and nothing is saved. A row whose source id (来源编号) the agency already has updates that
item instead of adding one; imported items are published (they are on the website already) and get
their index number here unless the file carries one.
"""

import codecs
import csv
import datetime
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.errors import InputError
from gongkai.text import clean_text
from gongkai.web.agencies.models import Agency
from gongkai.web.applications.services import working_calendar
from gongkai.web.proactive import index_numbers, rules, search, services, timeliness
from gongkai.web.proactive.models import AgencyProfile, Category, Genre, Item, ItemAgency, ItemChannel, ItemEvent

CHUNK = 1000
# Import field → (label, header aliases a CMS export uses). The labels are the register's.
COLUMNS = {
    "source_id": ("来源编号", ["来源编号", "编号", "id", "内容id", "文章id", "信息id"]),
    "title": ("信息名称", ["信息名称", "标题", "名称", "文章标题"]),
    "index_number": ("索引号", ["索引号"]),
    "agency": ("发布机构", ["发布机构", "发文机关", "机构"]),
    "joint_agencies": ("联合发文机关", ["联合发文机关", "联合发布机构"]),
    "document_number": ("文号", ["文号", "发文字号", "文件编号"]),
    "document_date": ("成文日期", ["成文日期"]),
    "formed_on": ("生成日期", ["生成日期", "产生日期", "形成日期"]),
    "published_on": ("发布日期", ["发布日期", "公开日期", "发布时间"]),
    "category": ("主题分类", ["主题分类", "分类", "目录分类", "栏目"]),
    "genre": ("体裁", ["体裁", "文种"]),
    "summary": ("内容概述", ["内容概述", "摘要"]),
    "body": ("正文", ["正文", "内容"]),
    "normative_kind": ("规章或规范性文件", ["规章或规范性文件", "文件类型"]),
    "validity": ("效力状态", ["效力状态", "有效性"]),
    "effective_on": ("施行日期", ["施行日期", "生效日期"]),
    "invalid_on": ("失效或废止日期", ["失效或废止日期", "废止日期", "失效日期"]),
    "channels": ("公开渠道", ["公开渠道", "发布渠道"]),
    "gazette_issue": ("政府公报期号", ["政府公报期号", "公报期号"]),
    "url": ("网址", ["网址", "链接", "url"]),
}
REQUIRED = ("source_id", "title", "formed_on", "published_on", "category")
NORMATIVE = {"": "", "否": "", "规章": "regulation", "行政规范性文件": "normative", "规范性文件": "normative"}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
SEPARATORS = re.compile(r"[；;、,，/]+")


class ImportFileError(Exception):
    """The file itself cannot be read (not a row's fault)."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行「{self.column}」：{self.message}"


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def saved(self) -> bool:
        return not self.dry_run and not self.errors


# ---------------------------------------------------------------- reading the file


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(65536)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "gb18030"


def read_rows(path: Path, name: str) -> Iterator[list[str]]:
    """The file's rows as lists of text, the header first; one row in memory at a time."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "csv":
        try:
            with path.open(encoding=_encoding(path), newline="") as handle:
                yield from csv.reader(handle)
        except (UnicodeDecodeError, csv.Error) as error:
            raise ImportFileError(f"无法读取 CSV 文件「{name}」：{error}") from None
    elif suffix == "xlsx":
        from openpyxl import load_workbook
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a file that is not a workbook
            raise ImportFileError(f"「{name}」不是有效的 XLSX 文件。") from None
        try:
            for values in workbook.worksheets[0].iter_rows(values_only=True):
                yield [_cell(value) for value in values]
        finally:
            workbook.close()
    else:
        raise ImportFileError(f"只能导入 CSV 或 XLSX 文件，「{name}」不是。")


def headers(path: Path, name: str) -> list[str]:
    for row in read_rows(path, name):
        return [" ".join(cell.split()) for cell in row]
    raise ImportFileError(f"「{name}」是空文件。")


def guess_mapping(columns: list[str]) -> dict[str, int]:
    """Field → column index, for the columns whose header is a known name of a field."""
    mapping = {}
    for index, header in enumerate(columns):
        key = header.strip().lower()
        for name, (_, aliases) in COLUMNS.items():
            if name not in mapping and key in aliases:
                mapping[name] = index
    return mapping


def check_mapping(mapping: dict[str, int], columns: list[str]) -> list[str]:
    problems = [f"须指定「{COLUMNS[name][0]}」所在的列。" for name in REQUIRED if name not in mapping]
    problems += [f"「{COLUMNS[name][0]}」对应的列不存在。" for name, index in mapping.items()
                 if name in COLUMNS and not 0 <= index < len(columns)]
    if "channels" not in mapping and "url" not in mapping:
        problems.append("须指定「公开渠道」或「网址」所在的列。")
    return problems


# ---------------------------------------------------------------- one row


def parse_date(text: str) -> datetime.date:
    text = text.strip().split(" ")[0]
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"日期「{text}」无法识别，应为 YYYY-MM-DD")


class _Lookups:
    """What the rows refer to, looked up once per import."""

    def __init__(self, agency: Agency, allowed: list[Agency]):
        self.agency = agency
        self.allowed = {a.name: a for a in allowed}
        self.agencies = {a.name: a for a in Agency.objects.all()}
        self.categories = {}
        for category in Category.objects.all():
            self.categories[category.code] = self.categories[category.name] = category
        self.genres = {genre.name: genre for genre in Genre.objects.all()}
        self.established = dict(AgencyProfile.objects.values_list("agency_id", "established_on"))
        self.channels = {entry["label"]: key for key, entry in rules.channels().items()}
        self.channels.update({entry["label"].removeprefix("政务").removeprefix("政府"): key
                              for key, entry in rules.channels().items()})
        self.channels.update({key: key for key in rules.channels()})


@dataclass
class _Row:
    number: int
    agency: Agency
    source_id: str
    index_number: str
    data: services.ItemData


def _parse(number: int, values: list[str], mapping: dict[str, int], lookups: _Lookups,
           errors: list[RowError]) -> _Row | None:
    found: list[RowError] = []

    def fail(name: str, message: str) -> None:
        """One error per cell: the first found (a refused character also leaves the cell blank)."""
        if not any(error.column == COLUMNS[name][0] for error in found):
            found.append(RowError(number, COLUMNS[name][0], message))

    def text(name: str, multiline: bool = False) -> str:
        """The cell mapped to ``name``, through the platform's text normalisation (a character no
        document can hold is this row's error); one-line fields lose line breaks and doubled spaces."""
        index = mapping.get(name)
        if index is None or index >= len(values):
            return ""
        try:
            value = clean_text(values[index])
        except InputError as error:
            fail(name, f"{error.message}。")
            return ""
        return value.strip() if multiline else " ".join(value.split())

    for name in REQUIRED:
        if not text(name):
            fail(name, "必须填写。")
    dates = {}
    for name in services.DATE_FIELDS:
        if text(name):
            try:
                dates[name] = parse_date(text(name))
            except ValueError as error:
                fail(name, f"{error}。")
    agency = lookups.agency
    if text("agency"):
        agency = lookups.allowed.get(text("agency"))
        if agency is None:
            fail("agency", f"「{text('agency')}」不是您可以登记信息的机关。")
    joint = []
    for name in filter(None, SEPARATORS.split(text("joint_agencies"))):
        if name in lookups.agencies:
            joint.append(lookups.agencies[name])
        else:
            fail("joint_agencies", f"没有名为「{name}」的机关。")
    category = lookups.categories.get(text("category"))
    if text("category") and category is None:
        fail("category", f"未知的主题分类「{text('category')}」。")
    genre = lookups.genres.get(text("genre"))
    if text("genre") and genre is None:
        fail("genre", f"未知的体裁「{text('genre')}」。")
    kind = NORMATIVE.get(text("normative_kind"))
    if kind is None:
        fail("normative_kind", f"「{text('normative_kind')}」应为规章、行政规范性文件或空白。")
    validity = {choice.label: choice.value for choice in Item.Validity}.get(text("validity"), "")
    if text("validity") and not validity:
        fail("validity", f"「{text('validity')}」应为有效、失效或废止。")
    channels = {}
    names = [name for name in SEPARATORS.split(text("channels")) if name] or (["website"] if text("url") else [])
    if not names:
        fail("channels", "须填写公开渠道。")
    for name in names:
        key = lookups.channels.get(name)
        if key is None:
            fail("channels", f"未知的公开渠道「{name}」。")
        elif "published_on" in dates:
            channels[key] = {"published_on": dates["published_on"], "gazette_issue": text("gazette_issue"),
                             "url": text("url") if key == "website" else ""}
    errors.extend(found)
    if found:
        return None
    data = services.ItemData(
        title=text("title"), formed_on=dates["formed_on"], published_on=dates["published_on"], category=category,
        document_date=dates.get("document_date"), genre=genre, document_number=text("document_number"),
        summary=text("summary"), body=text("body", multiline=True), normative_kind=kind, validity=validity,
        effective_on=dates.get("effective_on"), invalid_on=dates.get("invalid_on"), joint_agencies=joint,
        channels=channels)
    return _Row(number, agency, text("source_id"), text("index_number"), data)


# ---------------------------------------------------------------- the import


def _column(field_name: str) -> str:
    if field_name.startswith("channel"):
        return COLUMNS["channels"][0]
    return COLUMNS.get(field_name, (services._label(field_name),))[0]


class _Importer:
    def __init__(self, agency: Agency, user, allowed: list[Agency], source: str):
        self.lookups = _Lookups(agency, allowed)
        self.user, self.source = user, source
        self.result = ImportResult()
        self.seen_sources: dict[tuple[int, str], int] = {}
        self.seen_numbers: dict[tuple[int, str], int] = {}
        self.seen_index: dict[str, int] = {}
        self.calendar = working_calendar()
        self.today = timezone.localdate()

    def chunk(self, rows: list[_Row]) -> None:
        errors = self.result.errors
        # Each lookup names the agencies, so that the unique indexes (agency, source id) and (agency,
        # document number) answer it whatever the size of the register.
        agencies = {row.agency.pk for row in rows}
        existing = {(item.agency_id, item.source_id): item for item in Item.objects.filter(
            agency_id__in=agencies, source_id__in=[row.source_id for row in rows]).select_related("category")}
        numbers = {(a, n): s for a, n, s in Item.objects.filter(
            agency_id__in=agencies,
            document_number__in=[row.data.document_number for row in rows if row.data.document_number]
        ).values_list("agency_id", "document_number", "source_id")}
        taken_index = set(Item.objects.filter(index_number__in=[row.index_number for row in rows if row.index_number])
                          .values_list("index_number", "source_id"))
        valid = []
        for row in rows:
            key = (row.agency.pk, row.source_id)
            if key in self.seen_sources:
                errors.append(RowError(row.number, COLUMNS["source_id"][0],
                                       f"来源编号「{row.source_id}」与第{self.seen_sources[key]}行重复。"))
                continue
            self.seen_sources[key] = row.number
            number = row.data.document_number
            taken = False
            if number:
                earlier = self.seen_numbers.setdefault((row.agency.pk, number), row.number)
                if earlier != row.number:
                    errors.append(RowError(row.number, COLUMNS["document_number"][0],
                                           f"文号「{number}」与第{earlier}行重复。"))
                    continue
                owner = numbers.get((row.agency.pk, number))
                taken = owner is not None and owner != row.source_id
            if row.index_number:
                earlier = self.seen_index.setdefault(row.index_number, row.number)
                if earlier != row.number or any(n == row.index_number and s != row.source_id for n, s in taken_index):
                    errors.append(RowError(row.number, COLUMNS["index_number"][0],
                                           f"索引号「{row.index_number}」已被另一条信息使用。"))
                    continue
            item = existing.get(key)
            found = services.check(row.agency, row.data, item, today=self.today, numbers_taken=taken,
                                   established=self.lookups.established.get(row.agency.pk))
            if found:
                errors.extend(RowError(row.number, _column(name), message) for name, message in found.items())
                continue
            valid.append((row, item))
        if not errors:
            self._write(valid)

    def _write(self, valid: list[tuple[_Row, Item | None]]) -> None:
        created, updated, events = [], [], []
        for row, item in valid:
            new = item is None
            before = {} if new else services.snapshot(item, relations=False)
            if new:
                item = Item(agency=row.agency, created_by=self.user, source_id=row.source_id,
                            status=Item.Status.PUBLISHED)
            services.apply_data(item, row.data)
            if row.index_number and item.index_number is None:
                item.index_number = row.index_number
            timeliness.assess(item, self.calendar)
            (created if new else updated).append((row, item, before))
        self._number([item for _, item, _ in created if item.index_number is None])
        Item.objects.bulk_create([item for _, item, _ in created])
        if updated:
            Item.objects.bulk_update([item for _, item, _ in updated], [*services.FIELDS, "category_code",
                                     "search_text", "channel_keys", "working_days_to_publish", "late", "validity",
                                     "index_number"])
        ids = [item.pk for _, item, _ in created + updated]
        ItemAgency.objects.filter(item_id__in=ids).delete()
        ItemChannel.objects.filter(item_id__in=ids).delete()
        ItemAgency.objects.bulk_create([
            ItemAgency(item=item, agency=agency, **ItemAgency.copies(item)) for row, item, _ in created + updated
            for agency in {a.pk: a for a in [row.agency, *row.data.joint_agencies]}.values()])
        ItemChannel.objects.bulk_create([
            ItemChannel(item=item, channel=key, published_on=entry["published_on"],
                        gazette_issue=entry["gazette_issue"], url=entry["url"])
            for row, item, _ in created + updated for key, entry in row.data.channels.items()])
        for row, item, before in created + updated:
            changes = services.diff(before, services.snapshot(item, relations=False))
            if before and not changes:
                continue
            events.append(ItemEvent(item=item, user=self.user, kind=ItemEvent.Kind.IMPORTED,
                                    changes={"导入": ["", f"{self.source} 第{row.number}行"], **changes}))
        ItemEvent.objects.bulk_create(events)
        search.index_items(ids)
        self.result.created += len(created)
        self.result.updated += len(updated)

    def _number(self, items: list[Item]) -> None:
        """Index numbers for new items, a block of serials per scope."""
        by_scope: dict[str, list[Item]] = {}
        codes = {}
        for item in items:
            if item.agency_id not in codes:
                codes[item.agency_id] = index_numbers.organisation_code(item.agency)
            by_scope.setdefault(index_numbers.scope_of(item, codes[item.agency_id]), []).append(item)
        serials = index_numbers.reserve_many({scope: len(members) for scope, members in by_scope.items()})
        for scope, members in by_scope.items():
            for item, serial in zip(members, serials[scope], strict=True):
                item.index_number = index_numbers.render(item, serial, codes[item.agency_id])


def run(path: Path, name: str, agency: Agency, user, mapping: dict[str, int], allowed: list[Agency], *,
        dry_run: bool = False) -> ImportResult:
    """Import the file at ``path`` (called ``name``) for ``agency``: every row or nothing."""
    columns = headers(path, name)
    problems = check_mapping(mapping, columns)
    if problems:
        raise ImportFileError("".join(problems))
    with transaction.atomic():
        importer = _Importer(agency, user, allowed, name)
        importer.result.dry_run = dry_run
        rows: list[_Row] = []
        for number, values in enumerate(read_rows(path, name), start=1):
            if number == 1 or not any(value.strip() for value in values):
                continue  # the header; blank lines at the end of an export
            importer.result.rows += 1
            row = _parse(number, values, mapping, importer.lookups, importer.result.errors)
            if row is not None:
                rows.append(row)
            if len(rows) >= CHUNK:
                importer.chunk(rows)
                rows = []
                # A written item and its attachment's FieldFile refer to each other, so a chunk's items are
                # freed only by the cycle collector, which runs too rarely here to keep them from piling up.
                gc.collect()
        if rows:
            importer.chunk(rows)
        if importer.result.errors or dry_run:
            transaction.set_rollback(True)
    result = importer.result
    if result.errors:
        result.created = result.updated = 0
    return result
