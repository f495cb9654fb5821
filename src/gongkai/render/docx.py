"""The annual report as DOCX in the typography of Chinese official documents (GB/T 9704-2012).

Title 方正小标宋简体 二号 centred; body 仿宋_GB2312 三号 with a two-character first-line indent and a
fixed 28 pt line pitch (22 lines a page); 一、 headings 黑体, （一） headings 楷体_GB2312; A4 with
margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; issuer and date right-aligned after the body;
attached tables (附表) after the signature on a new page. Tables use the shared layout, in 宋体 五号.
Word picks East Asian glyphs from ``w:rFonts/@w:eastAsia``, so every run sets it explicitly.

The official fonts are kept for Word and WPS; they do not exist on Linux, so the font table gives each
an alternative name (``w:altName``) and a GB2312 charset and family, which LibreOffice falls back on:
Noto Serif CJK SC for 宋体, 仿宋 and 楷体 (and the title), Noto Sans CJK SC for 黑体 (Debian's
``fonts-noto-cjk``). The East Asian language is zh-CN, so a fallback picks Simplified Chinese glyphs.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.render.layout import (
    OutlineItem,
    TableLayout,
    display_date,
    display_value,
    paragraphs,
    report_outline,
    split_subheading,
    title_lines,
)
from gongkai.sheets import Report, Sheet
from gongkai.text import printable

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_5 = Pt(10.5)  # 五号
SIZE_SMALL_5 = Pt(9)  # 小五, for tables too wide for 五号 (四 has 15 value columns)
WIDE_TABLE_COLUMNS = 12
CELL_MARGIN_TWIPS = "57"  # 1 mm: Word's default 1.9 mm leaves no room for four digits in 四
CELL_PADDING_TWIPS = "28"  # 0.5 mm above and below, so the text does not touch the rules
LINE_PITCH = Pt(28)
TEXT_WIDTH = Mm(210 - 28 - 26)
SERIF_FALLBACK = "Noto Serif CJK SC"
SANS_FALLBACK = "Noto Sans CJK SC"
# Each official font: its fallback on Linux and its family in the font table (roman: serif, swiss: sans).
FALLBACKS = {
    TITLE_FONT: (SERIF_FALLBACK, "roman"),
    BODY_FONT: (SERIF_FALLBACK, "roman"),
    SUBHEADING_FONT: (SERIF_FALLBACK, "roman"),
    TABLE_FONT: (SERIF_FALLBACK, "roman"),
    HEADING_FONT: (SANS_FALLBACK, "swiss"),
}
LANGUAGE = "zh-CN"
FONT_TABLE_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"


def render_docx(report: Report) -> bytes:
    document = official_document()
    outline = report_outline(report)

    add_title(document, [report.display_title])
    _paragraph(document, indent=False)  # GB/T 9704: one blank line between title and body
    for item in outline.body:
        _item(document, item, report.sheet)
    _signature(document, report)
    for item in outline.appendices:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _item(document, item, report.sheet, appendix=True)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def official_document():
    """An empty document in the official page setup: A4 and its margins, body font, zh-CN, and
    the official fonts declared with their Linux fallbacks."""
    document = Document()
    _page_setup(document.sections[0])
    _set_style_font(document.styles["Normal"], BODY_FONT, SIZE_3)
    _chinese_defaults(document)
    _declare_fonts(document)
    return document


def add_title(document, lines: list[str]) -> None:
    """The title, 二号 小标宋 centred; each given line broken where ``title_lines`` breaks it (never
    inside 「（2015年度）」 or a number), as explicit line breaks so every word processor agrees."""
    paragraph = _paragraph(document, WD_ALIGN_PARAGRAPH.CENTER, indent=False, pitch=None)
    broken = [part for line in lines if line.strip() for part in title_lines(line.strip())]
    for index, line in enumerate(broken):
        run = _run(paragraph, line, TITLE_FONT, SIZE_2)
        if index < len(broken) - 1:
            run.add_break()


def add_document_number(document, number: str) -> None:
    """发文字号, centred under the title, and the one blank line GB/T 9704 puts before the body."""
    _run(_paragraph(document, WD_ALIGN_PARAGRAPH.CENTER, indent=False), number, BODY_FONT, SIZE_3)
    _paragraph(document, indent=False)


def add_body(document, text: str, indent: bool = True):
    """A paragraph of body text (仿宋 三号 on the 28 pt pitch, indented two characters unless it is
    the addressee); returned so a caller can keep it with what follows."""
    paragraph = _paragraph(document, indent=indent)
    _run(paragraph, text, BODY_FONT, SIZE_3)
    return paragraph


def add_table(document, header: list[str], rows: list[list[str]], weights: list[float], left: int = 0) -> None:
    """A plain ruled table in 宋体 小五 (the header repeated on every page; column ``left``, the
    names, left-aligned and the others centred), with column widths in proportion to ``weights``.
    Its rows are written as text into the saved document by ``save`` (a bulletin's ten thousand
    agencies take a fraction of a second that way, where building them as elements takes tens of
    seconds), so a document with such a table is saved with ``save``."""
    table = document.add_table(rows=0, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [int(TEXT_WIDTH.twips * w / sum(weights)) for w in weights]
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(width))
    # The cells' font, size and spacing are two paragraph styles (centred, and left for the names), so
    # that each cell is a few dozen bytes: ten thousand rows are built and compressed in little time.
    centred, left_style = (_cell_style(document, name, alignment) for name, alignment in (
        ("GongkaiTableCell", WD_ALIGN_PARAGRAPH.CENTER), ("GongkaiTableCellLeft", WD_ALIGN_PARAGRAPH.LEFT)))
    starts = [f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
              f'<w:p><w:pPr><w:pStyle w:val="%s"/></w:pPr><w:r><w:t xml:space="preserve">' for width in widths]
    head = [start % centred for start in starts]
    body = [start % (left_style if index == left else centred) for index, start in enumerate(starts)]
    end = "</w:t></w:r></w:p></w:tc>"
    written = {}  # most cells repeat a few texts (small counts, 持平): each is made printable and escaped once

    def text_of(text: str) -> str:
        found = written.get(text)
        if found is None:
            found = written[text] = escape(printable(text))
        return found

    def template(opening: list[str], properties: str) -> str:
        """A row with a %s for each cell's text (a mismatched count of cells raises)."""
        return (f"<w:tr><w:trPr>{properties}<w:cantSplit/></w:trPr>"
                + "".join(f"{start}%s{end}" for start in opening) + "</w:tr>")

    header_row, body_row = template(head, '<w:tblHeader w:val="true"/>'), template(body, "")
    marker = f"gongkai-table-rows-{len(_pending_rows(document))}"
    table.add_row().cells[0].text = marker
    _pending_rows(document)[marker] = header_row % tuple(map(text_of, header)) + "".join(
        body_row % tuple(map(text_of, cells)) for cells in rows)


def _cell_style(document, name: str, alignment) -> str:
    """The id of the paragraph style ``name`` for table cells (宋体 小五, single-spaced), made once."""
    styles = document.styles
    if name not in [style.name for style in styles]:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        _set_style_font(style, TABLE_FONT, SIZE_SMALL_5)
        fmt = style.paragraph_format
        fmt.alignment = alignment
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.first_line_indent = Pt(0)
    return styles[name].style_id


def _pending_rows(document) -> dict[str, str]:
    """The rows ``add_table`` left for ``save`` to write, by the marker standing in their place."""
    if not hasattr(document, "_gongkai_rows"):
        document._gongkai_rows = {}
    return document._gongkai_rows


def save(document) -> bytes:
    """The document as DOCX bytes, with the rows of each ``add_table`` written in place of its marker row."""
    buffer = io.BytesIO()
    document.save(buffer)
    pending = _pending_rows(document)
    if not pending:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                for marker, rows in pending.items():
                    at = text.index(marker)
                    first = max(text.rfind("<w:tr>", 0, at), text.rfind("<w:tr ", 0, at))
                    last = text.index("</w:tr>", at) + len("</w:tr>")
                    text = text[:first] + rows + text[last:]
                data = text.encode("utf-8")
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return out.getvalue()


def _chinese_defaults(document) -> None:
    """The document's default East Asian language zh-CN (python-docx's template says en-US) and no
    theme font for East Asian text (its theme names a Japanese font)."""
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    if fonts is not None:
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)
        fonts.set(qn("w:eastAsia"), BODY_FONT)
    language = defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        defaults.append(language)
    language.set(qn("w:eastAsia"), LANGUAGE)


def _declare_fonts(document) -> None:
    """Each official font in the font table, with its fallback as ``w:altName`` and charset GB2312."""
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == FONT_TABLE_TYPE)
    entries = "".join(
        f'<w:font w:name={quoteattr(name)}><w:altName w:val={quoteattr(fallback)}/><w:charset w:val="86"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        for name, (fallback, family) in FALLBACKS.items())
    part._blob = part.blob.replace(b"</w:fonts>", entries.encode("utf-8") + b"</w:fonts>")


def _page_setup(section) -> None:
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def _set_east_asian(r_pr_owner, east_asia: str) -> None:
    r_pr = r_pr_owner.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    language = r_pr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        r_pr.append(language)
    language.set(qn("w:eastAsia"), LANGUAGE)


def _set_style_font(style, east_asia: str, size) -> None:
    style.font.size = size
    _set_east_asian(style.element, east_asia)


def _run(paragraph, text: str, east_asia: str, size):
    run = paragraph.add_run(printable(text))  # older data may hold characters XML cannot
    run.font.size = size
    _set_east_asian(run._r, east_asia)
    return run


def _paragraph(container, alignment=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True, pitch=LINE_PITCH):
    paragraph = container.add_paragraph()
    paragraph.alignment = alignment
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if pitch is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = pitch
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
    return paragraph


def _item(document, item: OutlineItem, sheet: Sheet, appendix: bool = False) -> None:
    if appendix:  # an attached table's heading is its centred title
        _run(_paragraph(document, WD_ALIGN_PARAGRAPH.CENTER, indent=False), item.heading, HEADING_FONT, SIZE_3)
    else:
        _run(_paragraph(document), item.heading, HEADING_FONT, SIZE_3)
    for text in paragraphs(item.text):
        paragraph = _paragraph(document)
        heading, rest = split_subheading(text)
        if heading:
            _run(paragraph, heading, SUBHEADING_FONT, SIZE_3)
        if rest:
            _run(paragraph, rest, BODY_FONT, SIZE_3)
    if item.table is not None:
        _table(document, item.table, sheet)
        _paragraph(document, indent=False)


def _signature(document, report: Report) -> None:
    signature_block(document, [report.issuer, display_date(report.published) if report.published else ""])


def signature_block(document, lines: list[str], blank_lines: int = 1) -> None:
    """落款: the issuer and the date right-aligned, 右空四字, after ``blank_lines`` empty lines
    (nothing at all when every line is empty)."""
    if not any(lines):
        return
    # GB/T 9704 7.3.5: the signature never stands alone on a page; the blank lines and each line keep
    # with the next, so the block moves as one (the caller keeps its last body paragraph with it).
    for _ in range(blank_lines):
        _paragraph(document, indent=False).paragraph_format.keep_with_next = True
    for line in lines:
        if line:
            paragraph = _paragraph(document, WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
            paragraph.paragraph_format.keep_with_next = line is not lines[-1]
            paragraph.paragraph_format.right_indent = Pt(64)  # 右空四字
            _run(paragraph, line, BODY_FONT, SIZE_3)


def _table(document, layout: TableLayout, sheet: Sheet) -> None:
    table = document.add_table(rows=layout.rows, cols=layout.columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), CELL_MARGIN_TWIPS if side in ("left", "right") else CELL_PADDING_TWIPS)
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    size = SIZE_SMALL_5 if layout.columns > WIDE_TABLE_COLUMNS else SIZE_5
    weights = layout.column_weights()
    widths = [int(TEXT_WIDTH * w / sum(weights)) for w in weights]
    for index, column in enumerate(table.columns):
        column.width = widths[index]
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = widths[index]
    for row_index in range(layout.header_rows):
        # Header rows repeat on every page a long table (三) runs over.
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        table.rows[row_index]._tr.get_or_add_trPr().append(header)
    for spec in layout.cells:
        cell = table.cell(spec.row, spec.col)
        if spec.rowspan > 1 or spec.colspan > 1:
            cell = cell.merge(table.cell(spec.row + spec.rowspan - 1, spec.col + spec.colspan - 1))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        text = display_value(sheet.get(spec.key)) if spec.key else spec.text
        if spec.kind == "value":
            alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif spec.kind == "label":
            alignment = WD_ALIGN_PARAGRAPH.LEFT
        else:
            alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph = cell.paragraphs[0]
        paragraph.alignment = alignment
        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if text:
            _run(paragraph, text, TABLE_FONT, size)
