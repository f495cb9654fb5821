"""Files that are not what they claim, or too big: a clear message naming the file, never a traceback."""

import pytest
from extract_fixtures import make_pdf

from gongkai.errors import InputError
from gongkai.extract import Limits, read_document


def _refused(path, limits: Limits | None = None) -> InputError:
    with pytest.raises(InputError) as caught:
        read_document(path, limits)
    assert caught.value.place == str(path)
    return caught.value


@pytest.mark.parametrize("name", ["report.txt", "report.html", "report.docx", "report.pdf"])
def test_empty_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"  \n")
    assert _refused(path).message == "文件是空的"


def test_missing_file(tmp_path):
    assert "找不到文件" in _refused(tmp_path / "absent.pdf").message


def test_directory(tmp_path):
    assert "找不到文件" in _refused(tmp_path).message


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("年度报告" * 100, encoding="utf-8")
    assert "文件太大" in _refused(path, Limits(max_file_bytes=100)).message


def test_image_named_pdf(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert "OCR" in _refused(path).message


def test_text_named_pdf_without_header(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("不是PDF", encoding="utf-8")
    assert "PDF" in _refused(path).message


def test_content_wins_over_extension_with_a_warning(tmp_path):
    path = tmp_path / "report.html"
    path.write_bytes(make_pdf([[(72, 72, "hello")]]))
    document = read_document(path)
    assert document.kind == "pdf" and document.lines[0].text == "hello"
    assert document.warnings == ["扩展名是.html，内容却是PDF，已按PDF读取"]


def test_a_workbook_is_read_sheet_by_sheet_with_merged_cells_expanded(tmp_path):
    import openpyxl

    path = tmp_path / "report.xlsx"
    workbook = openpyxl.Workbook()
    workbook.properties.title = "某局2023年政府信息公开工作年度报告"
    sheet = workbook.active
    sheet.title = "统计表"
    sheet.append(["行政复议", None, "结果维持"])
    sheet.append(["合计", 3, 0.1 + 0.2])
    sheet.merge_cells("A1:B1")
    workbook.save(path)
    document = read_document(path)
    assert document.kind == "xlsx"
    assert [line.text for line in document.lines] == [
        "某局2023年政府信息公开工作年度报告", "统计表", "行政复议 | 结果维持", "合计 | 3 | 0.3"]
    assert document.tables[0].rows[0] == ["行政复议", "行政复议", "结果维持"]


def test_a_zip_that_is_neither_word_nor_excel_is_refused(tmp_path):
    import zipfile

    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.txt", "x")
    assert "DOCX" in _refused(path).message
