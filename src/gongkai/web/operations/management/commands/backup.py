from django.core.management.base import BaseCommand, CommandError

from gongkai.errors import InputError
from gongkai.web.operations import backups


class Command(BaseCommand):
    help = "将整个数据库备份到一个文件（SQLite：在线备份；PostgreSQL：pg_dump 自定义格式），服务无需停止。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件（仅所有者可读写）")

    def handle(self, *args, file, **options):
        try:
            kind = backups.backup(file)
        except InputError as error:
            raise CommandError(str(error), returncode=2) from error
        self.stdout.write(f"已备份（{kind}）到 {file}")
