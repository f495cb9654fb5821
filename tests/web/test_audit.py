"""Every change to a cell, a section or the status is recorded: who, when, old → new."""

from django.urls import reverse

from gongkai.web.reports import services

ITEMS = "stats.proactive.items|value"


def test_cell_changes_are_recorded_with_old_and_new_values(world, report):
    services.save_cells(report, world.clerk, {ITEMS: "120"}, report.revision)
    services.save_cells(report, world.clerk, {ITEMS: "130"}, report.revision)
    services.save_cells(report, world.clerk, {ITEMS: ""}, report.revision)
    events = list(report.events.filter(kind="cell").order_by("pk").values_list("old", "new", "user__username"))
    assert events == [("", "120", "clerk"), ("120", "130", "clerk"), ("130", "", "clerk")]


def test_unchanged_values_record_nothing(world, report):
    services.save_cells(report, world.clerk, {ITEMS: "120"}, report.revision)
    services.save_cells(report, world.clerk, {ITEMS: "120"}, report.revision)
    assert report.events.filter(kind="cell").count() == 1


def test_section_and_status_changes_are_recorded(world, report):
    services.save_sections(report, world.clerk, {0: "我局高度重视政务公开工作。"}, report.revision)
    services.submit(report, world.clerk)
    services.return_with_comment(report, world.coordinator, "请补充查阅点情况")
    section = report.events.get(kind="section")
    assert (section.target, section.old, section.new) == ("一、概况", "", "我局高度重视政务公开工作。")
    statuses = list(report.events.filter(kind="status").order_by("pk").values_list("old", "new", "note"))
    assert statuses == [("草稿", "已报送", ""), ("已报送", "已退回", "请补充查阅点情况")]


def test_history_page_shows_who_changed_what(client, world, report):
    services.save_cells(report, world.clerk, {ITEMS: "120"}, report.revision)
    services.submit(report, world.clerk)
    services.return_with_comment(report, world.coordinator, "请核实主动公开数")
    client.force_login(world.coordinator)
    page = client.get(reverse("reports:history", args=[report.pk])).content.decode()
    assert "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）" in page
    assert "请核实主动公开数" in page and "clerk" in page and "coordinator" in page


def test_refused_save_records_nothing(world, report):
    try:
        services.save_cells(report, world.clerk, {ITEMS: "x"}, report.revision)
    except services.InvalidCells:
        pass
    assert not report.events.filter(kind="cell").exists()
