"""OCR engines compared on scans made from the fixture PDFs: tesseract (Debian's, what gongkai uses)
and RapidOCR (``rapidocr_onnxruntime``, whose wheel ships its models) when it is importable.

Each fixture is scanned as an image-only PDF at 150 and 300 dpi, straight and turned by 0.8°, as a
clean image and as a JPEG at quality 40; the audit reads it back and its cells are compared with the
values the fixture was made from. Figures: cells right, wrong (reported with a wrong value: must be
0), unread, and seconds per page.

    PYTHONPATH=src python bench/ocr_bench.py [--fixture gov2021-ruled] [--engines tesseract,rapidocr]
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from gongkai.audit import audit_file
from gongkai.extract import ocr
from gongkai.extract.document import Segment

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "extract" / "fixtures"
VARIANTS = [(300, 0.0, 95), (150, 0.0, 95), (300, 0.8, 40), (150, 0.8, 40)]


def scan(source: Path, target: Path, dpi: int, angle: float, quality: int) -> int:
    """An image-only PDF of ``source`` as a scanner would make it; returns its page count."""
    pdf = pdfium.PdfDocument(str(source))
    images = []
    for page in pdf:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if angle:
            image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        if quality < 95:
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=quality)
            image = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
        images.append(image)
    pdf.close()
    images[0].save(target, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return len(images)


def rapidocr_recognise():
    """RapidOCR's text boxes as lines of segments, in the form ``ocr.recognise`` gives."""
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR()

    def recognise(png: bytes):
        result, _ = engine(png)
        boxes = []
        for points, text, score in result or []:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            boxes.append((min(ys), max(ys), min(xs), max(xs), text, float(score)))
        boxes.sort()
        lines: list[list[tuple]] = []
        for box in boxes:
            if lines:
                top, bottom = min(b[0] for b in lines[-1]), max(b[1] for b in lines[-1])
                if min(bottom, box[1]) - max(top, box[0]) > 0.5 * min(bottom - top, box[1] - box[0]):
                    lines[-1].append(box)
                    continue
            lines.append([box])
        return [([Segment(b[4], b[2], b[3], confidence=round(b[5], 3)) for b in sorted(line, key=lambda b: b[2])],
                 min(b[0] for b in line), max(b[1] for b in line)) for line in lines]

    return recognise


def measure(engine: str, fixture: str, expected: dict) -> list[str]:
    if engine == "rapidocr":
        try:
            recognise = rapidocr_recognise()
        except ImportError:
            return [f"| {engine} | not installed | |"]
    else:
        recognise = ocr.recognise
    original, ocr.recognise = ocr.recognise, recognise
    rows = []
    try:
        with tempfile.TemporaryDirectory() as scratch:
            for dpi, angle, quality in VARIANTS:
                path = Path(scratch) / f"scan-{dpi}.pdf"
                pages = scan(FIXTURES / f"{fixture}.pdf", path, dpi, angle, quality)
                start = time.perf_counter()
                result = audit_file(path)
                elapsed = time.perf_counter() - start
                read = {c["key"]: Decimal(str(c["value"])) for c in result.cells_json()}
                wrong = [k for k, v in read.items() if k not in expected or Decimal(str(expected[k])) != v]
                rows.append(f"| {engine}, {fixture}, {dpi} dpi, turned {angle}°, JPEG {quality} | "
                            f"{len(read) - len(wrong)}/{len(expected)} cells right, {len(wrong)} wrong, "
                            f"{len(expected) - len(read) + len(wrong)} unread; {elapsed / pages:.1f} s a page | |")
    finally:
        ocr.recognise = original
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixture", default="gov2021-ruled")
    parser.add_argument("--engines", default="tesseract,rapidocr")
    arguments = parser.parse_args()
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))[arguments.fixture.split("-")[0]]
    for engine in arguments.engines.split(","):
        print("\n".join(measure(engine, arguments.fixture, expected)), flush=True)


if __name__ == "__main__":
    main()
