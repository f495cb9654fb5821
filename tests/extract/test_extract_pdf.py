"""PDF: printed lines rebuilt from character boxes, cut into cells at wide gaps; scans and huge files."""

import pytest
from extract_fixtures import make_pdf

from gongkai.errors import InputError
from gongkai.extract import Limits, read_document


def test_a_printed_table_row_is_a_line_of_cells(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf([[(300, 100, "53"), (72, 100, "Row label"), (250, 100, "3001"), (72, 80, "Title 2024"),
                                (340, 101, "-5")]]))
    document = read_document(path)
    assert document.kind == "pdf" and document.pages == 1
    title, row = document.lines
    assert (title.text, title.page, title.number) == ("Title 2024", 1, 1)
    assert row.cells == ["Row label", "3001", "53", "-5"]
    assert row.segments[1].x0 == pytest.approx(250, abs=0.5) and row.segments[1].x1 > row.segments[1].x0
    assert row.top < row.bottom and title.bottom < row.top


def test_page_limit_stops_reading_with_a_warning(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf([[(72, 72, f"page {n}")] for n in range(1, 6)]))
    document = read_document(path, Limits(max_pdf_pages=3))
    assert [line.text for line in document.lines] == ["page 1", "page 2", "page 3"]
    assert document.pages == 5 and any("只读取了前 3 页" in warning for warning in document.warnings)


def test_scan_without_text_layer_is_refused(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_pdf([[], []]))
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert "扫描件" in caught.value.message and "OCR" in caught.value.message
    assert caught.value.place == str(path)


def test_pages_without_text_are_named(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf([[(72, 72, "text")], []]))
    assert any("第2页没有文字层" in warning for warning in read_document(path).warnings)


def test_truncated_pdf_is_refused_or_read_in_part(tmp_path, corpus):
    data = (corpus / "cases" / "huaian-city-2024" / "report.pdf").read_bytes()
    for cut in (10, 2000, len(data) // 2):
        path = tmp_path / "cut.pdf"
        path.write_bytes(data[:cut])
        try:
            document = read_document(path)
        except InputError as error:
            assert error.place == str(path) and "PDF" in error.message
        else:
            assert document.kind == "pdf"


def test_a_number_overflowing_its_narrow_column_is_still_a_cell_of_its_own(tmp_path):
    """Two numbers drawn as two runs that touch (a fifth digit spilling over a narrow column, as WeasyPrint
    prints it) are two cells; a header's pieces in narrow cells half a line apart are two cells too."""
    width = 5 * 5.56  # five Helvetica digits at 10 pt
    path = tmp_path / "narrow.pdf"
    path.write_bytes(make_pdf([[(100, 100, "Result"), (100 + 30 + 7, 100, "Other"),
                                (100, 130, "39409"), (100 + width + 0.1, 130, "26123")]]))
    assert [line.cells for line in read_document(path).lines] == [["Result", "Other"], ["39409", "26123"]]


def test_a_number_drawn_one_digit_per_run_stays_one_number(tmp_path):
    """Some producers draw every character on its own: their runs say nothing about cells."""
    path = tmp_path / "per-digit.pdf"
    path.write_bytes(make_pdf([[(100 + 5.56 * k, 100, digit) for k, digit in enumerate("12345")]
                               + [(100 + 5.56 * k, 130, digit) for k, digit in enumerate("678")]]))
    assert [line.cells for line in read_document(path).lines] == [["12345"], ["678"]]
