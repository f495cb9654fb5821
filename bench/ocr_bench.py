"""OCR engines compared on scans made from the fixture PDFs: RapidOCR (``rapidocr_onnxruntime``,
whose wheel ships its models: what gongkai uses) and Debian's tesseract (``tesseract-ocr-chi-sim``)
when it is installed.

Each fixture is scanned as an image-only PDF at 150 and 300 dpi, straight and turned by 0.8°, as a
clean image and as a JPEG at quality 40; the audit reads it back and its cells are compared with the
values the fixture was made from. Figures: cells right, wrong (reported with a wrong value: must be
0), unread, and seconds per page.

    PYTHONPATH=src python bench/ocr_bench.py [--fixture gov2021-ruled] [--engines rapidocr,tesseract]
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


def tesseract_recognise():
    """tesseract's words (TSV) as lines of segments split at gaps wider than a word's height."""
    import csv
    import shutil
    import subprocess

    if shutil.which("tesseract") is None:
        raise ImportError("tesseract")

    def recognise(png: bytes):
        done = subprocess.run(["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "6", "tsv"],
                              input=png, capture_output=True, timeout=300, check=True)
        words: dict[tuple, list] = {}
        for row in csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                                  quoting=csv.QUOTE_NONE):
            if row.get("level") == "5" and (row.get("text") or "").strip():
                left, top, width, height = (int(row[k]) for k in ("left", "top", "width", "height"))
                words.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(
                    (left, top, left + width, top + height, float(row["conf"]) / 100, row["text"].strip()))
        lines = []
        for members in words.values():
            members.sort()
            segments, current = [], [members[0]]
            for word in members[1:]:
                if word[0] - current[-1][2] > word[3] - word[1]:
                    segments.append(current)
                    current = []
                current.append(word)
            segments.append(current)
            lines.append(([Segment("".join(w[5] for w in g), g[0][0], g[-1][2], confidence=min(w[4] for w in g))
                           for g in segments], min(w[1] for w in members), max(w[3] for w in members)))
        return sorted(lines, key=lambda line: line[1])

    return recognise


def measure(engine: str, fixture: str, expected: dict) -> list[str]:
    try:
        recognise = ocr.recognise if engine == "rapidocr" and ocr.available() else tesseract_recognise()
    except ImportError:
        return [f"| {engine} | not installed | |"]
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
    parser.add_argument("--engines", default="rapidocr,tesseract")
    arguments = parser.parse_args()
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))[arguments.fixture.split("-")[0]]
    for engine in arguments.engines.split(","):
        print("\n".join(measure(engine, arguments.fixture, expected)), flush=True)


if __name__ == "__main__":
    main()
