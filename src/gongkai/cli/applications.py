"""``gongkai deadlines``: each agency's disclosure applications that are overdue or due soon (cron-able).

It reads the web platform's database (``DATABASE_URL``, see ``gongkai.web.settings``) and sets up
Django itself. Exit code 1 when some application is overdue, so that cron can alert on it.
"""

from __future__ import annotations

import argparse
import datetime
import os

from gongkai.errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "deadlines",
        help="列出各单位已逾期和即将到期的政府信息公开申请",
        description="列出各单位已逾期和即将到期（5个工作日内届满）的政府信息公开申请，按答复期限排序。"
                    "有逾期申请时退出码为 1。",
    )
    parser.add_argument("--agency", metavar="名称", help="只列出该单位")
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="以该日为今天（默认：今天）")
    parser.add_argument("--mail", action="store_true",
                        help="另把各单位的清单发给该单位填报人员的电子邮箱（邮件设置见 GONGKAI_EMAIL_* 环境变量）")
    parser.set_defaults(handler=run)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django

    django.setup()


def run(arguments: argparse.Namespace) -> int:
    _setup_django()
    from django.utils import timezone

    from gongkai.web.applications import services

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
        agencies = agencies.filter(name=arguments.agency)
        if not agencies.exists():
            raise InputError(f"没有名为「{arguments.agency}」的单位", "--agency")
    items = [item for item in services.open_queue(agencies, today) if item["overdue"] or item["soon"]]
    soon_until = services.soon_threshold(today)
    print(f"截至 {today.isoformat()}：已逾期 {sum(item['overdue'] for item in items)} 件，"
          f"{soon_until.isoformat()} 前届满 {sum(item['soon'] for item in items)} 件")
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
