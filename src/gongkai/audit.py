"""Auditing a published annual report: read it back into its tables and run every check.

``audit_file`` reads any supported file (``gongkai.extract.read_document``), detects the table format
by its fingerprints, reads the cells anchored on row labels, reads the numbers the narrative states,
and checks the result: the format's rules, those on the narrative (X-1, N-1) included.
"""

from __future__ import annotations

import copyreg
import datetime
import functools
import gc
import io
import os
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path

from gongkai.checks import CheckResult, Finding, check_report, check_without_tables, declared_check
from gongkai.errors import InputError
from gongkai.extract import Document, read_document
from gongkai.extract.document import Line
from gongkai.extract.narrative import (
    NarrativeNumber,
    change_findings,
    narrative_findings,
    read_narrative_numbers,
    sentences,
    unnamed_findings,
)
from gongkai.extract.tables import ReadCell, TableReading, UnreadCell, detect_format, line_evidence, read_tables
from gongkai.formats import Block, CellSpec, Column, Format, Row, Table, all_formats, format_for_year
from gongkai.sheets import Report, Sheet, json_value

_TITLE_YEAR = re.compile(r"(20[0-9]{2}) ?年(?:度)?")
_NUMBERS = re.compile(r"[0-9]+")
_NOT_AGENCY = re.compile(r"^(?:标题[:：]?|关于)")  # a field's label, or 「关于…的报告」
_BARE_YEAR = re.compile(r"(20[0-9]{2})$")  # a year printed without 年 right before the title: 「2022政府信息公开…」
_DATE_LINE = re.compile(r"^(20[0-9]{2}) ?年 ?([0-9]{1,2}) ?月 ?([0-9]{1,2}) ?日$")


@dataclass
class AuditResult:
    source: str
    document: Document
    format: Format | None
    year: int | None
    agency: str
    published: datetime.date | None
    reading: TableReading
    narrative: list[NarrativeNumber]
    report: Report | None
    check: CheckResult = field(default_factory=CheckResult)
    notes: list[str] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return self.check.findings

    @functools.cached_property
    def sentences(self) -> list[str]:
        """The narrative's sentences with their numbers blanked (``narrative_sentences``), kept once
        read: the repeated-narrative rule compares them across years, after a pool's results have
        travelled without their document's lines. Empty for a report without an agency or a year:
        it is never linked to another year's."""
        return narrative_sentences(self.document) if self.agency and self.year else []

    def cells_json(self) -> list[dict]:
        cells = [_cell_json(cell.spec.row, cell.spec.column, cell.value, cell.raw, cell.evidence, cell.line.source)
                 for cell in self.reading.cells]
        for collapsed in self.reading.collapsed:
            line = collapsed.value_line.line
            columns = collapsed.row.block.leaf_columns
            for position, (column, token) in enumerate(zip(columns, collapsed.tokens or [], strict=False)):
                if token.is_number:
                    cells.append(_cell_json(collapsed.row, column, token.value, token.raw,
                                            line_evidence(line, position), line.source, collapsed=True))
        return cells

    def unread_json(self) -> list[dict]:
        return [{"key": u.spec.key, "row_label": u.spec.row.label, "column_label": u.spec.column.label,
                 "reason": u.reason, **({"raw": u.raw} if u.raw else {}),
                 **({"line": u.line.number} if u.line else {})} for u in self.reading.unread]

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "format": self.format.id if self.format else None,
            "year": self.year,
            "agency": self.agency,
            "published": self.published.isoformat() if self.published else None,
            "cells": self.cells_json(),
            "unread": self.unread_json(),
            "narrative_numbers": [n.to_json() for n in self.narrative],
            "findings": [f.to_dict() for f in self.findings],
            "warnings": self.document.warnings + self.notes,
        }


def _cell_json(row: Row, column: Column, value, raw: str, evidence: dict, source: str = "text", **extra) -> dict:
    return {"key": f"{row.key}|{column.key}", "row_label": row.label, "column_label": column.label,
            "row_path": list(row.path_labels), "column_path": list(column.path_labels),
            "value": json_value(value), "raw": raw, **extra, "evidence": evidence, "source": source}


@functools.cache
def _wording() -> dict:
    """The wording of titles, statistical periods and publication dates (``report_metadata.yaml``)."""
    import yaml

    data = yaml.safe_load(resources.files("gongkai").joinpath("report_metadata.yaml").read_text(encoding="utf-8"))
    date = r"(?P<date>(20[0-9]{2})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})(?![0-9]))"

    def labelled(labels: list[str]) -> re.Pattern:
        # A label at the start of a line or field: 「今天:2024年2月22日」 and 「公文生成日期」 are not 日期.
        alternatives = "|".join(sorted(map(re.escape, labels), key=len, reverse=True))
        return re.compile(rf"(?:^|(?<=[\s|•:：,，;；]))(?:{alternatives})\s*[:：|]?\s*{date}")

    return {
        "title": re.compile(data["title"]),
        "head_lines": data["head_lines"],
        "statistical_period": re.compile(data["statistical_period"]),
        "published": [labelled(data["publication_labels"]), re.compile(data["dated_source"].replace("{date}", date))],
        "created": [labelled(data["creation_labels"])],
        "departments": tuple(data["department_suffixes"]),
        "not_departments": tuple(data["not_department_suffixes"]),
    }


# A leading 原 (「原安丘市机关事务管理局」, a former agency) is not part of the name; in 原平市 or 原阳县 it is.
_FORMER = re.compile(r"^原(?=[^省市县区州旗盟镇乡]{2,}[省市县区州旗盟镇乡])")


def detect_title(document: Document) -> tuple[int | None, str, bool]:
    """Year and agency from the report's title, among the first lines, and whether a title was found
    (otherwise the agency is the 填报单位 that filled in the tables, for a government often its office)."""
    wording = _wording()
    title = wording["title"]
    lines = document.lines[:wording["head_lines"]]
    for index, line in enumerate(lines):
        text = line.text.replace(" ", "")
        below = lines[index + 1].text.replace(" ", "") if index + 1 < len(lines) else ""
        if not title.search(text) and below and not title.search(below):
            # A title wrapped on the page: 「…2015年政府信息公开」 over 「工作年度报告」. A line above a
            # whole title (a breadcrumb, the agency) is not part of it.
            text += below
        found = title.search(text)
        if found is None or len(text) > 50:  # a title, not a sentence that names the report
            continue
        before, after = text[:found.start()], text[found.end():]
        match = _TITLE_YEAR.search(before) or _TITLE_YEAR.search(after) or _BARE_YEAR.search(before)
        if match is None and index + 1 < len(document.lines):  # a title printed on two lines: （2015年度） below
            match = _TITLE_YEAR.fullmatch(document.lines[index + 1].text.replace(" ", "").strip("（）()"))
        agency = _NOT_AGENCY.sub("", _BARE_YEAR.sub("", _TITLE_YEAR.sub("", before))).strip("（）()《》 ")
        if not agency and index:  # a title printed on two lines: the agency above, with the year or not
            above = document.lines[index - 1].text.replace(" ", "")
            if len(above) <= 30 and not re.search(r"[，。；：,]", above):
                match = match or _TITLE_YEAR.search(above)
                agency = _TITLE_YEAR.sub("", above)
        return (int(match.group(1)) if match else None), _FORMER.sub("", agency), True
    # No title (a page's text from its first section on): the year the statistics table is for.
    text = "\n".join(line.text for line in document.lines).replace("(", "（").replace(")", "）")
    match = (re.search(r"(20[0-9]{2}) ?年度?" + title.pattern, text.replace(" ", ""))
             or re.search(r"（(20[0-9]{2}) ?年度?）", text))
    filler = re.search(r"填报单位（盖章）：([^\s|]+)", text.replace(":", "："))
    return (int(match.group(1)) if match else None), (filler.group(1) if filler else ""), False


def detect_period_year(document: Document) -> int | None:
    """The year of the statistical period the report states (「统计期限自2023年1月1日起至2023年12月31日止」);
    none when the period does not lie within one year."""
    text = "".join(line.text for line in document.lines).replace(" ", "").replace("　", "")
    match = _wording()["statistical_period"].search(text)
    if match is None or (match["end"] and match["end"] != match["start"]):
        return None
    return int(match["start"])


def detect_year(document: Document) -> tuple[int | None, str, str | None, str | None]:
    """Year, agency, a note and the agency's kind: the year from the title, else from the statistical
    period. When both are printed and disagree, the year is left open and the note says so: either may
    be the typo. The kind is judged from a title's agency only."""
    year, agency, titled = detect_title(document)
    kind = agency_kind(agency) if titled else None
    period = detect_period_year(document)
    if year is not None and period is not None and year != period:
        return None, agency, f"报告名称所示年度（{year}年）与统计期限所示年度（{period}年）不一致，未认定报告年度", kind
    return year or period, agency, None, kind


def detect_publication_date(document: Document, year: int | None) -> datetime.date | None:
    """The publication date a web page prints near the title (「发布日期: 2021-01-29」), else the signing
    date printed on a line of its own after the body (e.g. 2016年3月15日), else the date the page says
    it was made (「生成日期」). A banner's clock (「今天:2024年2月22日」) has none of the labels; a date not
    after the report's year is not its publication."""
    wording = _wording()
    head = [re.sub(r"\s+", " ", line.text.strip()) for line in document.lines[:wording["head_lines"]]]

    def labelled(patterns: list[re.Pattern]) -> datetime.date | None:
        for text in head:
            for pattern in patterns:
                for match in pattern.finditer(text):
                    date = _date(*match.groups()[1:4])
                    if date is not None and (year is None or date.year > year):
                        return date
        return None

    return labelled(wording["published"]) or _signing_date(document, year) or labelled(wording["created"])


def _date(year: str, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _signing_date(document: Document, year: int | None) -> datetime.date | None:
    for line in reversed(document.lines[-15:]):
        match = _DATE_LINE.match(line.text.replace(" ", ""))
        if match:
            date = _date(*match.groups())
            return date if date is not None and (year is None or date.year > year) else None
    return None


def agency_kind(agency: str) -> str | None:
    """"department" for an agency whose name ends as a department's does (its report is due earlier);
    otherwise unknown, and the later deadline applies."""
    wording = _wording()
    if agency.endswith(wording["departments"]) and not agency.endswith(wording["not_departments"]):
        return "department"
    return None


def audit_document(document: Document) -> AuditResult:
    year, agency, year_note, kind = detect_year(document)
    guess = detect_format(document)
    fmt = guess.format
    notes = [year_note] if year_note else []
    if fmt is None:
        notes.append("未能从统计表识别报告格式（未找到足够的格式特征词）")
    reading = read_tables(document, fmt) if fmt else TableReading()
    narrative_format = fmt or (format_for_year(year) if year and year >= 2014 else None)
    # The tables' regions are known once the tables were read; otherwise found for the year's format.
    table_lines = reading.table_lines if fmt else None
    narrative = read_narrative_numbers(document, narrative_format, table_lines)
    published = detect_publication_date(document, year)
    named = agency or Path(document.source).stem  # the name a report's findings carry
    report = None
    check = CheckResult()
    if fmt is not None:
        sheet = Sheet(fmt, {cell.spec.key: cell.value for cell in reading.cells})
        report = Report(agency=named, year=year or fmt.year_from, sheet=sheet, published=published, agency_kind=kind)
        if year is None and not year_note:
            notes.append("未能从标题或统计期限识别报告年度，未核查与年度相关的规则")
        check = check_report(report, year_known=year is not None)
        said = [sentence for sentence, _ in sentences(document, fmt, table_lines)]
        check.findings.extend(narrative_findings(narrative, report, said))
    elif narrative_format is not None:
        # No table read, but the narrative can still contradict itself, and the rules on the report's
        # dates judge it under its year's format.
        check.findings.extend(unnamed_findings(narrative, narrative_format, agency or "", year))
        dated = Report(agency=named, year=year, sheet=Sheet(narrative_format, {}), published=published,
                       agency_kind=kind)
        check.extend(check_without_tables(dated))
    return AuditResult(document.source, document, fmt, year, agency, published, reading, narrative, report,
                       check, notes)


def audit_file(path: str | Path) -> AuditResult:
    return audit_document(read_document(path))


SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".doc", ".wps", ".xlsx", ".pdf", ".png", ".jpg", ".jpeg",
                      ".tif", ".tiff")


@dataclass
class AuditFailure:
    """A file that could not be read: the folder audit says why and carries on."""

    source: str
    message: str

    def to_json(self) -> dict:
        return {"source": self.source, "error": self.message}


def files_to_audit(paths: list[Path]) -> list[Path]:
    found = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            found.append(path)
    return found


def audit_paths(paths: list[Path], workers: int | None = None,
                progress: Callable[[int, int, str], None] | None = None) -> list[AuditResult | AuditFailure]:
    """Every file (folders searched), then the rules across consecutive years of one agency.

    Several files are audited in a pool of ``workers`` processes (default: every core); ``progress``
    is called with (done, total, file) as each file is finished. Results keep the files' order; those
    of a pool carry their documents without the lines (``_FormatPickling``).
    """
    files = files_to_audit(paths)
    workers = min(workers or os.cpu_count() or 1, len(files))
    results: list[AuditResult | AuditFailure | None] = [None] * len(files)
    if workers <= 1:
        for index, path in enumerate(files):
            results[index] = audit_or_failure(path)
            if progress:
                progress(index + 1, len(files), str(path))
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # Forked workers share the loaded formats; results come back as blobs that name format objects.
        # The parent's objects are frozen out of the collector first: a worker's collections would
        # otherwise write to every inherited object and copy the pages they sit on (copy on write).
        # While results arrive the parent's collector stays off: every object unpickled is kept, so
        # its collections would only walk the growing results again and again (half the parent's time).
        context = multiprocessing.get_context("fork")
        batches = _batches(len(files), workers)
        gc.freeze()
        gc.disable()
        try:
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                futures = {pool.submit(_audit_blobs, [files[i] for i in batch]): batch for batch in batches}
                done = 0
                for future in as_completed(futures):
                    for index, result in zip(futures[future], _FormatPickling.loads(future.result()), strict=True):
                        results[index] = result
                        done += 1
                        if progress:
                            progress(done, len(files), str(files[index]))
        finally:
            gc.enable()
            gc.unfreeze()
    link_years([r for r in results if isinstance(r, AuditResult)])
    return results


def audit_or_failure(path: Path) -> AuditResult | AuditFailure:
    try:
        return audit_file(path)
    except InputError as error:
        return AuditFailure(str(path), str(error))


_FORMAT_CLASSES = (Format, Table, Block, Column, Row, CellSpec)
_LINE_FIELDS = tuple(f.name for f in fields(Line))
_CELL_FIELDS = {cls: tuple(f.name for f in fields(cls)) for cls in (ReadCell, UnreadCell)}
CHUNK = 32  # files a worker is given at a time, at most


def _batches(count: int, workers: int) -> list[list[int]]:
    """Indices of ``count`` files in batches for ``workers``: a message to a worker and back costs more
    than a short audit, so batches are large while many files remain, then shrink (down to one file)
    so that the workers finish together."""
    batches, start = [], 0
    while start < count:
        size = max(1, min(CHUNK, (count - start) // (4 * workers)))
        batches.append(list(range(start, min(start + size, count))))
        start += size
    return batches


def _audit_blobs(paths: list[Path]) -> bytes:
    results = [audit_or_failure(path) for path in paths]
    for result in results:
        if isinstance(result, AuditResult):
            _ = result.sentences  # read here, in the worker, and kept: the document travels without its lines
    return _FormatPickling.dumps(results)


class _FormatPickling:
    """Pickling results without copying the formats they point into: a format, table, block, row,
    column or cell spec travels as its place in the loaded formats and is the same object on arrival,
    so results from worker processes compare, cache and render like those made in the parent. What
    nothing reads after the audit stays behind: a document's lines and tables, a line's segments."""

    _places: dict[int, tuple] = {}
    _objects: dict[tuple, object] = {}

    @classmethod
    def _index(cls) -> None:
        if cls._objects:
            return
        from gongkai.formats import all_formats

        def walk(nodes):
            for node in nodes:
                yield node
                yield from walk(node.children)

        for fmt in all_formats():
            places: list[tuple[tuple, object]] = [(("format", fmt.id), fmt)]
            for t, table in enumerate(fmt.tables):
                places.append((("table", fmt.id, t), table))
                for b, block in enumerate(table.blocks):
                    places.append((("block", fmt.id, t, b), block))
                    places += [(("column", fmt.id, t, b, c), column) for c, column in enumerate(walk(block.columns))]
                    places += [(("row", fmt.id, t, b, r), row) for r, row in enumerate(walk(block.rows))]
            places += [(("cell", fmt.id, key), spec) for key, spec in fmt.cells.items()]
            for place, obj in places:
                cls._places[id(obj)] = place
                cls._objects[place] = obj

    @classmethod
    def _reduce(cls, obj):
        place = cls._places.get(id(obj))
        return (_format_object, (place,)) if place is not None else obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def _reduce_line(line: Line):
        # Its segments are the positions the reading used; nothing after the audit reads them.
        return Line, tuple(getattr(line, name) if name != "segments" else [] for name in _LINE_FIELDS)

    @staticmethod
    def _reduce_cell(cell: ReadCell | UnreadCell):
        # A result holds hundreds of cells (an excerpt's unread ones most): as a tuple of fields, not a
        # state dict each, a result pickles and unpickles in about two thirds of the time.
        return type(cell), tuple(getattr(cell, name) for name in _CELL_FIELDS[type(cell)])

    @staticmethod
    def _reduce_document(document: Document):
        # What is read of a document after its audit: its name, kind, warnings and pages. The lines a
        # cell or a narrative number was read from travel with them; the sentences, with the result.
        return Document, (document.source, document.kind, [], [], document.warnings, document.pages)

    @classmethod
    def dumps(cls, result) -> bytes:
        cls._index()
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        # Only objects of the formats' classes are looked up (a per-type table the C pickler consults),
        # and each is memoised once it is written, instead of a Python call for every object pickled.
        pickler.dispatch_table = {**copyreg.dispatch_table, **dict.fromkeys(_FORMAT_CLASSES, cls._reduce),
                                  Line: cls._reduce_line, Document: cls._reduce_document,
                                  **dict.fromkeys(_CELL_FIELDS, cls._reduce_cell)}
        pickler.dump(result)
        return buffer.getvalue()

    @classmethod
    def loads(cls, blob: bytes):
        cls._index()
        return pickle.loads(blob)


def _format_object(place: tuple):
    """The loaded format object at ``place`` (unpickling a result made in another process)."""
    _FormatPickling._index()
    return _FormatPickling._objects[place]


def link_years(results: list[AuditResult]) -> None:
    """The same agency's consecutive years: across-year rules (T3-7, T2-2 …) and repeated narrative."""
    dated = [r for r in results if r.agency and r.year]
    by_year: dict[int, list[AuditResult]] = {}  # a folder may hold thousands of reports: no pairwise search
    for result in dated:
        by_year.setdefault(result.year, []).append(result)
    for current in dated:
        agency, year = current.agency, current.year
        previous = next((r for r in by_year.get(year - 1, ()) if same_agency(r.agency, agency)), None)
        if previous is None:
            continue
        if current.report is not None and previous.report is not None:
            across = check_report(current.report, previous.report)
            # Only the across-year findings are new: they are the ones citing a cell of the previous year.
            current.check.findings.extend(f for f in across.findings if any(c.year for c in f.cells))
            current.check.findings.extend(change_findings(current.narrative, current.report, previous.report))
        repeated = repeated_sentences(previous, current)
        rule = declared_check(_rules_format(current), "repeated_narrative")
        if repeated is not None:
            share, count, total = repeated
            if share >= rule["share"]:
                current.check.findings.append(Finding(
                    rule=rule["id"], severity=rule["severity"], title=rule["title"],
                    message=f"正文{total}句中有{count}句与{year - 1}年度报告相同（{share:.0%}）",
                    agency=agency, year=year))


def _rules_format(result: AuditResult) -> Format:
    """The format whose rules judge the report: its table's, else its year's, else the newest."""
    if result.format is not None:
        return result.format
    try:
        return format_for_year(result.year)
    except InputError:
        return all_formats()[-1]


def same_agency(one: str, other: str) -> bool:
    """Titles name an agency with or without its city: 洪泽区人民政府 is 淮安市洪泽区人民政府."""
    return one == other or (min(len(one), len(other)) >= 5 and (one.endswith(other) or other.endswith(one)))


def narrative_sentences(document: Document) -> list[str]:
    """The narrative's sentences with their numbers blanked: a sentence with this year's figures put
    into last year's words is still the same text."""
    return [_NUMBERS.sub("0", sentence) for sentence, _ in sentences(document, None) if len(sentence) >= 12]


def repeated_sentences(previous: AuditResult, current: AuditResult) -> tuple[float, int, int] | None:
    earlier = set(previous.sentences)
    later = current.sentences
    if not later:
        return None
    count = sum(1 for sentence in later if sentence in earlier)
    return count / len(later), count, len(later)
