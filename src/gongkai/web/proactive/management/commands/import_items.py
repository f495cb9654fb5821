"""gongkai web import_items 导出.csv --agency 九台区教育局 --user jiaoyu [--map title=标题 …] [--dry-run]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongkai.web.agencies.models import Agency
from gongkai.web.proactive import imports, permissions


class Command(BaseCommand):
    help = "从网站内容管理系统导出的 CSV 或 XLSX 批量导入主动公开信息（任何一行有误则不保存）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV 或 XLSX 文件，第一行为列名")
        parser.add_argument("--agency", required=True, help="导入到的机关名称")
        parser.add_argument("--user", required=True, help="经办人用户名（须有该机关的登记权限）")
        parser.add_argument("--map", action="append", default=[], metavar="项目=列名",
                            help="指定列，如 title=标题；未指定的按列名识别。项目：" + "、".join(imports.COLUMNS))
        parser.add_argument("--dry-run", action="store_true", help="只检查，不保存")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        agency = Agency.objects.filter(name=options["agency"]).first()
        if agency is None:
            raise CommandError(f"没有名为「{options['agency']}」的机关。")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None or not permissions.can_register(user, agency):
            raise CommandError(f"用户「{options['user']}」不存在或无权为{agency.name}登记信息。")
        try:
            columns = imports.headers(path, path.name)
            mapping = imports.guess_mapping(columns)
            for entry in options["map"]:
                name, _, header = entry.partition("=")
                if name not in imports.COLUMNS or header not in columns:
                    raise CommandError(f"--map {entry}：项目应为{'、'.join(imports.COLUMNS)}之一，"
                                       "列名应为文件中的列名。")
                mapping[name] = columns.index(header)
            result = imports.run(path, path.name, agency, user, mapping, permissions.registering_agencies(user),
                                 dry_run=options["dry_run"])
        except imports.ImportFileError as error:
            raise CommandError(error.message) from None
        for error in result.errors:
            self.stderr.write(f"{path.name} {error}")
        if result.errors:
            raise CommandError(f"共{result.rows}行，发现{len(result.errors)}处错误，未作任何保存。")
        verb = "试导入通过（未保存）" if result.dry_run else "已导入"
        self.stdout.write(f"{verb}：共{result.rows}行，新增{result.created}条，更新{result.updated}条。")
