"""OCR of scanned reports (image files, PDF pages without a text layer) with RapidOCR.

RapidOCR (``rapidocr_onnxruntime``: PP-OCRv4 models shipped inside its wheel, run by ONNX Runtime on
the CPU, nothing downloaded at run time) was measured against Debian's tesseract on scans made from
the fixtures (bench/ocr_bench.py: 150 and 300 dpi, turned, JPEG) and kept: it read about 140 of 178
cells where tesseract read a handful. It gives text boxes with a confidence; boxes whose middles lie
on one text line make a line, each box a segment (a cell or a piece of one), so the table reader
places numbers by position as in a PDF. Each segment carries its box's confidence, so the audit can
tell how sure each value is (``gongkai.extract.tables.confirm_ocr``).
"""

from __future__ import annotations

import io
from functools import cache

from gongkai.extract.document import DocumentBuilder, Segment

DPI = 300  # PDF pages are rendered at this resolution for OCR
INSTALL_HINT = "需要OCR识别，但本机未安装RapidOCR（pip install rapidocr-onnxruntime）"


@cache
def available() -> bool:
    """RapidOCR and its runtime can be imported (gongkai pins them; a trimmed install may lack them)."""
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@cache
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def recognise(png: bytes) -> list[tuple[list[Segment], float, float]]:
    """The image's lines, top to bottom: (segments, top, bottom), positions in pixels."""
    result, _ = _engine()(png)
    boxes = []
    for points, text, score in result or []:
        xs, ys = [point[0] for point in points], [point[1] for point in points]
        boxes.append((min(ys), max(ys), min(xs), max(xs), text.strip(), float(score)))
    boxes.sort(key=lambda box: (box[0] + box[1]) / 2)
    lines: list[list[tuple]] = []
    for box in boxes:
        if lines:
            first = lines[-1][0]
            # On the line whose first box's middle this box's middle is near (half a box's height).
            if abs((box[0] + box[1]) - (first[0] + first[1])) / 2 < 0.5 * min(box[1] - box[0], first[1] - first[0]):
                lines[-1].append(box)
                continue
        lines.append([box])
    return [([Segment(box[4], float(box[2]), float(box[3]), confidence=round(box[5], 3))
              for box in sorted(line, key=lambda box: box[2]) if box[4]],
             float(min(box[0] for box in line)), float(max(box[1] for box in line))) for line in lines]


def read_image(data: bytes, builder: DocumentBuilder, page: int | None = None) -> None:
    """An image file (PNG, JPEG, TIFF, GIF), or a rendered page: its recognised lines."""
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PNG")
    for segments, top, bottom in recognise(buffer.getvalue()):
        builder.add_line(segments, page, top=top, bottom=bottom)


def page_png(page) -> bytes:
    """A PDF page (pypdfium2) rendered for OCR."""
    bitmap = page.render(scale=DPI / 72, grayscale=True)
    buffer = io.BytesIO()
    bitmap.to_pil().save(buffer, format="PNG")
    return buffer.getvalue()
