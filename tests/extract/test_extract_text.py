"""Text files: encodings, cells between pipes or tabs, line numbers of the file, pages at form feeds."""

import pytest

from gongkai.errors import InputError
from gongkai.extract import read_document

REPORT = "二、主动公开政府信息情况\n\n信息内容 | 本年制发件数 | 本年废止件数\n| 规章 | 1 | 0 |\n行政许可\t447228\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_text_is_decoded_whatever_its_encoding(tmp_path, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT.encode(encoding))
    document = read_document(path)
    assert document.kind == "txt"
    assert [line.cells for line in document.lines] == [
        ["二、主动公开政府信息情况"],
        ["信息内容", "本年制发件数", "本年废止件数"],
        ["规章", "1", "0"],
        ["行政许可", "447228"],
    ]


def test_line_numbers_are_those_of_the_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    assert [line.number for line in read_document(path).lines] == [1, 3, 4, 5]


def test_form_feeds_separate_pages(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("第一页\n正文\f第二页\n\f", encoding="utf-8")
    document = read_document(path)
    assert [(line.text, line.page) for line in document.lines] == [("第一页", 1), ("正文", 1), ("第二页", 2)]
    assert document.pages == 2


def test_traditional_text_is_converted(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("政府信息公開工作年度報告\n本年度辦理結果 | １２", encoding="utf-8")
    document = read_document(path)
    assert document.lines[0].text == "政府信息公开工作年度报告"
    assert document.lines[1].cells == ["本年度办理结果", "12"]


def test_binary_named_txt_is_refused(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert "二进制" in caught.value.message and caught.value.place == str(path)


SCRAPED = """二、主动公开政府信息情况
第二十条第(一)项 |
|||
信息内容 |
本年制发件数 |
本年废止件数 |
现行有效件数 |
规章 |
0 |
|
3 |
行政规范性文件
|
2 |
1 |
5 |
||
"""


def test_a_table_scraped_one_cell_per_line_is_read_back_into_rows(tmp_path):
    """Each cell on its line ending in 「|」, missing cells as pipes alone, a label wrapped before its pipe:
    a label starts a row, the values after it fill it in order (a blank kept in its place, the blanks
    after its last value dropped), and a header cell followed by no value stays a line of its own."""
    path = tmp_path / "scraped.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    lines = read_document(path).lines
    assert [line.cells for line in lines] == [
        ["二、主动公开政府信息情况"], ["第二十条第(一)项"], ["信息内容"], ["本年制发件数"], ["本年废止件数"],
        ["现行有效件数"], ["规章", "0", "", "3"], ["行政规范性文件", "2", "1", "5"]]
    assert [line.number for line in lines] == [1, 2, 4, 5, 6, 7, 8, 12]


def test_a_scraped_row_whose_empty_cells_lost_their_places_fills_no_column_with_them(tmp_path):
    """Some pages print a row's values first and all its empty cells after them (「3 |」「3 |」「|||||||」):
    which columns the two values are in is lost, so the row keeps its two values only and the table
    reader leaves it unread rather than put them under 自然人 and 商业企业."""
    path = tmp_path / "scraped.txt"
    path.write_text("".join(f"{cell} |\n" for cell in ["申请人情况", "自然人", "总计", "商业企业", "其他"])
                    + "一、本年新收政府信息公开申请数量 |\n3 |\n3 |\n|||||||\n二、上年结转政府信息公开申请数量 |\n0 |\n",
                    encoding="utf-8")
    assert [line.cells for line in read_document(path).lines][-2:] == [
        ["一、本年新收政府信息公开申请数量", "3", "3"], ["二、上年结转政府信息公开申请数量", "0"]]


def test_a_legacy_row_scraped_one_cell_per_line_keeps_its_unit_beside_its_label(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_text("".join(f"{cell} |\n" for cell in
                            ["指标", "单位", "数量", "（一）主动公开政府信息数", "条", "120", "其中：主动公开规范性文件数",
                             "条", "4"]), encoding="utf-8")
    assert [line.cells for line in read_document(path).lines][-2:] == [
        ["（一）主动公开政府信息数", "条", "120"], ["其中：主动公开规范性文件数", "条", "4"]]


def test_lines_that_merely_end_in_a_pipe_are_left_as_they_are(tmp_path):
    path = tmp_path / "rows.txt"
    path.write_text("信息内容 | 本年制发件数 |\n规章 | 1 |\n规章 |\n", encoding="utf-8")
    assert [line.cells for line in read_document(path).lines] == [["信息内容", "本年制发件数"], ["规章", "1"], ["规章"]]


def one_cell_a_line(*cells: str) -> str:
    """Cells printed each on a line of its own, no pipe, an empty line between them."""
    return "\n\n".join(cells) + "\n"


def test_a_table_printed_one_cell_a_line_without_pipes_is_read_back_into_rows(tmp_path):
    """A label starts a row and the values after it (a change 「+7」 too) fill it in order; the narrative
    before the table, and header cells followed by no value (one wrapped over two lines), stay lines."""
    path = tmp_path / "plain.txt"
    path.write_text("一、总体情况\n\n2019年，我街道认真贯彻落实《条例》。\n\n" + one_cell_a_line(
        "第二十条第(一)项", "信息内容", "本年新\n      制作数量", "对外公开总数量", "规章", "0", "0", "0",
        "规范性文件", "2", "1", "5", "第二十条第(五)项", "信息内容", "上一年项目数量", "本年增/减",
        "处理决定数量", "行政许可", "0", "+7", "0"), encoding="utf-8")
    lines = read_document(path).lines
    assert [line.cells for line in lines] == [
        ["一、总体情况"], ["2019年，我街道认真贯彻落实《条例》。"], ["第二十条第(一)项"], ["信息内容"], ["本年新"],
        ["制作数量"], ["对外公开总数量"], ["规章", "0", "0", "0"], ["规范性文件", "2", "1", "5"],
        ["第二十条第(五)项"], ["信息内容"], ["上一年项目数量"], ["本年增/减"], ["处理决定数量"],
        ["行政许可", "0", "+7", "0"]]
    assert [line.number for line in lines][7:9] == [14, 22]


def test_a_row_printed_without_pipes_whose_cell_is_empty_stays_short(tmp_path):
    """An empty cell prints nothing in this layout: which column lacks its value is lost, so the row keeps
    the values it printed (the table reader leaves a row of the wrong width unread)."""
    path = tmp_path / "plain.txt"
    path.write_text(one_cell_a_line("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量", "规章", "0", "0",
                                    "规范性文件", "2", "1", "5", "行政许可", "3", "3", "3"), encoding="utf-8")
    assert [line.cells for line in read_document(path).lines][4:] == [
        ["规章", "0", "0"], ["规范性文件", "2", "1", "5"], ["行政许可", "3", "3", "3"]]


def test_lone_numbers_outside_a_table_are_left_as_lines(tmp_path):
    """Page numbers, a year under a title, numbers a scraped narrative put on lines of their own: however
    many, too few of them between the ends of sentences to be a table, each stays a line of its own."""
    path = tmp_path / "plain.txt"
    sentence = ("本年度共收到申请", "3", "件，其中予以公开", "2", "件，不予公开", "1", "件。")
    cells = ("政府信息公开工作年度报告", "2019", "一、总体情况", *sentence, *sentence, "二、主动公开政府信息情况",
             *sentence, "2")
    path.write_text(one_cell_a_line(*cells), encoding="utf-8")
    assert [line.cells for line in read_document(path).lines] == [[cell] for cell in cells]


def test_a_scraped_row_keeps_its_empty_cells_printed_in_place_and_drops_the_spans_after_it(tmp_path):
    """A line of one pipe is an empty cell where it stands (「18 |」 then 「|」 lines); further pipes on a
    line are spans, also when spaced out after the row's last value (「8 | ||||」)."""
    path = tmp_path / "scraped.txt"
    path.write_text("申请人情况 | ||||\n自然人 |\n总计 | |||\n(一)予以公开 |\n18 |\n|\n|\n|\n"
                    "一、本年新收政府信息公开申请数量 |\n8 |\n0 |\n8 | |||||||||\n", encoding="utf-8")
    assert [line.cells for line in read_document(path).lines][-2:] == [
        ["(一)予以公开", "18", "", "", ""], ["一、本年新收政府信息公开申请数量", "8", "0", "8"]]


def test_a_year_printed_inside_a_header_does_not_hide_it():
    from gongkai.extract.tables import match_key

    assert match_key("本年(2023)制发件数") == match_key("本年制发件数")
    assert match_key("（2015年度）") == "（2015年度）"  # a title's year stays
