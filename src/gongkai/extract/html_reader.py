"""HTML: text outside tables becomes lines, each table a grid with rowspan/colspan expanded."""

import re

import lxml.etree
import lxml.html

from gongkai.errors import InputError
from gongkai.extract.decoding import decode
from gongkai.extract.document import DocumentBuilder, Segment
from gongkai.extract.grid import GridBuilder
from gongkai.extract.limits import Limits
from gongkai.extract.normalize import collapse_spaces

_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""",
    re.IGNORECASE,
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# lxml refuses strings holding characters XML cannot carry.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SKIPPED = {"script", "style", "noscript", "template", "head", "title", "select", "button", "svg", "object",
            "iframe"}
_BLOCKS = {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "div",
           "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
           "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "td",
           "th", "tr", "ul", "tbody", "thead", "tfoot", "table", "br"}
_MAX_TABLE_NESTING = 20
_LAYOUT_CELL_LINES = 10


def read_html(data: bytes, builder: DocumentBuilder, limits: Limits) -> None:
    place = builder.document.source
    match = _CHARSET.search(data[:4096])
    declared = (match.group(1) or match.group(2)).decode("ascii") if match else None
    text, warnings = decode(data, place, declared)
    for warning in warnings:
        builder.warn(warning)
    text = _NOT_XML.sub("", _XML_DECLARATION.sub("", text, count=1))
    if not text.strip():
        return
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise InputError(f"HTML无法解析：{error}", place) from None
    _Reader(builder, limits).read(root)


class _Reader:
    def __init__(self, builder: DocumentBuilder, limits: Limits):
        self.builder = builder
        self.limits = limits
        self.cells = 0

    def read(self, root) -> None:
        self._emit(_flow(root), parent=None, depth=0)

    def _emit(self, items: list, parent: int | None, depth: int) -> None:
        for item in items:
            if isinstance(item, str):
                self.builder.add_line([Segment(item)])
            elif depth < _MAX_TABLE_NESTING:
                self._table(item, parent, depth)
            else:
                self.builder.warn(f"表格嵌套超过 {_MAX_TABLE_NESTING} 层，更深的表格没有读取")

    def _table(self, table, parent: int | None, depth: int) -> None:
        rows = [[(cell, _flow(cell)) for cell in tr if cell.tag in ("td", "th")] for tr in _rows(table)]
        if _is_layout(rows):
            for row in rows:
                for _, items in row:
                    self._emit(items, parent, depth + 1)
            return
        grid = GridBuilder(self.builder.document.source, self.limits.max_table_cells - self.cells, len(rows))
        nested = []
        for row in rows:
            grid.start_row()
            for cell, items in row:
                lines = [item for item in items if isinstance(item, str)]
                nested.extend(item for item in items if not isinstance(item, str))
                grid.add_cell("\n".join(lines), _span(cell.get("rowspan"), 65534), _span(cell.get("colspan"), 1000))
        self.cells += grid.size
        cells, origins = grid.finish()
        index = self.builder.add_table(cells, origins, parent=parent)
        self._emit(nested, index, depth + 1)


def _is_layout(rows: list) -> bool:
    """A table used to lay out the page, not to show data: one cell a row, or cells holding whole texts.

    Its content is read as running text, so that the report inside is not flattened into one cell.
    """
    if all(len(row) <= 1 for row in rows):
        return True
    return any(sum(isinstance(item, str) for item in items) > _LAYOUT_CELL_LINES for row in rows for _, items in row)


def _span(value: str | None, limit: int) -> int:
    """A span attribute as browsers read it: leading digits, at least 1, at most ``limit``."""
    match = re.match(r"\s*(\d+)", value or "")
    return min(max(int(match.group(1)), 1), limit) if match else 1


def _rows(table):
    """The table's own rows, not those of tables nested in its cells."""
    for child in table:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child if row.tag == "tr")


def _hidden(element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or element.get("hidden") is not None


def _flow(container) -> list:
    """The container's content in order: lines of text (str) and table elements, not descending into them.

    Iterative, so that deeply nested markup cannot exhaust the stack.
    """
    out: list = []
    pieces: list[str] = []

    def flush() -> None:
        text = collapse_spaces("".join(pieces))
        pieces.clear()
        if text:
            out.append(text)

    walker = lxml.etree.iterwalk(container, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        top = element is container
        if event == "start":
            if not top and (tag in _SKIPPED or tag == "table" or _hidden(element)):
                walker.skip_subtree()
                if tag == "table" and not _hidden(element):
                    flush()
                    out.append(element)
                if element.tail:
                    pieces.append(element.tail)
                continue
            if tag in _BLOCKS:
                flush()
            if element.text and tag:
                pieces.append(element.text)
        else:
            if tag in _BLOCKS:
                flush()
            if not top and element.tail:
                pieces.append(element.tail)
    flush()
    return out
