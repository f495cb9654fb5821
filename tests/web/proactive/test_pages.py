"""The register's pages and API for staff (issue 11): a clerk registers an item on two channels, edits,
publishes, withdraws; the office keeps the taxonomy, reviews the 指南, sees late publications; each
refused to those the permissions do not allow."""

import datetime
import json

from django.urls import reverse

from gongkai.web.proactive import timeliness
from gongkai.web.proactive.models import Category, Guide, Item

from ..conftest import login


def form(category, **values):
    return {"title": "九台区2024年义务教育阶段学校招生工作方案", "category": category.pk, "formed_on": "2024-03-01",
            "published_on": "2024-03-04", "channel_website": "on", "channel_website_url": "http://www.jiutai.gov.cn/1",
            "channel_wechat": "on", "channel_wechat_on": "2024-03-05", **values}


def test_a_clerk_registers_and_publishes_an_item_on_two_channels(client, world, category):
    answer = login(client, world.clerk).post(reverse("proactive:item_new", args=[world.education.pk]),
                                             {**form(category), "publish": "1"})
    item = Item.objects.get()
    assert answer.url == reverse("proactive:item", args=[item.pk])
    assert item.status == Item.Status.PUBLISHED and item.index_number
    channels = {c.channel: c.published_on for c in item.channels.all()}
    assert channels == {"website": datetime.date(2024, 3, 4), "wechat": datetime.date(2024, 3, 5)}
    page = client.get(answer.url).content.decode()
    assert "登记" in page and "发布" in page and item.index_number in page


def test_a_channel_without_its_detail_is_refused_naming_the_channel(client, world, category):
    answer = login(client, world.clerk).post(reverse("proactive:item_new", args=[world.education.pk]),
                                             form(category, channel_website_url=""))
    assert answer.status_code == 400 and "政府网站：须填写网址。" in answer.content.decode()
    assert not Item.objects.exists()


def test_a_clerk_cannot_register_for_another_agency(client, world, category):
    answer = login(client, world.other_clerk).post(reverse("proactive:item_new", args=[world.education.pk]),
                                                   form(category))
    assert answer.status_code == 403 and not Item.objects.exists()


def test_editing_and_withdrawing_through_the_pages(client, world, make_item, category):
    item = make_item()
    login(client, world.clerk).post(reverse("proactive:item_edit", args=[item.pk]),
                                    form(category, title="更正后的标题", published_on="2024-03-04"))
    item.refresh_from_db()
    assert item.title == "更正后的标题"
    client.post(reverse("proactive:item_withdraw", args=[item.pk]), {"reason": "内容有误"})
    item.refresh_from_db()
    assert item.status == Item.Status.WITHDRAWN
    history = client.get(reverse("proactive:item", args=[item.pk])).content.decode()
    assert "信息名称：关于做好2024年春季学期开学工作的通知 → 更正后的标题" in history and "撤回原因" in history


def test_the_office_keeps_the_taxonomy_and_a_clerk_may_not(client, world):
    login(client, world.clerk)
    assert client.get(reverse("proactive:taxonomy")).status_code == 403
    login(client, world.coordinator).post(reverse("proactive:taxonomy"), {
        "kind": "category", "category-code": "0708", "category-name": "住房保障",
        "category-parent": Category.objects.get(code="07").pk, "category-active": "on"})
    assert Category.objects.get(code="0708").name == "住房保障"


def test_a_guide_is_written_by_the_clerk_published_by_the_office_and_read_by_the_public(client, world):
    login(client, world.clerk).post(reverse("proactive:guide_edit", args=[world.education.pk]),
                                    {"text": "一、主动公开\n教育局主动公开……", "submit": "1"})
    guide = Guide.objects.get()
    assert guide.status == Guide.Status.SUBMITTED
    assert client.get(reverse("catalogue:guide", args=[world.education.pk])).status_code == 404
    assert client.post(reverse("proactive:guide_review", args=[guide.pk]), {"approve": "1"}).status_code == 403
    login(client, world.outsider)
    assert client.post(reverse("proactive:guide_review", args=[guide.pk]), {"approve": "1"}).status_code == 403
    login(client, world.coordinator)
    assert "待审核的政府信息公开指南" in client.get(reverse("reports:home")).content.decode()
    client.post(reverse("proactive:guide_review", args=[guide.pk]), {"comment": "请补充受理机构地址"})
    guide.refresh_from_db()
    assert guide.status == Guide.Status.RETURNED
    login(client, world.clerk).post(reverse("proactive:guide_edit", args=[world.education.pk]),
                                    {"text": "一、主动公开\n……受理机构地址：新华大街100号", "submit": "1"})
    login(client, world.coordinator).post(reverse("proactive:guide_review", args=[guide.pk]), {"approve": "1"})
    client.logout()
    page = client.get(reverse("catalogue:guide", args=[world.education.pk])).content.decode()
    assert "受理机构地址：新华大街100号" in page and "第1版" in page


def test_the_office_sees_late_items_and_the_rate_per_agency_and_month(client, world, make_item):
    make_item(formed_on=datetime.date(2024, 3, 1), published_on=datetime.date(2024, 3, 29))
    late = make_item(title="逾期发布的信息", formed_on=datetime.date(2024, 3, 1), published_on=datetime.date(2024, 4, 1))
    rates = timeliness.rates(world.government.subtree(), datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert [(r.month.month, r.published, r.late) for r in rates] == [(3, 1, 0), (4, 1, 1)]
    page = login(client, world.coordinator).get(
        reverse("proactive:timeliness", args=[world.government.pk]) + "?year=2024").content.decode()
    assert "逾期发布的信息" in page and reverse("proactive:item", args=[late.pk]) in page
    assert "超过20个工作日发布" in page and "第二十六条" in page
    assert login(client, world.clerk).get(reverse("proactive:timeliness", args=[world.government.pk])).status_code == 403


def test_the_api_creates_updates_publishes_and_withdraws_with_the_pages_refusals(client, world, category):
    login(client, world.clerk)
    body = {"title": "九台区2024年教师招聘公告", "category": category.pk, "formed_on": "2024-03-01",
            "published_on": "2024-03-02", "joint_agencies": [world.civil.pk],
            "channels": [{"channel": "website", "url": "http://www.jiutai.gov.cn/2"}, {"channel": "weibo"}]}
    answer = client.post(f"/api/staff/agencies/{world.education.pk}/items", json.dumps(body),
                         content_type="application/json")
    assert answer.status_code == 201, answer.content
    created = answer.json()
    assert created["status"] == "draft" and created["agencies"] == ["九台区教育局", "九台区民政局"]
    published = client.post(f"/api/staff/items/{created['id']}/publish").json()
    assert published["index_number"] and [c["channel"] for c in published["channels"]] == ["website", "weibo"]
    wrong = client.put(f"/api/staff/items/{created['id']}", json.dumps({**body, "formed_on": "2024-02-30"}),
                       content_type="application/json")
    assert wrong.status_code == 422 and "生成日期" in wrong.json()["detail"]
    late = client.put(f"/api/staff/items/{created['id']}", json.dumps({**body, "published_on": "2024-02-01"}),
                      content_type="application/json")
    assert late.json()["errors"] == {"published_on": "发布日期早于生成日期。"}
    unknown = client.post(f"/api/staff/agencies/{world.education.pk}/items",
                          json.dumps({**body, "channels": [{"channel": "newspaper"}]}), content_type="application/json")
    assert unknown.status_code == 422 and "未知的渠道「newspaper」" in unknown.json()["detail"]
    withdrawn = client.post(f"/api/staff/items/{created['id']}/withdraw", json.dumps({"reason": "重复发布"}),
                            content_type="application/json").json()
    assert withdrawn["status"] == "withdrawn" and withdrawn["index_number"] == published["index_number"]
    login(client, world.other_clerk)
    refused = client.post(f"/api/staff/agencies/{world.education.pk}/items", json.dumps(body),
                          content_type="application/json")
    assert refused.status_code == 403


def test_the_api_imports_with_a_dry_run_first(client, world, tmp_path):
    from .conftest import csv_file, row

    path = csv_file(tmp_path, [row("A1"), row("A2", category="无此分类")])
    login(client, world.clerk)
    with path.open("rb") as handle:
        answer = client.post(f"/api/staff/agencies/{world.education.pk}/items/import", {"file": handle})
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"row": 3, "column": "主题分类", "message": "未知的主题分类「无此分类」。"}]
    good = csv_file(tmp_path, [row("A1")], name="good.csv")
    with good.open("rb") as handle:
        dry = client.post(f"/api/staff/agencies/{world.education.pk}/items/import", {"file": handle}).json()
    assert (dry["created"], dry["saved"]) == (1, False) and not Item.objects.exists()
    with good.open("rb") as handle:
        done = client.post(f"/api/staff/agencies/{world.education.pk}/items/import",
                           {"file": handle, "dry_run": "false"}).json()
    assert done["saved"] and Item.objects.count() == 1


def test_the_import_pages_map_columns_list_errors_and_import(client, world, tmp_path):
    from .conftest import csv_file, row

    path = csv_file(tmp_path, [row("A1"), row("A2", formed="2024-02-31")])
    login(client, world.clerk)
    with path.open("rb") as handle:
        answer = client.post(reverse("proactive:import", args=[world.education.pk]), {"file": handle})
    mapping_url = answer.url
    page = client.get(mapping_url).content.decode()
    assert "来源编号" in page and "（不导入）" in page
    fields = {"source_id": "0", "title": "1", "document_number": "2", "formed_on": "3", "published_on": "4",
              "category": "5", "channels": "6", "url": "7", "body": "8"}
    checked = client.post(mapping_url, {**fields, "dry_run": "1"})
    assert checked.status_code == 400 and "第3行" in checked.content.decode() and "生成日期" in checked.content.decode()
    assert not Item.objects.exists()
