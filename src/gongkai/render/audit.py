"""The audit page (one standalone HTML file for one report or a folder) and the audit CSV.

Each report: its tables in the official layout with the cells a finding concerns highlighted, every
finding with the sentence or cells it comes from, and what could not be read. A folder adds a
summary table (reports × rules) and a chart of findings by rule (ECharts, inlined so the page
works offline).
"""

from __future__ import annotations

import csv
import io
import json
from html import escape
from pathlib import Path

from gongkai.audit import AuditFailure, AuditResult
from gongkai.checks import SEVERITY_LABELS
from gongkai.errors import InputError
from gongkai.render.html import CSS, render_table
from gongkai.render.layout import format_layouts
from gongkai.text import spreadsheet_text

ECHARTS = Path(__file__).resolve().parents[1] / "static" / "echarts.min.js"

AUDIT_CSS = """
.report { width: auto; max-width: 260mm; padding: 12mm 14mm; margin-bottom: 8mm; }
h1 { font-size: 18pt; }
h2 { text-indent: 0; font-size: 14pt; }
p { text-indent: 0; }
table.summary { border-collapse: collapse; font-size: 10.5pt; margin: 0.5em 0 1em; }
table.summary th, table.summary td { border: 1px solid #999; padding: 2pt 6pt; }
table.summary td.count { text-align: right; }
table.summary td.zero { color: #bbb; }
ul.findings { font-size: 11pt; line-height: 1.6; padding-left: 1.2em; }
ul.findings li.error { color: #a00; }
ul.findings li.warning { color: #8a5a00; }
.unread, .note { font-size: 10.5pt; color: #555; }
#chart { width: 100%; height: 320px; }
"""


def _finding_keys(result: AuditResult) -> set[str]:
    return {cell.key for finding in result.findings for cell in finding.cells if cell.year is None}


def _cell_name(cell) -> str:
    if not cell.row_label:  # table 四 has no row labels
        return cell.column_label
    return cell.row_label if cell.column_label == "统计数" else f"{cell.row_label}/{cell.column_label}"


def _short_name(source: str) -> str:
    """Published files are often all called report.pdf: name them with their folder."""
    path = Path(source)
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def _rules(results) -> list[str]:
    return sorted({f.rule for r in results if isinstance(r, AuditResult) for f in r.findings})


def _report_section(result: AuditResult | AuditFailure, index: int) -> str:
    if isinstance(result, AuditFailure):
        return (f'<section class="report" id="r{index}"><h2>{escape(result.source)}</h2>'
                f'<p class="note">无法读取：{escape(result.message)}</p></section>')
    fmt = result.format
    head = (f"格式：{fmt.name if fmt else '未识别'}；年度：{result.year or '未识别'}；"
            f"单位：{result.agency or '未识别'}；读出 {len(result.cells_json())} 个单元格，"
            f"未能读出 {len(result.reading.unread)} 个")
    parts = [f'<section class="report" id="r{index}"><h2>{escape(result.source)}</h2>',
             f'<p class="note">{escape(head)}</p>']
    if result.findings:
        parts.append('<ul class="findings">')
        for finding in result.findings:
            cells = "；".join(f"{_cell_name(c)}{'（' + str(c.year) + '年）' if c.year else ''}={c.value}"
                             for c in finding.cells)
            parts.append(f'<li class="{finding.severity}">[{escape(finding.rule)} '
                         f'{SEVERITY_LABELS[finding.severity]}] {escape(finding.message)}'
                         + (f'<br><span class="note">单元格：{escape(cells)}</span>' if cells else "") + "</li>")
        parts.append("</ul>")
    else:
        parts.append('<p class="note">未发现问题。</p>')
    reasons: dict[str, int] = {}
    for unread in result.reading.unread:
        reasons[unread.reason] = reasons.get(unread.reason, 0) + 1
    for reason, count in reasons.items():
        parts.append(f'<p class="unread">未读出 {count} 个单元格：{escape(reason)}</p>')
    for note in result.document.warnings + result.notes:
        parts.append(f'<p class="note">注意：{escape(note)}</p>')
    if result.report is not None:
        highlight = _finding_keys(result)
        parts += [render_table(layout, result.report.sheet, highlight) for layout in format_layouts(fmt)]
    parts.append("</section>")
    return "".join(parts)


def _summary(results, rules: list[str]) -> str:
    header = "".join(f"<th>{escape(rule)}</th>" for rule in rules)
    rows = []
    for index, result in enumerate(results):
        name = f'<a href="#r{index}">{escape(_short_name(result.source))}</a>'
        if isinstance(result, AuditFailure):
            rows.append(f'<tr><td>{name}</td><td colspan="{len(rules) + 1}">无法读取</td></tr>')
            continue
        counts = [sum(1 for f in result.findings if f.rule == rule) for rule in rules]
        cells = "".join(f'<td class="count{" zero" if not c else ""}">{c}</td>' for c in counts)
        rows.append(f"<tr><td>{name}</td><td>{escape(result.format.id if result.format else '—')}</td>{cells}</tr>")
    return (f'<table class="summary"><tr><th>报告</th><th>格式</th>{header}</tr>{"".join(rows)}</table>')


def _chart(results, rules: list[str]) -> str:
    if not ECHARTS.is_file():
        raise InputError("缺少 ECharts 静态文件（make 会从 npm 安装）", str(ECHARTS))
    counts = [sum(1 for r in results if isinstance(r, AuditResult) for f in r.findings if f.rule == rule)
              for rule in rules]
    option = {"title": {"text": "各规则发现的问题数"}, "tooltip": {}, "xAxis": {"type": "category", "data": rules},
              "yAxis": {"type": "value", "minInterval": 1}, "series": [{"type": "bar", "data": counts}]}
    return ('<div id="chart"></div><script>' + ECHARTS.read_text(encoding="utf-8") + "</script>"
            "<script>echarts.init(document.getElementById('chart'), null, {renderer: 'svg'}).setOption("
            + json.dumps(option, ensure_ascii=False) + ");</script>")


def render_audit_html(results: list[AuditResult | AuditFailure]) -> str:
    rules = _rules(results)
    findings = sum(len(r.findings) for r in results if isinstance(r, AuditResult))
    parts = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8"><title>年度报告审查结果</title>',
             f"<style>{CSS}{AUDIT_CSS}</style></head><body>",
             '<section class="report"><h1>政府信息公开工作年度报告审查结果</h1>',
             f'<p class="note">共审查 {len(results)} 份报告，发现问题 {findings} 处。</p>']
    if len(results) > 1:
        parts.append(_summary(results, rules))
        if rules:
            parts.append(_chart(results, rules))
    parts.append("</section>")
    parts += [_report_section(result, index) for index, result in enumerate(results)]
    parts.append("</body></html>")
    return "\n".join(parts)


def render_audit_csv(results: list[AuditResult | AuditFailure]) -> bytes:
    """One row per finding (and one per unreadable file), UTF-8 with BOM for Excel. File names and agency
    names come from the audited files: text that starts like a formula is neutralised (OWASP)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def row(*fields):
        writer.writerow([spreadsheet_text(field) if isinstance(field, str) else field for field in fields])

    row("文件", "单位", "年度", "格式", "规则", "严重程度", "说明", "单元格")
    for result in results:
        if isinstance(result, AuditFailure):
            row(result.source, "", "", "", "", "无法读取", result.message, "")
            continue
        for finding in result.findings:
            row(result.source, result.agency, result.year or "", result.format.id if result.format else "",
                finding.rule, SEVERITY_LABELS[finding.severity], finding.message,
                "；".join(c.key for c in finding.cells))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
