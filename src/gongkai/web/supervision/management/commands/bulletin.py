"""gongkai web bulletin --jurisdiction 长春市九台区人民政府 --month 2026-11 [--issue --user office]
[--docx F] [--pdf F]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from gongkai.web.agencies.models import Agency
from gongkai.web.supervision import bulletins
from gongkai.web.supervision.models import Bulletin


class Command(BaseCommand):
    help = "生成、签发或打印本级政府的政务公开月度通报（已签发的按签发时的内容输出）。"

    def add_arguments(self, parser):
        parser.add_argument("--jurisdiction", required=True, help="本级政府名称")
        parser.add_argument("--month", required=True, help="通报月份，如 2026-11")
        parser.add_argument("--issue", action="store_true", help="签发（编发文字号并存档）")
        parser.add_argument("--user", help="签发人用户名（须为该行政区的政务公开协调办公室）")
        parser.add_argument("--docx", type=Path, help="写出 DOCX 到该文件")
        parser.add_argument("--pdf", type=Path, help="写出 PDF 到该文件")

    def handle(self, *args, **options):
        jurisdiction = Agency.objects.filter(name=options["jurisdiction"], kind=Agency.Kind.GOVERNMENT).first()
        if jurisdiction is None:
            raise CommandError(f"没有名为「{options['jurisdiction']}」的本级政府。")
        try:
            month = bulletins.month_of(options["month"])
            if options["issue"]:
                user = get_user_model().objects.filter(username=options["user"] or "").first()
                if user is None:
                    raise CommandError("签发须用 --user 指定签发人的用户名。")
                content = bulletins.issue(jurisdiction, month, user).content
            else:
                issued = Bulletin.objects.filter(jurisdiction=jurisdiction, month=month).first()
                content = issued.content if issued else bulletins.draft(jurisdiction, month)
        except bulletins.BulletinError as error:
            raise CommandError(error.message) from None
        except PermissionDenied:
            raise CommandError(f"用户「{options['user']}」无权签发{jurisdiction.name}的通报。") from None
        if options["docx"]:
            options["docx"].write_bytes(bulletins.render_docx(content))
        if options["pdf"]:
            options["pdf"].write_bytes(bulletins.render_pdf(content))
        self.stdout.write(f"{content['title']} {content['number'] or '（草稿，未签发）'}")
        self.stdout.write(content["rule"])
        header, rows = bulletins.ranking_table(content)
        for row in [header, *rows]:
            self.stdout.write("\t".join(row))
