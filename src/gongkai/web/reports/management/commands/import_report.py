"""`gongkai web import_report FILE --agency 名称 --user 用户名`: a past published report into the platform.

Without ``--confirm`` it only shows what was read (every cell with its evidence, what could not be
read, the findings); with it, the reading (corrected by ``--set KEY=VALUE``) becomes the agency's
published report on its year, as the import page does (``reports.imports``).
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongkai.web.agencies.models import Agency
from gongkai.web.reports import imports, services


class Command(BaseCommand):
    help = "导入往年已公开的年度报告：显示读出的各项数值和发现的问题，加 --confirm 记为该年度已公开的报告"

    def add_arguments(self, parser):
        parser.add_argument("file", help="年度报告文件（PDF、DOCX、HTML、TXT、扫描图像等）")
        parser.add_argument("--agency", required=True, help="报告所属单位的名称或编号")
        parser.add_argument("--user", required=True, help="操作人的用户名（记入修改记录）")
        parser.add_argument("--year", type=int, help="报告年度（默认取报告标题中的年度）")
        parser.add_argument("--published", help="发布日期 YYYY-MM-DD（默认取报告落款日期）")
        parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="更正一个读出的数值")
        parser.add_argument("--replace", action="store_true", help="替换该单位该年度已有的报告")
        parser.add_argument("--confirm", action="store_true", help="确认导入（否则只显示读出的内容）")

    def handle(self, *args, **options):
        path = Path(options["file"])
        agency = self._agency(options["agency"])
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"--user：没有用户「{options['user']}」。")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}：无法读取文件（{error.strerror}）。") from None
        try:
            reading = imports.read_upload(path.name, [data])
        except services.ReportError as error:
            raise CommandError(error.message) from None
        values = {cell.key: cell.value for cell in reading.cells}
        for assignment in options["set"]:
            key, sep, value = assignment.partition("=")
            if not sep or key not in reading.format.cells:
                raise CommandError(f"--set {assignment}：应为「单元格键=数值」，单元格键见下方列表。")
            values[key] = value
        self._show(reading, values)
        if not options["confirm"]:
            self.stdout.write("未导入：核对无误后加 --confirm 导入（用 --set 单元格键=数值 更正）。")
            return
        year = options["year"] or reading.year
        published = reading.published
        try:
            if options["published"]:
                published = datetime.date.fromisoformat(options["published"])
        except ValueError:
            raise CommandError(f"--published {options['published']}：日期应为 YYYY-MM-DD。") from None
        if year is None:
            raise CommandError("未能从报告标题读出报告年度，请用 --year 指定。")
        try:
            report = imports.confirm_import(
                agency, user, format_id=reading.format.id, year=year,
                read={cell.key: cell.value for cell in reading.cells}, values=values, sections=reading.sections,
                title=reading.title, published=published, filename=reading.filename, replace=options["replace"])
        except services.InvalidCells as error:
            raise CommandError("\n".join([error.message, *(f"{k}：{m}" for k, m in error.errors.items())])) from None
        except services.ReportError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"已导入为{agency.name}{report.year}年度已公开的年度报告（编号{report.pk}）。")

    def _agency(self, name: str) -> Agency:
        found = Agency.objects.filter(pk=int(name)) if name.isdigit() else Agency.objects.filter(name=name)
        if len(found) != 1:
            raise CommandError(f"--agency：没有名为「{name}」的单位。")
        return found[0]

    def _show(self, reading: imports.Reading, values) -> None:
        write = self.stdout.write
        write(f"{reading.filename}：{reading.format.name}，{reading.year or '年度未知'}年度，"
              f"发布日期{reading.published or '未读出'}")
        write(f"读出 {len(reading.cells)} 个数值（单元格键 数值 来源 原文行）：")
        for cell in reading.cells:
            source = "图像识别" if cell.source == "ocr" else "文字"
            if cell.confidence is not None:
                source += f" 置信度{cell.confidence:.0%}"
            write(f"  {cell.key} {values[cell.key]} {source} 第{cell.line}行：{cell.line_text[:60]}")
        write(f"未能读出 {len(reading.unread)} 个数值。")
        for finding in reading.findings:
            write(f"  [{finding.rule}] {finding.message}")
