"""The menu of every page, the public front door and each role's home: one place, as data.

``MENUS`` holds one list of links per audience: ``public`` (everyone, signed in or not; the front
door shows these with their descriptions), ``staff`` (every signed-in user) and one per role kind
(``accounts.models.Role.Kind``). ``WORK`` holds, per role kind, the lists of waiting work shown on
that role's home. An app adds a page to the menu, or a list to a home, by appending one entry
here; nothing else decides what a menu or a home shows. A user with several roles sees the union,
each link once, in the order of the lists.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from gongkai.web.accounts import permissions
from gongkai.web.accounts.models import Role
from gongkai.web.agencies.models import Agency
from gongkai.web.reports import permissions as report_permissions

Kind = Role.Kind


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    description: str = ""  # shown on the front door (public links) or the home
    # One link per jurisdiction the user acts for; the function gives the URL's arguments.
    per_jurisdiction: Callable[[Agency], tuple] | None = None
    shown: Callable[[object], bool] | None = None  # whether the user may open it, when the role alone does not say

    def resolve(self, user) -> list[tuple[str, str]]:
        """(label, URL) pairs for ``user``; the jurisdiction's name is added when there are several."""
        if self.shown is not None and not self.shown(user):
            return []
        if self.per_jurisdiction is None:
            return [(self.label, reverse(self.url_name))]
        jurisdictions = permissions.jurisdictions_of(user)
        return [(self.label if len(jurisdictions) == 1 else f"{self.label}（{j.jurisdiction_name or j.name}）",
                 reverse(self.url_name, args=self.per_jurisdiction(j))) for j in jurisdictions]


def latest_report_year(jurisdiction: Agency) -> int:
    """The latest year the jurisdiction's agencies have reports for (else the reporting year)."""
    from gongkai.web.reports.models import AnnualReport

    latest = AnnualReport.objects.filter(agency__path__startswith=jurisdiction.path).aggregate(year=Max("year"))
    return latest["year"] or timezone.localdate().year - 1


MENUS: dict[str, list[Link]] = {
    "public": [
        Link("政府信息公开工作年度报告", "public:list", "历年已公开的年度报告，在线阅读并下载。"),
        Link("网络申请政府信息公开", "applications:choose", "选择行政机关，在线提交政府信息公开申请。"),
        Link("查询申请办理情况", "applications:track", "凭提交申请时取得的查询码，查询办理进度和答复结果。"),
        Link("政府信息公开目录", "catalogue:catalogue",
             "按发布机构、主题分类、年份和公开渠道浏览主动公开的政府信息，按词语检索。"),
        Link("政府信息公开指南", "catalogue:guides",
             "各行政机关的政府信息公开指南：公开范围、方式、受理机构和答复期限。"),
    ],
    "staff": [
        Link("工作台", "reports:home"),
        Link("修改密码", "password_change"),
    ],
    Kind.CLERK: [
        Link("依申请公开待办", "applications:queue"),
        Link("导入往年年度报告", "reports:import_published"),
        Link("主动公开信息登记", "proactive:register"),
        Link("回应解读", "engagement:responses"),
        Link("会议和培训", "engagement:meetings"),
        Link("机构建设和保障经费", "engagement:facts"),
        Link("举报投诉", "complaints:list"),
        Link("政务公开通报和整改", "supervision:mine"),
    ],
    Kind.COORDINATION_OFFICE: [
        Link("年度报告汇总", "reports:dashboard", per_jurisdiction=lambda j: (j.pk, latest_report_year(j))),
        Link("导入往年年度报告", "reports:import_published"),
        Link("依申请公开办理情况", "applications:overview", per_jurisdiction=lambda j: (j.pk,)),
        Link("依申请公开待办", "applications:queue"),
        Link("主动公开信息登记", "proactive:register"),
        Link("主动公开发布及时性", "proactive:timeliness", per_jurisdiction=lambda j: (j.pk,)),
        Link("政务公开月度通报", "supervision:bulletins", per_jurisdiction=lambda j: (j.pk,)),
        Link("抽查督查和整改", "supervision:checks", per_jurisdiction=lambda j: (j.pk,)),
        Link("主题分类和体裁", "proactive:taxonomy"),
        Link("回应解读", "engagement:responses"),
        Link("会议和培训", "engagement:meetings"),
        Link("机构建设和保障经费", "engagement:facts"),
        Link("举报投诉", "complaints:list"),
        Link("节假日安排", "applications:calendar"),
        Link("文书模板", "applications:document_templates"),
        Link("年度报告正文模板", "reports:narrative_templates"),
        Link("登录锁定", "lockouts"),
    ],
    Kind.REVIEWER: [
        Link("年度报告汇总", "reports:dashboard", per_jurisdiction=lambda j: (j.pk, latest_report_year(j))),
        Link("依申请公开办理情况", "applications:overview", per_jurisdiction=lambda j: (j.pk,)),
        Link("政务公开月度通报", "supervision:bulletins", per_jurisdiction=lambda j: (j.pk,)),
    ],
    Kind.ADMIN: [
        Link("年度报告汇总", "reports:dashboard", per_jurisdiction=lambda j: (j.pk, latest_report_year(j))),
        Link("依申请公开待办", "applications:queue"),
        Link("主动公开信息登记", "proactive:register"),
        Link("节假日安排", "applications:calendar"),
        Link("文书模板", "applications:document_templates"),
        Link("年度报告正文模板", "reports:narrative_templates"),
        Link("登录锁定", "lockouts"),
        Link("系统管理", "admin:index", shown=lambda user: user.is_staff),  # Django's admin asks for is_staff
    ],
}


def role_kinds(user) -> list[str]:
    """The role kinds the user holds, in the order of ``Role.Kind``; a superuser counts as an admin."""
    held = permissions.role_kinds(user)
    return [kind for kind in Kind.values if kind in held]


def links(user, audience: str | None = None) -> list[tuple[str, str]]:
    """The menu of ``user`` (or of one ``audience``): (label, URL) pairs, each URL once."""
    if audience is not None:
        groups = [audience]
    elif user.is_authenticated:
        groups = ["staff", *role_kinds(user)]
    else:
        groups = ["public"]
    seen, result = set(), []
    for group in groups:
        for link in MENUS[group]:
            for label, url in link.resolve(user):
                if url not in seen:
                    seen.add(url)
                    result.append((label, url))
    return result


def menu(request):
    """Context processor: the menu of the signed-in user, or the public one."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"menu": links(user)}


# ---------------------------------------------------------------- what waits on each role's home


@dataclass
class WorkItem:
    label: str
    url: str
    note: str = ""
    urgent: bool = False


@dataclass
class WorkList:
    title: str
    empty: str  # said when nothing waits
    items: list[WorkItem]
    more: tuple[str, str] | None = None  # (label, URL) of the page with the whole list


def _reports(user, statuses, allowed, title, empty, note) -> WorkList:
    """The reports in ``statuses`` of the agencies the user sees, every year, that ``allowed`` lets
    the user act on; most recent year first."""
    from gongkai.web.reports.models import AnnualReport

    found = (AnnualReport.objects.filter(status__in=statuses, agency__in=permissions.viewable_agencies(user))
             .select_related("agency__parent").order_by("-year", "agency__path"))
    return WorkList(title, empty, [WorkItem(f"{report.agency.name}{report.year}年度报告",
                                            reverse("reports:report", args=[report.pk]),
                                            note(report), urgent=report.status == "returned")
                                   for report in found if allowed(user, report)])


def reports_to_fill(user) -> WorkList:
    return _reports(user, ("draft", "returned"), report_permissions.can_edit_report, "待填报、待修改的年度报告",
                    "没有待填报的年度报告。",
                    lambda r: "已退回，请按退回意见修改" if r.status == "returned" else "草稿")


def reports_to_review(user) -> WorkList:
    return _reports(user, ("submitted",), report_permissions.can_review_report, "待审核的年度报告",
                    "没有待审核的年度报告。", lambda r: "已报送，待审核")


def reports_to_publish(user) -> WorkList:
    return _reports(user, ("approved",), report_permissions.can_publish_report, "待批准公开的年度报告",
                    "没有待公开的年度报告。", lambda r: "已审核通过，待批准公开")


def open_applications(user) -> WorkList:
    """The open applications of the agencies the user sees, as counted by the queue, per agency."""
    from gongkai.web.applications import services

    counts: dict[int, list] = {}
    for item in services.open_queue(permissions.viewable_agencies(user)):
        agency = item["application"].agency
        entry = counts.setdefault(agency.pk, [agency, 0, 0, 0])
        entry[1] += 1
        entry[2] += item["overdue"]
        entry[3] += item["soon"]
    queue = reverse("applications:queue")
    items = [WorkItem(f"{agency.name}：未办结申请{total}件", f"{queue}?agency={agency.pk}",
                      "，".join(part for part in (f"已逾期{overdue}件" if overdue else "",
                                                  f"即将到期{soon}件" if soon else "") if part),
                      urgent=bool(overdue))
             for agency, total, overdue, soon in counts.values()]
    return WorkList("未办结的政府信息公开申请", "没有未办结的申请。", items, ("依申请公开待办", queue))


def open_complaints(user) -> WorkList:
    """The open complaints of the agencies the user sees, overdue ones first."""
    from gongkai.web.complaints import services

    items = [WorkItem(f"{item['complaint'].agency.name}：{item['complaint']}",
                      reverse("complaints:detail", args=[item["complaint"].pk]),
                      f"办理期限{item['complaint'].due:%Y年%-m月%-d日}" + ("，已逾期" if item["overdue"] else
                                                                         "，即将到期" if item["soon"] else ""),
                      urgent=item["overdue"])
             for item in services.listed(permissions.viewable_agencies(user), open_only=True)]
    return WorkList("未办结的举报投诉", "没有未办结的举报投诉。", items, ("举报投诉", reverse("complaints:list")))


def guides_to_review(user) -> WorkList:
    """政府信息公开指南 submitted by the agencies of the jurisdictions whose office the user is."""
    from gongkai.web.proactive import permissions as proactive_permissions
    from gongkai.web.proactive.models import Guide

    found = Guide.objects.filter(status=Guide.Status.SUBMITTED).select_related("agency__parent")
    return WorkList("待审核的政府信息公开指南", "没有待审核的指南。", [
        WorkItem(f"{guide.agency.name}政府信息公开指南（第{guide.number}版）",
                 reverse("proactive:guide_review", args=[guide.pk]), "已报送，待审核")
        for guide in found if proactive_permissions.can_review_guide(user, guide.agency)])


def open_rectifications(user) -> WorkList:
    """The rectifications (整改) asked of the agencies the user sees and not yet answered, by deadline."""
    from gongkai.web.supervision import checks

    today = timezone.localdate()
    return WorkList("未关闭的整改要求", "没有未关闭的整改要求。", [
        WorkItem(f"{item.agency.name}：{item.spot_check.subject}", reverse("supervision:answer", args=[item.pk]),
                 f"整改期限{item.deadline:%Y-%m-%d}" + ("，已逾期" if item.overdue(today) else ""),
                 urgent=item.overdue(today))
        for item in checks.open_rectifications(permissions.viewable_agencies(user))[:50]],
        ("政务公开通报和整改", reverse("supervision:mine")))


WORK: dict[str, list[Callable]] = {
    Kind.CLERK: [reports_to_fill, open_applications, open_complaints, open_rectifications],
    Kind.COORDINATION_OFFICE: [reports_to_review, reports_to_fill, guides_to_review, open_rectifications,
                               open_applications, open_complaints],
    Kind.REVIEWER: [reports_to_review, reports_to_publish, open_applications],
    Kind.ADMIN: [reports_to_review, reports_to_publish, open_applications],
}


def work(user) -> list[WorkList]:
    """The lists of waiting work on the user's home, each list once."""
    seen, lists = set(), []
    for kind in role_kinds(user):
        for source in WORK[kind]:
            if source not in seen:
                seen.add(source)
                lists.append(source(user))
    return lists
