"""Bad input (issue 11): every refusal names the field in Chinese and saves nothing."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from gongkai.web.proactive import services
from gongkai.web.proactive.models import AgencyProfile, Category, Item, ItemEvent

from ..conftest import login
from .conftest import DAY


def data(category, **values):
    values.setdefault("title", "九台区2024年义务教育阶段学校招生工作方案")
    values.setdefault("formed_on", DAY)
    values.setdefault("published_on", DAY)
    channels = values.pop("channels", {"website": {"published_on": values["published_on"], "url": "http://a.cn/1"}})
    return services.ItemData(category=category, channels=channels, **values)


def refused(world, category, **values) -> dict:
    with pytest.raises(services.ItemError) as caught:
        services.register(world.education, world.clerk, data(category, **values))
    assert not Item.objects.filter(title=values.get("title", "九台区2024年义务教育阶段学校招生工作方案")).exists()
    return caught.value.errors


def test_a_date_in_the_future_is_refused(world, category):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    errors = refused(world, category, formed_on=DAY, published_on=tomorrow)
    assert errors["published_on"] == f"发布日期{tomorrow:%Y-%m-%d}晚于今天。"


def test_a_date_before_the_agency_existed_is_refused(world, category):
    AgencyProfile.objects.create(agency=world.education, established_on=datetime.date(2010, 1, 1))
    errors = refused(world, category, formed_on=datetime.date(2009, 5, 1), published_on=DAY)
    assert errors["formed_on"] == "生成日期2009-05-01早于本机关成立日期2010-01-01。"


def test_a_repeal_date_before_the_issue_date_is_refused(world, category):
    errors = refused(world, category, normative_kind="normative", validity="repealed",
                     document_date=datetime.date(2024, 2, 1), invalid_on=datetime.date(2023, 12, 31))
    assert errors["invalid_on"] == "废止日期2023-12-31早于成文日期2024-02-01。"


def test_a_document_number_used_by_another_document_of_the_agency_is_refused(world, category, make_item):
    make_item(document_number="九教发〔2024〕1号")
    errors = refused(world, category, title="另一文件", document_number="九教发〔2024〕1号")
    assert errors["document_number"] == "文号「九教发〔2024〕1号」已被本机关的另一文件使用。"
    # Another agency may use the same number: its numbering is its own.
    services.register(world.civil, world.other_clerk, data(category, document_number="九教发〔2024〕1号"))


def test_a_retired_category_is_refused_for_new_items(world, category):
    Category.objects.filter(pk=category.pk).update(active=False)
    category.refresh_from_db()
    assert refused(world, category)["category"] == "主题分类「0201 规范性文件」已停用。"


def _pdf():
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_an_attachment_is_recognised_by_its_bytes(world, category):
    item = services.register(world.education, world.clerk, data(category),
                             attachment=SimpleUploadedFile("方案.docx", _docx()))
    assert (item.attachment_type, item.attachment_name) == ("docx", "方案.docx")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("方案.pdf", b"<html><script>alert(1)</script></html>", "附件「方案.pdf」的内容不是PDF文件，文件名与内容不符。"),
    ("方案.docx", _pdf(), "附件「方案.docx」的内容不是Word（DOCX）文件，文件名与内容不符。"),
    ("方案.exe", b"MZ\x90\x00", "附件类型不允许（方案.exe），只能上传PDF、Word（DOCX）、Excel（XLSX）、PNG 图片、JPEG 图片。"),
])
def test_an_attachment_of_a_type_that_lies_about_itself_is_refused(world, category, name, content, message):
    with pytest.raises(services.ItemError) as caught:
        services.register(world.education, world.clerk, data(category), attachment=SimpleUploadedFile(name, content))
    assert caught.value.errors == {"attachment": message}
    assert not Item.objects.exists() and not ItemEvent.objects.exists()


@override_settings(GONGKAI_PROACTIVE={"attachment_max_bytes": 1024})
def test_an_attachment_over_the_limit_is_refused(world, category):
    with pytest.raises(services.ItemError) as caught:
        services.register(world.education, world.clerk, data(category),
                          attachment=SimpleUploadedFile("方案.pdf", _pdf() + b" " * 2048))
    assert caught.value.errors["attachment"].startswith("附件大小")
    assert not Item.objects.exists()


def test_the_form_refuses_with_the_field_named_and_saves_nothing(client, world, category, make_item):
    make_item(document_number="九教发〔2024〕1号")
    page = login(client, world.clerk).post(f"/proactive/agencies/{world.education.pk}/items/new/", {
        "title": "另一文件", "category": category.pk, "formed_on": "2024-03-01", "published_on": "2024-03-02",
        "document_number": "九教发〔2024〕1号", "channel_website": "on", "channel_website_url": "http://a.cn/1"})
    assert page.status_code == 400
    assert "文号「九教发〔2024〕1号」已被本机关的另一文件使用。" in page.content.decode()
    assert Item.objects.count() == 1


def test_a_control_character_is_refused_in_the_form_naming_the_field(client, world, category):
    page = login(client, world.clerk).post(f"/proactive/agencies/{world.education.pk}/items/new/", {
        "title": "九台区\x1b[31m招生方案", "category": category.pk, "formed_on": "2024-03-01",
        "channel_website": "on", "channel_website_on": "2024-03-01", "channel_website_url": "http://a.cn/1"})
    assert page.status_code == 400
    assert "信息名称含有不允许的控制字符（U+001B），位于第4个字符，请删除后重新填写。" in page.content.decode()
    assert not Item.objects.exists()


TITLE = '<script>alert("x")</script>九台区<b>招生</b>方案'


def test_a_title_with_html_is_escaped_everywhere(client, world, make_item):
    item = make_item(title=TITLE)
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    for url in ("/catalogue/", "/catalogue/?q=招生", f"/catalogue/items/{item.index_number}", "/",
                f"/proactive/items/{item.pk}/"):
        if url.startswith("/proactive"):
            login(client, world.clerk)
        page = client.get(url).content.decode()
        assert escaped in page and "<script>alert" not in page, url
    feed = client.get("/catalogue/feed/rss/").content.decode()
    assert "&lt;script&gt;" in feed and "<script>" not in feed
    assert json.loads(client.get("/api/catalogue?q=招生").content)["items"][0]["title"] == TITLE
