"""Demo data: 长春市九台区, the seed's district, with its agencies, users, and reports.

Idempotent: agencies, users and reports that exist are kept; demo users get their demo password
back. The 2015 report is the seed's published report (examples/jiutai-2015.json).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.sheets import load_report_json
from gongkai.web.accounts.models import Role
from gongkai.web.agencies.models import Agency
from gongkai.web.reports import services
from gongkai.web.reports.models import AnnualReport

SEED_REPORT = settings.REPO_DIR / "examples" / "jiutai-2015.json"
GOVERNMENT = "长春市九台区人民政府"
COORDINATION_OFFICE = "九台区政务公开协调办公室"
AGENCIES = [  # (name, kind); all directly under the district government
    (COORDINATION_OFFICE, Agency.Kind.DEPARTMENT),
    ("九台区人民政府办公室", Agency.Kind.DEPARTMENT),
    ("九台区教育局", Agency.Kind.DEPARTMENT),
    ("九台区民政局", Agency.Kind.DEPARTMENT),
    ("九台区人力资源和社会保障局", Agency.Kind.DEPARTMENT),
    ("九台区卫生和计划生育局", Agency.Kind.DEPARTMENT),
    ("卡伦湖街道办事处", Agency.Kind.TOWNSHIP),
    ("其塔木镇人民政府", Agency.Kind.TOWNSHIP),
    ("九台区自来水公司", Agency.Kind.PUBLIC_ENTERPRISE),
]
# (username, full name, role, agency, password): printed at the end, for trying out each role.
USERS = [
    ("admin", "系统管理员", Role.Kind.ADMIN, None, "jiutai-admin-2016"),
    ("xietiao", "区政务公开协调办公室", Role.Kind.COORDINATION_OFFICE, COORDINATION_OFFICE, "jiutai-xietiao-2016"),
    ("shenhe", "分管副区长（审核）", Role.Kind.REVIEWER, GOVERNMENT, "jiutai-shenhe-2016"),
    ("jiaoyu", "教育局填报人员", Role.Kind.CLERK, "九台区教育局", "jiutai-jiaoyu-2016"),
    ("minzheng", "民政局填报人员", Role.Kind.CLERK, "九台区民政局", "jiutai-minzheng-2016"),
    ("qitamu", "其塔木镇填报人员", Role.Kind.CLERK, "其塔木镇人民政府", "jiutai-qitamu-2016"),
]
# A few of the 2016 figures, in the legacy table's cell keys; 教育局's website count exceeds its
# total, so that its draft shows a finding (L-6).
DRAFT_2016 = {
    "九台区教育局": {"stats.proactive.items|value": "312", "stats.proactive.channels.website|value": "340",
                 "stats.proactive.channels.wechat|value": "45", "stats.application.received|value": "3"},
    "九台区民政局": {"stats.proactive.items|value": "268", "stats.proactive.channels.website|value": "250",
                 "stats.proactive.channels.weibo|value": "18", "stats.fees|value": "0"},
}


class Command(BaseCommand):
    help = "载入演示数据：长春市九台区及其单位、各角色的演示用户、2015年度（已公开）和2016年度（草稿）报告。"

    @transaction.atomic
    def handle(self, *args, **options):
        seed = load_report_json(SEED_REPORT)
        government, _ = Agency.objects.get_or_create(
            name=GOVERNMENT, defaults={"kind": Agency.Kind.GOVERNMENT, "jurisdiction_name": seed.jurisdiction})
        agencies = {GOVERNMENT: government}
        for name, kind in AGENCIES:
            agencies[name], _ = Agency.objects.get_or_create(name=name, defaults={"kind": kind, "parent": government})
        users = {}
        for username, full_name, kind, agency_name, password in USERS:
            user, _ = get_user_model().objects.get_or_create(username=username)
            user.first_name = full_name
            user.is_staff = user.is_superuser = kind == Role.Kind.ADMIN
            user.set_password(password)
            user.save()
            Role.objects.get_or_create(user=user, kind=kind, agency=agencies.get(agency_name))
            users[username] = user
        admin = users["admin"]
        if not AnnualReport.objects.filter(agency=government, year=seed.year).exists():
            services.record_published(government, seed, admin)
            self._facts_from(government, seed)
        for name, values in DRAFT_2016.items():
            report = services.create_report(agencies[name], 2016, admin)
            if not report.cells.exists():
                services.save_cells(report, admin, values, report.revision)
        submitted = AnnualReport.objects.get(agency=agencies["九台区民政局"], year=2016)
        if submitted.status == AnnualReport.Status.DRAFT:
            services.submit(submitted, users["minzheng"])
        self.stdout.write(f"已载入演示数据：{seed.jurisdiction}，{len(agencies)}个单位。")
        self.stdout.write("演示账号（用户名 / 密码 / 角色）：")
        for username, _, kind, agency_name, password in USERS:
            self.stdout.write(f"  {username:10} {password:22} {Role.Kind(kind).label}"
                              + (f"（{agency_name}）" if agency_name else ""))

    def _facts_from(self, agency: Agency, report) -> None:
        """The staffing facts of the agency, as its published legacy report states them."""
        cells = report.sheet.values
        agency.full_time_staff = cells.get("stats.staffing.staff.full_time|value")
        agency.part_time_staff = cells.get("stats.staffing.staff.part_time|value")
        agency.reading_points = cells.get("stats.staffing.reading_points|value")
        agency.special_funds = cells.get("stats.staffing.special_funds|value")
        agency.save()
