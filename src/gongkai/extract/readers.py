"""``read_document(path)``: any published report (txt, HTML, DOCX, XLSX, PDF) → one ``Document``.

The kind is sniffed from the content first and the extension second, so a PDF saved as ``.html`` is
still read as a PDF (with a warning). Every failure is an ``InputError`` naming the file, in Chinese.
"""

import codecs
import os
import re
import shutil
import subprocess
from pathlib import Path

from gongkai.errors import InputError
from gongkai.extract import ocr
from gongkai.extract.cell_lines import regroup
from gongkai.extract.decoding import SUPPORTED, decode
from gongkai.extract.document import Document, DocumentBuilder, Segment
from gongkai.extract.docx_reader import read_docx
from gongkai.extract.html_reader import read_html
from gongkai.extract.limits import Limits
from gongkai.extract.pdf_reader import read_pdf
from gongkai.extract.xlsx_reader import read_xlsx

_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_HTML_START = re.compile(rb"<\s*(!doctype\s+html|html|head|body|meta|table|div|p|title)\b", re.IGNORECASE)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls: converted by LibreOffice
CONVERSION_TIMEOUT = 120  # seconds
_REFUSED_MAGIC = [
    (b"{\\rtf", "这是RTF文件，请先另存为.docx或PDF"),
    (b"\x89PNG", "这是图片文件（PNG），没有文字层，" + ocr.INSTALL_HINT),
    (b"\xff\xd8\xff", "这是图片文件（JPEG），没有文字层，" + ocr.INSTALL_HINT),
    (b"GIF8", "这是图片文件（GIF），没有文字层，" + ocr.INSTALL_HINT),
    (b"II*\x00", "这是图片文件（TIFF），没有文字层，" + ocr.INSTALL_HINT),
    (b"MM\x00*", "这是图片文件（TIFF），没有文字层，" + ocr.INSTALL_HINT),
    (b"Rar!", "这是RAR压缩包，请先解压"),
    (b"7z\xbc\xaf", "这是7z压缩包，请先解压"),
    (b"\x1f\x8b", "这是gzip压缩文件，请先解压"),
]
_KIND_NAMES = {"txt": "文本", "html": "HTML", "docx": "DOCX", "xlsx": "XLSX", "pdf": "PDF", "image": "图片",
               "office": "旧版Office/WPS文件"}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif")
_SUFFIX_KINDS = {".txt": "txt", ".docx": "docx", ".xlsx": "xlsx", ".pdf": "pdf", ".doc": "office", ".wps": "office",
                 **{s: "image" for s in IMAGE_SUFFIXES}, **{s: "html" for s in _HTML_SUFFIXES}}


def read_document(path: str | os.PathLike, limits: Limits | None = None) -> Document:
    """Read one report file into a ``Document``; raises ``InputError`` (place = the file) on failure."""
    limits = limits or Limits()
    place = str(path)
    file = Path(path)
    try:
        if not file.is_file():
            raise InputError("找不到文件，或者它不是一个文件", place)
        size = file.stat().st_size
        if size > limits.max_file_bytes:
            raise InputError(
                f"文件太大（{size / 1048576:.1f} MB），超过上限 {limits.max_file_bytes / 1048576:.0f} MB", place
            )
        data = file.read_bytes()
    except OSError as error:
        raise InputError(f"无法打开文件：{error.strerror or error}", place) from None
    if not data.strip():
        raise InputError("文件是空的", place)
    kind = sniff(data, file.suffix.lower(), place)
    builder = DocumentBuilder(place, kind)
    expected = _SUFFIX_KINDS.get(file.suffix.lower())
    if expected and expected != kind:
        builder.warn(f"扩展名是{file.suffix}，内容却是{_KIND_NAMES[kind]}，已按{_KIND_NAMES[kind]}读取")
    if kind == "pdf":
        read_pdf(data, builder, limits)
    elif kind == "docx":
        read_docx(data, builder, limits)
    elif kind == "xlsx":
        read_xlsx(data, builder, limits)
    elif kind == "image":
        read_scan(data, builder)
    elif kind == "office":
        read_converted(data, file.suffix.lower(), builder, limits)
    elif kind == "html":
        read_html(data, builder, limits)
    else:
        read_text(data, builder)
    if not builder.document.lines:
        builder.warn("没有读到任何文字")
    return builder.document


def sniff(data: bytes, suffix: str, place: str) -> str:
    """The kind of a file's content: ``pdf``, ``docx``, ``xlsx``, ``html`` or ``txt``; refuses other formats."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        if b"word/" in data or suffix == ".docx":
            return "docx"
        if b"xl/" in data or suffix == ".xlsx":
            return "xlsx"
        raise InputError("这是ZIP压缩包，不是DOCX或XLSX；" + SUPPORTED, place)
    if data.startswith(_OLE_MAGIC):
        if shutil.which("soffice") is None:
            raise InputError("这是旧版Word/WPS/Excel二进制文件（.doc/.wps/.xls），本机未安装LibreOffice，无法转换；"
                             "请先另存为.docx或PDF，或安装LibreOffice（apt-get install libreoffice-writer-nogui）",
                             place)
        return "office"
    for magic, message in _REFUSED_MAGIC:
        if data.startswith(magic):
            if "图片文件" in message and ocr.available():
                return "image"
            raise InputError(message, place)
    if suffix == ".pdf":
        raise InputError("不是有效的PDF文件（没有PDF文件头），文件可能损坏", place)
    if suffix == ".docx":
        raise InputError("不是有效的DOCX文件（不是ZIP格式），文件可能损坏或是改了扩展名", place)
    head = data[:4096].lstrip(codecs.BOM_UTF8)
    if suffix in _HTML_SUFFIXES or _HTML_START.search(head[:1024]):
        return "html"
    return "txt"


def read_converted(data: bytes, suffix: str, builder: DocumentBuilder, limits: Limits) -> None:
    """An older Word, WPS or Excel file, converted by LibreOffice to .docx (or .xlsx) and read as such."""
    import tempfile

    target = "xlsx" if suffix in (".xls", ".et") else "docx"
    place = builder.document.source
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / f"report{suffix if suffix in ('.doc', '.wps', '.xls', '.et') else '.doc'}"
        source.write_bytes(data)
        try:
            subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{scratch}/profile",
                            "--convert-to", target, "--outdir", scratch, str(source)],
                           capture_output=True, timeout=CONVERSION_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise InputError(f"LibreOffice转换超时（超过{CONVERSION_TIMEOUT}秒），文件可能损坏", place) from None
        converted = source.with_suffix(f".{target}")
        if not converted.is_file():
            raise InputError("LibreOffice无法转换该文件，文件可能损坏或加密；请另存为.docx或PDF", place)
        builder.warn(f"旧版二进制文件，已由LibreOffice转换为.{target}后读取")
        (read_xlsx if target == "xlsx" else read_docx)(converted.read_bytes(), builder, limits)


def read_scan(data: bytes, builder: DocumentBuilder) -> None:
    """A scanned page as an image file: its text recognised by OCR."""
    try:
        ocr.read_image(data, builder, page=1)
    except (OSError, ValueError, RuntimeError) as error:
        raise InputError(f"图片损坏或无法打开，无法做OCR识别（{type(error).__name__}）",
                         builder.document.source) from None
    builder.document.pages = 1
    builder.warn("这是图片，文字由OCR识别，数值按识别置信度与勾稽关系核实")


def read_text(data: bytes, builder: DocumentBuilder) -> None:
    """Plain text: one line per line of the file; form feeds (as pdftotext writes) start a new page."""
    text, warnings = decode(data, builder.document.source)
    for warning in warnings:
        builder.warn(warning)
    # Trailing form feeds and breaks close the last page; they open no new one.
    text = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n\f")
    paged = "\f" in text
    page = 1
    parts = []
    for number, line in enumerate(text.split("\n"), start=1):
        for i, part in enumerate(line.split("\f")):
            page += 1 if i else 0
            parts.append(((number, page), part))
    # Tables scraped one cell per line come back as rows (gongkai.extract.cell_lines).
    for (number, on_page), cells, part in regroup(parts):
        segments = [Segment(cell) for cell in cells] if cells is not None else split_cells(part)
        builder.add_line(segments, on_page if paged else None, number=number, separator=" | ")
    builder.document.pages = page if paged else None


def split_cells(line: str) -> list[Segment]:
    """A text line's cells: split on ``|`` or, failing that, tabs; border pipes make no empty cell."""
    for separator in ("|", "\t"):
        if separator in line:
            cells = line.split(separator)
            if separator == "|":
                if not cells[0].strip():
                    cells = cells[1:]
                if cells and not cells[-1].strip():
                    cells = cells[:-1]
            return [Segment(cell.strip()) for cell in cells]
    return [Segment(line.strip())]
