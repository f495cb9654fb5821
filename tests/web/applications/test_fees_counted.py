"""Legacy 七 (依申请公开信息收取的费用, 万元) summed from the costs the replies of the year charged under the
2007 Regulation (元), exactly; legacy 八（四） (专项经费, 万元) from the agencies' facts: the engine sums a
decimal amount a format declares (``counts: {sum: …}``) in the grouped query and in the list behind it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gongkai.errors import InputError
from gongkai.formats import load_format
from gongkai.web import counting
from gongkai.web.applications import services, statistics
from gongkai.web.applications.models import ApplicationEvent, Reply
from gongkai.web.engagement import services as engagement
from gongkai.web.reports import services as report_services
from tests.web.applications.conftest import apply
from tests.web.conftest import login

LEGACY = load_format("legacy")
FEES, FUNDS = "stats.fees|value", "stats.staffing.special_funds|value"


def answered(world, costs, received=datetime.date(2016, 3, 1), agency=None):
    application = apply(agency or world.education, world.admin, received)
    return services.record_reply(application, world.admin, replied_on=received + datetime.timedelta(days=5),
                                 outcome="stats.application.replies.granted", costs=Decimal(costs))


def test_fees_are_the_years_costs_summed_exactly_in_ten_thousand_yuan(world):
    answered(world, "35.10")
    answered(world, "0.20")
    answered(world, "0")  # charged nothing: not behind the cell
    answered(world, "99", received=datetime.date(2015, 3, 2))
    answered(world, "12000", agency=world.civil)
    assert counting.count(LEGACY, world.education, 2016)[FEES] == Decimal("0.00353")  # 35.30 元
    assert counting.count(LEGACY, world.government, 2016)[FEES] == Decimal("1.20353")
    found, listed = counting.records_behind(LEGACY, world.government, 2016, FEES)
    assert sum(reply.costs for reply in listed) == Decimal("12035.30") and listed.count() == 3


def test_fill_from_records_writes_the_sums_and_equal_amounts_are_no_difference(world):
    report = report_services.create_report(world.education, 2016, world.clerk)
    answered(world, "500")
    engagement.save_facts(world.education, 2016, world.admin, offices=1, full_time=1, part_time=0,
                          special_funds=Decimal("2.5"), reading_points=[])
    statistics.fill_report(report, world.clerk)
    cells = dict(report.cells.values_list("key", "value"))
    assert (cells[FEES], cells[FUNDS]) == ("0.05", "2.5")
    report_services.save_cells(report, world.clerk, {FEES: "0.0500", FUNDS: "3"}, expected_revision=report.revision)
    assert [d.key for d in statistics.differences(report)] == [FUNDS]  # 0.0500 is 0.05; 3 is not 2.5


def test_a_reply_under_the_2019_regulation_charges_no_costs_and_its_form_has_no_such_field(client, world):
    application = apply(world.education, world.admin, datetime.date(2020, 3, 2))
    with pytest.raises(services.ApplicationError, match="不收取检索、复制、邮寄等成本费用"):
        services.record_reply(application, world.admin, replied_on=datetime.date(2020, 3, 5),
                              outcome="t3.granted", costs=Decimal(10))
    assert not Reply.objects.exists()
    assert not ApplicationEvent.objects.filter(kind="replied").exists()
    login(client, world.clerk)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "成本费用" not in page
    old = apply(world.education, world.admin, datetime.date(2016, 3, 1))
    assert "收取的检索、复制、邮寄等成本费用（元）" in client.get(reverse("applications:detail", args=[old.pk])).content.decode()


def test_negative_costs_are_refused_on_the_page_naming_the_field(client, world):
    application = apply(world.education, world.admin, datetime.date(2016, 3, 1))
    login(client, world.clerk)
    answer = client.post(reverse("applications:step", args=[application.pk, "reply"]), {
        "replied_on": "2016-03-04", "outcome": "stats.application.replies.granted", "costs": "-1"})
    assert answer.status_code == 400 and "收取的检索、复制、邮寄等成本费用（元）" in answer.content.decode()
    assert not Reply.objects.exists()


def test_a_sum_the_population_cannot_make_or_a_unit_it_cannot_convert_names_the_cell(world, monkeypatch):
    found = counting.population("fees")
    monkeypatch.setitem(found.amounts, "costs", counting.Amount("costs", "件"))
    with pytest.raises(InputError, match="金额单位「件」不能换算为单元格的单位「万元」") as error:
        counting.computed_cells(LEGACY)
    assert "stats.fees|value" in error.value.place
