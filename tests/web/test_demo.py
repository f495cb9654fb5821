"""The demo data: the seed's district, one user per role, its 2015 report published."""

from django.core.management import call_command

from gongkai.web.accounts.models import Role
from gongkai.web.agencies.models import Agency
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
    seed = AnnualReport.objects.get(agency=government, year=2015)
    assert seed.status == "published" and seed.versions.count() == 1
    assert str(seed.published) == "2016-03-15"
    assert seed.versions.get().data["cells"]["stats.proactive.items|value"] == 4245
    assert set(AnnualReport.objects.filter(year=2016).values_list("status", flat=True)) == {"draft", "submitted"}
