"""Numbers the narrative states (「回应公众关注热点或重大舆情数16次」), linked to the cells they state.

A statement is a number with its unit (条, 件, 次 …) right after a phrase. The phrase names a cell
when it ends in one of the cell's row's names: the official label shortened (numbering, 其中： and
trailing notes dropped; a final 数 or 数量 optional) or an alias the format data gives the row or
column (``aliases:``). The longest name wins, so 「主要负责同志参加政府网站在线访谈次数1次」 is the
sub-item, not 「政府网站在线访谈次数」. In a table with several columns a row's statement names its
total column.

A small grammar over these names states the claims the rules check (their ids and titles are
declared with the format's rules, ``narrative:`` kind; the words below are the format's
``narrative:`` vocabulary, never lists in code):
- quantity (X-1): a name and a number; names joined by the format's joiners are a sum
  (「予以公开和部分公开共120件」); a group row's name is the sum of its rows (「无法提供的45件」); a column
  group's name the sum of its totals (「行政诉讼9件」).
- share (N-2): 「占33.9%」 right after a quantity: the quantity over the total row that sums it.
- all (N-3): a column group named before 「均」「全部」 and an outcome word (结果维持 → 维持): the group's
  total equals that outcome's column.
- none (N-4): 「未发生」「无」… before a name in the same clause: the named cells are zero.
- repeated (N-5): the same cells stated twice with different numbers.
A total left blank in the table is taken as the sum of its parts when they are printed. A claim
whose cells are unknown is not checked.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from gongkai.checks import Finding, FindingCell, declared_check
from gongkai.checks.describe import format_value
from gongkai.extract.document import Document, Line
from gongkai.extract.normalize import SENTENCE_END, compact
from gongkai.extract.tables import region
from gongkai.formats import Format, Row
from gongkai.sheets import Report, json_value

_TRAILING_NOTE = re.compile(r"（[^（）]*）$")


def vocabulary(fmt: Format | None) -> dict[str, tuple[str, ...]]:
    """The format's narrative words; with no format known, every format's words of each kind."""
    if fmt is not None:
        return fmt.narrative
    return _every_format_words()


@functools.cache
def _every_format_words() -> dict[str, tuple[str, ...]]:
    from gongkai.formats import all_formats

    merged: dict[str, tuple[str, ...]] = {}
    for fmt in all_formats():
        for kind, words in fmt.narrative.items():
            merged[kind] = tuple(dict.fromkeys((*merged.get(kind, ()), *words)))
    return merged


def _alternation(words) -> str:
    """Words as one regular expression alternative, the longest tried first (人次 before 人)."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)) or "(?!)"  # none: no match


@functools.cache
def _statement_pattern(units: tuple[str, ...]) -> re.Pattern:
    """A number, 万 (ten thousand) or 余/多 (approximately) after it, and one of ``units``."""
    return re.compile(r"(?<![0-9.])([0-9][0-9,]*(?:\.[0-9]+)?)(万(?!元))?([余多])?"
                      f"({_alternation(units)})")


def statement_pattern(fmt: Format | None) -> re.Pattern:
    return _statement_pattern(vocabulary(fmt).get("units", ()))


@functools.cache
def _numbering_pattern(subitem: tuple[str, ...], numbering: tuple[str, ...]) -> re.Pattern:
    """What a row's label starts with before its name: 其中：, then its numbering (一、 （一） 1.)."""
    return re.compile(f"^({'|'.join(subitem) or '(?!)'})?({'|'.join(numbering) or '(?!)'})?")


@dataclass
class NarrativeNumber:
    sentence: str
    phrase: str  # the text before the number, within the sentence
    value: int | Decimal
    unit: str
    raw: str
    line: Line
    keys: tuple[str, ...] = ()  # the cells whose sum it states
    end: int = 0  # where the statement ends in its sentence

    @property
    def key(self) -> str | None:
        """The one cell it states (None for a sum of several)."""
        return self.keys[0] if len(self.keys) == 1 else None

    def to_json(self) -> dict:
        data = {"sentence": self.sentence, "number": json_value(self.value), "unit": self.unit, "raw": self.raw,
                "line": self.line.number, "key": self.key, "keys": list(self.keys)}
        if self.line.page is not None:
            data["page"] = self.line.page
        return data


def row_names(row: Row, fmt: Format | None = None) -> set[str]:
    """The names a statement may give ``row``: its label without numbering and trailing notes (the
    numbering of ``fmt``'s vocabulary, of every format's when not given)."""
    words = vocabulary(fmt)
    label = compact(row.label).replace("(", "（").replace(")", "）").replace(":", "：")
    label = _TRAILING_NOTE.sub("", label) or label
    label = _numbering_pattern(words.get("subitem", ()), words.get("numbering", ())).sub("", label)
    names = {label}
    for suffix in ("数量", "数"):
        if label.endswith(suffix) and len(label) > len(suffix) + 3:
            names.add(label[: -len(suffix)])
    return {name for name in names if len(name) >= 4}


@functools.cache
def cell_names(fmt: Format) -> dict[str, tuple[str, ...]]:
    """Every name a statement may use → the cells whose sum it names (names shared by two meanings are
    dropped)."""
    names: dict[str, set[tuple[str, ...]]] = {}

    def add(name: str, keys) -> None:
        if keys:
            names.setdefault(name, set()).add(tuple(keys))

    for table in fmt.tables:
        for block in table.blocks:
            totals = [c for c in block.leaf_columns if c.sum_of] or block.leaf_columns[:1]
            if len(block.leaf_columns) > 1 and not any(c.sum_of for c in block.leaf_columns):
                totals = []
            for row in block.all_rows:
                if not row.label or not totals:
                    continue
                if row.is_data:
                    keys = [f"{row.key}|{totals[-1].key}"]
                elif any(d.sum_of for d in row.data_descendants()):
                    continue  # a heading over the totals themselves (三、本年度办理结果)
                else:
                    keys = [f"{d.key}|{totals[-1].key}" for d in row.data_descendants()]
                for name in row_names(row, fmt) | set(fmt.aliases.get(row.key, ())):
                    add(name, keys)
            for column in block.leaf_columns:
                for alias in fmt.aliases.get(f"{block.table.key}|{column.key}", ()):
                    for row in block.data_rows:
                        add(alias, [f"{row.key}|{column.key}"])
            for group in _column_groups(block):
                keys = [f"{row.key}|{c.key}" for row in block.data_rows for c in _group_totals(group)]
                for name in {compact(group.label), *group.aliases}:
                    add(name, keys)
    return {name: next(iter(keys)) for name, keys in names.items() if len(keys) == 1}


@functools.cache  # asked for each sentence of the narrative
def _column_groups(block) -> tuple:
    """Columns with children whose totals (``sum_of`` leaves) lie below them: 行政复议, 行政诉讼 …"""
    groups = []
    stack = list(block.columns)
    while stack:
        column = stack.pop()
        if column.children:
            stack.extend(column.children)
            if _group_totals(column):
                groups.append(column)
    return tuple(groups)


@functools.cache
def _group_totals(column) -> tuple:
    found = []
    for child in column.children:
        found.extend([child] if child.is_leaf and child.sum_of else _group_totals(child))
    return tuple(found)


def narrative_lines(document: Document, fmt: Format | None, table_lines: set[int] | None = None) -> list[Line]:
    """The lines outside the tables; ``table_lines`` when the tables were read already (their regions)."""
    if table_lines is None:
        table_lines = set()
        for table in fmt.tables if fmt is not None else ():
            table_lines.update(line.number for line in region(document, table, fmt))
    return [line for line in document.lines if line.number not in table_lines and line.table is None]


def sentences(document: Document, fmt: Format | None, table_lines: set[int] | None = None):
    """(sentence, line where it starts), PDF lines joined first since they wrap mid-sentence."""
    buffer, start = "", None
    for line in narrative_lines(document, fmt, table_lines):
        text = compact(line.text)
        if document.kind != "pdf" and buffer:
            yield buffer, start
            buffer, start = "", None
        if start is None:
            start = line
        buffer += text
        while True:
            match = SENTENCE_END.search(buffer)
            if match is None:
                break
            yield buffer[: match.end()], start
            # What follows the sentence starts on this line; nothing following: on the next line.
            buffer = buffer[match.end():]
            start = line if buffer else None
    if buffer:
        yield buffer, start


def _named(phrase: str, names: dict[str, tuple[str, ...]], by_length: list[str], joiners: tuple[str, ...],
           between: tuple[str, ...]) -> tuple[str, ...]:
    """The cells a phrase ends by naming (the format's ``between`` words, 为 共 的 …, may follow the name):
    one name, or names joined by the format's joiners (a sum)."""
    keys: list[str] = []
    rest = phrase.rstrip("".join(between))
    while True:
        name = next((n for n in by_length if rest.endswith(n)), None)
        if name is None:
            return tuple(keys)
        keys[:0] = [k for k in names[name] if k not in keys]  # read from the end: keep the text's order
        rest = rest[: -len(name)]
        joiner = next((j for j in joiners if rest.endswith(j)), None)
        if joiner is None:
            return tuple(keys)
        rest = rest[: -len(joiner)]


def read_narrative_numbers(document: Document, fmt: Format | None, table_lines: set[int] | None = None
                           ) -> list[NarrativeNumber]:
    """The statements of the narrative, linked to cells when the format is known."""
    names = cell_names(fmt) if fmt is not None else {}
    by_length = sorted(names, key=len, reverse=True)
    joiners = fmt.narrative.get("joiners", ()) if fmt is not None else ()
    between = fmt.narrative.get("between", ()) if fmt is not None else ()
    statement = statement_pattern(fmt)
    found = []
    for sentence, line in sentences(document, fmt, table_lines):
        previous_end = 0
        for match in statement.finditer(sentence):
            phrase = sentence[previous_end: match.start()]
            previous_end = match.end()
            number = Decimal(match.group(1).replace(",", "")) * (10000 if match.group(2) else 1)
            value = int(number) if number == number.to_integral_value() else number
            keys = _named(phrase, names, by_length, joiners, between)
            found.append(NarrativeNumber(sentence, phrase, value, match.group(4), match.group(0), line, keys,
                                         match.end()))
    return found


_PERCENT = re.compile(r"([0-9]+(?:\.[0-9]+)?)[%％]")
_CLAUSE_END = re.compile(r"[，,；;。！!？?]")


def cell_value(report: Report, key: str):
    """A cell's value; a total left blank is the sum of its parts when any part is printed."""
    value = report.sheet.get(key)
    if value is not None:
        return value
    spec = report.format.cells[key]
    row_key = key.split("|")[0]
    parts = [report.sheet.get(f"{row_key}|{c.key}") for c in spec.block.leaf_columns if c.key in spec.column.sum_of]
    if any(part is not None for part in parts):
        return sum(part for part in parts if part is not None)
    return None


def cells_value(report: Report, keys) -> int | Decimal | None:
    values = [cell_value(report, key) for key in keys]
    return None if any(v is None for v in values) else sum(values)


def _cells(report: Report, keys) -> list[FindingCell]:
    specs = [report.format.cells[key] for key in keys]
    return [FindingCell(s.key, s.row.label, s.column.label, s.unit, cell_value(report, s.key)) for s in specs]


def _described(report: Report, keys) -> str:
    """The cells as a reader names them: one cell, two cells' sum, or a group's rows' sum."""
    specs = [report.format.cells[key] for key in keys]
    rows = {spec.row.key for spec in specs}
    column = specs[0].column
    in_column = f"（{column.label}）" if len(specs[0].block.leaf_columns) > 1 else ""
    for group in (spec.row.parent for spec in specs[:1] if spec.row.parent is not None):
        if len(specs) > 1 and rows == {d.key for d in group.data_descendants()}:
            return f"「{group.label}」各项{in_column}之和"
    for group in _column_groups(specs[0].block):
        totals = _group_totals(group)
        if len(totals) > 1 and set(keys) == {f"{spec.row.key}|{c.key}" for spec in specs[:1] for c in totals}:
            return f"「{group.label}」各项总计之和"
    labels = [f"「{spec.row.label or spec.column.parent.label}」" for spec in specs]
    if len(labels) == 1:
        return labels[0] + in_column
    return ("与".join(labels) if len(labels) == 2 else f"{labels[0]}等{len(labels)}项") + f"{in_column}之和"


# The check each kind of claim is declared under (the format's rules, ``check:``).
CHECKS = {"quantity": "narrative_numbers", "share": "narrative_share", "all": "narrative_all",
          "none": "narrative_none", "repeated": "narrative_twice", "change": "narrative_change",
          "fee_notices": "narrative_fee_notices"}


def _finding(report: Report, kind: str, message: str, keys) -> Finding:
    """A finding of the format's rule declared for claims of ``kind``."""
    rule = declared_check(report.format, CHECKS[kind])
    return Finding(rule=rule["id"], severity=rule["severity"], title=rule["title"], message=message,
                   cells=_cells(report, keys), agency=report.agency, year=report.year)


def narrative_findings(numbers: list[NarrativeNumber], report: Report,
                       all_sentences: list[str] | None = None) -> list[Finding]:
    """The narrative's claims checked against the table (and against each other)."""
    fmt = report.format
    findings: list[Finding] = []

    def finding(kind: str, message: str, keys) -> None:
        findings.append(_finding(report, kind, message, keys))

    for number in numbers:
        if not number.keys:
            continue
        table_value = cells_value(report, number.keys)
        stated = _stated(number, fmt)
        unit = fmt.cells[number.keys[0]].unit
        if table_value is not None and stated != table_value:
            finding("quantity", f"正文称「{number.phrase[-30:]}{number.raw}」，统计表{_described(report, number.keys)}"
                                f"为{format_value(table_value)}{unit or ''}", number.keys)
        share = _share(number, fmt)
        base_keys = _base(report, number.keys) if share is not None else None
        base = cells_value(report, base_keys) if base_keys else None
        if share is not None and base and not _agrees(share, Decimal(stated) * 100 / Decimal(base)):
            finding("share", f"正文称「{number.phrase[-20:]}{number.raw}」占{share}%，而{format_value(stated)}÷"
                             f"{format_value(base)}（{_described(report, base_keys)}）="
                             f"{Decimal(stated) * 100 / Decimal(base):.1f}%", base_keys)
    for keys, stated in _repeated(numbers):
        quoted = "；".join(f"「{n.phrase[-20:]}{n.raw}」" for n in stated)
        finding("repeated", f"正文前后所述同一数字不一致：{quoted}", keys)
    findings.extend(unnamed_findings(numbers, fmt, report.agency, report.year))
    names = cell_names(fmt)
    for sentence in all_sentences or ():
        _claims_all(sentence, report, names, finding)
        _claims_none(sentence, report, names, finding)
        _claims_rate(sentence, report, names, finding)
        _claims_fee_notices(sentence, report, finding)
    return findings


def _channel_quantity(number: NarrativeNumber, fmt: Format) -> tuple[str, str, str, str] | None:
    """(channel, verb, object, unit) of 「…通过审计信息专栏公开政府信息16条」, a statement naming no cell:
    the channel without its kind (专栏), the object without filler words (政府); None for a clause
    that counts a part (其中, 上半年) or several channels, an approximate number (300余条, 1,200条 is
    read but not compared) or a clause not of that shape."""
    words = vocabulary(fmt)
    clause = _CLAUSE_END.split(number.phrase)[-1]
    markers, verbs = words.get("channel_markers", ()), words.get("channel_verbs", ())
    if (number.keys or not markers or not verbs or number.raw != f"{number.value}{number.unit}"
            or any(q in clause for q in words.get("channel_qualifiers", ()))):
        return None
    adverbs = _alternation(words.get("channel_adverbs", ()))
    match = re.search(f"({_alternation(markers)})([^0-9:：]+?)(?:{adverbs})?({_alternation(verbs)})"
                      f"((?:(?!{_alternation(verbs)})[^0-9:：])*)$", clause)
    if match is None or re.search("[0-9]", _YEAR.sub("", clause[: match.start()])):
        return None  # a number before the channel: the clause is not only this quantity
    channel = match.group(2)
    if any(word in channel for word in (*words.get("channel_several", ()), *words.get("joiners", ()))):
        return None
    for kind in sorted(words.get("channel_kinds", ()), key=len, reverse=True):
        channel = channel.removesuffix(kind)
    obj = match.group(4)
    for filler in words.get("channel_fillers", ()):
        obj = obj.replace(filler, "")
    if len(channel) < 2 or not obj:
        return None
    return channel, match.group(3), obj, number.unit


# 「2022年」 before a channel says when, not how many.
_YEAR = re.compile(r"(?:19|20)[0-9]{2}年度?")


def unnamed_findings(numbers: list[NarrativeNumber], fmt: Format, agency: str = "", year: int | None = None
                     ) -> list[Finding]:
    """N-5 on statements naming no cell: they need no table, only the format whose rule it is."""
    rule = declared_check(fmt, CHECKS["repeated"])
    return [Finding(rule=rule["id"], severity=rule["severity"], title=rule["title"], agency=agency, year=year,
                    message=f"正文前后所述同一数量不一致：「{one.sentence}」称{one.raw}，「{other.sentence}」称{other.raw}")
            for one, other in unnamed_twice(numbers, fmt)]


def unnamed_twice(numbers: list[NarrativeNumber], fmt: Format):
    """Pairs of statements naming no cell that count the same quantity (what one channel published)
    with different numbers; a channel named more fully is the same channel (「管委会网站审计信息栏目」,
    「审计信息专栏」)."""
    shaped = [(n, q) for n in numbers if (q := _channel_quantity(n, fmt)) is not None]
    for i, (one, (channel, verb, obj, unit)) in enumerate(shaped):
        for other, (channel2, verb2, obj2, unit2) in shaped[i + 1:]:
            same_channel = channel.endswith(channel2) or channel2.endswith(channel)
            if same_channel and (verb, obj, unit) == (verb2, obj2, unit2) and one.value != other.value:
                yield one, other
                break


def _claims_fee_notices(sentence: str, report: Report, finding) -> None:
    """X-4: 「发出收费通知0件」「未向申请人发出收费通知」 while table 三 counts applications not handled
    because a fee notice went unpaid (（六）2): the notices sent are at least those left unpaid."""
    fmt = report.format
    rule = next((r for r in fmt.rules if r.get("check") == "narrative_fee_notices"), None)
    words = fmt.narrative
    if rule is None or not words.get("fee_notice"):
        return
    unpaid = cells_value(report, rule["cells"])
    if not unpaid:
        return
    notice, sent = _alternation(words["fee_notice"]), _alternation(words.get("fee_notice_sent", ()))
    denied, units = _alternation(words.get("fee_notice_denied", ())), _alternation(words.get("fee_notice_units", ()))
    for clause in _CLAUSE_END.split(sentence):
        if not re.search(notice, clause):
            continue
        if re.search(f"(?:{denied})[^0-9]{{0,8}}?(?:{sent})[^0-9]{{0,4}}?(?:{notice})", clause):
            stated = 0
        else:
            count = re.search(f"(?:{sent})[^0-9]{{0,6}}?(?:{notice})[^0-9]{{0,12}}?([0-9]+)(?:{units})", clause)
            if count is None:
                continue
            stated = int(count.group(1))
        if stated < unpaid:
            cells = rule["cells"]
            finding("fee_notices", f"正文称「{clause}」，而统计表{_described(report, cells)}为"
                                   f"{format_value(unpaid)}件：逾期未缴费的申请都收到过收费通知", cells)


def _stated(number: NarrativeNumber, fmt: Format):
    """The statement's number in the unit of its cells (元 stated, 万元 in the table)."""
    if number.unit == "元" and fmt.cells[number.keys[0]].unit == "万元":
        return Decimal(number.value) / 10000
    return number.value


def _agrees(printed: str, exact: Decimal) -> bool:
    """A printed percentage agrees when it is the exact one rounded or cut to the places printed."""
    places = len(printed.split(".")[1]) if "." in printed else 0
    quantum = Decimal(1).scaleb(-places)
    return Decimal(printed) in (exact.quantize(quantum), exact.quantize(quantum, rounding="ROUND_DOWN"))


def change_findings(numbers: list[NarrativeNumber], report: Report, previous: Report) -> list[Finding]:
    """N-6: 「较上年增长15%」 after a statement: the stated number against the previous year's report."""
    findings = []
    for number in numbers:
        change = _change(number, report.format)
        if not number.keys or change is None or not all(k in previous.format.cells for k in number.keys):
            continue
        before = cells_value(previous, number.keys)
        if not before:
            continue
        direction, printed = change
        exact = (Decimal(_stated(number, report.format)) - Decimal(before)) * 100 / Decimal(before)
        if not _agrees(printed, exact if direction == "up" else -exact):
            made = _finding(report, "change", f"正文称「{number.phrase[-20:]}{number.raw}」较上年"
                                              f"{'增长' if direction == 'up' else '下降'}{printed}%，而上年报告"
                                              f"{_described(previous, number.keys)}为{format_value(before)}，"
                                              f"变化{exact:+.1f}%", number.keys)
            made.cells.extend(FindingCell(c.key, c.row_label, c.column_label, c.unit, c.value, previous.year)
                              for c in _cells(previous, number.keys))
            findings.append(made)
    return findings


def _change(number: NarrativeNumber, fmt: Format) -> tuple[str, str] | None:
    """(up | down, the percentage as printed) of 「…859件，申请数量较去年回落12.3%」."""
    words = fmt.narrative
    after = number.sentence[number.end:]
    match = _PERCENT.search(after)
    if match is None or statement_pattern(fmt).search(after[: match.start()]) or match.start() > 16:
        return None
    lead = after[: match.start()]
    if not any(word in lead for word in words.get("previous_year", ())):
        return None
    if any(lead.endswith(word) for word in words.get("up", ())):
        return "up", match.group(1)
    if any(lead.endswith(word) for word in words.get("down", ())):
        return "down", match.group(1)
    return None


def _claims_rate(sentence: str, report: Report, names, finding) -> None:
    """「按时办结率100%」: a row over the row it is part of (按时办结数 over 申请办结数)."""
    fmt = report.format
    by_length = sorted(names, key=len, reverse=True)
    for word in fmt.narrative.get("rate", ()):
        for match in re.finditer(f"{word}[为达到是：:]{{0,3}}([0-9]+(?:\\.[0-9]+)?)[%％]", sentence):
            before = sentence[: match.start()]
            name = next((n for n in by_length if before.endswith(n)), None)
            if name is None or len(names[name]) != 1:
                continue
            key = names[name][0]
            row_key, column_key = key.split("|")
            parent = fmt.rows[row_key].parent
            if parent is None or not parent.is_data:
                continue
            part, whole = cell_value(report, key), cell_value(report, f"{parent.key}|{column_key}")
            if part is None or not whole or _agrees(match.group(1), Decimal(part) * 100 / Decimal(whole)):
                continue
            finding("share", f"正文称「{name}{match.group(0)}」，统计表「{fmt.rows[row_key].label}」"
                             f"{format_value(part)}÷「{parent.label}」{format_value(whole)}="
                             f"{Decimal(part) * 100 / Decimal(whole):.1f}%", [key, f"{parent.key}|{column_key}"])


def _share(number: NarrativeNumber, fmt: Format) -> str | None:
    """The percentage right after the statement (「，占33.9%」), as printed."""
    after = number.sentence[number.end:]
    match = _PERCENT.search(after)
    if match is None or statement_pattern(fmt).search(after[: match.start()]):
        return None
    lead = after[: match.start()]
    if len(lead) > 8 or not any(word in lead for word in fmt.narrative.get("share", ())):
        return None
    return match.group(1)


def _base(report: Report, keys) -> list[str] | None:
    """The total row that sums the stated rows (（七）总计 for the outcomes), in the same column."""
    rows = {key.split("|")[0] for key in keys}
    columns = {key.split("|")[1] for key in keys}
    if len(columns) != 1:
        return None
    column = columns.pop()
    for row in report.format.rows.values():
        if row.sum_of and rows <= _summed_rows(report.format, row):
            return [f"{row.key}|{column}"]
    return None


def _summed_rows(fmt: Format, total) -> set[str]:
    summed = set()
    for term in total.sum_of:
        if term.endswith(".*"):
            summed.update(d.key for d in fmt.rows[term[:-2]].data_descendants())
        else:
            summed.add(term)
    return summed


def _repeated(numbers: list[NarrativeNumber]):
    by_cells: dict[tuple[str, ...], list[NarrativeNumber]] = {}
    for number in numbers:
        if number.keys:
            by_cells.setdefault(tuple(sorted(number.keys)), []).append(number)
    for keys, stated in by_cells.items():
        if len({n.value for n in stated}) > 1:
            yield keys, stated


def _claims_all(sentence: str, report: Report, names, finding) -> None:
    """「行政复议7件，诉讼9件，均获维持」: every case of each named group had that outcome; 「全部按时办结」: a
    row equals the row it is part of."""
    fmt = report.format
    words = [w for w in fmt.narrative.get("all", ()) if w in sentence]
    if not words:
        return  # most sentences claim nothing of all cases
    for name, keys in names.items():
        if len(keys) != 1 or not any(f"{w}{name}" in sentence for w in words):
            continue
        row_key, column_key = keys[0].split("|")
        parent = fmt.rows[row_key].parent
        if parent is None or not parent.is_data:
            continue
        part, whole = cell_value(report, keys[0]), cell_value(report, f"{parent.key}|{column_key}")
        if part is not None and whole is not None and part != whole:
            finding("all", f"正文称「{sentence[:60]}」，统计表「{fmt.rows[row_key].label}」{format_value(part)}，"
                           f"「{parent.label}」{format_value(whole)}", [keys[0], f"{parent.key}|{column_key}"])
    for block in (b for table in fmt.tables for b in table.blocks):
        for group in _column_groups(block):
            mention = next((m for m in (compact(group.label), *group.aliases) if m in sentence), None)
            if mention is None:
                continue
            after = sentence[sentence.index(mention):]
            for total in _group_totals(group):
                for outcome in (c for c in total.parent.children if c.is_leaf and not c.sum_of):
                    word = outcome.label.removeprefix("结果")
                    if not any(re.search(f"{w}[^，。；]{{0,3}}{word}", after) for w in words):
                        continue
                    for row in block.data_rows:
                        keys = [f"{row.key}|{total.key}", f"{row.key}|{outcome.key}"]
                        counted, upheld = cell_value(report, keys[0]), cell_value(report, keys[1])
                        if counted is not None and counted != (upheld or 0):
                            finding("all", f"正文称「{sentence[:60]}」，统计表「{total.parent.label}」总计"
                                           f"{format_value(counted)}件，其中「{outcome.label}」"
                                           f"{format_value(upheld or 0)}件", keys)


# How far after 「未发生」「无」 the names it denies may begin (「未发生因政府信息公开申请行政复议」).
_NONE_REACH = 16


def _names_in(text: str, names) -> list[str]:
    """The names occurring in ``text``, longest first at each place, not overlapping."""
    found, at = [], 0
    by_length = sorted(names, key=len, reverse=True)
    while at < len(text):
        name = next((n for n in by_length if text.startswith(n, at)), None)
        if name:
            found.append(name)
            at += len(name)
        else:
            at += 1
    return found


def _claims_none(sentence: str, report: Report, names, finding) -> None:
    """「全年未发生行政复议和行政诉讼」: the named cells are zero."""
    words = report.format.narrative.get("none", ())
    for clause in _CLAUSE_END.split(sentence):
        if re.search("[0-9]", clause):
            continue
        word, at = next(((w, clause.find(w)) for w in words if clause.find(w) >= 0), (None, -1))
        if word is None or any(clause.startswith(n, at) for n in names):
            continue  # 「无法提供」 is a name, not a denial
        reach = clause[at + len(word):]
        for name in _names_in(reach, names):
            if reach.index(name) > _NONE_REACH:
                break
            value = cells_value(report, names[name])
            if value:
                unit = report.format.cells[names[name][0]].unit or ""
                finding("none", f"正文称「{clause}」，统计表{_described(report, names[name])}为"
                                f"{format_value(value)}{unit}", names[name])
