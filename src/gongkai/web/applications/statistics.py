"""Tables 三 and 四 of the annual report (the legacy rows 三、四、五 for 2014–2018) computed from the
records: the format files declare what each computed cell counts, the populations this app registers
(``populations.py``) say which records those are, and the counting engine (``gongkai.web.counting``)
turns both into grouped SQL and into the list behind each cell. This module fills reports with the
result and finds the hand-entered cells that differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from gongkai.errors import InputError
from gongkai.formats import Format
from gongkai.render.layout import display_value
from gongkai.sheets import Report, Sheet, Value, parse_cell_value
from gongkai.web import counting
from gongkai.web.agencies.models import Agency
from gongkai.web.applications.models import FeeNotice
from gongkai.web.reports import services as report_services
from gongkai.web.reports.models import AnnualReport


def linked_cells(fmt: Format) -> set[str]:
    """The cells computed from records, each linked to the list of the records it counts."""
    return set(counting.computed_cells(fmt))


def computed_name(fmt: Format) -> str:
    """What the pages call the computed part of ``fmt``: the tables whose cells are all computed (表三、
    表四), the blocks of the others that are (表二第二十条第（一）项); in the legacy table, whose computed rows
    stand among hand-entered ones, its items by number (统计表第一、三、四、五项)."""
    computed = linked_cells(fmt)
    names: list[str] = []
    for key in computed:
        spec = fmt.cells[key]
        table, row = spec.table, spec.row
        if table.label_layout == "flat":
            while row.parent is not None:
                row = row.parent
            name = row.label.split("、")[0]
        else:
            number = table.title.split("、")[0]
            whole = all(other in computed for other, cell in fmt.cells.items() if cell.table.key == table.key)
            name = f"表{number}" if whole else f"表{number}{row.block.title or ''}"
        if name not in names:
            names.append(name)
    if fmt.tables and fmt.tables[0].label_layout == "flat":
        return f"统计表第{'、'.join(sorted(names, key=_chinese_number))}项"
    return "、".join(sorted(names, key=lambda name: _chinese_number(name[1])))


def _chinese_number(text: str) -> int:
    return "一二三四五六七八九十".index(text[0]) if text and text[0] in "一二三四五六七八九十" else 99


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
    computed: Value


def fill_report(report: AnnualReport, user, *, overwrite: bool = False) -> list[Difference]:
    """Write the computed tables 三 and 四 into ``report`` (through the reports service, which checks
    the right to edit and records each change): blank cells are filled; a cell entered by hand that
    differs is left as it is (``overwrite``: replaced) and returned, to be flagged."""
    computed = computed_sheet(report.format, report.agency, report.year)
    found = differences(report, computed)
    entered = set(report.cells.values_list("key", flat=True))
    values = {key: display_value(value) for key, value in computed.values.items() if overwrite or key not in entered}
    report_services.save_cells(report, user, values, expected_revision=report.revision)
    return [] if overwrite else found


def differences(report: AnnualReport, computed: Sheet | None = None) -> list[Difference]:
    """Hand-entered cells of tables 三 and 四 that differ from the values computed from the records
    (``computed``: the report's ``computed_sheet`` when the caller has it already)."""
    if computed is None:
        computed = computed_sheet(report.format, report.agency, report.year)
    return [Difference(key, report.format.cells[key].label, text, computed.values[key])
            for key, text in report.cells.values_list("key", "value")
            if key in computed.values and not _same(report.format, key, text, computed.values[key])]


def _same(fmt: Format, key: str, text: str, value: Value) -> bool:
    """Whether the entered text is the computed value: amounts by value (0.50 is 0.5), counts as written."""
    try:
        return parse_cell_value(fmt.cells[key], text, key) == value
    except InputError:
        return False


def fee_figures(agency: Agency, year: int) -> dict[str, object]:
    """The year's 信息处理费 (国办函〔2020〕109号) of an agency's report, which no cell of the table holds:
    the fee notices issued and the fees paid (元), as the narrative states them."""
    notices = FeeNotice.objects.filter(counting.of_agency(agency, "application__agency"))
    paid = notices.filter(paid_on__year=year).aggregate(total=Sum("amount"))["total"]
    return {"fee_notices": notices.filter(issued_on__year=year).count(),
            "fees_collected": paid.normalize() if paid else 0}
