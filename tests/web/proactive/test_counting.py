"""The annual report's proactive cells counted from the register (issue 11) by the counting engine: legacy
一 (an item on several channels counts once in the total and in each channel's row), gov2021 表二 第二十条
第（一）项 and gov2019's equivalents; each cell's list of items; "fill from records" as one change."""

import datetime

import pytest
from django.urls import reverse

from gongkai.formats import load_format
from gongkai.web import counting
from gongkai.web.applications import statistics
from gongkai.web.proactive import services
from gongkai.web.proactive.models import Category
from gongkai.web.reports import services as report_services

from ..conftest import login

D = datetime.date
LEGACY = load_format("legacy")
ITEMS, NORMATIVE, ISSUED = ("stats.proactive.items|value", "stats.proactive.items.normative|value",
                            "stats.proactive.normative_issued|value")


def channel(key: str) -> str:
    return f"stats.proactive.channels.{key}|value"


@pytest.fixture
def register(world, make_item):
    normative = Category.objects.get(code="0201")
    # 2015: one item on the website and Weibo, one in the gazette, a joint document of 教育局 and 民政局.
    both = make_item(formed_on=D(2015, 3, 2), published_on=D(2015, 3, 5), channels=("website", "weibo"))
    make_item(title="九台政讯2015年第3期", formed_on=D(2015, 4, 1), published_on=D(2015, 4, 2), channels=("gazette",))
    make_item(title="关于联合开展学生资助工作的通知", formed_on=D(2015, 5, 4), published_on=D(2015, 5, 6),
              joint_agencies=[world.civil])
    make_item(title="2014年的信息", formed_on=D(2014, 6, 2), published_on=D(2014, 6, 3))
    make_item(title="未发布的草稿", formed_on=D(2015, 6, 2), published_on=D(2015, 6, 3), publish=False)
    # Normative documents: issued 2014 and repealed in 2015 by one issued in 2015; issued December 2015,
    # published January 2016.
    old = make_item(title="九台区城乡低保审批管理办法", category=normative, normative_kind="normative", validity="in_force",
                    document_date=D(2014, 2, 10), formed_on=D(2014, 2, 10), published_on=D(2014, 2, 12))
    new = make_item(title="九台区城乡低保审批管理办法（2015年修订）", category=normative, normative_kind="normative",
                    validity="in_force", document_date=D(2015, 8, 3), formed_on=D(2015, 8, 3), published_on=D(2015, 8, 5))
    data = services.data_of(old)
    data.validity, data.invalid_on, data.repealed_by = "repealed", D(2015, 8, 3), new
    services.update(old, world.clerk, data)
    make_item(title="九台区政府投资项目管理办法", category=normative, normative_kind="normative", validity="in_force",
              document_date=D(2015, 12, 28), formed_on=D(2015, 12, 28), published_on=D(2016, 1, 4))
    return both


def test_an_item_on_two_channels_counts_once_in_the_total_and_in_each_channels_row(world, register):
    values = counting.count(LEGACY, world.education, 2015)
    assert values[ITEMS] == 4  # both, gazette, joint, the 2015 normative document
    assert (values[channel("website")], values[channel("weibo")], values[channel("gazette")]) == (3, 1, 1)
    assert sum(values[channel(key)] for key in ("gazette", "website", "weibo", "wechat", "other")) == 5


def test_normative_documents_published_and_issued(world, register):
    values = counting.count(LEGACY, world.education, 2015)
    assert (values[NORMATIVE], values[ISSUED]) == (1, 2)  # issued: August and December 2015


def test_a_joint_document_counts_for_each_agency_and_once_for_the_jurisdiction(world, register):
    assert counting.count(LEGACY, world.civil, 2015)[ITEMS] == 1
    assert counting.count(LEGACY, world.government, 2015)[ITEMS] == 4


@pytest.mark.parametrize(("format_id", "cells"), [
    ("gov2021", {"t2.normative|issued": 2, "t2.normative|repealed": 1, "t2.normative|in_force": 2,
                 "t2.regulation|issued": 0}),
    ("gov2019", {"t2.normative|created": 2, "t2.normative|published": 1, "t2.normative|total_published": 2}),
])
def test_table_two_item_20_1_is_counted_from_the_normative_documents(world, register, format_id, cells):
    values = counting.count(load_format(format_id), world.government, 2015)
    assert {key: values[key] for key in cells} == cells


def test_in_force_follows_last_year_plus_issued_minus_repealed(world, register):
    fmt = load_format("gov2021")
    before, now = counting.count(fmt, world.government, 2014), counting.count(fmt, world.government, 2015)
    assert now["t2.normative|in_force"] == (before["t2.normative|in_force"] + now["t2.normative|issued"]
                                            - now["t2.normative|repealed"])


def test_each_cells_list_holds_exactly_the_items_it_counts(world, register):
    values = counting.count(LEGACY, world.government, 2015)
    for key in (ITEMS, NORMATIVE, ISSUED, channel("website"), channel("weibo")):
        _, records = counting.records_behind(LEGACY, world.government, 2015, key)
        assert records.count() == values[key], key
    _, weibo = counting.records_behind(LEGACY, world.government, 2015, channel("weibo"))
    assert list(weibo) == [register]


def test_the_computed_page_shows_the_register_beside_the_typed_cells_and_links_each_cell(client, world, register):
    report = report_services.create_report(world.education, 2015, world.clerk)
    report_services.save_cells(report, world.clerk, {ITEMS: "5"}, report.revision)
    page = login(client, world.clerk).get(f"/applications/reports/{report.pk}/computed/").content.decode()
    assert "手工填写「5」，由记录计算为 4" in page
    assert reverse("applications:behind", args=[report.pk, ITEMS]) in page
    behind = client.get(reverse("applications:behind", args=[report.pk, channel("weibo")])).content.decode()
    assert register.title in behind and '<span id="count">1</span>' in behind


def test_fill_from_records_is_one_recorded_change(world, register):
    report = report_services.create_report(world.education, 2015, world.clerk)
    revision = report.revision
    statistics.fill_report(report, world.clerk)
    report.refresh_from_db()
    assert report.revision == revision + 1
    cells = dict(report.cells.values_list("key", "value"))
    assert (cells[ITEMS], cells[channel("website")], cells[ISSUED]) == ("4", "3", "2")
    assert report.events.filter(target=ITEMS, new="4", user=world.clerk).exists()


def test_an_edit_moves_the_item_in_the_jurisdictions_counts(world, make_item):
    # The jurisdiction's items are found through their publishers' copy of the date and kind: an edit of
    # either, on the item or a joint document, counts where the item now is.
    item = make_item(formed_on=D(2015, 3, 2), published_on=D(2015, 3, 5), joint_agencies=[world.civil])
    data = services.data_of(item)
    data.published_on, data.channels["website"]["published_on"] = D(2016, 1, 4), D(2016, 1, 4)
    data.normative_kind, data.validity, data.document_date = "normative", "in_force", D(2015, 3, 2)
    services.update(item, world.clerk, data)
    for agency in (world.government, world.civil):
        before, after = counting.count(LEGACY, agency, 2015), counting.count(LEGACY, agency, 2016)
        assert (before[ITEMS], before[ISSUED]) == (0, 1)  # issued in 2015, published in 2016
        assert (after[ITEMS], after[NORMATIVE]) == (1, 1)
