"""Commands on the platform's disclosure applications; they read its database (``DATABASE_URL``, see
``gongkai.web.settings``) and set up Django themselves.

- ``gongkai deadlines``: each agency's applications that are overdue or due soon (cron-able); exit
  code 1 when some application is overdue, so that cron can alert on it.
- ``gongkai tables``: tables 三 and 四 of an agency's (or a jurisdiction's) annual report computed from
  the records, checked, compared with the report's hand-entered cells, and optionally written to a file.
"""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path

from gongkai.cli import EXIT_DATA_ERRORS, EXIT_OK
from gongkai.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "deadlines",
        help="列出各单位已逾期和即将到期的政府信息公开申请",
        description="列出各单位已逾期和即将到期（在设置 soon_working_days 所定的工作日数内届满）的政府信息公开申请，"
                    "按答复期限排序。"
                    "有逾期申请时退出码为 1。",
    )
    parser.add_argument("--agency", metavar="名称", help="只列出该单位")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="以该日为今天（默认：今天）")
    parser.add_argument("--mail", action="store_true",
                        help="另把各单位的清单发给该单位填报人员的电子邮箱（邮件设置见 GONGKAI_EMAIL_* 环境变量）")
    parser.set_defaults(handler=run)
    tables = subparsers.add_parser(
        "tables",
        help="由申请记录计算年度报告的表三、表四",
        description="由平台的申请记录计算某单位（本级政府：本行政区）某年度年度报告的表三、表四，按格式核查；"
                    "该年度报告已有手工填写的数字时，列出与计算值不一致的单元格。有错误或不一致时退出码为 1。",
    )
    tables.add_argument("agency", metavar="单位", help="单位名称，如“九台区教育局”")
    tables.add_argument("year", type=int, metavar="年度")
    tables.add_argument("-o", "--output", type=Path,
                        help="另存为文件：.html、.docx、.xlsx、.json 或 .csv（按扩展名）")
    tables.set_defaults(handler=tables_command)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django

    django.setup()


def _agency(name: str):
    from gongkai.web.agencies.models import Agency

    agency = Agency.objects.filter(name=name).first()
    if agency is None:
        raise InputError(f"没有名为「{name}」的单位", "单位")
    return agency


def run(arguments: argparse.Namespace) -> int:
    _setup_django()
    from django.utils import timezone

    from gongkai.web.applications import rules, services

    if arguments.today:
        try:
            today = datetime.date.fromisoformat(arguments.today)
        except ValueError:
            raise InputError(f"日期「{arguments.today}」格式不正确，应为 YYYY-MM-DD", "--today") from None
    else:
        today = timezone.localdate()
    from gongkai.web.agencies.models import Agency

    agencies = Agency.objects.order_by("pk")
    if arguments.agency:
        agencies = agencies.filter(pk=_agency(arguments.agency).pk)
    items = [item for item in services.open_queue(agencies, today) if item["overdue"] or item["soon"]]
    soon_until = services.soon_threshold(today)
    print(f"截至 {today.isoformat()}：已逾期 {sum(item['overdue'] for item in items)} 件，"
          f"{soon_until.isoformat()} 前届满（{rules.setting('soon_working_days')}个工作日内）"
          f"{sum(item['soon'] for item in items)} 件")
    by_agency: dict[Agency, list[dict]] = {}
    for item in items:
        by_agency.setdefault(item["application"].agency, []).append(item)
    for agency, agency_items in by_agency.items():
        print(f"\n{agency.name}")
        lines = agency_lines(agency_items)
        print("\n".join(lines))
        if arguments.mail:
            sent_to = mail_agency(agency, today, lines)
            print(f"  已发送至：{'、'.join(sent_to)}" if sent_to else "  未发送：该单位的填报人员没有登记电子邮箱")
    return 1 if any(item["overdue"] for item in items) else 0


def agency_lines(items: list[dict]) -> list[str]:
    lines = []
    for item in items:
        application = item["application"]
        mark = "已逾期" if item["overdue"] else "即将到期"
        provisional = "（临时结果）" if application.due_provisional else ""
        # The record number, not the tracking code: the code lets its holder read the reply.
        lines.append(f"  {mark}  答复期限 {application.due.isoformat()}{provisional}"
                     f"  收到 {application.received.isoformat()}  {application.get_channel_display()}"
                     f"  申请编号 {application.pk}")
    return lines


def mail_agency(agency, today: datetime.date, lines: list[str]) -> list[str]:
    """Send the agency's list to the e-mail addresses of its clerks; the addresses it went to."""
    from django.core.mail import send_mail

    from gongkai.web.accounts.models import Role

    recipients = sorted({role.user.email for role in Role.objects.filter(agency=agency, kind=Role.Kind.CLERK)
                         .select_related("user") if role.user.email})
    if recipients:
        send_mail(f"{agency.name}：政府信息公开申请答复期限提醒（{today.isoformat()}）",
                  "以下政府信息公开申请已逾期或即将到期，请及时办理：\n\n" + "\n".join(lines), None, recipients)
    return recipients


def tables_command(arguments: argparse.Namespace) -> int:
    from gongkai.checks import SEVERITY_LABELS, check_report
    from gongkai.cli.reports import OUTPUT_KINDS, write_report
    from gongkai.formats import format_for_year

    kind = arguments.output.suffix.lower().lstrip(".") if arguments.output else None
    if arguments.output and kind not in OUTPUT_KINDS:
        suffixes = "、".join(f".{suffix}" for suffix in OUTPUT_KINDS)
        raise InputError(f"不支持的输出文件类型（应为 {suffixes}）", str(arguments.output))
    fmt = format_for_year(arguments.year)
    _setup_django()
    from gongkai.web.applications import statistics
    from gongkai.web.reports.models import AnnualReport

    agency = _agency(arguments.agency)
    report = statistics.computed_report(fmt, agency, arguments.year)
    sheet = report.sheet
    scope = "本行政区" if agency.is_jurisdiction else "本单位"
    print(f"{agency.name} {arguments.year}年度（{fmt.name}），由{scope}申请记录计算：")
    computed = statistics.linked_cells(fmt)
    shown = [(key, spec) for key, spec in fmt.cells.items() if key in computed and sheet.values.get(key)]
    for key, spec in shown:  # in the table's order; zeros left out
        print(f"  {spec.label} = {sheet.values[key]}    [{key}]")
    if not shown:
        print("  各单元格均为 0：申请记录中没有该年度收到、办理或结转的申请，也没有行政复议、行政诉讼案件。")
    result = check_report(report)
    for finding in result.findings:
        print(f"  [{finding.rule} {SEVERITY_LABELS[finding.severity]}] {finding.message}")
    stored = AnnualReport.objects.filter(agency=agency, year=arguments.year).first()
    differences = statistics.differences(stored, sheet) if stored and stored.format_id == fmt.id else []
    for difference in differences:
        print(f"  与年度报告不一致：{difference.label} 手工填写 {difference.entered}，"
              f"由记录计算为 {difference.computed}    [{difference.key}]")
    if arguments.output:
        write_report(report, kind, arguments.output)
        print(f"已生成：{arguments.output}")
    return EXIT_DATA_ERRORS if result.has_errors or differences else EXIT_OK
