"""DOCX: paragraphs and tables in body order, merged cells expanded, zip bombs refused."""

import io
import struct
import tracemalloc
import zipfile

import docx
import pytest

from gongkai.errors import InputError
from gongkai.extract import Limits, read_document


@pytest.fixture
def report(tmp_path):
    document = docx.Document()
    document.add_paragraph("淮安市人民政府2024年政府信息公開工作年度報告")
    document.add_paragraph("二、主动公开政府信息情况")
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(0, 3)).text = "第二十条第（一）项"
    for c, text in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        table.cell(1, c).text = text
    table.cell(2, 0).merge(table.cell(3, 0)).text = "规章"
    for c, text in enumerate(["１", "0", "11"], start=1):
        table.cell(2, c).text = text
    table.cell(3, 1).text = "/"
    inner = table.cell(3, 3).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内层"
    inner.cell(0, 1).text = "7"
    paragraph = document.add_paragraph("三、收到和处理政府信息公开申请情况")
    paragraph.add_run().add_break()
    paragraph.add_run("第二行\t3001\t53")
    path = tmp_path / "report.docx"
    document.save(path)
    return path


def test_body_order_and_merged_cells(report):
    document = read_document(report)
    assert document.kind == "docx"
    assert [line.text for line in document.lines if line.table is None] == [
        "淮安市人民政府2024年政府信息公开工作年度报告", "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况", "第二行 3001 53",
    ]
    assert document.lines[2].table == 0 and document.lines[-2].text.startswith("三、")
    table = document.tables[0]
    assert table.rows[0] == ["第二十条第（一）项"] * 4
    assert [table.is_origin(0, c) for c in range(4)] == [True, False, False, False]
    assert table.rows[2] == ["规章", "1", "0", "11"]
    assert table.rows[3][:2] == ["规章", "/"] and table.origins[3][0] == (2, 0)


def test_row_lines_and_tab_separated_cells(report):
    lines = read_document(report).lines
    assert [line.cells for line in lines if line.table == 0 and line.row in (0, 3)] == [
        ["第二十条第（一）项"], ["/", "", ""]]
    assert lines[-1].cells == ["第二行", "3001", "53"]


def test_table_in_a_table(report):
    tables = read_document(report).tables
    assert tables[1].rows == [["内层", "7"]] and tables[1].parent == 0


def test_template_with_vertical_merges(corpus):
    document = read_document(corpus / "template-gov2021-blank.docx")
    table = document.tables[1]
    assert table.rows[5][0] == table.rows[26][0] == "三、本年度办理结果"
    assert table.origins[26][0] == (5, 0)
    assert table.rows[26][1:3] == ["（七）总计", "（七）总计"] and table.origins[26][2] == (26, 1)
    assert table.rows[2][3:10] == ["自然人", "商业\n企业", "科研\n机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_bomb_is_refused_before_decompressing(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"0" * (3 * 1048576)}))
    with pytest.raises(InputError) as caught:
        read_document(path, Limits(max_unzipped_bytes=2 * 1048576))
    assert "压缩炸弹" in caught.value.message
    with pytest.raises(InputError, match="压缩比异常"):
        read_document(path)


def test_corrupt_docx_is_refused(tmp_path, report):
    path = tmp_path / "broken.docx"
    path.write_bytes(report.read_bytes()[:2000])
    with pytest.raises(InputError, match="DOCX"):
        read_document(path)


def test_zip_without_document_is_refused(tmp_path):
    path = tmp_path / "other.docx"
    path.write_bytes(_zip({"word/styles.xml": b"<x/>"}))
    with pytest.raises(InputError, match="word/document.xml"):
        read_document(path)


def test_old_binary_doc_is_refused(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(InputError, match=r"\.doc"):
        read_document(path)


def test_zip_bomb_lying_about_its_size_is_refused(tmp_path):
    """A member declaring 1 KB that inflates to 50 MB; zipfile alone would inflate it whole."""
    data = bytearray(_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"0" * (50 * 1048576)}))
    local = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml").header_offset
    central = data.rfind(b"PK\x01\x02")  # the directory entry of the last member written
    struct.pack_into("<I", data, local + 22, 1024)
    struct.pack_into("<I", data, central + 24, 1024)
    path = tmp_path / "bomb.docx"
    path.write_bytes(bytes(data))
    tracemalloc.start()
    with pytest.raises(InputError, match="实际大小与声明不符"):
        read_document(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 * 1048576
