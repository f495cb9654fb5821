"""PDF in the GB/T 9704 layout, printed from the HTML renditions by WeasyPrint.

Chosen over LibreOffice headless (printing the DOCX) by measurement on the example report
(``docs/pdf.md``): WeasyPrint takes about 1 s where LibreOffice takes about 3 s a document (a process
start each time), it embeds the Simplified Chinese Noto faces where LibreOffice fell back on the
Japanese ones for every font, and the audit reads its tables back right (LibreOffice's PDF read back
with wrong values). WeasyPrint is a Python package; it needs Pango from Debian (``make`` installs
``libpango-1.0-0``, ``libpangoft2-1.0-0`` and ``fonts-noto-cjk``).

A PDF embeds only open fonts (never an official font that happens to be installed, which may not be
redistributed): Noto Serif CJK SC for 宋体 and 仿宋 (and 楷体 and the title, which have no open
equivalent in Debian), Noto Sans CJK SC for 黑体. Page numbers are 4号 「— 1 —」 under the text
block, odd pages right and even pages left, one character in (GB/T 9704 7.5).
"""

from __future__ import annotations

import logging
from html import escape

from gongkai.render.html import CSS, render_html
from gongkai.render.layout import title_lines
from gongkai.sheets import Report

SERIF = '"Noto Serif CJK SC", serif'
SANS = '"Noto Sans CJK SC", sans-serif'
TITLE_PT = 22

# Laid over the HTML's own stylesheet: only open fonts, the official line pitch (22 lines of 28 pt),
# no screen-only metadata line, page numbers.
PRINT_CSS = f"""
@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
@page :right {{ @bottom-right {{ content: "— " counter(page) " —"; font-family: {SERIF}; font-size: 14pt;
  vertical-align: top; padding-top: 7mm; margin-right: 14pt; }} }}
@page :left {{ @bottom-left {{ content: "— " counter(page) " —"; font-family: {SERIF}; font-size: 14pt;
  vertical-align: top; padding-top: 7mm; margin-left: 14pt; }} }}
body {{ font-family: {SERIF}; font-size: 16pt; background: none; }}
.report {{ width: auto; margin: 0; padding: 0; line-height: 28pt; }}
h1 {{ font-family: {SERIF}; font-weight: bold; font-size: {TITLE_PT}pt; line-height: 1.45; margin: 0 0 28pt; }}
.meta {{ display: none; }}
h2 {{ font-family: {SANS}; margin: 0; }}
.subheading {{ font-family: {SERIF}; }}
.signature {{ margin-top: 28pt; padding-right: 4em; break-before: avoid; }}
.official .number {{ text-align: center; text-indent: 0; }}
.official .addressee {{ text-indent: 0; margin-top: 28pt; }}
.official .signature {{ margin-top: 56pt; }}
table.form {{ font-family: {SERIF}; line-height: 1.35; }}
table.form caption {{ font-family: {SANS}; }}
table.form td.missing, table.form td.empty {{ background: none; }}
"""


def html_to_pdf(html: str) -> bytes:
    """Print an HTML page of this package to PDF with ``PRINT_CSS`` laid over its own styles."""
    # Imported here: WeasyPrint loads Pango, which commands that never print need not wait for.
    from weasyprint import HTML

    # The HTML's screen styles that print ignores (hatched backgrounds) are expected, not worth a warning.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # After the page's own styles, as an author stylesheet: WeasyPrint's ``stylesheets`` argument is a
    # user stylesheet, which the page's styles would override.
    return HTML(string=html.replace("</head>", f"<style>{PRINT_CSS}</style></head>", 1)).write_pdf(
        presentational_hints=True)  # the tables' <col width>


def render_pdf(report: Report) -> bytes:
    return html_to_pdf(render_html(report))


def official_document_html(*, title: list[str], number: str, addressee: str, paragraphs: list[str],
                           signature: list[str], tables: list[tuple[str, list[str], list[list[str]]]] = ()) -> str:
    """A one-off official document (a procedure's 告知书, 答复书, a bulletin…) as HTML: title lines, 发文字号,
    主送, body, ``tables`` (heading, header, rows) and 落款, in the same typography as the report."""
    lines = [part for line in title if line.strip() for part in title_lines(line.strip())]
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(''.join(lines))}</title><style>{CSS}</style></head><body>",
        '<article class="report official">',
        f"<h1>{'<br>'.join(escape(line) for line in lines)}</h1>",
        f'<p class="number">{escape(number)}</p>' if number else "",
        f'<p class="addressee">{escape(addressee)}</p>' if addressee else "",
        *(f"<p>{escape(text)}</p>" for text in paragraphs),
    ]
    for heading, header, rows in tables:
        parts.append(f'<h2>{escape(heading)}</h2><table class="form"><thead><tr>'
                     + "".join(f"<th>{escape(text)}</th>" for text in header) + "</tr></thead><tbody>"
                     + "".join("<tr>" + "".join(f"<td>{escape(text)}</td>" for text in row) + "</tr>" for row in rows)
                     + "</tbody></table>")
    if any(signature):
        parts.append('<div class="signature">' + "".join(f"<p>{escape(line)}</p>" for line in signature if line)
                     + "</div>")
    parts.append("</article></body></html>\n")
    return "\n".join(part for part in parts if part)
