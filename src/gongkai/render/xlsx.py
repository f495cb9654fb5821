"""The official form as an XLSX workbook, and reading a filled-in workbook back into a ``Report``.

One worksheet per table, named after the table (trimmed to Excel's 31 characters): the table title in
row 1 and the shared layout from row 2, with merged cells. A sheet 「报告信息」 holds the format id
and the report metadata; it is hidden once the report names its agency, and visible in a blank
template so that whoever fills it in can enter 填报单位 and 年度. The importer finds the format from
that sheet, or else by matching the label cells against every known format, and refuses a workbook
whose labels are not where the layout puts them.

Excel keeps numbers as binary doubles and shows at most 15 significant digits. An amount is written
as a number when that number reads back as exactly the same decimal, else as text holding the exact
decimal (the importer accepts numeric text); a number read back is taken as Excel displays it
(15 significant digits), so 0.1+0.2 typed as a formula reads as 0.3. Values come back equal, though
not always with the same trailing zeros (a number cell keeps none: 0.00 reads back as 0).
"""

from __future__ import annotations

import datetime
import functools
import io
import time
import zipfile
from decimal import Context, Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.errors import InputError
from gongkai.formats import Format, Table, all_formats, load_format
from gongkai.render.layout import TableLayout, format_layouts
from gongkai.sheets import Report, Sheet, report_from_dict
from gongkai.text import clean_text, printable

SCHEMA = "gongkai.xlsx/1"
METADATA_SHEET = "报告信息"
GRID_TOP = 2  # worksheet row of the layout's row 0; row 1 holds the table title
MAX_BYTES = 10 * 1024 * 1024
# A filled-in form's XML unpacks to well under a megabyte (long section texts included); a 10 MB zip can
# unpack to gigabytes, and openpyxl parses a sheet without a declared size to its end on opening. So the
# XML parts (the only ones a read-only workbook parses) are capped, the importer reads streaming, never
# beyond the rows of a form, and stops after READ_SECONDS: no workbook holds a worker for long or grows it.
MAX_UNPACKED_BYTES = 5 * 1024 * 1024
XML_PARTS = (".xml", ".rels")
MAX_DECLARED_ROWS = 10_000  # a sheet declaring more rows than this is no form (the forms have under 100)
READ_SECONDS = 10
EXCEL_DIGITS = 15
CELL_TEXT_LIMIT = 32767
# (key in column A, Chinese label in column B); the value is in column C.
METADATA_FIELDS = (
    ("schema", "文件结构版本"),
    ("format", "报告格式"),
    ("agency", "填报单位"),
    ("agency_kind", "单位类型（government 本级政府 / department 部门）"),
    ("jurisdiction", "行政区"),
    ("year", "报告年度"),
    ("published", "发布日期（YYYY-MM-DD）"),
    ("title", "报告标题"),
    ("issuer", "发文机关"),
)
METADATA_ROWS = len(METADATA_FIELDS) + 200  # the metadata fields, then a report's sections
METADATA_COLUMNS = 3 + 64  # key, label, value or section key, then the section text in 32767-character pieces
SECTION_ROW = "section"  # column B heading, column C section key, columns D… the text in pieces

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name="宋体", size=10.5)


def sheet_name(table: Table) -> str:
    name = table.title
    for forbidden in "[]:*?/\\":
        name = name.replace(forbidden, "_")
    return name[:31]


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for layout in format_layouts(report.format):
        _write_table(workbook.create_sheet(sheet_name(layout.table)), layout, report.sheet)
    _write_metadata(workbook.create_sheet(METADATA_SHEET), report)
    workbook.properties.title = printable(report.display_title)
    workbook.properties.subject = report.format.id
    workbook.properties.creator = "gongkai"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def excel_number(value: Decimal) -> float | str:
    """A float when Excel keeps exactly this decimal, else the exact decimal as text."""
    as_float = float(value)
    exact = len(value.normalize().as_tuple().digits) <= EXCEL_DIGITS and Decimal(repr(as_float)) == value
    return as_float if exact else format(value, "f")


def decimal_from_excel(number: float | int) -> Decimal:
    """The decimal Excel displays for a stored double: at most 15 significant digits."""
    value = Context(prec=EXCEL_DIGITS).create_decimal(repr(number)).normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value


def _write_table(worksheet, layout: TableLayout, sheet: Sheet) -> None:
    _put(worksheet, 1, 1, layout.table.title).font = Font(name="黑体", size=14)
    worksheet.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    worksheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=layout.columns)
    worksheet.row_dimensions[1].height = 28
    widths = [2.2 * weight + 2 for weight in layout.column_weights()]
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    for row, height in enumerate(_row_heights(layout, widths)):
        worksheet.row_dimensions[GRID_TOP + row].height = height
    for spec in layout.cells:
        row, column = GRID_TOP + spec.row, 1 + spec.col
        cell = worksheet.cell(row=row, column=column)
        if spec.kind == "value":
            value = sheet.get(spec.key) if spec.key else None
            if isinstance(value, Decimal):
                places = max(2, -value.as_tuple().exponent)
                cell.value = excel_number(value)
                cell.number_format = "0." + "0" * places
            else:
                cell.value = value
                cell.number_format = "0"
            cell.alignment = Alignment(horizontal="right", vertical="center")
        else:
            _put(worksheet, row, column, spec.text or None)
            horizontal = "left" if spec.kind == "label" else "center"
            cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        cell.font = Font(name="宋体", size=10.5, bold=spec.kind in ("title", "corner"))
        # Every cell of a merged range gets the border, or Excel draws the range without its inner edges.
        for r in range(row, row + spec.rowspan):
            for c in range(column, column + spec.colspan):
                worksheet.cell(row=r, column=c).border = BORDER
        if spec.rowspan > 1 or spec.colspan > 1:
            worksheet.merge_cells(start_row=row, start_column=column, end_row=row + spec.rowspan - 1,
                                  end_column=column + spec.colspan - 1)
    worksheet.freeze_panes = f"{get_column_letter(1 + layout.label_columns)}{GRID_TOP + layout.header_rows}"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.orientation = "landscape" if layout.columns > 6 else "portrait"
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True


def _row_heights(layout: TableLayout, widths: list[float]) -> list[float]:
    """Points per grid row, enough for its wrapped labels: neither Excel nor LibreOffice grows a row
    for wrapped text on opening a file that openpyxl wrote. A Chinese character is two width units."""
    lines = [1] * layout.rows
    for cell in layout.cells:
        width = sum(widths[cell.col:cell.col + cell.colspan]) - 1
        needed = -(-2 * len(cell.text) // max(int(width), 1))
        per_row = -(-needed // cell.rowspan)
        for row in range(cell.row, cell.row + cell.rowspan):
            lines[row] = max(lines[row], per_row)
    return [14.0 * count + 3 for count in lines]


def _put(worksheet, row: int, column: int, value):
    """Write ``value`` to a cell; text stays text (typed as a string, so a title such as
    ``=HYPERLINK(…)`` is never a live formula) and loses what XML cannot hold (older data)."""
    cell = worksheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = printable(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _write_metadata(worksheet, report: Report) -> None:
    data = report.to_dict()
    data["schema"] = SCHEMA
    rows = [[key, label, data.get(key)] for key, label in METADATA_FIELDS]
    for section in report.sections:
        text = printable(section.text)
        pieces = [text[i:i + CELL_TEXT_LIMIT] for i in range(0, len(text), CELL_TEXT_LIMIT)]
        rows.append([SECTION_ROW, section.heading, section.key or "", *pieces])
    for row, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            _put(worksheet, row, column, value)
    worksheet.column_dimensions["A"].hidden = True
    worksheet.column_dimensions["B"].width = 44
    worksheet.column_dimensions["C"].width = 40
    if report.agency:
        worksheet.sheet_state = "hidden"


def read_xlsx(path: str | Path, *, agency: str | None = None, year: int | None = None) -> Report:
    """The report in the workbook at ``path``; ``agency`` and ``year`` fill in what a workbook
    without a 「报告信息」 sheet cannot say. Errors name the file, sheet and cell."""
    path = Path(path)
    place = str(path)
    workbook = _open(path)
    try:
        grids = _Grids(workbook, place)
        metadata = _read_metadata(grids, place)
        if metadata.get("format"):
            try:
                fmt = load_format(str(metadata["format"]))
            except InputError as error:
                raise InputError(error.message, f"{place}, 工作表「{METADATA_SHEET}」") from None
            problems = _label_problems(grids, fmt, place)
            if problems:
                raise problems[0]
        else:
            fmt = _detect_format(grids, place)
        data = {"format": fmt.id, **{k: v for k, v in metadata.items() if v not in (None, "")}}
        if agency:
            data["agency"] = agency
        if year is not None:
            data["year"] = year
        for key, label in (("agency", "填报单位"), ("year", "报告年度")):
            if data.get(key) in (None, ""):
                raise InputError(f"未填写{label}（在工作表「{METADATA_SHEET}」中填写）", place)
        report = report_from_dict(data, place)
        _read_values(grids, report.sheet, place)
    finally:
        workbook.close()
    return report


def _open(path: Path):
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("文件不存在", str(path)) from None
    if size > MAX_BYTES:
        raise InputError(f"文件过大（{size // (1024 * 1024)} MB，上限 10 MB）", str(path))
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist() if info.filename.endswith(XML_PARTS))
        if unpacked > MAX_UNPACKED_BYTES:
            raise InputError(f"文件解压后过大（{unpacked / (1024 * 1024):.0f} MB，上限 "
                             f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB），不是正常的报告表格", str(path))
        return load_workbook(path, read_only=True, data_only=True)
    except InputError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a corrupt or foreign file; all mean one thing
        message = f"无法打开 XLSX 文件（{type(error).__name__}）：文件已损坏或不是 XLSX 格式"
        raise InputError(message, str(path)) from None


@functools.cache
def _form_extent() -> tuple[int, int]:
    """The rows and columns the largest form of any format spans on its worksheet."""
    layouts = [layout for fmt in all_formats() for layout in format_layouts(fmt)]
    return GRID_TOP + max(layout.rows for layout in layouts), max(layout.columns for layout in layouts)


class _Grids:
    """The cells of a (read-only) workbook's sheets, each sheet read once on first use, streaming, no
    further than a form reaches; a sheet declaring far more rows, or reading past the time limit, is
    refused."""

    def __init__(self, workbook, place: str):
        self.workbook, self.place = workbook, place
        self.sheetnames = workbook.sheetnames
        self.deadline = time.monotonic() + READ_SECONDS
        self._grids: dict[str, dict[tuple[int, int], object]] = {}

    def grid(self, name: str) -> dict[tuple[int, int], object]:
        if name not in self._grids:
            worksheet = self.workbook[name]
            declared = worksheet.max_row or 0
            if declared > MAX_DECLARED_ROWS:
                raise InputError(f"工作表「{name}」有{declared}行，报告表格不超过{MAX_DECLARED_ROWS}行，"
                                 "不是正常的报告表格", self.place)
            rows, columns = (METADATA_ROWS, METADATA_COLUMNS) if name == METADATA_SHEET else _form_extent()
            grid = {}
            for row, values in enumerate(worksheet.iter_rows(max_row=rows, max_col=columns, values_only=True),
                                         start=1):
                if time.monotonic() > self.deadline:
                    raise InputError(f"读取超过{READ_SECONDS}秒，文件过于复杂，不是正常的报告表格", self.place)
                grid.update(((row, column), value) for column, value in enumerate(values, start=1)
                            if value is not None)
            self._grids[name] = grid
        return self._grids[name]

    def value(self, name: str, row: int, column: int):
        return self.grid(name).get((row, column))


def _read_metadata(grids: _Grids, place: str) -> dict:
    if METADATA_SHEET not in grids.sheetnames:
        return {}
    grid = grids.grid(METADATA_SHEET)
    metadata: dict = {}
    sections = []
    for number in sorted({row for row, _ in grid}):
        row = [grid.get((number, column)) for column in range(1, METADATA_COLUMNS + 1)]
        if row[0] is None:
            continue
        key = str(row[0]).strip()
        row_place = f"{place}, 工作表「{METADATA_SHEET}」, 第{number}行"
        if key == SECTION_ROW:
            text = clean_text("".join(str(piece) for piece in row[3:] if piece is not None), row_place)
            sections.append({"heading": row[1], "key": row[2] or None, "text": text})
        else:
            value = row[2]
            if isinstance(value, datetime.datetime):
                value = value.date().isoformat()
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            elif key == "year" and isinstance(value, str) and value.strip().isdigit():
                value = int(value)
            elif key == "year" and isinstance(value, float) and value.is_integer():
                value = int(value)
            elif isinstance(value, str):
                value = clean_text(value, row_place)
            metadata[key] = value
    metadata.pop("schema", None)
    metadata["sections"] = sections
    return metadata


def _cell_place(place: str, name: str, row: int, column: int) -> str:
    return f"{place}, 工作表「{name}」, 单元格 {get_column_letter(column)}{row}"


def _normal(text: object) -> str:
    # Whitespace inside a label (a line break typed into a cell) does not change the label.
    return "".join(str(text).split()) if text is not None else ""


def _label_problems(grids: _Grids, fmt: Format, place: str) -> list[InputError]:
    """Every way the workbook differs from ``fmt``'s form: missing sheets and wrong label cells."""
    problems = []
    for layout in format_layouts(fmt):
        name = sheet_name(layout.table)
        if name not in grids.sheetnames:
            problems.append(InputError(f"缺少工作表「{name}」（{fmt.name}）", place))
            continue
        for spec in layout.label_cells:
            row, column = GRID_TOP + spec.row, 1 + spec.col
            found = grids.value(name, row, column)
            if _normal(found) != _normal(spec.text):
                shown = "" if found is None else str(found)
                problems.append(InputError(f"应为「{spec.text}」，实为「{shown}」",
                                           _cell_place(place, name, row, column)))
    return problems


def _detect_format(grids: _Grids, place: str) -> Format:
    """The format whose form the workbook matches; else the error of the closest one."""
    candidates = []
    for fmt in all_formats():
        problems = _label_problems(grids, fmt, place)
        if not problems:
            return fmt
        candidates.append(problems)
    first = min(candidates, key=len)[0]
    raise InputError(f"不是任何已知格式的统计表：{first.message}", first.place)


def _read_values(grids: _Grids, sheet: Sheet, place: str) -> None:
    for layout in format_layouts(sheet.format):
        name = sheet_name(layout.table)
        for spec in layout.value_cells:
            row, column = GRID_TOP + spec.row, 1 + spec.col
            raw = grids.value(name, row, column)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue  # blank is missing, not zero
            if isinstance(raw, float) and sheet.spec(spec.key).type == "amount":
                raw = decimal_from_excel(raw)
            sheet.set(spec.key, raw, _cell_place(place, name, row, column))
