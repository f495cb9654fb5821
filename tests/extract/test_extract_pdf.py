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
