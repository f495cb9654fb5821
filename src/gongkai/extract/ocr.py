"""OCR of scanned reports (image files, PDF pages without a text layer) with Debian's tesseract.

Tesseract (``tesseract-ocr`` with ``tesseract-ocr-chi-sim``, installed by ``make``) was measured
against RapidOCR on scans made from the corpus (bench/ocr_bench.py) and kept. Its TSV output gives
each word with its box and confidence; words are joined into the page's lines as the PDF reader joins
characters: a wide gap starts a new segment (cell), and two numbers apart are two cells. Each segment
carries the confidence of its least sure word, so the table reader can place numbers by position and
the audit can tell how sure each value is (``gongkai.extract.verify.confirm_ocr``).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from functools import cache

from gongkai.extract.document import DocumentBuilder, Segment

LANGUAGES = "chi_sim"
DPI = 300  # PDF pages are rendered at this resolution for OCR
SEGMENT_GAP = 1.0  # in word heights, as the PDF reader's
RULE_WINDOW = 96  # pixels at 300 dpi: longer dark runs are ruling lines
TIMEOUT = 120  # seconds for one page
INSTALL_HINT = "需要OCR识别，但本机未安装tesseract（apt-get install tesseract-ocr tesseract-ocr-chi-sim）"


@cache
def available() -> bool:
    """tesseract and its simplified Chinese data are installed."""
    if shutil.which("tesseract") is None:
        return False
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    return "chi_sim" in (listed.stdout + listed.stderr).split()


def without_rules(image):
    """The page with its table's ruling lines whitened: tesseract reads a ruled table as noise. A rule is
    a run of dark pixels across a whole window of RULE_WINDOW pixels (a character's stroke is shorter);
    windows are tried at two offsets so that no stub of a rule is left at their edges."""
    from PIL import Image, ImageChops

    width, height = image.size
    dark = image.point(lambda v: 0 if v < 160 else 255)
    mask = Image.new("L", image.size, 0)
    for offset in (0, RULE_WINDOW // 2):
        shifted = ImageChops.offset(dark, -offset, -offset)
        for size in ((max(width // RULE_WINDOW, 1), height), (width, max(height // RULE_WINDOW, 1))):
            rules = shifted.resize(size, Image.BOX).point(lambda v: 255 if v < 30 else 0)
            mask = ImageChops.lighter(mask, ImageChops.offset(rules.resize(image.size, Image.NEAREST), offset, offset))
    return ImageChops.lighter(image, mask)


# Stray marks OCR attaches to a number (「”3905」「810,」「|2485」): not part of it.
_STRAY = re.compile(r"^[”“\"'‘’，,|。:：;、_ ]+(?=[0-9])|(?<=[0-9])[”“\"'‘’，,|。:：;、_ ]+$")


def deskewed(image):
    """The page turned straight: the angle (within ±2°, in quarter degrees) at which its rows of text
    are sharpest (the rows' darkness varies most from one pixel row to the next)."""
    from PIL import Image

    scale = 800 / max(image.width, 1)
    small = image.resize((800, max(int(image.height * scale), 1)), Image.BILINEAR)

    def sharpness(angle: float) -> float:
        turned = small.rotate(angle, resample=Image.BILINEAR, fillcolor=255)
        profile = list(turned.resize((1, turned.height), Image.BOX).get_flattened_data())
        return sum((a - b) ** 2 for a, b in zip(profile, profile[1:], strict=False))

    best = max((quarter / 4 for quarter in range(-8, 9)), key=sharpness)
    return image.rotate(best, resample=Image.BICUBIC, fillcolor=255) if best else image


_RULE_MARK = re.compile(r"[|\[\]_—\-]+")


def recognise(png: bytes) -> list[tuple[list[Segment], float, float]]:
    """The image's lines, top to bottom: (segments, top, bottom), positions in pixels."""
    from PIL import Image

    image = without_rules(deskewed(Image.open(io.BytesIO(png)).convert("L")))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    done = subprocess.run(["tesseract", "stdin", "stdout", "-l", LANGUAGES, "--psm", "6", "tsv"],
                          input=buffer.getvalue(), capture_output=True, timeout=TIMEOUT, check=False)
    if done.returncode != 0:
        raise OSError(done.stderr.decode("utf-8", errors="replace").strip()[-200:])
    words: dict[tuple, list[tuple[int, int, int, int, float, str]]] = {}
    reader = csv.DictReader(io.StringIO(done.stdout.decode("utf-8", errors="replace")), delimiter="\t",
                            quoting=csv.QUOTE_NONE)
    for row in reader:
        text = _STRAY.sub("", (row.get("text") or "").strip())
        if row.get("level") != "5" or not text:
            continue
        left, top, width, height = (int(row[k]) for k in ("left", "top", "width", "height"))
        line = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        words.setdefault(line, []).append((left, top, left + width, top + height, float(row["conf"]) / 100, text))
    lines = [_segments(sorted(members)) for members in words.values()]
    return sorted(lines, key=lambda line: line[1])


def _segments(words: list[tuple[int, int, int, int, float, str]]) -> tuple[list[Segment], float, float]:
    heights = sorted(w[3] - w[1] for w in words)
    height = max(heights[len(heights) // 2], 1)
    segments: list[Segment] = []
    text, x0, x1, confidence = "", words[0][0], words[0][2], 1.0
    for left, _, right, _, conf, word in words:
        if _RULE_MARK.fullmatch(word):
            # What is left of a ruling line: a cell border, never text.
            if text:
                segments.append(Segment(_STRAY.sub("", text), x0, x1, confidence=round(confidence, 3)))
            text, x0, x1, confidence = "", right, right, 1.0
            continue
        gap = left - x1
        numbers_apart = text[-1:].isdigit() and word[:1].isdigit() and gap > 0.2 * height
        if text and (gap > SEGMENT_GAP * height or numbers_apart):
            segments.append(Segment(_STRAY.sub("", text), x0, x1, confidence=round(confidence, 3)))
            text, x0, confidence = "", left, 1.0
        elif text and gap > 0.2 * height and (word[0] < "\u2e80" or text[-1] < "\u2e80"):
            text += " "
        if not text:
            x0 = left
        text += word
        x1 = max(x1, right)
        confidence = min(confidence, conf)
    if text:
        segments.append(Segment(_STRAY.sub("", text), x0, x1, confidence=round(confidence, 3)))
    if not segments:
        segments.append(Segment("", words[0][0], words[0][2], confidence=0.0))
    return segments, float(min(w[1] for w in words)), float(max(w[3] for w in words))


def read_image(data: bytes, builder: DocumentBuilder, page: int | None = None) -> None:
    """An image file (PNG, JPEG, TIFF, GIF, BMP), or a rendered page: its recognised lines."""
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
