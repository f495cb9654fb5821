"""The demo data: the seed's district, one user per role, its 2015 report published."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from gongkai.web.accounts.models import Role
from gongkai.web.agencies.models import Agency
from gongkai.web.applications import services as applications
from gongkai.web.applications.models import Application
from gongkai.web.reports.models import AnnualReport


def test_demo_is_loaded_once_however_often_it_runs(db, capsys):
    call_command("load_demo")
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "jiutai-xietiao-2016" in out
    government = Agency.objects.get(name="长春市九台区人民政府")
    assert government.jurisdiction_name == "长春市九台区" and government.full_time_staff is not None
    assert Agency.objects.get(name="九台区政务公开协调办公室").jurisdiction == government
    assert Role.objects.count() == 6
    assert not Agency.objects.filter(designation="").exists()  # every document can be numbered
    assert Agency.objects.get(name="其塔木镇人民政府").designation == "其政"
    seed = AnnualReport.objects.get(agency=government, year=2015)
    assert seed.status == "published" and seed.versions.count() == 1
    assert str(seed.published) == "2016-03-15"
    assert seed.versions.get().data["cells"]["stats.proactive.items|value"] == 4245
    assert set(AnnualReport.objects.filter(year=2016).values_list("status", flat=True)) == {"draft", "submitted"}


def test_demo_applications_show_every_stage_of_the_procedure(db, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 11, 27))
    call_command("load_demo")
    call_command("load_demo")
    assert Application.objects.count() == 9  # one of them the seed's 2015 application
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == {"closed", "processing", "consulting", "awaiting_fee", "awaiting_supplement"}
    government = Agency.objects.get(name="长春市九台区人民政府")
    queue = applications.open_queue(government.subtree())
    assert [item["overdue"] for item in queue].count(True) == 1
    assert [item["soon"] for item in queue].count(True) == 1
    carried = Application.objects.get(received=datetime.date(2025, 12, 22))
    assert carried.replied_on == datetime.date(2026, 1, 12) and carried.review_cases.get().outcome == "upheld"
    assert AnnualReport.objects.get(agency__name="九台区教育局", year=2026).format_id == "gov2021"


def test_demo_complaints_are_recent_and_every_legacy_cell_of_2015_is_computed_from_records(db, monkeypatch):
    from gongkai.formats import load_format
    from gongkai.web import counting
    from gongkai.web.applications import statistics
    from gongkai.web.complaints.models import Complaint

    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 11, 27))
    call_command("load_demo")
    call_command("load_demo")
    assert set(Complaint.objects.values_list("status", flat=True)) == {"closed", "handling"}
    assert Complaint.objects.count() == 3
    legacy = load_format("legacy")
    assert set(counting.computed_cells(legacy)) == set(legacy.cells)  # 一 through 九, every cell
    government = Agency.objects.get(name="长春市九台区人民政府")
    seed = AnnualReport.objects.get(agency=government, year=2015)
    differing = {difference.key for difference in statistics.differences(seed)}
    # The seed states no complaint, no fee and no special funds in 2015; the records agree.
    assert not differing & {"stats.complaints|value", "stats.fees|value", "stats.staffing.special_funds|value"}
    assert not {key for key in differing if key.startswith("stats.application.")}  # the seed's one application
    # The demo's repeals go through Item.save: every publisher row still holds its item's counted fields.
    from gongkai.web.proactive.models import ItemAgency

    fields = [*ItemAgency.COPIED]
    rows = ItemAgency.objects.values_list(*fields, *(f"item__{name}" for name in fields))
    assert rows.filter(validity="repealed").exists()
    assert all(row[:len(fields)] == row[len(fields):] for row in rows)
