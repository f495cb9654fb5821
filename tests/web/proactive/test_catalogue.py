"""The public catalogue (issue 11): browse by agency, 主题分类, year and channel; Chinese search where a
two-character term finds its items; an item at a stable URL by its index number; feeds; the API."""

import datetime
import json

import pytest

from gongkai.web.proactive import search, services
from gongkai.web.proactive.models import Category


@pytest.fixture
def items(world, make_item):
    civil = Category.objects.get(code="0703")
    return {
        "lowincome": make_item(world.civil, world.other_clerk, title="九台区2024年第一季度城乡居民最低生活保障资金发放情况",
                               category=civil, body="本季度共发放低保资金312万元。", channels=("website", "weibo")),
        "enrolment": make_item(title="九台区2024年义务教育阶段学校招生工作方案", document_number="九教发〔2024〕3号",
                               category=Category.objects.get(code="0701"), channels=("gazette",)),
        "old": make_item(title="九台区2023年学前教育资助资金发放情况", formed_on=datetime.date(2023, 5, 4),
                         published_on=datetime.date(2023, 5, 8), category=Category.objects.get(code="0701")),
        "draft": make_item(title="尚未发布的招生简章", publish=False),
    }


def titles(client, query: str) -> list[str]:
    return [item["title"] for item in json.loads(client.get(f"/api/catalogue?{query}").content)["items"]]


def test_a_two_character_term_finds_its_items(client, items):
    assert titles(client, "q=低保") == [items["lowincome"].title]        # in the body only
    assert titles(client, "q=招生") == [items["enrolment"].title]        # the draft is not public
    assert set(titles(client, "q=资金")) == {items["lowincome"].title, items["old"].title}


def test_four_characters_a_single_character_and_several_words(client, items):
    assert titles(client, "q=义务教育") == [items["enrolment"].title]
    assert titles(client, "q=季") == [items["lowincome"].title]
    assert titles(client, "q=资金 2023") == [items["old"].title]
    assert titles(client, "q=教育招生") == []  # the words in that order are in no item


def test_a_document_number_is_found_however_its_brackets_are_typed(client, items):
    assert titles(client, "q=九教发〔2024〕3号") == [items["enrolment"].title]
    assert titles(client, "q=九教发[2024]3号") == [items["enrolment"].title]


def test_no_match_spans_the_end_of_one_field_and_the_start_of_the_next(client, items):
    # The title ends in 方案, the document number starts with 九: the fields are indexed apart.
    assert search.search_text("招生方案", "九教发〔2024〕3号", "") == "招生方案\u3000九教发20243号"
    assert titles(client, "q=方案九教") == []


def test_browsing_by_agency_category_year_and_channel(client, world, items):
    assert titles(client, f"agency={world.civil.pk}") == [items["lowincome"].title]
    assert len(titles(client, f"agency={world.government.pk}")) == 3  # a jurisdiction: its whole tree
    assert titles(client, "category=07&year=2023") == [items["old"].title]
    assert titles(client, "channel=gazette") == [items["enrolment"].title]
    assert titles(client, "channel=weibo&q=低保") == [items["lowincome"].title]


def test_wrong_parameters_are_refused_in_chinese(client, db):
    answer = client.get("/api/catalogue?year=20x4&channel=newspaper")
    assert answer.status_code == 422
    body = json.loads(answer.content)
    assert body["errors"] == {"year": "年份应为2008年至今年之间的四位数字", "channel": "没有「newspaper」这一公开渠道"}
    page = client.get("/catalogue/?agency=abc")
    assert page.status_code == 400 and "没有编号为「abc」的机关" in page.content.decode()


def test_an_item_has_a_stable_page_at_its_index_number(client, items):
    item = items["enrolment"]
    page = client.get(f"/catalogue/items/{item.index_number}")
    text = page.content.decode()
    assert page.status_code == 200 and item.title in text and "九教发〔2024〕3号" in text and "政府公报" in text
    detail = json.loads(client.get(f"/api/catalogue/{item.index_number}").content)
    assert (detail["index_number"], detail["channels"][0]["channel"]) == (item.index_number, "gazette")


def test_a_withdrawn_item_keeps_its_page_saying_so_and_leaves_the_list(client, world, items):
    item = services.withdraw(items["enrolment"], world.clerk, "方案调整，另行发布")
    text = client.get(f"/catalogue/items/{item.index_number}").content.decode()
    assert "已于" in text and "撤回原因：方案调整，另行发布" in text and "<h2>正文</h2>" not in text
    assert titles(client, "q=招生") == []
    assert client.get(f"/api/catalogue/{item.index_number}").status_code == 404


def test_a_draft_has_no_public_page(client, items):
    assert client.get("/catalogue/items/无此索引号").status_code == 404


def test_feeds_list_new_items(client, items):
    rss = client.get("/catalogue/feed/rss/").content.decode()
    atom = client.get("/catalogue/feed/atom/").content.decode()
    assert items["enrolment"].title in rss and items["enrolment"].index_number in rss
    assert "<feed" in atom and items["lowincome"].title in atom
    assert "尚未发布" not in rss


def test_the_front_door_searches_the_catalogue_and_shows_the_latest_items(client, items):
    page = client.get("/").content.decode()
    assert 'action="/catalogue/"' in page and items["lowincome"].title in page
    assert "政府信息公开目录" in page and "政府信息公开指南" in page


def test_both_shapes_of_the_search_find_the_same_items(items):
    """A common word is tested on each item (PostgreSQL: LIKE as the newest are walked), a rare one read
    from the index: whichever the estimate picks, the same items are found."""
    from gongkai.web.proactive import catalogue
    for query in ("低保", "义务教育", "季", "资金 2023", "九教发2024"):
        shapes = [set(search.filter_items(catalogue.published(), query, common=common)) for common in (False, True)]
        assert shapes[0] == shapes[1] and shapes[0], query


def test_many_hits_are_estimated_or_capped_and_the_last_page_counts_exactly(client, world, make_item, monkeypatch):
    """Beyond one page the catalogue does not read every hit to count them: PostgreSQL's estimate is
    shown (约), elsewhere the count stops at the cap (+). The last page knows the number exactly."""
    from django.db import connection

    from gongkai.web.proactive import catalogue
    monkeypatch.setattr(catalogue, "COUNT_CAP", catalogue.PAGE_SIZE + 1)
    hits = catalogue.PAGE_SIZE + 5
    for number in range(hits):
        make_item(title=f"关于调整城乡低保标准的第{number}号通知")
    first = catalogue.page(catalogue.parse({"q": "低保"}))
    assert len(first.items) == catalogue.PAGE_SIZE and first.has_next
    text = client.get("/catalogue/?q=低保").content.decode()
    if connection.vendor == "postgresql":
        assert first.estimated and first.count > catalogue.PAGE_SIZE
        assert f"约 {first.count} 条" in text
    else:
        assert first.capped and first.count == catalogue.COUNT_CAP
        assert f"共 {catalogue.COUNT_CAP}+ 条" in text
    last = catalogue.page(catalogue.parse({"q": "低保", "page": "2"}))
    assert (last.count, last.capped, last.estimated, last.has_next) == (hits, False, False, False)
    api = json.loads(client.get("/api/catalogue?q=低保").content)
    assert (api["count"], api["count_capped"], api["count_estimated"]) == (first.count, first.capped, first.estimated)


def test_a_common_word_in_a_jurisdiction_read_from_its_newest_days_finds_the_same_pages(world, make_item, monkeypatch):
    """A common word in a jurisdiction is looked for in the newest days that should hold the page, widened
    until they do (``catalogue._in_window``): whether the window starts too wide, right or too narrow
    (the estimate of the hits too low, right or too high), the pages are those of the plain walk."""
    from gongkai.web.proactive import catalogue
    first = datetime.date(2016, 1, 4)
    for n in range(30):
        day = first + datetime.timedelta(days=3 * n * n)  # ever sparser towards the past
        make_item(world.civil if n % 3 else world.education, world.other_clerk if n % 3 else world.clerk,
                  title=f"城乡低保资金发放情况第{n}期", formed_on=day, published_on=day,
                  joint_agencies=[world.civil] if n % 7 == 0 else [])
        make_item(title="学校招生工作方案", formed_on=day, published_on=day)
    make_item(world.other, world.outsider, title="双阳区低保资金发放情况", formed_on=first, published_on=first)
    query = catalogue.parse({"q": "低保", "agency": str(world.government.pk)})
    walk = list(catalogue.find(query))
    assert len(walk) == 30
    for estimate in (1, 30, 10_000):
        for start in (0, catalogue.PAGE_SIZE):
            assert catalogue._in_window(query, start, estimate) == walk[start:start + catalogue.PAGE_SIZE]
    for year, hits in ((2019, 3), (2021, 3), (2023, 0)):  # from the year's end; 2023 is after the newest item
        of_year = catalogue.parse({"q": "低保", "agency": str(world.government.pk), "year": str(year)})
        found = list(catalogue.find(of_year))
        assert catalogue._in_window(of_year, 0, 1) == found and len(found) == hits
    monkeypatch.setattr(catalogue, "COMMON_SHARE", 0)  # every word common: PostgreSQL's page reads windows
    assert catalogue.page(query).items == walk[:catalogue.PAGE_SIZE]
