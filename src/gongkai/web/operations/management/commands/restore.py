from django.core.management.base import BaseCommand, CommandError

from gongkai.errors import InputError
from gongkai.web.operations import backups


class Command(BaseCommand):
    help = "用备份文件替换整个数据库的内容（在一个事务中完成：备份文件无法读取时数据库不变）。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="gongkai web backup 生成的备份文件")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="不询问确认")

    def handle(self, *args, file, interactive, **options):
        if interactive and input(f"数据库中的全部数据将被 {file} 的内容替换。输入 yes 继续：") != "yes":
            raise CommandError("已取消，数据库未改动。")
        try:
            kind = backups.restore(file)
        except InputError as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(f"已从 {file} 恢复（{kind}）。如备份来自较早的版本，请再运行 gongkai web migrate。")
