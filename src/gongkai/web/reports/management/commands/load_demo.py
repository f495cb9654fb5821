"""Demo data: 长春市九台区, the seed's district, with its agencies, users, reports and applications.

Idempotent: agencies, users, reports and applications that exist are kept; demo users get their demo
password back. The 2015 report is the seed's published report (examples/jiutai-2015.json). The
applications are dated back from today, so that the queue shows one overdue, one due soon and the
paused ones, and go through the procedure's steps by the same services a clerk uses.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from gongkai.sheets import load_report_json
from gongkai.web.accounts.models import Role
from gongkai.web.agencies.models import Agency
from gongkai.web.applications import services as applications
from gongkai.web.applications.models import Application
from gongkai.web.complaints import demo as complaints_demo
from gongkai.web.engagement import demo as engagement_demo
from gongkai.web.proactive import demo as proactive_demo
from gongkai.web.reports import services
from gongkai.web.reports.models import AnnualReport

SEED_REPORT = settings.REPO_DIR / "examples" / "jiutai-2015.json"
GOVERNMENT = "长春市九台区人民政府"
COORDINATION_OFFICE = "九台区政务公开协调办公室"
AGENCIES = [  # (name, kind, 机关代字); all directly under the district government
    (COORDINATION_OFFICE, Agency.Kind.DEPARTMENT, "九政公"),
    ("九台区人民政府办公室", Agency.Kind.DEPARTMENT, "九府办"),
    ("九台区教育局", Agency.Kind.DEPARTMENT, "九教"),
    ("九台区民政局", Agency.Kind.DEPARTMENT, "九民"),
    ("九台区人力资源和社会保障局", Agency.Kind.DEPARTMENT, "九人社"),
    ("九台区卫生和计划生育局", Agency.Kind.DEPARTMENT, "九卫计"),
    ("卡伦湖街道办事处", Agency.Kind.TOWNSHIP, "卡街"),
    ("其塔木镇人民政府", Agency.Kind.TOWNSHIP, "其政"),
    ("九台区自来水公司", Agency.Kind.PUBLIC_ENTERPRISE, "九水司"),
]
GOVERNMENT_DESIGNATION = "九府"
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

APPLICANTS = [  # fictitious
    {"name": "王晓明", "id_document": "居民身份证 220181198805050011", "phone": "13900000001",
     "address": "长春市九台区新华大街100号"},
    {"name": "长春某某建材有限公司", "id_document": "统一社会信用代码 91220181MA00000000", "phone": "0431-82000000",
     "address": "长春市九台区工业园区8号"},
    {"name": "李红", "id_document": "居民身份证 220181199203030022", "phone": "",
     "address": "长春市九台区卡伦湖街道幸福里3号", "email": "lihong@example.cn"},
]


class Command(BaseCommand):
    help = ("载入演示数据：长春市九台区及其单位、各角色的演示用户、2015年度（已公开）和2016年度（草稿）报告、"
            "若干政府信息公开申请、主动公开信息登记和各单位的政府信息公开指南、2015年度回应解读记录、举报投诉。")

    @transaction.atomic
    def handle(self, *args, **options):
        seed = load_report_json(SEED_REPORT)
        government, _ = Agency.objects.get_or_create(
            name=GOVERNMENT, defaults={"kind": Agency.Kind.GOVERNMENT, "jurisdiction_name": seed.jurisdiction})
        agencies = {GOVERNMENT: government}
        for name, kind, _ in AGENCIES:
            agencies[name], _ = Agency.objects.get_or_create(name=name, defaults={"kind": kind, "parent": government})
        for name, designation in [(GOVERNMENT, GOVERNMENT_DESIGNATION), *((a[0], a[2]) for a in AGENCIES)]:
            Agency.objects.filter(name=name, designation="").update(designation=designation)
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
        if not Application.objects.filter(agency__in=agencies.values()).exists():
            self._applications(agencies, users)
        responses = engagement_demo.load(government, admin)  # the seed's legacy 二, as records
        # This year's report of 教育局, whose tables 三 and 四 its clerk can fill from the applications.
        services.create_report(agencies["九台区教育局"], timezone.localdate().year, admin)
        items = proactive_demo.load(government, agencies, admin, COORDINATION_OFFICE)
        complaints = complaints_demo.load(agencies, users)
        count = Application.objects.filter(agency__in=agencies.values()).count()
        self.stdout.write(f"已载入演示数据：{seed.jurisdiction}，{len(agencies)}个单位，{count}件政府信息公开申请，"
                          f"{items}条主动公开信息，{engagement_demo.YEAR}年{responses}次回应解读，{complaints}件举报投诉。")
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

    def _applications(self, agencies: dict, users: dict) -> None:
        """Applications at every stage, registered and handled as a clerk would."""
        today = timezone.localdate()
        education, civil, town = agencies["九台区教育局"], agencies["九台区民政局"], agencies["其塔木镇人民政府"]
        jiaoyu, minzheng, qitamu = users["jiaoyu"], users["minzheng"], users["qitamu"]

        def ago(days: int) -> datetime.date:
            return today - datetime.timedelta(days=days)

        def register(agency, user, received, channel, kind, description, applicant=0):
            return applications.register(agency, user, channel=channel, received=received, applicant_kind=kind,
                                         description=description, form_requirements="纸质",
                                         applicant=APPLICANTS[applicant])

        # The seed's one application of 2015 (legacy 三): in person, refused (法律法规规定的其他情形) on time, and
        # no costs charged (七: 0万元), so the 2015 table's 三 and 七 are its records.
        seed = register(education, jiaoyu, datetime.date(2015, 6, 8), "in_person", "natural_person",
                        "2015年九台区中小学校舍安全工程项目招标文件")
        applications.record_reply(seed, jiaoyu, replied_on=datetime.date(2015, 6, 19),
                                  outcome="stats.application.replies.refused.other_legal",
                                  note="所需信息属于法律法规规定不予公开的其他情形。")
        # Received in December, answered in January: 结转下年度 in one year, 上年结转 in the next; then reviewed.
        year = today.year if today > datetime.date(today.year, 4, 1) else today.year - 1
        carried = register(civil, minzheng, datetime.date(year - 1, 12, 22), "letter", "natural_person",
                           f"{year - 1}年度九台区城乡居民最低生活保障资金发放情况")
        applications.record_reply(carried, minzheng, replied_on=datetime.date(year, 1, 12),
                                  outcome="t3.partially_granted", note="部分信息涉及个人隐私，已作区分处理。")
        review = applications.record_review(carried, minzheng, kind="review", filed_on=datetime.date(year, 2, 9),
                                            body="长春市九台区人民政府")
        applications.decide_review(review, minzheng, decided_on=datetime.date(year, 4, 1), decision="upheld")
        answered = register(education, jiaoyu, ago(60), "in_person", "natural_person",
                            "九台区义务教育阶段学校招生划片范围")
        applications.record_reply(answered, jiaoyu, replied_on=ago(45), outcome="t3.granted")
        extended = register(education, jiaoyu, ago(50), "letter", "commercial",
                            "九台区校舍维修工程招标文件及中标结果", applicant=1)
        applications.extend(extended, jiaoyu, on=ago(25), approver="区教育局办公室主任", notified_on=ago(25),
                            reason="申请内容涉及多个年度的档案，需要调取整理")
        applications.record_reply(extended, jiaoyu, replied_on=ago(10), outcome="t3.unable.not_held")
        register(education, jiaoyu, ago(45), "in_person", "natural_person", "九台区教师招聘考试成绩及录用名单")
        register(education, jiaoyu, ago(24), "online", "natural_person", "九台区学前教育普惠性幼儿园名单", applicant=2)
        consulting = register(education, jiaoyu, ago(12), "fax", "commercial", "某民办学校办学许可审批材料",
                              applicant=1)
        applications.start_consultation(consulting, jiaoyu, kind="third_party_consultation", on=ago(6),
                                        party="九台区某民办学校")
        paying = register(civil, minzheng, ago(20), "letter", "commercial", "近五年全区养老机构备案及检查记录",
                          applicant=1)
        applications.fee_notice(paying, minzheng, issued_on=ago(5), per_page=180)
        supplementing = register(town, qitamu, ago(9), "in_person", "natural_person", "本村土地征收补偿", applicant=0)
        applications.request_supplement(supplementing, qitamu, on=ago(7), applicant_due=ago(-10),
                                        items="请写明所涉村组名称及征收项目的名称或年份")
