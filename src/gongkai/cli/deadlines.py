"""``gongkai due-date``: the statutory reply deadline of a disclosure application."""

import argparse
import datetime
import json

from gongkai.calendar import WorkingCalendar
from gongkai.deadlines import DueDate, Pause, due_date, load_rules
from gongkai.errors import InputError

WEEKDAYS = "一二三四五六日"
# gongkai.deadlines names the keyword at fault; the user typed the option.
OPTIONS = {"paused": "--paused", "regulation": "--regulation", "supplemented": "--supplemented"}


def register(subparsers: argparse._SubParsersAction) -> None:
    rules = load_rules()
    pause_kinds = {kind: pause.label for rule in rules.regulations.values() for kind, pause in rule.pauses.items()}
    kinds_help = "、".join(f"{kind}（{label}）" for kind, label in sorted(pause_kinds.items()))
    parser = subparsers.add_parser(
        "due-date",
        help="计算依申请公开的法定答复期限",
        description="计算政府信息公开申请的法定答复期限：按工作日计算，法定节假日不计入，调休上班日计入。",
    )
    parser.add_argument("received", metavar="收到申请之日", help="收到申请之日，格式 YYYY-MM-DD")
    parser.add_argument("--extension", action="store_true", help="经政府信息公开工作机构负责人同意延长答复期限")
    parser.add_argument(
        "--paused",
        action="append",
        default=[],
        metavar="开始日:结束日[:事由]",
        help=f"不计算在答复期限内的期间（首尾两日均不计入），可多次使用；事由可选：{kinds_help}",
    )
    parser.add_argument(
        "--regulation",
        metavar="|".join(rules.regulations),
        help="适用的《条例》版本；默认按收到申请之日确定（2019年5月15日起适用2019年修订版）",
    )
    parser.add_argument("--supplemented", metavar="YYYY-MM-DD", help="收到补正申请之日：答复期限自该日起重新计算")
    parser.add_argument(
        "--calendar", metavar="文件", help="补充或更正节假日安排的 YAML 文件（年份: holidays/workdays）"
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.set_defaults(handler=run)


def _date(value: str, argument: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"日期「{value}」格式不正确，应为 YYYY-MM-DD，如 2026-09-28", argument) from None


def _pause(value: str) -> Pause:
    parts = value.split(":")
    if len(parts) not in (2, 3):
        raise InputError(f"「{value}」格式不正确，应为 开始日:结束日[:事由]，如 2026-10-12:2026-10-20", "--paused")
    kind = parts[2] if len(parts) == 3 else None
    return Pause(_date(parts[0], "--paused"), _date(parts[1], "--paused"), kind)


def _chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def _text(result: DueDate) -> str:
    rules = load_rules()
    regulation = rules.regulations[result.regulation]
    limits = regulation.limits
    days = limits["reply"].working_days
    lines = [
        f"收到申请之日：{_chinese_date(result.received)}",
        f"适用：{regulation.name}{'、'.join(result.articles)}",
    ]
    if result.counted_from != result.received:
        lines.append(f"收到补正申请之日：{_chinese_date(result.counted_from)}，答复期限自该日起计算")
    period = f"自收到申请之日起{days}个工作日内予以答复"
    if result.extension:
        extra = limits["extension"].working_days
        period += f"；延长{extra}个工作日，共{days + extra}个工作日"
    lines.append(f"期限：{period}")
    start_rule = "收到申请之日计入" if rules.default_settings.receipt_day_counts else "收到申请之日不计入，自次日起算"
    lines.append(f"起算：{start_rule}")
    for pause in result.paused:
        reason = f"{regulation.pauses[pause.kind].label}，" if pause.kind else ""
        lines.append(
            f"暂停计算：{pause.first.isoformat()} 至 {pause.last.isoformat()}（{reason}首尾两日均不计入答复期限）"
        )
    lines.append(f"法定答复期限届满日：{_chinese_date(result.due)}")
    lines.append(f"计入的工作日（共{len(result.working_days)}个）：")
    for number, day in enumerate(result.working_days, start=1):
        note = "  调休上班" if day.weekday() >= 5 else ""
        lines.append(f"  第{number:>2}个  {day.isoformat()}  星期{WEEKDAYS[day.weekday()]}{note}")
    if result.provisional:
        years = "、".join(f"{year}年" for year in result.provisional_years)
        lines.append(
            f"警告：{years}的节假日安排尚未录入，该年按《全国年节及纪念日放假办法》规定的节日（含周末补假）"
            "和周末计算，结果为临时结果；国务院办公厅公布该年部分节假日安排后请重新计算。"
        )
    return "\n".join(lines)


def run(arguments: argparse.Namespace) -> int:
    received = _date(arguments.received, "收到申请之日")
    supplemented = _date(arguments.supplemented, "--supplemented") if arguments.supplemented else None
    pauses = [_pause(value) for value in arguments.paused]
    calendar = WorkingCalendar.from_yaml(arguments.calendar) if arguments.calendar else None
    try:
        result = due_date(
            received,
            extension=arguments.extension,
            paused=pauses,
            regulation=arguments.regulation,
            calendar=calendar,
            supplemented=supplemented,
        )
    except InputError as error:
        raise InputError(error.message, OPTIONS.get(error.place, error.place)) from None
    if arguments.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(_text(result))
    return 0
