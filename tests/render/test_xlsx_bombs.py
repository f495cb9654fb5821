"""Workbooks built to exhaust the importer are refused quickly, in little memory, with a message naming
the file (issue 10, item 4): the importer streams (read-only), checks each sheet's declared size, never
reads beyond the rows of the form, and gives up after a time limit."""

import io
import re
import tracemalloc
import zipfile

import pytest
from render_fixtures import filled_report

from gongkai.errors import InputError
from gongkai.render import read_xlsx, render, xlsx
from gongkai.render.layout import format_layouts
from gongkai.render.xlsx import sheet_name

MILLION = 1_000_000


def form_bytes() -> bytes:
    return render(filled_report("gov2021"), "xlsx")


def first_table_entry(archive: zipfile.ZipFile) -> str:
    """The worksheet part of the form's first table (sheet order follows the layouts)."""
    title = sheet_name(format_layouts(filled_report("gov2021").format)[0].table)
    workbook = archive.read("xl/workbook.xml").decode()
    assert title in workbook
    return "xl/worksheets/sheet1.xml"


def rebuilt(path, replace: dict[str, object]):
    """The form with some parts replaced: bytes, or a generator of byte chunks streamed into the zip."""
    with zipfile.ZipFile(io.BytesIO(form_bytes())) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        names = [info.filename for info in source.infolist()]
        for name in names + [name for name in replace if name not in names]:
            content = replace[name] if name in replace else source.read(name)
            if isinstance(content, bytes):
                target.writestr(name, content)
            else:
                with target.open(name, "w", force_zip64=True) as out:
                    for chunk in content:
                        out.write(chunk)
    return path


def extra_rows(original: bytes, count: int, declared: bool):
    """The sheet with ``count`` more rows after the form's, and a dimension saying so if ``declared``
    (else none: openpyxl then reads the whole sheet to find its size)."""
    text = original.decode()
    head, tail = text.split("</sheetData>")
    head = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:Z{200 + count}"/>' if declared else "", head)
    yield head.encode()
    batch = []
    for row in range(200, 200 + count):
        batch.append(f'<row r="{row}"><c r="A{row}" t="n"><v>1</v></c></row>')
        if len(batch) == 10_000:
            yield "".join(batch).encode()
            batch = []
    yield "".join(batch).encode()
    yield ("</sheetData>" + tail).encode()


def measured(call):
    # Memory, not time: a refusal that read the whole sheet would show in the peak whatever the load.
    tracemalloc.start()
    try:
        return call()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        measured.peak = peak


def workbook_with_rows(tmp_path, count: int, declared: bool):
    with zipfile.ZipFile(io.BytesIO(form_bytes())) as archive:
        entry = first_table_entry(archive)
        original = archive.read(entry)
    path = rebuilt(tmp_path / "多行.xlsx", {entry: extra_rows(original, count, declared)})
    assert path.stat().st_size < 10 * 1024 * 1024  # passes the upload limit
    return path


def test_a_million_row_workbook_is_refused_at_once(tmp_path):
    path = workbook_with_rows(tmp_path, MILLION, declared=False)
    with pytest.raises(InputError) as refused:
        measured(lambda: read_xlsx(path))
    assert "解压后过大" in refused.value.message and refused.value.place == str(path)
    assert measured.peak < 5 * 1024 * 1024


def test_a_sheet_declaring_a_million_rows_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_UNPACKED_BYTES", 1024 * 1024 * 1024)  # this defence on its own
    path = workbook_with_rows(tmp_path, MILLION, declared=True)
    with pytest.raises(InputError) as refused:
        measured(lambda: read_xlsx(path))
    assert f"{200 + MILLION}行" in refused.value.message and refused.value.place == str(path)
    assert measured.peak < 20 * 1024 * 1024


def test_the_largest_sheet_the_limit_lets_through_is_read_no_further_than_the_form(tmp_path):
    """Rows of about 55 bytes: just under the unpacked limit, with no declared size."""
    path = workbook_with_rows(tmp_path, xlsx.MAX_UNPACKED_BYTES // 64, declared=False)
    report = measured(lambda: read_xlsx(path))
    assert report.sheet.values == filled_report("gov2021").sheet.values
    assert measured.peak < 20 * 1024 * 1024


def test_reading_stops_at_the_time_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "READ_SECONDS", 0)
    path = tmp_path / "表格.xlsx"
    path.write_bytes(form_bytes())
    with pytest.raises(InputError, match="读取超过0秒"):
        read_xlsx(path)


def test_a_compression_bomb_is_refused_before_it_is_read(tmp_path):
    """Under a megabyte unpacking to 190 MB of shared strings (the attack the issue reports)."""
    padding = b"<si><t>" + b"A" * (1024 * 1024 - 16) + b"</t></si>"

    def strings():
        yield b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        for _ in range(190):
            yield padding
        yield b"</sst>"

    path = rebuilt(tmp_path / "炸弹.xlsx", {"xl/sharedStrings.xml": strings()})
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(InputError) as refused:
        measured(lambda: read_xlsx(path))
    assert "解压后过大" in refused.value.message
    assert measured.peak < 20 * 1024 * 1024
