"""Fixtures of the register's tests: a category, and an item factory going through the services."""

import datetime

import pytest

from gongkai.web.proactive import services
from gongkai.web.proactive.models import Category

# A fixed past day: far enough back that every date the tests use is before today.
DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def category(db):
    return Category.objects.get(code="0201")


@pytest.fixture
def make_item(world, category):
    def make(agency=None, user=None, publish=True, channels=("website",), **values):
        values.setdefault("title", "关于做好2024年春季学期开学工作的通知")
        values.setdefault("formed_on", DAY)
        values.setdefault("published_on", DAY + datetime.timedelta(days=3))
        values.setdefault("category", category)
        details = {"website": {"url": "http://www.jiutai.gov.cn/xxgk/1.html"}, "gazette": {"gazette_issue": "2024年第1期"}}
        values["channels"] = {key: {"published_on": values["published_on"], "gazette_issue": "", "url": "",
                                    **details.get(key, {})} for key in channels}
        return services.register(agency or world.education, user or world.clerk, services.ItemData(**values),
                                 publish=publish)
    return make


HEADER = ["来源编号", "信息名称", "文号", "生成日期", "发布日期", "主题分类", "公开渠道", "网址", "正文"]


def csv_file(tmp_path, rows, header=HEADER, name="导出.csv", encoding="utf-8"):
    """A CMS export: the header, then ``rows`` (lists of text)."""
    import csv
    path = tmp_path / name
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def row(source="CMS001", title="九台区2024年城乡低保标准调整情况", number="", formed="2024-03-01",
        published="2024-03-04", category="0703", channels="网站", url="http://www.jiutai.gov.cn/1.html", body="正文"):
    return [source, title, number, formed, published, category, channels, url, body]
