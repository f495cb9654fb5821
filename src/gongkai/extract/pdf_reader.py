"""PDF: characters with their boxes (pdfium) → printed lines top to bottom, cut into segments at wide gaps.

A table row printed in a PDF becomes one line whose segments are its cells. Lines are rebuilt from the
geometry, not from the content stream order, because table cells are often drawn column by column.
Boxes are pdfium's "loose" boxes (font ascent to descent): all characters of a line get the same height,
whatever their glyph, so 一 and 。 sit on the line like any other. Page rotation is not applied.

Each character also knows its run: the text object it was drawn in (pdfium's text rectangles, which
break where the text object changes). Where a page draws each cell's text as one run, a new run is a
new cell however narrow the gap: a number wider than its narrow column overflows to touch the next
one (「39409|26123」, WeasyPrint), and a header wrapped in narrow cells prints 「结果」「结果」「其他」
side by side. Pages drawn one character per run (some producers) tell nothing by their runs.
"""

import ctypes
import re
from operator import itemgetter, sub

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gongkai.errors import InputError
from gongkai.extract import ocr
from gongkai.extract.document import DocumentBuilder, Segment
from gongkai.extract.limits import Limits
from gongkai.extract.normalize import is_normal

# Gaps, in line heights: wider than SEGMENT_GAP starts a new segment (cell); wider than SPACE_GAP a space.
SEGMENT_GAP = 1.0
SPACE_GAP = 0.2
RUN_GAP = 0.5  # … and wider than this where a new text run begins (see above)
# Characters of two lines overlap vertically by less than this share of the smaller height.
SAME_LINE_OVERLAP = 0.5


def read_pdf(data: bytes, builder: DocumentBuilder, limits: Limits) -> None:
    place = builder.document.source
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise InputError("PDF文件有密码保护，无法读取；请提供未加密的文件", place) from None
        raise InputError("PDF文件损坏或不完整，无法打开", place) from None
    try:
        n_pages = len(pdf)
        builder.document.pages = n_pages
        if n_pages == 0:
            raise InputError("PDF文件没有任何页面", place)
        if n_pages > limits.max_pdf_pages:
            limit = limits.max_pdf_pages
            builder.warn(f"PDF共 {n_pages} 页，超过上限 {limit} 页：只读取了前 {limit} 页")
        without_text = []
        scanned = []
        unreadable = []
        pages: list[tuple[int, list]] = []
        for index in range(min(n_pages, limits.max_pdf_pages)):
            try:
                chars, unmapped, height = _page_chars(pdf, index)
            except pdfium.PdfiumError:
                unreadable.append(index + 1)
                continue
            if not chars:
                recognised = _ocr_page(pdf, index) if ocr.available() else []
                if recognised:
                    pages.append((index + 1, recognised, pdf[index].get_height() * ocr.DPI / 72))
                    scanned.append(index + 1)
                else:
                    without_text.append(index + 1)
                continue
            if unmapped > len(chars) // 20:
                builder.warn(f"第{index + 1}页有 {unmapped} 个字符无法映射为文字（字体缺少编码表），可能是乱码")
            pages.append((index + 1, _lines(chars), height))
    finally:
        pdf.close()
    for number, lines in drop_running_lines(pages):
        # The text layer's segments never start, end or double a space (``_segments``): where the page's
        # text needs no normalising as a whole, none of its pieces does (OCR text takes the usual way).
        normal = number not in scanned and is_normal("|".join(s.text for segments, _, _ in lines for s in segments))
        for segments, top, bottom in lines:
            builder.add_line(segments, number, top=top, bottom=bottom, normal=normal)
    read = min(n_pages, limits.max_pdf_pages) - len(unreadable)
    if unreadable:
        builder.warn(f"第{_pages(unreadable)}页损坏，无法读取")
    if scanned:
        builder.warn(f"第{_pages(scanned)}页没有文字层（扫描件），其文字由OCR识别，数值按识别置信度与勾稽关系核实")
    cause = "OCR未能识别出文字" if ocr.available() else ocr.INSTALL_HINT
    if read > 0 and len(without_text) == read:
        raise InputError(f"这是扫描件，PDF没有文字层，{cause}", place)
    if without_text:
        builder.warn(f"第{_pages(without_text)}页没有文字层（可能是扫描图片），这些页的内容没有读取：{cause}")


_PAGE_NUMBER = re.compile(r"^[-—–－_\s]*(?:第\s*)?[0-9]+\s*(?:页)?"
                          r"(?:\s*[/／]\s*[0-9]+|\s*共\s*[0-9]+\s*页)?[-—–－_\s]*$")
_DIGITS = re.compile(r"[0-9]+")
RUNNING_EDGE = 2  # lines at the top and the bottom of a page that may be a running header or footer
MARGIN = 0.12  # … if they sit in this share of the page's height at its top or bottom


def drop_running_lines(pages: list[tuple[int, list, float]]) -> list[tuple[int, list]]:
    """Pages without their page numbers, running headers and footers: among a page's first and last
    lines in its margins, a page number (「- 3 -」「第3页 共9页」), or a text found there on at least half
    of the pages (numbers aside). A table's row never goes: it has more than one segment."""
    def key(line) -> str:
        return _DIGITS.sub("0", "".join(segment.text for segment in line[0]).replace(" ", ""))

    def edges(lines: list, height: float) -> list:
        ends = lines[:RUNNING_EDGE] + lines[-RUNNING_EDGE:] if len(lines) > 2 * RUNNING_EDGE else lines
        return [line for line in ends if line[1] < MARGIN * height or line[2] > (1 - MARGIN) * height]

    counts: dict[str, int] = {}
    for _, lines, height in pages:
        for text in {key(line) for line in edges(lines, height)}:
            counts[text] = counts.get(text, 0) + 1
    repeated = {text for text, count in counts.items() if len(pages) >= 2 and count * 2 >= len(pages)}
    kept = []
    for number, lines, height in pages:
        # A page of a line or two is all body: nothing there runs beside it.
        running = {id(line) for line in edges(lines, height) if len(lines) > 2 and len(line[0]) == 1
                   and (_PAGE_NUMBER.match(line[0][0].text) or key(line) in repeated)}
        kept.append((number, [line for line in lines if id(line) not in running]))
    return kept


def _ocr_page(pdf: pdfium.PdfDocument, index: int) -> list:
    page = pdf[index]
    try:
        return ocr.recognise(ocr.page_png(page))
    except (OSError, ValueError, RuntimeError):  # an unreadable page image, or the engine failing on it
        return []
    finally:
        page.close()


def _pages(numbers: list[int]) -> str:
    return "、".join(str(n) for n in numbers[:20]) + ("等" if len(numbers) > 20 else "")


def _page_chars(pdf: pdfium.PdfDocument, index: int) -> tuple[list[tuple], int, float]:
    """The page's visible characters as (top, bottom, x0, x1, char, run), y from the top; how many are
    unmapped; and the page's height.

    Calls pdfium directly: the helper objects would cost more than the reading itself.
    """
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        address = ctypes.cast(handle, _POINTER).value
        height = page.get_height()
        text = _text(handle)
        box = (ctypes.c_float * 4)()
        box_address = ctypes.addressof(box)
        left_top_right_bottom = memoryview(box).cast("B").cast("f")
        get_box = _LOOSE_CHAR_BOX
        runs = _runs(handle, address)
        run, last_run = 0, len(runs) - 1
        left, bottom, right, top = runs[0] if runs else (0.0, 0.0, 0.0, 0.0)
        chars = []
        append = chars.append
        for k, char in enumerate(text):
            if char <= " " or char in "\u3000\xa0" or not get_box(address, k, box_address):
                continue
            x0, y1, x1, y0 = left_top_right_bottom
            x, y = (x0 + x1) / 2, (y0 + y1) / 2
            if not (left <= x <= right and bottom <= y <= top):
                # Runs come in the characters' order: the character is in a later run, or in none found.
                ahead = run + 1
                while ahead <= last_run and not (runs[ahead][0] <= x <= runs[ahead][2]
                                                 and runs[ahead][1] <= y <= runs[ahead][3]):
                    ahead += 1
                if ahead > last_run:
                    append((height - y1, height - y0, x0, x1, char, -1))
                    continue
                run = ahead
                left, bottom, right, top = runs[run]
            append((height - y1, height - y0, x0, x1, char, run))
        unmapped = sum(1 for c in chars if c[4] == "\ufffd" or "\ue000" <= c[4] < "\uf900")
        if not _runs_hold_words(chars):
            chars = [(*c[:5], -1) for c in chars]
        return chars, unmapped, height
    finally:
        textpage.close()
        page.close()


# pdfium's functions called once a character or a run, declared with plain pointers: pypdfium2's typed
# declarations convert each argument through its pointer class, which costs as much as pdfium's work.
_POINTER = ctypes.c_void_p
_LOOSE_CHAR_BOX = ctypes.CFUNCTYPE(ctypes.c_int, _POINTER, ctypes.c_int, _POINTER)(
    ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, _POINTER).value)
_GET_RECT = ctypes.CFUNCTYPE(ctypes.c_int, _POINTER, ctypes.c_int, _POINTER, _POINTER, _POINTER, _POINTER)(
    ctypes.cast(pdfium_c.FPDFText_GetRect, _POINTER).value)
RUN_SLACK = 0.5  # points a character's centre may lie outside its run's rectangle


def _runs(handle, address: int) -> list[tuple[float, float, float, float]]:
    """The page's text runs as (left, bottom, right, top) boxes in PDF points, in the characters' order
    (``address``: the text page's handle as a number, for ``_GET_RECT``)."""
    count = pdfium_c.FPDFText_CountRects(handle, 0, -1)
    rect = (ctypes.c_double * 4)()
    left, top, right, bottom = (ctypes.addressof(rect) + 8 * i for i in range(4))
    values = memoryview(rect).cast("B").cast("d")
    get_rect = _GET_RECT
    runs = []
    for index in range(count):
        get_rect(address, index, left, top, right, bottom)
        x0, y1, x1, y0 = values
        runs.append((x0 - RUN_SLACK, y0 - RUN_SLACK, x1 + RUN_SLACK, y1 + RUN_SLACK))
    return runs


def _runs_hold_words(chars: list[tuple]) -> bool:
    """Does the page draw words as runs (most digits next to a digit are in its run), rather than one
    character per run?"""
    pairs = same = 0
    for a, b in zip(chars, chars[1:], strict=False):
        if a[4].isdigit() and b[4].isdigit() and a[0] == b[0]:
            pairs += 1
            same += a[5] == b[5] != -1
    return pairs > 0 and same * 2 > pairs


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(handle) -> str:
    """One character per pdfium character index (one bulk call; per character where UTF-16 pairs shift it)."""
    count = pdfium_c.FPDFText_CountChars(handle)
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    pdfium_c.FPDFText_GetText(handle, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: 2 * count].decode("utf-16-le", errors="replace")
    if len(text) == count and not _SURROGATE.search(text):
        return text
    codes = (pdfium_c.FPDFText_GetUnicode(handle, k) for k in range(count))
    return "".join(chr(c) if c < 0x110000 and not 0xD800 <= c < 0xE000 else "\ufffd" for c in codes)


def _lines(chars: list[tuple]) -> list[tuple[list[Segment], float, float]]:
    """Group characters into lines (vertical overlap), then each line into segments (horizontal gaps).

    Returns each line's segments, top and bottom, top to bottom.
    """
    chars.sort(key=_centre)
    rows: list[list[tuple]] = []
    row_top = row_bottom = 0.0
    members: list[tuple] = []
    for char in chars:
        top, bottom = char[0], char[1]
        if members:
            overlap = (bottom if bottom < row_bottom else row_bottom) - (top if top > row_top else row_top)
            smaller = bottom - top if bottom - top < row_bottom - row_top else row_bottom - row_top
            if overlap >= SAME_LINE_OVERLAP * smaller:
                members.append(char)
                continue
        members = [char]
        rows.append(members)
        row_top, row_bottom = top, bottom
    return [_segments(members) for members in rows]


def _centre(char: tuple) -> float:
    return char[0] + char[1]


def _segments(members: list[tuple]) -> tuple[list[Segment], float, float]:
    members.sort(key=itemgetter(2))
    tops, bottoms = [c[0] for c in members], [c[1] for c in members]
    height = max(max(map(sub, bottoms, tops)), 0.1)
    segment_gap = SEGMENT_GAP * height
    space_gap = SPACE_GAP * height
    run_gap = RUN_GAP * height
    segments: list[Segment] = []
    _, _, x0, x1, letter, run = members[0]
    text = [letter]
    previous_left, previous_right = x0, x1
    for _, _, left, right, next_letter, next_run in members[1:]:
        if next_letter == letter and abs(left - previous_left) < 0.3 * (previous_right - previous_left):
            continue  # Fake bold: the same character drawn twice, slightly shifted.
        gap = left - x1
        new_run = next_run != run and next_run != -1 and run != -1
        if gap > space_gap or new_run:  # else the letter goes on, as most do
            # Two numbers apart are two cells, however narrow the columns: 「2485 3905」 is no one number.
            # A new run is a new cell where it starts a number right after one, or half a line away.
            digits = next_letter.isdigit() and letter.isdigit()
            if gap > segment_gap or gap > space_gap and digits or new_run and (digits or gap > run_gap):
                segments.append(Segment("".join(text), round(x0, 1), round(x1, 1)))
                text = []
                x0 = left
            elif gap > space_gap and (next_letter < "\u2e80" or letter < "\u2e80"):
                # Justified Chinese is spread out; only a gap next to a Latin letter or digit is a space.
                text.append(" ")
        text.append(next_letter)
        if right > x1:
            x1 = right
        letter, run, previous_left, previous_right = next_letter, next_run, left, right
    segments.append(Segment("".join(text), round(x0, 1), round(x1, 1)))
    return segments, round(min(tops), 1), round(max(bottoms), 1)
