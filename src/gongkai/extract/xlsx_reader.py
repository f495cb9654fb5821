"""XLSX: each worksheet a grid (merged cells expanded), its name a line above it, in workbook order.

A workbook has no running text of its own: its title property (where Excel and gongkai keep the
document's title) is the first line, so the report's agency and year are found as in other files.
Numbers are shown as Excel shows them (at most 15 significant digits, no float noise); dates as
ISO dates. Formulas are read as their cached values (what Excel last displayed); a formula with
none is read as blank.
"""

import datetime
import io
from decimal import Context, Decimal

from gongkai.errors import InputError
from gongkai.extract.document import DocumentBuilder, Segment
from gongkai.extract.docx_reader import check_zip
from gongkai.extract.limits import Limits

EXCEL_DIGITS = Context(prec=15)


def read_xlsx(data: bytes, builder: DocumentBuilder, limits: Limits) -> None:
    place = builder.document.source
    check_zip(data, place, limits, kind="XLSX", required="xl/workbook.xml")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many types on a broken package; all mean "unreadable".
        raise InputError(f"XLSX文件损坏或不完整，无法打开（{type(error).__name__}）", place) from None
    if workbook.properties.title:
        builder.add_line([Segment(workbook.properties.title)])
    cells = 0
    for sheet in workbook.worksheets:
        cells += sheet.max_row * sheet.max_column
        if cells > limits.max_table_cells:
            raise InputError(f"表格过大（超过 {limits.max_table_cells} 个单元格），不像年度报告", place)
        builder.add_line([Segment(sheet.title)])
        texts = [[cell_text(cell.value) for cell in row] for row in sheet.iter_rows()]
        if not texts:
            continue
        origins: list[list[tuple[int, int] | None]] = [[(r, c) for c in range(len(row))]
                                                       for r, row in enumerate(texts)]
        for merged in sheet.merged_cells.ranges:
            top, left = merged.min_row - 1, merged.min_col - 1
            for r in range(top, min(merged.max_row, len(texts))):
                for c in range(left, min(merged.max_col, len(texts[r]))):
                    texts[r][c] = texts[top][left]
                    origins[r][c] = (top, left)
        builder.add_table(texts, origins)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return format(EXCEL_DIGITS.create_decimal_from_float(value).normalize(), "f")
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
