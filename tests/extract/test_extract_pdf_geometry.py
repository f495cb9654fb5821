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
