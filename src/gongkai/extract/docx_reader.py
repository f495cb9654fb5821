"""DOCX: paragraphs and tables in body order; merged cells expanded; tables in cells read as tables too.

Zip bombs: the directory's declared sizes are bounded first, then every member is inflated here with
output capped at its declared size, and must end there. zipfile alone would not protect python-docx: it
inflates a member whole (up to 2 GB) before cutting it to the declared size.
"""

import io
import struct
import zipfile
import zlib

from gongkai.errors import InputError
from gongkai.extract.document import DocumentBuilder, Segment
from gongkai.extract.grid import GridBuilder
from gongkai.extract.limits import Limits

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Containers whose children are read as if they stood in the parent (content controls, custom XML).
_TRANSPARENT = {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag", f"{_W}ins"}
_MAX_TABLE_NESTING = 20
# Subtrees without visible text: properties (their w:tab are tab stops), deletions, field codes, and the
# fallback copy of content that is also given in its preferred form.
_NOT_TEXT = {f"{_W}pPr", f"{_W}rPr", f"{_W}del", f"{_W}instrText", f"{_W}delText", _MC_FALLBACK}


def read_docx(data: bytes, builder: DocumentBuilder, limits: Limits) -> None:
    place = builder.document.source
    check_zip(data, place, limits)
    import docx

    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as error:  # python-docx raises many types on a broken package; all mean "unreadable".
        raise InputError(f"DOCX文件损坏或不完整，无法打开（{type(error).__name__}）", place) from None
    _Reader(builder, limits).blocks(body, parent=None, depth=0)


def check_zip(data: bytes, place: str, limits: Limits, kind: str = "DOCX", required: str = "word/document.xml"
              ) -> None:
    """The package's directory is sane, ``required`` is in it, and no member inflates beyond its declared size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise InputError(f"{kind}文件损坏或不完整（ZIP目录无法读取）", place) from None
    if not any(m.filename == required for m in members):
        raise InputError(f"不是{kind}文件：压缩包里没有 {required}", place)
    total = sum(m.file_size for m in members)
    compressed = sum(m.compress_size for m in members)
    if total > limits.max_unzipped_bytes:
        raise InputError(
            f"{kind}解压后过大（{total / 1048576:.0f} MB，上限 {limits.max_unzipped_bytes / 1048576:.0f} MB），"
            "疑似压缩炸弹，拒绝读取",
            place,
        )
    if total > 1048576 and total > limits.max_zip_ratio * max(compressed, 1):
        raise InputError(f"{kind}压缩比异常（约 {total // max(compressed, 1)} 倍），疑似压缩炸弹，拒绝读取", place)
    for member in members:
        _check_member(data, member, place, kind)


_LOCAL_HEADER = struct.Struct("<4s22xHH")


def _check_member(data: bytes, member: zipfile.ZipInfo, place: str, kind: str) -> None:
    """The member inflates to exactly its declared size (read where zipfile will read it)."""
    start = member.header_offset
    header = data[start:start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise InputError(f"{kind}文件损坏或不完整（{member.filename} 无法读取）", place)
    name_length, extra_length = _LOCAL_HEADER.unpack(header)[1:]
    start += _LOCAL_HEADER.size + name_length + extra_length
    raw = data[start:start + member.compress_size]
    if member.flag_bits & 0x1:
        raise InputError(f"{kind}文件有密码保护，无法读取", place)
    if member.compress_type == zipfile.ZIP_STORED:
        size, complete = len(raw), True
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        try:
            size = len(inflater.decompress(raw, member.file_size + 1))
        except zlib.error:
            raise InputError(f"{kind}文件损坏或不完整（{member.filename} 解压失败）", place) from None
        complete = inflater.eof and not inflater.unconsumed_tail
    else:
        raise InputError(f"{kind}使用了不支持的压缩方式（{member.filename}）", place)
    if size != member.file_size or not complete:
        raise InputError(f"{kind}中 {member.filename} 的实际大小与声明不符，疑似压缩炸弹或文件损坏，拒绝读取", place)


class _Reader:
    def __init__(self, builder: DocumentBuilder, limits: Limits):
        self.builder = builder
        self.limits = limits
        self.cells = 0

    def blocks(self, container, parent: int | None, depth: int) -> None:
        """Paragraphs become lines (one per line break), tables become grids, in document order."""
        for element in _children(container):
            if element.tag == f"{_W}p":
                for text in _paragraph_lines(element):
                    self.builder.add_line(_split_tabs(text), separator=" ")
            elif element.tag == f"{_W}tbl":
                self._table(element, parent, depth)

    def _table(self, table, parent: int | None, depth: int) -> None:
        if depth >= _MAX_TABLE_NESTING:
            self.builder.warn(f"表格嵌套超过 {_MAX_TABLE_NESTING} 层，更深的表格没有读取")
            return
        grid = GridBuilder(self.builder.document.source, self.limits.max_table_cells - self.cells)
        nested = []
        for tr in _children(table, f"{_W}tr"):
            grid.start_row()
            grid.skip(_int(tr.find(f"{_W}trPr/{_W}gridBefore"), 0))
            for tc in _children(tr, f"{_W}tc"):
                properties = tc.find(f"{_W}tcPr")
                span = max(_int(properties.find(f"{_W}gridSpan") if properties is not None else None, 1), 1)
                merge = properties.find(f"{_W}vMerge") if properties is not None else None
                if merge is not None and merge.get(f"{_W}val", "continue") == "continue":
                    grid.continue_above(span)
                    continue
                lines = []
                for child in _children(tc):
                    if child.tag == f"{_W}p":
                        lines.extend(_paragraph_lines(child))
                    elif child.tag == f"{_W}tbl":
                        nested.append(child)
                grid.add_cell("\n".join(lines), 1, span)
        self.cells += grid.size
        cells, origins = grid.finish()
        index = self.builder.add_table(cells, origins, parent=parent)
        for inner in nested:
            self._table(inner, index, depth + 1)


def _children(element, tag: str | None = None):
    """Children, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag in _TRANSPARENT:
            yield from _children(child, tag)
        elif tag is None or child.tag == tag:
            yield child


def _int(element, default: int) -> int:
    if element is None:
        return default
    try:
        return min(int(element.get(f"{_W}val", default)), 1000)
    except ValueError:
        return default


def _paragraph_lines(paragraph) -> list[str]:
    """The paragraph's text split at its line breaks; deleted text, field codes and fallbacks left out."""
    lines = [""]
    stack = [iter(paragraph)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        tag = element.tag
        if tag == f"{_W}t":
            lines[-1] += element.text or ""
        elif tag == f"{_W}tab":
            lines[-1] += "\t"
        elif tag in (f"{_W}br", f"{_W}cr"):
            lines.append("")
        elif tag in (f"{_W}noBreakHyphen", f"{_W}softHyphen"):
            lines[-1] += "-" if tag == f"{_W}noBreakHyphen" else ""
        elif tag == f"{_W}p":
            # A paragraph inside a text box: its own line.
            if lines[-1]:
                lines.append("")
            stack.append(iter(element))
        elif tag not in _NOT_TEXT and len(element):
            stack.append(iter(element))
    return lines


def _split_tabs(text: str) -> list[Segment]:
    """Tabs separate the cells of a table typed as text, as in text files."""
    return [Segment(part.strip()) for part in text.strip("\t ").split("\t")]
