"""Reading a PDF back in tests: its fonts and its text, through pypdfium2."""

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

OPEN_CJK_FONTS = {("Noto Serif CJK SC", True), ("Noto Sans CJK SC", True)}


def fonts(pdf_bytes: bytes) -> set[tuple[str, bool]]:
    """(font name, embedded) of every text object on every page."""
    found = set()
    for page in pdfium.PdfDocument(pdf_bytes):
        for obj in page.get_objects():
            if obj.type != pdfium_raw.FPDF_PAGEOBJ_TEXT:
                continue
            font = pdfium_raw.FPDFTextObj_GetFont(obj)
            size = pdfium_raw.FPDFFont_GetFontName(font, None, 0)
            name = ctypes.create_string_buffer(size)
            pdfium_raw.FPDFFont_GetFontName(font, name, size)
            found.add((name.value.decode(), bool(pdfium_raw.FPDFFont_GetIsEmbedded(font))))
    return found


def page_text(pdf_bytes: bytes) -> list[str]:
    return [page.get_textpage().get_text_bounded() for page in pdfium.PdfDocument(pdf_bytes)]
