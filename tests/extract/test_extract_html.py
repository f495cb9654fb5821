"""HTML: charset, tables as grids with spans expanded, text outside tables as lines."""

import pytest

from gongkai.errors import InputError
from gongkai.extract import read_document

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>站点标题</title><style>td {{ color: red }}</style><script>var x = "不应读到";</script></head>
<body><div class="nav">首页 &gt; 信息公开</div>
<h2>三、收到和处理政府信息公开申请情况</h2>
<p>本年度共收到申请&nbsp;<b>3119</b>&nbsp;件。<br>第二行</p>
<div style="display: none">隐藏的文字</div>
<table border="1">
<tr><td rowspan="2" colspan="2">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
    <td colspan="3">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="2">法人或其他组织</td></tr>
<tr><td colspan="2">一、本年新收政府信息公开申请数量</td><td>商业企业</td><td>总计</td></tr>
<tr><td rowspan="2">三、本年度<br/>办理结果</td><td>（一）予以公开</td><td>1,288</td><td>/</td><td>１３６２</td></tr>
<tr><td>（二）部分公开</td><td>447</td><td></td><td>454</td></tr>
</table>
<p>五、存在的主要问题及改进情况</p>
</body></html>"""


@pytest.fixture
def gbk_page(tmp_path):
    path = tmp_path / "report.html"
    path.write_bytes(PAGE.format().encode("gbk"))
    return path


def test_spans_are_expanded_and_origins_told(gbk_page):
    table = read_document(gbk_page).tables[0]
    assert len(table.rows) == 5 and all(len(row) == 5 for row in table.rows)
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert [table.rows[r][c] for r in (0, 1) for c in (0, 1)] == [note] * 4
    assert table.is_origin(0, 0) and not table.is_origin(1, 1) and table.origins[1][1] == (0, 0)
    assert table.rows[1][2:] == ["自然人", "法人或其他组织", "法人或其他组织"]
    assert table.rows[2] == ["一、本年新收政府信息公开申请数量"] * 2 + ["自然人", "商业企业", "总计"]
    assert table.rows[3] == ["三、本年度\n办理结果", "（一）予以公开", "1,288", "/", "1362"]
    assert table.rows[4][0] == "三、本年度\n办理结果" and table.origins[4][0] == (3, 0)
    assert table.rows[4][2:] == ["447", "", "454"]


def test_rows_are_lines_showing_each_cell_once(gbk_page):
    document = read_document(gbk_page)
    rows = [line for line in document.lines if line.table == 0]
    assert [line.row for line in rows] == [0, 1, 2, 3, 4]
    assert rows[4].cells == ["（二）部分公开", "447", "", "454"]
    assert [s.column for s in rows[4].segments] == [1, 2, 3, 4]
    assert rows[3].text == "三、本年度 办理结果 | （一）予以公开 | 1,288 | / | 1362"


def test_text_outside_tables_in_order_without_scripts_or_hidden_text(gbk_page):
    document = read_document(gbk_page)
    texts = [line.text for line in document.lines if line.table is None]
    assert texts == ["首页 > 信息公开", "三、收到和处理政府信息公开申请情况", "本年度共收到申请 3119 件。", "第二行",
                     "五、存在的主要问题及改进情况"]
    assert [line.number for line in document.lines] == list(range(1, len(document.lines) + 1))
    assert "不应读到" not in document.text and "隐藏" not in document.text and "站点标题" not in document.text


def test_gbk_without_declaration_is_detected(tmp_path):
    path = tmp_path / "report.htm"
    path.write_bytes("<p>政府信息公开工作年度报告</p><p>辦理結果</p>".encode("gbk"))
    assert [line.text for line in read_document(path).lines] == ["政府信息公开工作年度报告", "办理结果"]


def test_wrong_declared_charset_falls_back_with_a_warning(tmp_path):
    path = tmp_path / "report.html"
    path.write_bytes('<meta charset="utf-8"><p>年度报告</p>'.encode("gbk"))
    document = read_document(path)
    assert document.lines[0].text == "年度报告"
    assert any("utf-8" in warning for warning in document.warnings)


def test_nested_table_is_a_table_of_its_own(tmp_path):
    path = tmp_path / "report.html"
    path.write_text("<table><tr><td>外层</td><td>说明<table><tr><td>内层</td><td>5</td></tr></table></td></tr>"
                    "</table>", encoding="utf-8")
    outer, inner = read_document(path).tables
    assert outer.rows == [["外层", "说明"]]
    assert inner.rows == [["内层", "5"]] and inner.parent == outer.index


def test_layout_table_is_read_as_running_text(tmp_path):
    path = tmp_path / "report.html"
    body = "".join(f"<p>第{i}段</p>" for i in range(12))
    path.write_text(f"<table><tr><td>{body}<table><tr><td>规章</td><td>1</td></tr></table></td></tr></table>",
                    encoding="utf-8")
    document = read_document(path)
    assert [line.text for line in document.lines][:2] == ["第0段", "第1段"]
    assert len(document.tables) == 1 and document.tables[0].rows == [["规章", "1"]]


def test_hostile_spans_are_bounded(tmp_path):
    path = tmp_path / "report.html"
    path.write_text("<table>" + '<tr><td>a</td><td colspan="1000">x</td></tr>' * 300 + "</table>", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert "表格过大" in caught.value.message


def test_binary_named_html_is_refused(tmp_path):
    path = tmp_path / "report.html"
    path.write_bytes(b"\x00\x01\x02garbage\xff\xfe" * 100)
    with pytest.raises(InputError, match="二进制"):
        read_document(path)
