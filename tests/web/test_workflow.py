"""The annual report from draft to publication, corrections, and the jurisdiction's compilation."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gongkai.sheets import report_from_dict
from gongkai.web.reports import services
from gongkai.web.reports.models import AnnualReport, CellValue
from tests.web.conftest import PARTIAL

ITEMS = "stats.proactive.items|value"
WEBSITE = "stats.proactive.channels.website|value"
FEES = "stats.fees|value"


def fill(report, user, values):
    services.save_cells(report, user, values, report.revision)


def test_report_goes_from_draft_to_published(world, report):
    fill(report, world.clerk, {ITEMS: "120"})
    services.submit(report, world.clerk)
    services.return_with_comment(report, world.coordinator, "主动公开数与网站公开数不一致，请核实")
    assert report.status == "returned"
    fill(report, world.clerk, {ITEMS: "130"})
    services.submit(report, world.clerk)
    services.approve(report, world.coordinator, override=PARTIAL)
    version = services.publish(report, world.reviewer, override=PARTIAL)
    report.refresh_from_db()
    assert report.status == "published" and report.published == datetime.date.today()
    assert version.number == 1 and version.data["cells"][ITEMS] == 130
    assert report_from_dict(version.data).agency == "九台区教育局"


def test_return_needs_a_comment(world, report):
    services.submit(report, world.clerk)
    with pytest.raises(services.ReportError, match="退回意见"):
        services.return_with_comment(report, world.coordinator, "  ")
    assert AnnualReport.objects.get(pk=report.pk).status == "submitted"


def test_correction_makes_a_new_version_and_the_old_one_stays_readable(client, world, report):
    fill(report, world.clerk, {ITEMS: "120"})
    services.submit(report, world.clerk)
    services.approve(report, world.coordinator, override=PARTIAL)
    services.publish(report, world.reviewer, override=PARTIAL)
    services.reopen(report, world.reviewer, "主动公开数统计有误")
    fill(report, world.clerk, {ITEMS: "121"})
    services.submit(report, world.clerk)
    services.approve(report, world.coordinator, override=PARTIAL)
    services.publish(report, world.reviewer, "更正主动公开数", override=PARTIAL)
    first, second = report.versions.order_by("number")
    assert (first.data["cells"][ITEMS], second.data["cells"][ITEMS]) == (120, 121)
    assert second.note == "更正主动公开数"
    client.force_login(world.clerk)
    page = client.get(reverse("reports:version", args=[report.pk, 1])).content.decode()
    assert ">120<" in page


def test_reopen_is_only_for_published_reports(world, report):
    with pytest.raises(Exception, match="权限"):
        services.reopen(report, world.reviewer, "原因")


def test_compilation_sums_approved_reports_and_leaves_blank_what_a_member_left_blank(world, report):
    fill(report, world.clerk, {ITEMS: "120", WEBSITE: "100", FEES: "0.1"})
    services.submit(report, world.clerk)
    services.approve(report, world.coordinator, override=PARTIAL)
    civil = services.create_report(world.civil, 2016, world.other_clerk)
    fill(civil, world.other_clerk, {ITEMS: "30", FEES: "0.2"})
    services.submit(civil, world.other_clerk)
    services.approve(civil, world.coordinator, override=PARTIAL)
    services.create_report(world.town, 2016, world.admin)  # a draft: not in the total
    compilation = services.compile_jurisdiction(world.government, 2016, world.coordinator)
    own = compilation.report
    assert own.agency == world.government
    values = dict(own.cells.values_list("key", "value"))
    assert values[ITEMS] == "150" and values[FEES] == "0.3"  # exact decimal sum
    assert WEBSITE not in values  # 民政局 left it blank: the total is missing, not 100
    assert compilation.missing[WEBSITE] == ["九台区民政局"]
    assert [a.name for a in compilation.pending] == ["九台区政务公开协调办公室", "其塔木镇人民政府"]
    assert own.events.filter(kind="cell", target=ITEMS, new="150").exists()


def test_compilation_compares_like_with_like(client, world, report):
    """The total is compared with last year's district report only once every member is in it (not one
    agency's figures against the whole district); each agency is compared with itself last year."""
    from gongkai.sheets import load_report_json
    from gongkai.web.settings import REPO_DIR

    services.record_published(world.government, load_report_json(REPO_DIR / "examples/jiutai-2015.json"), world.admin)
    last_year = services.create_report(world.education, 2015, world.clerk)
    fill(last_year, world.clerk, {ITEMS: "280"})
    fill(report, world.clerk, {ITEMS: "300"})
    services.submit(report, world.clerk)
    services.approve(report, world.coordinator, override=PARTIAL)
    compilation = services.compile_jurisdiction(world.government, 2016, world.coordinator)
    assert compilation.pending and not compilation.previous_year
    assert all(change.previous is None for change in compilation.changes)
    [(education, changes)] = compilation.member_changes
    change = next(c for c in changes if c.spec.key == ITEMS)
    assert education == report and (change.value, change.previous, change.change) == (300, 280, 20)

    client.force_login(world.coordinator)
    page = client.post(reverse("reports:compile", args=[world.government.pk, 2016])).content.decode()
    assert "合计与上年本级报告不可比" in page
    assert "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）" in page and ">统计数<" not in page

    for member in world.government.members():  # every member approved: the total meets last year's
        own = AnnualReport.objects.filter(agency=member, year=2016).first() or services.create_report(
            member, 2016, world.admin)
        if own.status != "approved":
            fill(own, world.admin, {ITEMS: "0"} if own != report else {})
            services.submit(own, world.admin)
            services.approve(own, world.admin, override=PARTIAL)
    compilation = services.compile_jurisdiction(world.government, 2016, world.coordinator)
    change = next(c for c in compilation.changes if c.spec.key == ITEMS)
    assert compilation.previous_year and (change.value, change.previous, change.change) == (300, 4245, -3945)


def test_compilation_compares_many_agencies_with_their_last_year_in_a_fixed_number_of_queries(
        world, django_assert_max_num_queries):
    from gongkai.web.agencies.models import Agency

    def approved(agency, year, items):
        own = services.create_report(agency, year, world.admin)
        fill(own, world.admin, {ITEMS: items})
        services.submit(own, world.admin)
        services.approve(own, world.admin, override=PARTIAL)
        return own

    for index in range(40):
        agency = Agency.objects.create(name=f"九台区第{index}局", kind=Agency.Kind.DEPARTMENT, parent=world.government)
        earlier = approved(agency, 2015, "10")
        if index % 2:  # last year as published for half of them, as it stands for the others
            services.publish(earlier, world.admin, override=PARTIAL)
        approved(agency, 2016, str(10 + index))
    services.compile_jurisdiction(world.government, 2016, world.coordinator)  # writes the total
    with django_assert_max_num_queries(15):  # as many for 40 agencies as for 4: none per agency
        compilation = services.compile_jurisdiction(world.government, 2016, world.coordinator)
    assert len(compilation.member_changes) == 40
    for report, changes in compilation.member_changes:
        change = next(c for c in changes if c.spec.key == ITEMS)
        assert (change.previous, change.value) == (10, 10 + int(report.agency.name[4:-1]))


def test_compilation_without_approved_reports_is_refused(world, report):
    with pytest.raises(services.ReportError, match="还没有已审核的单位报告"):
        services.compile_jurisdiction(world.government, 2016, world.coordinator)


def test_amounts_are_stored_exactly(world, report):
    fill(report, world.clerk, {FEES: "12345678901234.123456"})
    assert CellValue.objects.get(report=report, key=FEES).value == "12345678901234.123456"
    assert services.report_to_core(report).sheet.get(FEES) == Decimal("12345678901234.123456")


def test_invalid_values_are_refused_with_the_core_message_and_nothing_is_saved(world, report):
    with pytest.raises(services.InvalidCells) as caught:
        services.save_cells(report, world.clerk, {ITEMS: "12", WEBSITE: "-3", FEES: "abc"}, report.revision)
    assert caught.value.errors == {
        WEBSITE: "「2.政府网站公开政府信息数」的值-3为负数，数量不能为负",
        FEES: "「七、依申请公开信息收取的费用」的值「abc」不是数字（金额，单位：万元）",
    }
    assert not report.cells.exists() and AnnualReport.objects.get(pk=report.pk).revision == 0


def test_blank_input_means_missing_not_zero(world, report):
    fill(report, world.clerk, {ITEMS: "12"})
    fill(report, world.clerk, {ITEMS: " "})
    assert not report.cells.filter(key=ITEMS).exists()


def test_dashboard_shows_status_findings_and_statutory_deadline(client, world, report):
    fill(report, world.clerk, {ITEMS: "100", WEBSITE: "120"})  # L-6: a channel above the total
    services.submit(report, world.clerk)
    client.force_login(world.coordinator)
    page = client.get(reverse("reports:dashboard", args=[world.government.pk, 2016])).content.decode()
    assert "九台区教育局" in page and "已报送" in page and "错误 0，警告/提示 1" in page
    assert "2017年3月31日" in page  # the legacy format: every agency by 31 March
    assert "其塔木镇人民政府" in page and "未填报" in page


def test_dashboard_counts_are_the_checks_and_follow_every_change(client, world, report):
    from gongkai.web.reports.submissions import submission_status

    def counts():
        row = next(r for r in submission_status(world.government, 2016, world.coordinator) if r.report)
        found = services.check(AnnualReport.objects.get(pk=report.pk)).findings
        assert (row.errors, row.warnings) == (sum(f.severity == "error" for f in found),
                                              sum(f.severity != "error" for f in found))
        return row.errors, row.warnings

    fill(report, world.clerk, {ITEMS: "100", WEBSITE: "120"})
    assert counts() == (0, 1)
    fill(report, world.clerk, {WEBSITE: "90"})  # a new revision: checked again
    assert counts() == (0, 0)
    earlier = services.create_report(world.education, 2015, world.clerk)  # the year before: across-year rules
    fill(earlier, world.clerk, {ITEMS: "100000"})
    counts()


def test_dashboard_reads_a_thousand_agencies_with_a_fixed_number_of_queries(client, world,
                                                                             django_assert_max_num_queries):
    from gongkai.web.agencies.models import Agency

    for index in range(40):
        agency = Agency.objects.create(name=f"九台区第{index}局", kind=Agency.Kind.DEPARTMENT, parent=world.government)
        fill(services.create_report(agency, 2016, world.admin), world.admin, {ITEMS: str(index)})
    client.force_login(world.coordinator)
    page = reverse("reports:dashboard", args=[world.government.pk, 2016])
    assert "九台区第39局" in client.get(page).content.decode()  # checks the 40 reports, keeps the counts
    with django_assert_max_num_queries(9):  # as many for 40 agencies as for 4: none per agency
        assert "九台区第39局" in client.get(page).content.decode()


def test_deadlines_come_from_the_format(world):
    from gongkai.web.reports.submissions import statutory_deadline as _deadline

    assert _deadline(world.education, 2022) == datetime.date(2023, 1, 31)
    assert _deadline(world.government, 2022) == datetime.date(2023, 3, 31)
    assert _deadline(world.education, 2016) == datetime.date(2017, 3, 31)


def test_live_check_marks_the_cells_of_each_finding(client, world, report):
    client.force_login(world.clerk)
    response = client.post(reverse("reports:check", args=[report.pk]), {ITEMS: "100", WEBSITE: "120", FEES: "x"})
    page = response.content.decode()
    assert "L-6" in page and f'href="#cell-{WEBSITE}"' in page
    assert "不是数字" in page  # the typed value that is not a number, with the core's message
    notes = response.context["notes"]
    assert notes[WEBSITE]["severity"] == "warning" and notes[FEES]["severity"] == "error"
    assert not report.cells.exists()


def test_clerk_form_is_laid_out_like_the_official_table(client, world, report):
    client.force_login(world.clerk)
    page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert f'name="{ITEMS}"' in page and "统计指标" in page and "（一）主动公开政府信息数" in page
