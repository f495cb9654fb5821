"""Computed cells are data: a provincial variant adds a computed row, or a table of a new population,
in its format file alone, and the one counting engine counts it, lists what it counts and the checks
read it (issue 9, item 1)."""

import datetime

import pytest
import yaml
from django.db.models import Q

from gongkai.checks import check_report
from gongkai.errors import InputError
from gongkai.formats import FORMATS_DIR, load_format_file
from gongkai.sheets import Report
from gongkai.web import counting
from gongkai.web.applications import services, statistics
from gongkai.web.applications.models import FeeNotice

from .conftest import apply

D = datetime.date


def variant(tmp_path, change) -> object:
    """A made-up provincial variant of gov2021 (a temporary file), changed by ``change(data)``."""
    data = yaml.safe_load((FORMATS_DIR / "gov2021.yaml").read_text(encoding="utf-8"))
    data["id"] = "jilin2021"
    change(data)
    path = tmp_path / "jilin2021.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_format_file(path)


def add_online_row(data):
    """其中：网络申请 below 一、本年新收, counted by channel, with the province's rule on it."""
    rows = data["tables"][1]["blocks"][0]["rows"]
    assert rows[0]["key"] == "new"
    rows.insert(1, {"key": "new_online", "label": "其中：网络申请",
                    "counts": {"population": "applications", "part": "new", "channel": "online"}})
    data["rules"].append({"id": "JL-1", "severity": "error", "title": "网络申请数不超过本年新收申请数",
                          "compare": [["t3.new_online"], "<=", ["t3.new"]]})


def test_a_variant_row_declared_in_data_is_computed_listed_and_checked(tmp_path, world):
    fmt = variant(tmp_path, add_online_row)
    online = [apply(world.education, world.clerk, D(2025, 3, day), channel="online", kind=kind)
              for day, kind in ((3, "natural_person"), (4, "commercial"))]
    apply(world.education, world.clerk, D(2025, 3, 5), channel="letter")
    apply(world.town, world.admin, D(2024, 12, 30), channel="online")  # carried in, not new in 2025

    values = statistics.computed_sheet(fmt, world.government, 2025).values
    assert values["t3.new_online|total"] == 2 and values["t3.new|total"] == 3
    assert values["t3.new_online|natural_person"] == 1 and values["t3.new_online|commercial"] == 1
    assert values["t3.new_online|research"] == 0

    population, listed = counting.records_behind(fmt, world.government, 2025, "t3.new_online|total")
    assert population.name == "applications" and list(listed) == online
    assert [a.pk for a in counting.records_behind(fmt, world.government, 2025, "t3.new_online|commercial")[1]] == [
        online[1].pk]

    report = Report(agency=world.government.name, year=2025, agency_kind="government",
                    sheet=statistics.computed_sheet(fmt, world.government, 2025))
    assert [f for f in check_report(report).findings if f.severity == "error"] == []
    report.sheet.set("t3.new_online|natural_person", 3)  # more online applications than new ones
    report.sheet.set("t3.new_online|total", 4)
    findings = [f for f in check_report(report).findings if f.severity == "error"]
    assert {(f.rule, f.cells[0].key) for f in findings} == {("JL-1", "t3.new_online|natural_person"),
                                                            ("JL-1", "t3.new_online|total")}


def add_fee_table(data):
    """A table of a population no national format counts: the fee notices issued in the year, by method."""
    data["tables"].append({"key": "p1", "title": "附表：信息处理费收费通知情况", "unit": "件", "blocks": [{
        "columns": [{"key": "value", "label": "件数"}],
        "rows": [{"key": "fee_notices", "label": "发出收费通知", "unit": "件", "children_sum": "JL-2",
                  "counts": {"population": "fee_notices"}, "by": "method",
                  "children": [{"key": "per_application", "label": "按件计收"},
                               {"key": "per_page", "label": "按量计收"}]}]}]})


def fee_notices() -> counting.Population:
    """A new population as an app would register it: its records of an agency subtree, those that count
    in a year, the attributes a format may name."""
    return counting.Population(
        name="fee_notices", label="收费通知",
        base=lambda agency: FeeNotice.objects.filter(counting.of_agency(agency, "application__agency")),
        parts=lambda year: [counting.Part(Q(issued_on__year=year))],
        attributes={"method": counting.Field("method")}, list_template="")


def test_a_new_population_needs_its_registration_and_data_only(tmp_path, world, monkeypatch):
    fmt = variant(tmp_path, add_fee_table)
    for day, method, quantity in ((3, "per_page", 120), (4, "per_application", 12)):
        application = apply(world.education, world.clerk, D(2025, 6, day))
        services.fee_notice(application, world.clerk, issued_on=D(2025, 6, 10), **{method: quantity})
    assert "p1.fee_notices|value" not in statistics.linked_cells(fmt)  # declared, but nobody counts it yet

    monkeypatch.setitem(counting._POPULATIONS, "fee_notices", fee_notices())
    values = statistics.computed_sheet(fmt, world.government, 2025).values
    assert values["p1.fee_notices|value"] == 2 and values["p1.fee_notices.per_page|value"] == 1
    assert statistics.computed_sheet(fmt, world.government, 2024).values["p1.fee_notices|value"] == 0
    _, listed = counting.records_behind(fmt, world.government, 2025, "p1.fee_notices.per_application|value")
    assert [notice.quantity for notice in listed] == [12]
    assert values["t3.new|total"] == 2  # the applications are counted as before, beside the new population


def test_a_condition_on_an_attribute_the_population_lacks_names_the_cell(tmp_path):
    def misspelt(data):
        data["tables"][1]["blocks"][0]["rows"][0]["counts"]["chanel"] = "online"

    with pytest.raises(InputError) as raised:
        statistics.linked_cells(variant(tmp_path, misspelt))
    assert "没有属性「chanel」" in raised.value.message and "t3.new|natural_person" in raised.value.place
