"""PDF tables read by position: Word documents exported by LibreOffice (tools/make_pdf_fixtures.py),
with and without ruling lines, blank cells absent from the text layer, labels wrapped in their cells,
tables over several pages with repeated headers, a running header and page numbers."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from extract_fixtures import make_pdf

from gongkai.audit import audit_file
from gongkai.extract import read_document

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
PDFS = sorted([*FIXTURES.glob("*-ruled.pdf"), *FIXTURES.glob("*-plain.pdf")])


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_every_printed_cell_is_read_in_its_column_and_every_blank_left_unread(pdf):
    expected = EXPECTED[pdf.stem.split("-")[0]]
    result = audit_file(pdf)
    read = {cell["key"]: Decimal(str(cell["value"])) for cell in result.cells_json()}
    assert read == {key: Decimal(str(value)) for key, value in expected.items()}
    blank = set(result.format.cells) - set(expected)
    assert blank and blank <= {u.spec.key for u in result.reading.unread}


def test_a_number_ending_a_wrapped_label_is_part_of_the_label(tmp_path):
    """「（一）主动公开政府信息数（不同渠道和方式公开相同信息计 1」 / 「条）」: the 1 is no value."""
    result = audit_file(FIXTURES / "legacy-plain.pdf")
    items = next(c for c in result.cells_json() if c["key"] == "stats.proactive.items|value")
    assert Decimal(str(items["value"])) == Decimal(str(EXPECTED["legacy"]["stats.proactive.items|value"]))


def test_running_headers_and_page_numbers_are_dropped():
    lines = [line.text for line in read_document(FIXTURES / "gov2021-plain.pdf").lines]
    assert not any(text == "政府信息公开工作年度报告（公开）" for text in lines)
    assert not any(text.startswith("- ") and text.endswith(" -") for text in lines)


def test_a_page_number_alone_is_dropped_but_a_page_of_one_line_is_kept(tmp_path):
    path = tmp_path / "numbered.pdf"
    path.write_bytes(make_pdf([[(72, 60, "Annual report"), (72, 150, f"body {n}"), (72, 190, "more"),
                                (290, 800, f"- {n} -")] for n in (1, 2)] + [[(72, 72, "7")]]))
    assert [line.text for line in read_document(path).lines] == ["body 1", "more", "body 2", "more", "7"]


def test_a_group_label_wrapped_beside_its_items_label_is_read_down_its_own_column():
    """「（六）」「其他处」「理」 wrapped in the group's narrow cell, on the lines of 「1.申请人无正当理由」
    「逾期不补正、行政机」…: read line by line the two interleave; read down each column, the item's
    label is whole."""
    from gongkai.extract.document import Line, Segment
    from gongkai.extract.tables import context_of, label_matches, split_value_line

    def line(number, *pieces):
        return Line(" ".join(text for text, _ in pieces), number, 1,
                    [Segment(text, x, x + 10.5 * len(text)) for text, x in pieces])

    lines = [line(1, ("（六）", 130.7), ("1.申请人无正当理由", 178.2)),
             line(2, ("其他处", 130.7), ("逾期不补正、行政机", 178.2)),
             line(3, *((value, 302.4 + 34 * k) for k, value in enumerate("25 55 54 44 18 60 256".split()))),
             line(4, ("理", 130.7), ("关不再处理其政府信", 178.2)),
             line(5, ("息公开申请", 178.2))]
    items = [split_value_line(item) or item for item in lines]
    label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    own, contexts = context_of(items, 2)
    assert not label_matches(label, contexts[0])  # the lines as printed
    assert any(label_matches(label, context) for context in contexts[1:])
