"""The annual report's life: entry, checks, review, compilation and publication.

Plain functions that views, the CLI and the API call alike. Each write is one transaction, checks
the user's permission (``reports.permissions``), bumps the report's revision and records every
change as a ``ReportEvent``. Values are validated, summed, checked and rendered by the core.
"""

from __future__ import annotations

import datetime
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import F, prefetch_related_objects
from django.utils import timezone

from gongkai.checks import CheckResult, Finding, check_report, declared_check
from gongkai.errors import InputError
from gongkai.formats import CellSpec, Format, format_for_year
from gongkai.render import read_xlsx
from gongkai.render.layout import display_value
from gongkai.render.xlsx import MAX_BYTES
from gongkai.sheets import Report, ReportSection, Sheet, Value, report_from_dict, sum_reports
from gongkai.text import clean_text
from gongkai.web.agencies.models import Agency
from gongkai.web.errors import Refused
from gongkai.web.reports import permissions
from gongkai.web.reports.models import AnnualReport, CellValue, PublishedVersion, ReportEvent
from gongkai.web.reports.models import ReportSection as SectionRow

Status = AnnualReport.Status
STALE_MESSAGE = ("保存失败：在您编辑期间，本报告已被他人修改（当前为第{current}次修改，您打开时为第{expected}次）。"
                 "您填写的内容仍保留在下方，请刷新页面核对最新数据后重新填写保存。")


ReportError = Refused  # a request the report's state or content refuses


class StaleRevision(ReportError):
    """The report changed since the user loaded it; saving would overwrite someone else's work."""


class InvalidCells(ReportError):
    """Some values are not valid; ``errors`` maps each cell key to the core's message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(f"有{len(errors)}个数值填写有误，未保存任何修改，请按提示更正。")


# ---------------------------------------------------------------- reading


def report_to_core(report: AnnualReport, cells: Iterable[tuple[str, str]] | None = None,
                   with_sections: bool = True) -> Report:
    """The core ``Report`` of the current state of ``report``; ``cells`` (key, value) when already read
    (the compilation reads a thousand reports' cells in one query)."""
    fmt = report.format
    sheet = Sheet(fmt)
    for key, text in report.cells.values_list("key", "value") if cells is None else cells:
        sheet.set(key, text, f"单元格 {key}")
    agency = report.agency
    jurisdiction = agency.jurisdiction
    return Report(
        agency=agency.name, year=report.year, sheet=sheet,
        jurisdiction=jurisdiction.jurisdiction_name if jurisdiction else "",
        agency_kind=agency.report_kind, published=report.published, title=report.title, issuer=report.issuer,
        sections=[ReportSection(heading=s.heading, text=s.text, key=s.key or None) for s in report.sections.all()]
        if with_sections else [],
    )


def previous_core(report: AnnualReport) -> Report | None:
    """The same agency's report on the year before, as last published (else as it stands)."""
    return previous_cores([report])[report.pk]


def previous_cores(reports: Iterable[AnnualReport]) -> dict[int, Report | None]:
    """Report id → ``previous_core`` of each of ``reports``, in at most four queries however many they
    are (the compilation and the dashboard compare a thousand agencies each with its year before)."""
    later = {(report.agency_id, report.year - 1): report for report in reports}
    earlier = [p for p in AnnualReport.objects.filter(agency_id__in={agency for agency, _ in later},
                                                      year__in={year for _, year in later})
               if (p.agency_id, p.year) in later]
    published = {}
    for version in PublishedVersion.objects.filter(report__in=earlier).order_by("number"):
        published[version.report_id] = version  # the last one wins
    standing = [p for p in earlier if p.pk not in published]
    cells = defaultdict(list)
    for report_id, key, value in CellValue.objects.filter(report__in=standing).values_list("report_id", "key",
                                                                                           "value"):
        cells[report_id].append((key, value))
    prefetch_related_objects(standing, "sections")
    cores = {}
    for previous in earlier:
        report = later[previous.agency_id, previous.year]
        if previous.pk in published:
            cores[report.pk] = report_from_dict(published[previous.pk].data)
        else:  # the same agency as the later report's, already loaded
            AnnualReport.agency.field.set_cached_value(previous, report.agency)
            cores[report.pk] = report_to_core(previous, cells[previous.pk])
    return {report.pk: cores.get(report.pk) for report in later.values()}


def check(report: AnnualReport, core: Report | None = None) -> CheckResult:
    """The core's findings on ``report`` (or on ``core``, an edited copy of it), across years too."""
    return check_report(core or report_to_core(report), previous_core(report))


def parse_cells(fmt: Format, values: Mapping[str, object]) -> tuple[dict[str, Value | None], dict[str, str]]:
    """The values typed for cells of ``fmt`` (blank: missing), and the core's message for each invalid one."""
    sheet = Sheet(fmt)
    parsed: dict[str, Value | None] = {}
    errors: dict[str, str] = {}
    for key, raw in values.items():
        try:
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                sheet.clear(key)
                parsed[key] = None
            else:
                sheet.set(key, raw, key)
                parsed[key] = sheet.values[key]
        except InputError as error:
            errors[key] = error.message
    return parsed, errors


def with_values(core: Report, values: Mapping[str, Value | None]) -> Report:
    """``core`` with ``values`` applied (None clears a cell); for checking what a user is typing."""
    for key, value in values.items():
        if value is None:
            core.sheet.values.pop(key, None)
        else:
            core.sheet.values[key] = value
    return core


def reporting_format(year: int) -> Format:
    """The format of reports on ``year``: a year a national format covers, and not one yet to come."""
    try:
        fmt = format_for_year(year)
    except InputError as error:
        raise ReportError(error.message) from None
    if year > timezone.localdate().year:
        raise ReportError(f"报告年度{year}年尚未到来，不能填报。")
    return fmt


# ---------------------------------------------------------------- writing


def create_report(agency: Agency, year: int, user) -> AnnualReport:
    """The agency's report on ``year``, created as a draft in the national format of that year."""
    permissions.require(permissions.can_create_report(user, agency))
    fmt = reporting_format(year)
    existing = AnnualReport.objects.filter(agency=agency, year=year).first()
    if existing:
        return existing
    with transaction.atomic():
        report = AnnualReport.objects.create(agency=agency, year=year, format_id=fmt.id)
        SectionRow.objects.bulk_create(
            SectionRow(report=report, position=index, key=section.key, heading=section.heading)
            for index, section in enumerate(fmt.sections))
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.CREATED, user=user,
                                   new=f"{fmt.name}（{fmt.basis}）")
    return report


def record_published(agency: Agency, core: Report, user, *, note: str = "导入已公开的报告",
                     corrections: Mapping[str, Value | None] | None = None, replace: bool = False) -> AnnualReport:
    """Record a report published before (or outside) the platform as its published version, so that
    later years compare with it: the cells as read, then ``corrections`` (cell → the value confirmed
    instead), each a change of its own. A report of the agency on that year is refused unless
    ``replace``: then it is overwritten, every change recorded, and published as a new version."""
    permissions.require(permissions.can_import_report(user, agency))
    if core.published is None:
        raise ReportError("该报告没有发布日期，不能作为已公开报告导入。")
    if core.published.year <= core.year or core.published > timezone.localdate():
        raise ReportError(f"发布日期{core.published:%Y年%-m月%-d日}不在{core.year}年度结束之后、今天之前，请核对。")
    title = clean_field(core.title, "报告标题", AnnualReport._meta.get_field("title").max_length)
    sections = [(section, clean_field(section.text, section.heading)) for section in core.sections]
    existing = AnnualReport.objects.filter(agency=agency, year=core.year).first()
    if existing and not replace:
        raise ReportError(f"{agency.name}{core.year}年度的报告已存在（{existing.get_status_display()}）；"
                          "如需以导入的报告替换，请确认替换（网页上勾选「替换已有报告」，命令行加 --replace）。")
    with transaction.atomic():
        if existing:
            report = _lock(existing, lambda u, r: permissions.can_import_report(u, r.agency), user)
            _replace_narrative(report, user, title, sections, note)
            if report.status != Status.PUBLISHED:
                ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.STATUS, target="状态",
                                           old=report.get_status_display(), new=Status.PUBLISHED.label,
                                           note=note, user=user)
            report.status, report.published, report.format_id = Status.PUBLISHED, core.published, core.format.id
            report.issuer = core.issuer
            report.save(update_fields=["status", "published", "format_id", "issuer", "updated_at"])
            values = {key: core.sheet.values.get(key) for key in core.format.cells}
            values.update({key: None for key in report.cells.exclude(key__in=list(values))
                           .values_list("key", flat=True)})  # cells of another format
        else:
            report = AnnualReport.objects.create(agency=agency, year=core.year, format_id=core.format.id,
                                                 status=Status.PUBLISHED, title=title, issuer=core.issuer,
                                                 published=core.published)
            SectionRow.objects.bulk_create(
                SectionRow(report=report, position=index, key=section.key or "", heading=section.heading,
                           text=text) for index, (section, text) in enumerate(sections))
            ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.CREATED, user=user,
                                       new=f"{core.format.name}（{core.format.basis}）", note=note)
            values = core.sheet.values
        _write_cells(report, user, values, note=note)
        if corrections:
            _write_cells(report, user, corrections, note="导入时人工更正")
        published_at = timezone.make_aware(datetime.datetime.combine(core.published, datetime.time(9)))
        PublishedVersion.objects.create(report=report, number=report.versions.count() + 1,
                                        data=report_to_core(report).to_dict(), published_at=published_at,
                                        published_by=user, note=note if existing else "")
    return report


def _replace_narrative(report: AnnualReport, user, title: str, sections, note: str) -> None:
    """The title and sections of an imported report in place of the report's own, each change recorded."""
    if title != report.title:
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.SECTION, target="报告标题",
                                   old=report.title, new=title, note=note, user=user)
        report.title = title
        report.save(update_fields=["title"])
    old = {row.position: row for row in report.sections.all()}
    for position in range(max(len(old), len(sections))):
        row = old.get(position)
        heading, text = (sections[position][0].heading, sections[position][1]) if position < len(sections) else ("", "")
        if row is not None and (row.heading, row.text) == (heading, text):
            continue
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.SECTION, target=heading or row.heading,
                                   old=row.text if row else "", new=text, note=note, user=user)
    report.sections.all().delete()
    SectionRow.objects.bulk_create(
        SectionRow(report=report, position=index, key=section.key or "", heading=section.heading, text=text)
        for index, (section, text) in enumerate(sections))


def _lock(report: AnnualReport, allowed, user, expected_revision: int | None = None) -> AnnualReport:
    """Inside a transaction: the current row, the permission checked on it, the revision bumped.

    The conditional UPDATE is what refuses a stale save, on SQLite (which ignores FOR UPDATE) too.
    """
    current = AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)
    permissions.require(allowed(user, current))
    expected = current.revision if expected_revision is None else expected_revision
    if not AnnualReport.objects.filter(pk=current.pk, revision=expected).update(revision=F("revision") + 1):
        raise StaleRevision(STALE_MESSAGE.format(current=current.revision, expected=expected))
    current.revision = expected + 1
    return current


def _sync(report: AnnualReport, current: AnnualReport) -> None:
    for name in ("revision", "status", "published", "title", "issuer"):
        setattr(report, name, getattr(current, name))


def _write_cells(report: AnnualReport, user, values: Mapping[str, Value | None], note: str = "") -> int:
    stored = dict(report.cells.values_list("key", "value"))
    changed = 0
    for key, value in values.items():
        old, new = stored.get(key, ""), "" if value is None else display_value(value)
        if old == new:
            continue
        if value is None:
            report.cells.filter(key=key).delete()
        else:
            CellValue.objects.update_or_create(report=report, key=key, defaults={"value": new})
        ReportEvent.objects.create(report=report, kind=ReportEvent.Kind.CELL, target=key, old=old, new=new,
                                   note=note, user=user)
        changed += 1
    return changed


def save_cells(report: AnnualReport, user, values: Mapping[str, object], expected_revision: int) -> int:
    """Save the typed ``values`` (cell key → text; blank clears a cell) all or nothing.

    Every value is validated by the core first (``InvalidCells`` with its messages); a save based
    on an older revision is refused (``StaleRevision``). Returns how many cells changed.
    """
    parsed, errors = parse_cells(report.format, values)
    if errors:
        raise InvalidCells(errors)
    with transaction.atomic():
        current = _lock(report, permissions.can_edit_report, user, expected_revision)
        changed = _write_cells(current, user, parsed)
    _sync(report, current)
    return changed


def clean_field(value: str, label: str, max_length: int | None = None) -> str:
    try:
        text = clean_text(value, label).replace("\r\n", "\n").strip()
    except InputError as error:
        raise ReportError(f"{label}{error.message}。") from None
    if max_length is not None and len(text) > max_length:
        raise ReportError(f"{label}不得超过{max_length}个字符（现为{len(text)}个）。")
    return text


def save_sections(report: AnnualReport, user, texts: Mapping[int, str], expected_revision: int,
                  title: str | None = None, note: str = "") -> int:
    """Save the narrative: section position → text, and the title when given. Text that cannot be
    stored (a control character, a title too long) is refused whole, naming the section. ``note``:
    how the text came (a draft from the data), kept with each change."""
    headings = dict(report.sections.values_list("position", "heading"))
    texts = {position: clean_field(text, headings.get(position, "正文")) for position, text in texts.items()}
    if title is not None:
        title = clean_field(title, "报告标题", AnnualReport._meta.get_field("title").max_length)
    with transaction.atomic():
        current = _lock(report, permissions.can_edit_report, user, expected_revision)
        changed = 0
        if title is not None and title != current.title:
            ReportEvent.objects.create(report=current, kind=ReportEvent.Kind.SECTION, target="报告标题",
                                       old=current.title, new=title, user=user)
            current.title = title
            current.save(update_fields=["title", "updated_at"])
            changed += 1
        for section in current.sections.filter(position__in=list(texts)):
            text = texts[section.position]
            if text == section.text:
                continue
            ReportEvent.objects.create(report=current, kind=ReportEvent.Kind.SECTION, target=section.heading,
                                       old=section.text, new=text, note=note, user=user)
            section.text = text
            section.save(update_fields=["text"])
            changed += 1
    _sync(report, current)
    return changed


def import_xlsx(report: AnnualReport, user, upload, expected_revision: int) -> int:
    """Replace the statistics with those of an uploaded official XLSX form, all or nothing.

    The core reads the workbook and refuses a file above 10 MB, a foreign file or a form whose labels
    are not where the format puts them; its message is shown with the uploaded file's name.
    """
    permissions.require(permissions.can_edit_report(user, report))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.xlsx"
        with path.open("wb") as out:
            # One byte beyond the limit is enough for the core to refuse the file with its message.
            room = MAX_BYTES + 1
            for chunk in upload.chunks():
                out.write(chunk[:room])
                room -= len(chunk[:room])
                if room <= 0:
                    break
        try:
            imported = read_xlsx(path, agency=report.agency.name, year=report.year)
        except InputError as error:
            place = error.place.replace(str(path), upload.name)
            raise ReportError(f"{place}：{error.message}" if place else error.message) from None
    if imported.format.id != report.format_id:
        raise ReportError(f"{upload.name}：该文件是「{imported.format.name}」，"
                          f"本报告应使用「{report.format.name}」，未导入。")
    values = {key: imported.sheet.values.get(key) for key in report.format.cells}
    with transaction.atomic():
        current = _lock(report, permissions.can_edit_report, user, expected_revision)
        changed = _write_cells(current, user, values, note=f"导入 {upload.name}")
    _sync(report, current)
    return changed


def _transition(report: AnnualReport, user, allowed, status: str, note: str = "",
                accept: Callable[[AnnualReport], str] | None = None) -> AnnualReport:
    """The status change, recorded; ``accept`` (on the locked report) refuses it or returns its note."""
    with transaction.atomic():
        current = _lock(report, allowed, user)
        note = accept(current) if accept else note
        ReportEvent.objects.create(report=current, kind=ReportEvent.Kind.STATUS, target="状态",
                                   old=current.get_status_display(), new=Status(status).label, note=note, user=user)
        current.status = status
        current.save(update_fields=["status", "updated_at"])
    _sync(report, current)
    return current


def contradictions(found: AnnualReport | CheckResult, fmt: Format | None = None) -> list[Finding]:
    """The narrative's numbers that contradict the tables (the format's rule X-1, ``narrative_numbers``):
    of a report, or among the findings of ``fmt`` already made."""
    if isinstance(found, AnnualReport):
        found, fmt = check_report(report_to_core(found)), found.format
    rule = declared_check(fmt, "narrative_numbers")["id"]
    return [finding for finding in found.findings if finding.rule == rule]


def submit(report: AnnualReport, user, override: str = "") -> None:
    """报送: the clerk hands the report to the coordination office (or the office to the reviewer). A
    narrative whose numbers contradict the tables is refused, unless a reason is given (``override``),
    recorded with the status change."""
    def accept(current: AnnualReport) -> str:
        found = contradictions(current)
        problem = f"正文有{len(found)}处数字与统计表不一致" if found else ""
        return _accept(problem, "报送", override)

    _transition(report, user, permissions.can_submit_report, Status.SUBMITTED, accept=accept)


def return_with_comment(report: AnnualReport, user, comment: str) -> None:
    """退回: back to the agency for changes; the comment says what to change."""
    comment = clean_field(comment, "退回意见")
    if not comment:
        raise ReportError("退回时请填写退回意见，说明需要修改的内容。")
    _transition(report, user, permissions.can_review_report, Status.RETURNED, comment)


@dataclass
class Gaps:
    """What a report leaves unfilled: blank cells of its tables, empty narrative sections."""

    blank_cells: list[str]  # cell keys
    empty_sections: list[str]  # headings

    def __bool__(self) -> bool:
        return bool(self.blank_cells or self.empty_sections)

    @property
    def message(self) -> str:
        parts = []
        if self.blank_cells:
            parts.append(f"统计表有{len(self.blank_cells)}个单元格未填写")
        if len(self.empty_sections) > 3:
            parts.append(f"报告正文「{self.empty_sections[0]}」等{len(self.empty_sections)}个部分未填写")
        elif self.empty_sections:
            parts.append(f"报告正文{'、'.join(f'「{h}」' for h in self.empty_sections)}未填写")
        return "；".join(parts)


def gaps(report: AnnualReport) -> Gaps:
    """The blank cells (blank is "not filled", never 0) and the empty sections a report must not be
    approved or published with, unless someone takes responsibility with a reason (``override``).
    A section that holds a table is filled by its table; every other section of the format is required."""
    filled = {key for key, value in report.cells.values_list("key", "value") if value.strip()}
    table_sections = {section.key for section in report.format.sections if section.table}
    return Gaps([key for key in report.format.cells if key not in filled],
                [section.heading for section in report.sections.all()
                 if section.key not in table_sections and not section.text.strip()])


def _accept_gaps(current: AnnualReport, action: str, override: str) -> str:
    """The note the status change records: empty, or the gaps and the reason to go on despite them.
    Without a reason a report with gaps is refused."""
    found = gaps(current)
    return _accept(found.message if found else "", action, override)


def _accept(problem: str, action: str, override: str) -> str:
    """Empty without a ``problem``; else the problem and the reason to ``action`` despite it, which
    must be given."""
    if not problem:
        return ""
    override = clean_field(override, "理由")
    if not override:
        raise ReportError(f"该报告{problem}，不能{action}。确需{action}的，请填写理由（记入修改记录）。")
    return f"{problem}；仍予{action}，理由：{override}"


def publication_findings(report: AnnualReport) -> CheckResult:
    """The findings on the report as it would be published today (the publication date is checked
    too, e.g. X-5 late publication): shown before the irreversible step."""
    core = report_to_core(report)
    core.published = timezone.localdate()
    return check(report, core)


def approve(report: AnnualReport, user, override: str = "") -> None:
    """审核通过: the report counts in the jurisdiction's compilation and may be published. A report with
    gaps is approved only with a reason (``override``), recorded with the status change."""
    with transaction.atomic():
        current = _lock(report, permissions.can_review_report, user)
        note = _accept_gaps(current, "审核通过", override)
        ReportEvent.objects.create(report=current, kind=ReportEvent.Kind.STATUS, target="状态",
                                   old=current.get_status_display(), new=Status.APPROVED.label, note=note, user=user)
        current.status = Status.APPROVED
        current.save(update_fields=["status", "updated_at"])
    _sync(report, current)


def publish(report: AnnualReport, user, note: str = "", override: str = "") -> PublishedVersion:
    """公开: freeze the report as a new published version, dated today; a report with gaps only with a
    reason (``override``), recorded with the status change beside the correction note."""
    note = clean_field(note, "更正说明")
    with transaction.atomic():
        current = _lock(report, permissions.can_publish_report, user)
        accepted = _accept_gaps(current, "公开", override)
        ReportEvent.objects.create(report=current, kind=ReportEvent.Kind.STATUS, target="状态",
                                   old=current.get_status_display(), new=Status.PUBLISHED.label,
                                   note="；".join(part for part in (note, accepted) if part), user=user)
        current.status = Status.PUBLISHED
        current.published = timezone.localdate()
        current.save(update_fields=["status", "published", "updated_at"])
        version = PublishedVersion.objects.create(
            report=current, number=current.versions.count() + 1, data=report_to_core(current).to_dict(),
            published_by=user, note=note)
    _sync(report, current)
    return version


def reopen(report: AnnualReport, user, reason: str) -> None:
    """更正: a published report goes back to draft; its published versions stay readable."""
    reason = clean_field(reason, "更正原因")
    if not reason:
        raise ReportError("请填写更正原因。")
    _transition(report, user, permissions.can_reopen_report, Status.DRAFT, reason)


# ---------------------------------------------------------------- compiling a jurisdiction


@dataclass
class CellChange:
    spec: CellSpec
    value: Value | None
    previous: Value | None

    @property
    def change(self) -> Value | None:
        return None if self.value is None or self.previous is None else self.value - self.previous


@dataclass
class Compilation:
    report: AnnualReport
    included: list[AnnualReport]
    pending: list[Agency]  # members without an approved report: not in the total
    missing: dict[str, list[str]]  # cell key → members that left it blank (the total stays blank)
    # The total against last year's jurisdiction report, made only when every member is in the total and
    # last year's report has the same format: like with like, never a part against the whole.
    changes: list[CellChange] = field(default_factory=list)
    previous_year: bool = False  # whether that comparison was made
    # Each included agency against its own report of last year (same format), where one exists.
    member_changes: list[tuple[AnnualReport, list[CellChange]]] = field(default_factory=list)


def compile_jurisdiction(jurisdiction: Agency, year: int, user) -> Compilation:
    """汇总: the jurisdiction's report becomes the sum of its members' approved reports.

    The members are the agencies the jurisdiction's report sums up (``Agency.members``); the
    government's own figures are those of its office, which is one of them. Like is compared with
    like: the total with last year's jurisdiction report once every member is in it, each agency with
    its own report of last year.
    """
    permissions.require(permissions.can_compile(user, jurisdiction))
    members = list(jurisdiction.members())
    reports = {r.agency_id: r for r in AnnualReport.objects.filter(
        agency__in=members, year=year, status__in=[Status.APPROVED, Status.PUBLISHED]
    ).select_related("agency__parent")}
    if not reports:
        raise ReportError(f"{year}年度还没有已审核的单位报告，无法汇总。")
    target = create_report(jurisdiction, year, user)
    permissions.require(permissions.can_edit_report(user, target))
    included = [reports[a.pk] for a in members if a.pk in reports]
    try:
        cells = defaultdict(list)
        for report_id, key, value in CellValue.objects.filter(report__in=included).values_list("report_id", "key",
                                                                                                 "value"):
            cells[report_id].append((key, value))
        cores = [report_to_core(r, cells[r.pk], with_sections=False) for r in included]
        total, missing = sum_reports(cores,
                                     agency=jurisdiction.name,
                                     jurisdiction=jurisdiction.jurisdiction_name, year=year)
    except InputError as error:
        raise ReportError(error.message) from None
    if total.format.id != target.format_id:
        raise ReportError(f"单位报告使用「{total.format.name}」，本级报告使用「{target.format.name}」，无法汇总。")
    values = {key: total.sheet.values.get(key) for key in total.format.cells}
    with transaction.atomic():
        current = _lock(target, permissions.can_edit_report, user)
        _write_cells(current, user, values, note=f"汇总{len(included)}个单位的报告")
    _sync(target, current)
    pending = [a for a in members if a.pk not in reports]
    previous = previous_core(target) if not pending else None
    comparable = previous is not None and previous.format is total.format
    changes = [CellChange(spec, values[key], previous.sheet.get(key) if comparable else None)
               for key, spec in total.format.cells.items()]
    member_changes = []
    earlier = previous_cores(included)
    for report, core in zip(included, cores, strict=True):
        before = earlier[report.pk]
        if before is not None and before.format is total.format:
            member_changes.append((report, [CellChange(spec, core.sheet.get(key), before.sheet.get(key))
                                            for key, spec in total.format.cells.items()]))
    return Compilation(report=target, included=included, pending=pending, missing=missing, changes=changes,
                       previous_year=comparable, member_changes=member_changes)
