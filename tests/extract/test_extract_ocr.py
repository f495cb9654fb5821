"""Scanned reports: text recognised by RapidOCR (a pinned dependency), every OCR'd value marked as such
with its confidence, and reported only where the OCR was sure or the table's identities confirm it."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from gongkai.audit import audit_file
from gongkai.errors import InputError
from gongkai.extract import ocr, read_document

FIXTURES = Path(__file__).parent / "fixtures"
NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def page_image(rows: list[str], angle: float = 0.0) -> bytes:
    """A white page with lines of large clear text, as a 300 dpi scan of a printed page shows it."""
    image = Image.new("L", (1600, 120 + 90 * len(rows)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(NOTO), 48) if NOTO.is_file() else ImageFont.load_default(48)
    for index, text in enumerate(rows):
        draw.text((80, 60 + 90 * index), text, fill=0, font=font)
    if angle:
        image = image.rotate(angle, fillcolor=255, expand=True)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_image_is_read_by_ocr_with_each_cell_and_its_confidence(tmp_path):
    path = tmp_path / "scan.png"
    path.write_bytes(page_image(["行政许可          3981", "行政处罚          4780          12"]))
    document = read_document(path)
    assert document.kind == "image" and "OCR" in document.warnings[0]
    rows = [[s.text for s in line.segments] for line in document.lines]
    assert rows == [["行政许可", "3981"], ["行政处罚", "4780", "12"]]
    assert all(line.source == "ocr" and 0 < line.confidence <= 1 for line in document.lines)


def test_a_slightly_turned_scan_is_straightened_before_recognition(tmp_path):
    path = tmp_path / "turned.png"
    path.write_bytes(page_image(["一、本年新收政府信息公开申请数量   2485   3905   4135",
                                 "二、上年结转政府信息公开申请数量   1141   2309   2053"], angle=1.5))
    texts = [line.text for line in read_document(path).lines]
    assert texts[0].endswith("2485 3905 4135") and texts[1].endswith("1141 2309 2053")


def test_a_scanned_report_reports_no_value_it_is_not_sure_of():
    """Two pages scanned at 200 dpi, turned by 0.5°, saved as JPEG (tools/make_pdf_fixtures.py)."""
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))["gov2021"]
    result = audit_file(FIXTURES / "gov2021-scan.pdf")
    assert result.format.id == "gov2021"
    for cell in result.cells_json():
        assert cell["source"] == "ocr" and "confidence" in cell["evidence"]
        assert Decimal(str(cell["value"])) == Decimal(str(expected[cell["key"]])), cell
    unsure = [u for u in result.reading.unread if u.reason.startswith("OCR识别置信度")]
    assert unsure, "values the OCR was unsure of are left unread, with the reason"


def test_without_the_ocr_engine_an_image_is_refused_with_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    path = tmp_path / "scan.png"
    path.write_bytes(page_image(["行政许可 3981"]))
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert "rapidocr-onnxruntime" in caught.value.message


def test_an_old_word_file_without_libreoffice_is_refused_with_what_to_do(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert "LibreOffice" in caught.value.message and ".docx" in caught.value.message
