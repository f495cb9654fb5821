"""Fixtures of supervision's tests: a month of work in 九台区 (items through the register's services,
applications through the procedure's), and a fixed today after it."""

import datetime

import pytest
from django.utils import timezone

from gongkai.web.applications import services as applications
from tests.web.applications.conftest import apply
from tests.web.proactive.conftest import category, make_item  # noqa: F401 (fixtures)

TODAY = datetime.date(2024, 5, 6)
MARCH, APRIL = datetime.date(2024, 3, 1), datetime.date(2024, 4, 1)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    return TODAY


@pytest.fixture
def designated(world):
    world.government.designation = "九政"
    world.government.save()
    return world


@pytest.fixture
def march(designated, make_item):  # noqa: F811 (the fixture imported above)
    """March 2024: 教育局 publishes two items on time (website; website and Weibo); 民政局 one late on the
    website; the town nothing. 教育局 receives an application and answers it in time; 民政局 receives one
    in January, never answered (overdue by March)."""
    w = designated
    make_item(title="关于做好2024年春季学期开学工作的通知", formed_on=MARCH, published_on=datetime.date(2024, 3, 4))
    make_item(title="九台区2024年义务教育招生方案", formed_on=MARCH, published_on=datetime.date(2024, 3, 5),
              channels=("website", "weibo"))
    make_item(w.civil, w.other_clerk, title="九台区2024年城乡低保标准", formed_on=datetime.date(2024, 1, 2),
              published_on=datetime.date(2024, 3, 20))
    answered = apply(w.education, w.clerk, datetime.date(2024, 3, 6))
    applications.record_reply(answered, w.clerk, replied_on=datetime.date(2024, 3, 12), outcome="t3.granted")
    apply(w.civil, w.other_clerk, datetime.date(2024, 1, 8))
    return w
