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
