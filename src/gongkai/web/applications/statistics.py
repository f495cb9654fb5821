"""Tables 三 and 四 of the annual report (the legacy rows 三、四、五 for 2014–2018) computed from the
records: the format files declare what each computed cell counts, the populations this app registers
(``populations.py``) say which records those are, and the counting engine (``gongkai.web.counting``)
turns both into grouped SQL and into the list behind each cell. This module fills reports with the
result and finds the hand-entered cells that differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.formats import Format
from gongkai.sheets import Report, Sheet
from gongkai.web import counting
from gongkai.web.agencies.models import Agency
from gongkai.web.reports import services as report_services
from gongkai.web.reports.models import AnnualReport


def linked_cells(fmt: Format) -> set[str]:
    """The cells computed from records, each linked to the list of the records it counts."""
    return set(counting.computed_cells(fmt))


def computed_name(fmt: Format) -> str:
    """What the pages call the computed part of ``fmt``: the 2019+ formats' computed cells fill their
    tables 三 and 四; the legacy table has no such tables, its computed rows (items 三 to 五) stand
    among hand-entered ones."""
    computed = linked_cells(fmt)
    tables = {fmt.cells[key].table.key for key in computed}
    whole = all(key in computed for key, spec in fmt.cells.items() if spec.table.key in tables)
    if whole:
        return "表三、表四"
    items = list(dict.fromkeys(_top_row(fmt.cells[key].row).label.split("、")[0]
                               for key in sorted(computed, key=list(fmt.cells).index)))
    return f"统计表第{_runs(items)}项"


def _top_row(row):
    while row.parent is not None:
        row = row.parent
    return row


NUMERALS = "一二三四五六七八九十"


def _runs(items: list[str]) -> str:
    """「二至五、八、九」 for the items 二 三 四 五 八 九 (three or more consecutive numerals joined by 至)."""
    runs: list[list[str]] = []
    for item in items:
        if runs and item in NUMERALS and runs[-1][-1] in NUMERALS \
                and NUMERALS.index(item) == NUMERALS.index(runs[-1][-1]) + 1:
            runs[-1].append(item)
        else:
            runs.append([item])
    return "、".join("、".join(run) if len(run) < 3 else f"{run[0]}至{run[-1]}" for run in runs)


def computed_source(fmt: Format) -> str:
    """What the pages say the computed cells of ``fmt`` come from: the applications (and their cases)
    alone, or records of other apps too (the legacy table's 回应解读 …)."""
    from gongkai.web.applications.populations import APPLICATIONS, REVIEW_CASES

    counted = {cell.population for cell in counting.computed_cells(fmt).values()}
    return "申请记录" if counted <= {APPLICATIONS.name, REVIEW_CASES.name} else "工作记录"


def computed_sheet(fmt: Format, agency: Agency, year: int) -> Sheet:
    """The computed cells of ``agency``'s report on ``year`` in ``fmt``, as a core ``Sheet``."""
    sheet = Sheet(fmt)
    for key, value in counting.count(fmt, agency, year).items():
        sheet.set(key, value)
    return sheet


def computed_report(fmt: Format, agency: Agency, year: int) -> Report:
    """The computed tables as a core ``Report`` of ``agency``, to check, render or export."""
    jurisdiction = agency.jurisdiction
    return Report(agency=agency.name, year=year, sheet=computed_sheet(fmt, agency, year),
                  jurisdiction=jurisdiction.jurisdiction_name if jurisdiction else "", agency_kind=agency.report_kind)


@dataclass
class Difference:
    key: str
    label: str
    entered: str
    computed: int


def fill_report(report: AnnualReport, user, *, overwrite: bool = False) -> list[Difference]:
    """Write the computed tables 三 and 四 into ``report`` (through the reports service, which checks
    the right to edit and records each change): blank cells are filled; a cell entered by hand that
    differs is left as it is (``overwrite``: replaced) and returned, to be flagged."""
    computed = computed_sheet(report.format, report.agency, report.year)
    found = differences(report, computed)
    entered = set(report.cells.values_list("key", flat=True))
    values = {key: str(value) for key, value in computed.values.items() if overwrite or key not in entered}
    report_services.save_cells(report, user, values, expected_revision=report.revision)
    return [] if overwrite else found


def differences(report: AnnualReport, computed: Sheet | None = None) -> list[Difference]:
    """Hand-entered cells of tables 三 and 四 that differ from the values computed from the records
    (``computed``: the report's ``computed_sheet`` when the caller has it already)."""
    if computed is None:
        computed = computed_sheet(report.format, report.agency, report.year)
    return [Difference(key, report.format.cells[key].label, text, computed.values[key])
            for key, text in report.cells.values_list("key", "value")
            if key in computed.values and text != str(computed.values[key])]
