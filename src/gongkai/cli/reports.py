"""Commands on annual reports: formats, rules, template, check, render, sum."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gongkai.checks import SEVERITY_LABELS, CheckResult, check_report, rule_catalogue
from gongkai.checks.describe import format_value
from gongkai.cli import EXIT_DATA_ERRORS, EXIT_OK
from gongkai.errors import InputError
from gongkai.files import write_atomically
from gongkai.formats import all_formats, load_format
from gongkai.sheets import Report, load_report_json, sum_reports

OUTPUT_KINDS = ("html", "docx", "pdf", "xlsx", "json", "csv")


def register(subparsers) -> None:
    command = subparsers.add_parser("formats", help="列出年度报告格式及其适用年度")
    command.set_defaults(handler=list_formats)

    command = subparsers.add_parser("rules", help="列出一种格式的核查规则（规则编号稳定）")
    command.add_argument("format", help="格式编号，如 gov2021")
    command.set_defaults(handler=list_rules)

    command = subparsers.add_parser("template", help="生成空白的官方统计表（XLSX）")
    command.add_argument("format", help="格式编号：legacy、gov2019 或 gov2021")
    command.add_argument("-o", "--output", required=True, help="输出文件，如 表格.xlsx")
    command.add_argument("--year", type=int, help="报告年度（默认：上一年度，限于该格式适用的年度）")
    command.add_argument("--agency", default="", help="填报单位")
    command.set_defaults(handler=make_template)

    command = subparsers.add_parser("check", help="核查报告（.json 或 .xlsx）中的统计数据")
    command.add_argument("files", nargs="+", type=Path, help="报告文件；同一单位相邻年度的报告一并核查跨年度规则")
    command.add_argument("--json", action="store_true", help="以 JSON 输出核查结果")
    command.set_defaults(handler=check)

    command = subparsers.add_parser("render", help="把报告生成为 HTML、DOCX、PDF、XLSX、JSON 或 CSV")
    command.add_argument("file", type=Path, help="报告文件（.json 或 .xlsx）")
    command.add_argument("--to", choices=OUTPUT_KINDS, required=True, help="输出格式")
    command.add_argument("-o", "--output", type=Path, help="输出文件（默认：与输入同名，换扩展名）")
    command.set_defaults(handler=render_report)

    command = subparsers.add_parser("sum", help="汇总多个单位的报告为本级政府的统计表")
    command.add_argument("files", nargs="+", type=Path, help="同一格式、同一年度的报告")
    command.add_argument("-o", "--output", type=Path, required=True, help="输出的汇总报告（.json 或 .xlsx）")
    command.add_argument("--agency", default="", help="汇总报告的单位名称（默认：各单位汇总）")
    command.add_argument("--jurisdiction", default="", help="行政区")
    command.set_defaults(handler=sum_command)


def load_report(path: Path) -> Report:
    """A report from its JSON or from the official XLSX layout."""
    if path.suffix.lower() == ".xlsx":
        from gongkai.render import read_xlsx

        return read_xlsx(path)
    if path.suffix.lower() == ".json":
        return load_report_json(path)
    raise InputError("不支持的文件类型（应为 .json 或 .xlsx）", str(path))


def write_report(report: Report, kind: str, output: Path) -> None:
    from gongkai.render import render

    write_atomically(output, render(report, kind))


def list_formats(arguments: argparse.Namespace) -> int:
    for fmt in all_formats():
        tables = "、".join(f"{t.title}（{sum(1 for c in fmt.cells.values() if c.table is t)}格）" for t in fmt.tables)
        print(f"{fmt.id:8} {fmt.years_label:10} {fmt.name}　依据：{fmt.basis}")
        print(f"{'':8} {'':10} {tables}")
    return EXIT_OK


def list_rules(arguments: argparse.Namespace) -> int:
    fmt = load_format(arguments.format)
    for rule_id, severity, title in rule_catalogue(fmt.id):
        print(f"{rule_id:6} {SEVERITY_LABELS.get(severity, severity):4} {title}")
    return EXIT_OK


def make_template(arguments: argparse.Namespace) -> int:
    from gongkai.render import blank_report

    output = Path(arguments.output)
    if output.suffix.lower() != ".xlsx":
        raise InputError("空白统计表只能生成为 .xlsx 文件", str(output))
    report = blank_report(arguments.format, arguments.year, arguments.agency)
    write_report(report, "xlsx", output)
    print(f"已生成空白统计表：{output}（{report.format.name}，{report.year}年度）")
    return EXIT_OK


def previous_reports(reports: list[Report]) -> list[Report | None]:
    """For each report, the same agency's report on the year before among ``reports``, if any."""
    by_agency_year = {(r.agency, r.year): r for r in reports}
    return [by_agency_year.get((r.agency, r.year - 1)) for r in reports]


def check(arguments: argparse.Namespace) -> int:
    reports = [load_report(path) for path in arguments.files]
    results = [check_report(report, previous)
               for report, previous in zip(reports, previous_reports(reports), strict=True)]
    if arguments.json:
        findings = [dict(finding.to_dict(), file=str(path))
                    for path, result in zip(arguments.files, results, strict=True) for finding in result.findings]
        print(json.dumps({"findings": findings,
                          "assessed": sum(r.assessed for r in results),
                          "not_assessable": sum(r.not_assessable for r in results)}, ensure_ascii=False, indent=1))
    else:
        for path, report, result in zip(arguments.files, reports, results, strict=True):
            print_result(path, report, result)
    return EXIT_DATA_ERRORS if any(result.has_errors for result in results) else EXIT_OK


def print_result(path: Path, report: Report, result: CheckResult) -> None:
    print(f"{path}：{report.agency} {report.year}年度（{report.format.name}）")
    for finding in result.findings:
        print(f"  [{finding.rule} {SEVERITY_LABELS[finding.severity]}] {finding.message}")
        for cell in finding.cells:
            value = "空" if cell.value is None else format_value(cell.value)
            year = f"{cell.year}年 " if cell.year else ""
            column = f" / {cell.column_label}" if cell.column_label and cell.column_label != "统计数" else ""
            expected = (finding.expected or {}).get(cell.key)
            hint = f"（应为{expected}）" if expected is not None else ""
            print(f"      {year}{cell.row_label}{column} = {value}{hint}    [{cell.key}]")
    errors = sum(1 for f in result.findings if f.severity == "error")
    warnings = sum(1 for f in result.findings if f.severity == "warning")
    print(f"  共 {errors} 个错误、{warnings} 个警告；已核查 {result.assessed} 项，"
          f"{result.not_assessable} 项因数据缺失无法核查。")


def render_report(arguments: argparse.Namespace) -> int:
    report = load_report(arguments.file)
    output = arguments.output or arguments.file.with_suffix(f".{arguments.to}")
    if output.resolve() == arguments.file.resolve():
        raise InputError("输出文件与输入文件相同", str(output))
    write_report(report, arguments.to, output)
    print(f"已生成：{output}")
    return EXIT_OK


def sum_command(arguments: argparse.Namespace) -> int:
    reports = [load_report(path) for path in arguments.files]
    first = reports[0]
    total, missing = sum_reports(reports, agency=arguments.agency or f"{first.jurisdiction or ''}各单位汇总",
                                 jurisdiction=arguments.jurisdiction or first.jurisdiction)
    kind = arguments.output.suffix.lower().lstrip(".")
    if kind not in ("json", "xlsx"):
        raise InputError("汇总结果只能保存为 .json 或 .xlsx", str(arguments.output))
    if kind == "json":
        write_atomically(arguments.output, total.to_json())
    else:
        write_report(total, "xlsx", arguments.output)
    print(f"已汇总 {len(reports)} 份报告：{arguments.output}")
    if missing:
        print(f"注意：{len(missing)} 个单元格在部分报告中为空，汇总值留空（缺失不等于零）：", file=sys.stderr)
        for key, agencies in list(missing.items())[:20]:
            spec = first.format.cells[key]
            print(f"  {spec.row.label} / {spec.column.label}：{'、'.join(agencies[:5])}"
                  + ("等" if len(agencies) > 5 else ""), file=sys.stderr)
    return EXIT_OK
