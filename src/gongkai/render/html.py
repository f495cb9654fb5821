"""A standalone, printable HTML page of a whole annual report (A4, the official table layout).

Value cells carry ``data-key`` (the cell key), so the page can be read back and cells highlighted by
key (the audit page passes the keys of cells a finding concerns).
"""

from __future__ import annotations

from collections.abc import Collection
from html import escape

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

# The official form's table, also embedded by the public report pages of the web platform.
TABLE_CSS = """
table.form { width: 100%; border-collapse: collapse; margin: 0.6em 0 1em; table-layout: fixed;
  font-family: "宋体", "SimSun", "Noto Serif CJK SC", serif; font-size: 10.5pt; line-height: 1.4; }
table.form caption { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 12pt;
  padding-bottom: 0.3em; }
table.form th, table.form td { border: 1px solid #000; padding: 2pt 3pt; vertical-align: middle;
  overflow-wrap: anywhere; }
table.form th { font-weight: normal; text-align: center; }
table.form th.title, table.form th.corner { font-weight: bold; }
table.form th.label { text-align: left; }
table.form td.unit { text-align: center; }
table.form td.value { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.form td.missing { background: repeating-linear-gradient(135deg, #fff 0 3px, #e6e6e6 3px 5px); }
table.form td.empty { background: #f2f2f2; }
table.form td.highlight { background: #ffe08a; outline: 2px solid #c0392b; outline-offset: -2px; }
"""

CSS = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { margin: 0; background: #f3f3f3; color: #000;
  font-family: "仿宋_GB2312", "FangSong", "STFangsong", "Noto Serif CJK SC", serif; font-size: 16pt; }
.report { box-sizing: border-box; width: 210mm; margin: 0 auto; padding: 37mm 26mm 35mm 28mm;
  background: #fff; line-height: 1.75; }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "SimSun", serif;
  font-size: 22pt; font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 0.5em; }
.meta { font-size: 10.5pt; color: #444; text-align: center; margin: 0 0 1.5em; line-height: 1.6; }
.meta span + span::before { content: "　"; }
h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal;
  margin: 0.6em 0 0.2em; text-indent: 2em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.subheading { font-family: "楷体_GB2312", "KaiTi", "STKaiti", "Noto Serif CJK SC", serif; }
.signature { margin-top: 2em; text-align: right; padding-right: 2em; }
.signature p { text-indent: 0; text-align: right; }
.appendix { break-before: page; page-break-before: always; }
.appendix h2 { text-align: center; text-indent: 0; }
""" + TABLE_CSS + """@media print {
  body { background: none; }
  .report { width: auto; margin: 0; padding: 0; }
  table.form { break-inside: auto; }
  table.form tr { break-inside: avoid; }
  table.form td.missing, table.form td.highlight { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""


def render_html(report: Report, highlight: Collection[str] = ()) -> str:
    """The whole report as one HTML page; cells whose key is in ``highlight`` get class ``highlight``."""
    outline = report_outline(report)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(report.display_title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f'<article class="report" data-format="{escape(report.format.id)}">',
        f"<h1>{'<br>'.join(escape(line) for line in title_lines(report.display_title))}</h1>",
        _meta(report),
    ]
    parts += [_item(item, report.sheet, highlight) for item in outline.body]
    parts.append(_signature(report))
    parts += [f'<div class="appendix">{_item(item, report.sheet, highlight)}</div>'
              for item in outline.appendices]
    parts.append("</article></body></html>\n")
    return "\n".join(part for part in parts if part)


def _meta(report: Report) -> str:
    fmt = report.format
    fields = [
        ("填报单位", report.agency),
        ("行政区", report.jurisdiction),
        ("报告年度", f"{report.year}年"),
        ("报告格式", f"{fmt.name}（{fmt.basis}）" if fmt.basis else fmt.name),
    ]
    spans = "".join(f"<span>{name}：{escape(value)}</span>" for name, value in fields if value)
    return f'<div class="meta">{spans}</div>'


def _signature(report: Report) -> str:
    lines = [report.issuer or "", display_date(report.published) if report.published else ""]
    if not any(lines):
        return ""
    return '<div class="signature">' + "".join(f"<p>{escape(line)}</p>" for line in lines if line) + "</div>"


def _item(item: OutlineItem, sheet: Sheet, highlight: Collection[str]) -> str:
    parts = [f"<section><h2>{escape(item.heading)}</h2>"]
    for paragraph in paragraphs(item.text):
        heading, rest = split_subheading(paragraph)
        lead = f'<span class="subheading">{escape(heading)}</span>' if heading else ""
        parts.append(f"<p>{lead}{escape(rest)}</p>")
    if item.table is not None:
        parts.append(render_table(item.table, sheet, highlight))
    parts.append("</section>")
    return "\n".join(parts)


def render_table(layout: TableLayout, sheet: Sheet, highlight: Collection[str] = ()) -> str:
    """One table as an HTML ``<table>`` with merged header and label cells."""
    weights = layout.column_weights()
    total = sum(weights)
    # The width attribute, not a style attribute: the platform's Content-Security-Policy refuses those.
    cols = "".join(f'<col width="{100 * w / total:.2f}%">' for w in weights)
    by_row: dict[int, list] = {}
    for cell in layout.cells:
        by_row.setdefault(cell.row, []).append(cell)
    lines = [f'<table class="form" data-table="{escape(layout.table.key)}"><colgroup>{cols}</colgroup>']
    for row in range(layout.rows):
        if row == 0 and layout.header_rows:
            lines.append("<thead>")  # repeated by the browser on every printed page
        if row == layout.header_rows:
            lines.append("</thead><tbody>" if row else "<tbody>")
        lines.append("<tr>" + "".join(_cell(c, sheet, highlight) for c in sorted(by_row[row], key=lambda c: c.col))
                     + "</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _cell(cell, sheet: Sheet, highlight: Collection[str]) -> str:
    spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
    if cell.kind == "value":
        if cell.key is None:
            return f'<td class="value empty"{spans}></td>'
        value = sheet.get(cell.key)
        classes = ["value"] + (["missing"] if value is None else []) + (["highlight"] if cell.key in highlight else [])
        note = ' title="未填报"' if value is None else ""
        return (f'<td class="{" ".join(classes)}" data-key="{escape(cell.key)}"{note}{spans}>'
                f"{escape(display_value(value))}</td>")
    if cell.kind == "unit":
        return f'<td class="unit"{spans}>{escape(cell.text)}</td>'
    return f'<th class="{cell.kind}"{spans}>{escape(cell.text)}</th>'
