"""`gongkai audit`: read published reports back into their tables and find what does not add up."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gongkai.audit import AuditFailure, AuditResult, audit_paths
from gongkai.checks import SEVERITY_LABELS
from gongkai.cli import EXIT_BAD_INPUT, EXIT_DATA_ERRORS, EXIT_OK
from gongkai.errors import InputError
from gongkai.files import write_atomically


def register(subparsers) -> None:
    command = subparsers.add_parser("audit", help="审查已发布的年度报告（.txt .html .docx .pdf 或文件夹）")
    command.add_argument("paths", nargs="+", type=Path, help="报告文件或文件夹")
    command.add_argument("--json", action="store_true", help="以 JSON 输出，每份报告一个对象")
    command.add_argument("-o", "--output", type=Path, help="审查结果页面（.html）或汇总表（.csv）")
    command.add_argument("--cells", action="store_true", help="列出读到的每个单元格及其出处")
    command.set_defaults(handler=audit)

    command = subparsers.add_parser("corpus", help="用人工核对的真值衡量审查的准确率（案例文件夹）")
    command.add_argument("folder", type=Path, help="含 meta.json 与 truth.json 的案例文件夹")
    command.set_defaults(handler=corpus)


def audit(arguments: argparse.Namespace) -> int:
    for path in arguments.paths:
        if not path.exists():
            raise InputError("文件或文件夹不存在", str(path))
    results = audit_paths(arguments.paths)
    if not results:
        raise InputError("没有可审查的报告文件（.txt .html .htm .docx .pdf）", ", ".join(map(str, arguments.paths)))
    if arguments.output:
        write_output(results, arguments.output)
    if arguments.json:
        print(json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=1))
    else:
        for result in results:
            print_audit(result, arguments.cells)
    if arguments.output:
        print(f"已生成：{arguments.output}")
    return exit_code(results)


def exit_code(results) -> int:
    if any(isinstance(r, AuditFailure) for r in results):
        return EXIT_BAD_INPUT
    if any(f.severity == "error" for r in results for f in r.findings):
        return EXIT_DATA_ERRORS
    return EXIT_OK


def write_output(results, output: Path) -> None:
    from gongkai.render.audit import render_audit_csv, render_audit_html

    suffix = output.suffix.lower()
    if suffix in (".html", ".htm"):
        write_atomically(output, render_audit_html(results))
    elif suffix == ".csv":
        write_atomically(output, render_audit_csv(results))
    else:
        raise InputError("审查结果只能保存为 .html 或 .csv", str(output))


def print_audit(result: AuditResult | AuditFailure, with_cells: bool) -> None:
    if isinstance(result, AuditFailure):
        print(f"{result.source}：无法读取：{result.message}\n")
        return
    fmt = result.format
    print(f"{result.source}")
    print(f"  格式：{fmt.name if fmt else '未识别'}；年度：{result.year or '未识别'}；"
          f"单位：{result.agency or '未识别'}")
    cells = result.cells_json()
    print(f"  读出 {len(cells)} 个单元格，未能读出 {len(result.reading.unread)} 个；"
          f"正文数字 {len(result.narrative)} 处")
    if with_cells:
        for cell in cells:
            where = "，".join(f"{k}{v}" for k, v in cell["evidence"].items())
            print(f"    {' / '.join(cell['row_path'])} | {' / '.join(cell['column_path'])} = {cell['value']}"
                  f"    [{cell['key']}；{where}]")
    reasons: dict[str, int] = {}
    for unread in result.reading.unread:
        reasons[unread.reason] = reasons.get(unread.reason, 0) + 1
    for reason, count in reasons.items():
        print(f"    未读出 {count} 个：{reason}")
    for finding in result.findings:
        print(f"  [{finding.rule} {SEVERITY_LABELS[finding.severity]}] {finding.message}")
    for note in result.document.warnings + result.notes:
        print(f"  注意：{note}")
    print()


def corpus(arguments: argparse.Namespace) -> int:
    from gongkai.corpus import cases_in, evaluate_case, tally

    cases = cases_in(arguments.folder)
    if not cases:
        raise InputError("文件夹中没有案例（meta.json 与 truth.json）", str(arguments.folder))
    results = []
    for truth in cases:
        result = evaluate_case(truth.parent)
        results.append(result)
        detected = result.format_detected or "未识别"
        print(f"{result.name}（{result.medium}）: 格式 {detected}（应为 {result.format_expected}），"
              f"真值 {result.truth_cells}，读对 {result.right}，读错 {len(result.wrong)}，未读 {len(result.not_read)}，"
              f"真值之外 {len(result.not_in_truth)}；问题 发现 {len(result.found)}、漏报 {len(result.missed)}、"
              f"误报 {len(result.false)}")
        for truth_key, read, expected in result.wrong:
            print(f"    读错：{truth_key} 读为 {read}，应为 {expected}")
        for key in result.not_in_truth:
            print(f"    真值之外：{key}")
        for text in result.missed:
            print(f"    漏报：{text}")
        for finding in result.false:
            print(f"    误报：[{finding.rule}] {finding.message}")
    total, by_medium = tally(results)
    for name, medium_tally in sorted(by_medium.items()):
        print(f"{name}：{medium_tally.summary()}")
    print(f"合计：{total.summary()}")
    return EXIT_DATA_ERRORS if total.failures else EXIT_OK
