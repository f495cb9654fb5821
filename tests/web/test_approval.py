"""Approval and publication are deliberate: a report with blank cells or empty required sections is
approved or published only with a reason, recorded in its history; publishing is confirmed on a page
that shows the findings as published today (X-5 late publication among them) before the irreversible
step."""

import re

import pytest
from django.urls import reverse

from gongkai.web.applications import services as applications
from gongkai.web.reports import services
from gongkai.web.reports.models import AnnualReport, ReportEvent
from tests.web.applications.conftest import APPLICANT
from tests.web.conftest import login

Status = AnnualReport.Status


def complete(report, user):
    """Every cell filled (0 is a value; blank is not) and every narrative section written."""
    services.save_cells(report, user, {key: "0" for key in report.format.cells}, report.revision)
    services.save_sections(report, user, {section.position: "本年度无特别情况。" for section in report.sections.all()},
                           report.revision)


def test_report_with_gaps_is_not_approved_without_a_reason(world, report):
    services.submit(report, world.clerk)
    with pytest.raises(services.ReportError, match=r"统计表有\d+个单元格未填写；报告正文「一、概况」.*未填写，不能审核通过"):
        services.approve(report, world.coordinator)
    assert AnnualReport.objects.get(pk=report.pk).status == Status.SUBMITTED


def test_approving_with_gaps_records_the_reason_in_the_history(client, world, report):
    services.submit(report, world.clerk)
    login(client, world.coordinator)
    page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert "该报告尚未填写完整" in page and 'name="override"' in page
    client.post(reverse("reports:approve", args=[report.pk]), {"override": "正文由办公室另行补充，统计数已电话核实"})
    report.refresh_from_db()
    event = report.events.filter(kind=ReportEvent.Kind.STATUS).latest("pk")
    assert report.status == Status.APPROVED and event.user == world.coordinator
    assert "单元格未填写" in event.note and "理由：正文由办公室另行补充，统计数已电话核实" in event.note
    history = client.get(reverse("reports:history", args=[report.pk])).content.decode()
    assert "正文由办公室另行补充" in history


def test_complete_report_is_approved_without_a_reason(world, report):
    complete(report, world.clerk)
    services.submit(report, world.clerk)
    services.approve(report, world.coordinator)
    assert AnnualReport.objects.get(pk=report.pk).status == Status.APPROVED


def test_publishing_shows_the_late_publication_warning_and_asks_for_confirmation(client, world, report):
    complete(report, world.clerk)
    services.submit(report, world.clerk)
    services.approve(report, world.coordinator)
    login(client, world.reviewer)
    report_page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert f'href="{reverse("reports:publish", args=[report.pk])}"' in report_page  # a link to the confirmation
    confirmation = client.get(reverse("reports:publish", args=[report.pk])).content.decode()
    # The 2016 report published today would be years late: X-5 says so before anything is published.
    assert "X-5" in confirmation and "公开不可撤回" in confirmation and 'name="confirm"' in confirmation
    unconfirmed = client.post(reverse("reports:publish", args=[report.pk]))
    assert unconfirmed.status_code == 400 and not report.versions.exists()
    client.post(reverse("reports:publish", args=[report.pk]), {"confirm": "1"})
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED and report.versions.count() == 1


def test_publishing_with_gaps_needs_a_reason_even_when_confirmed(client, world, report):
    services.submit(report, world.clerk)
    services.approve(report, world.coordinator, override="先行审核")
    login(client, world.reviewer)
    assert "该报告尚未填写完整" in client.get(reverse("reports:publish", args=[report.pk])).content.decode()
    refused = client.post(reverse("reports:publish", args=[report.pk]), {"confirm": "1"}, follow=True)
    assert "不能公开" in refused.content.decode() and not report.versions.exists()
    client.post(reverse("reports:publish", args=[report.pk]), {"confirm": "1", "override": "领导批准先行公开"})
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    assert "理由：领导批准先行公开" in report.events.filter(kind=ReportEvent.Kind.STATUS).latest("pk").note


def test_legacy_report_does_not_offer_tables_three_and_four(client, world, report):
    """The 2014–2018 table has no 表三 or 表四: its computed part is items 一 (the proactive register) and
    三 to 五."""
    login(client, world.clerk)
    legacy = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert "表三" not in legacy and "统计表第一、二、三、四、五、六、七、八、九项计算值" in legacy
    current = services.create_report(world.education, 2021, world.clerk)
    assert "表二第二十条第（一）项、表三、表四计算值" in client.get(reverse("reports:report", args=[current.pk])).content.decode()


def test_step_forms_give_iso_dates_whatever_the_locale(client, world):
    """<input type="date"> shows only a value in ISO form (2026-12-03), never the locale's 2026/12/03."""
    from django.utils import timezone

    application = applications.register(world.education, world.clerk, channel="in_person",
                                        received=timezone.localdate(), applicant_kind="natural_person",
                                        description="招生计划", form_requirements="纸质", applicant=APPLICANT)
    login(client, world.clerk)
    page = client.get(reverse("applications:detail", args=[application.pk]), HTTP_ACCEPT_LANGUAGE="zh-CN").content
    values = re.findall(r'<input type="date" name="\w+" value="([^"]*)"', page.decode())
    assert values and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) for value in values)


def test_application_page_names_the_people_who_acted(client, world):
    from django.utils import timezone

    world.clerk.first_name = "李晓红"
    world.clerk.save()
    application = applications.register(world.education, world.clerk, channel="in_person",
                                        received=timezone.localdate(), applicant_kind="natural_person",
                                        description="招生计划", form_requirements="纸质", applicant=APPLICANT)
    login(client, world.clerk)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    history = page.split("办理记录")[1]
    assert world.clerk.get_full_name() in history and ">clerk<" not in history


def test_blank_report_is_not_said_to_have_no_problems(client, world, report):
    """Nothing typed, nothing checked: the findings panel says so rather than 「未发现问题」."""
    login(client, world.clerk)
    page = client.get(reverse("reports:report", args=[report.pk])).content.decode()
    assert "未发现问题" not in page and "尚无可核对的数值" in page
