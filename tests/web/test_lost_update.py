"""Two people edit the same report: the later save, based on an older revision, is refused."""

from django.test import Client
from django.urls import reverse

from gongkai.web.reports import services

ITEMS = "stats.proactive.items|value"


def test_later_save_is_refused_and_the_form_keeps_what_was_typed(world, report):
    first, second = Client(), Client()
    first.force_login(world.clerk)
    second.force_login(world.admin)
    url = reverse("reports:report", args=[report.pk])
    revision = first.get(url).context["report"].revision
    assert second.get(url).context["report"].revision == revision
    saved = first.post(reverse("reports:save_cells", args=[report.pk]), {"revision": revision, ITEMS: "120"})
    assert saved.status_code == 302
    refused = second.post(reverse("reports:save_cells", args=[report.pk]), {"revision": revision, ITEMS: "999"})
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "已被他人修改" in page and "您填写的内容仍保留在下方" in page
    assert f'name="{ITEMS}" value="999"' in page
    assert report.cells.get(key=ITEMS).value == "120"


def test_stale_service_call_raises(world, report):
    services.save_cells(report, world.clerk, {ITEMS: "1"}, 0)
    try:
        services.save_cells(report, world.admin, {ITEMS: "2"}, 0)
    except services.StaleRevision as error:
        assert "第1次修改，您打开时为第0次" in error.message
    else:
        raise AssertionError("a stale save was accepted")
    assert report.cells.get(key=ITEMS).value == "1"


def test_stale_sections_keep_the_typed_text(world, report):
    client = Client()
    client.force_login(world.clerk)
    services.save_sections(report, world.admin, {0: "管理员先保存的概况"}, 0)
    response = client.post(reverse("reports:save_sections", args=[report.pk]),
                           {"revision": "0", "section-0": "填报人员写的概况"})
    assert response.status_code == 409
    assert "填报人员写的概况" in response.content.decode()
    assert report.sections.get(position=0).text == "管理员先保存的概况"


def test_a_status_change_makes_open_forms_stale(world, report):
    services.submit(report, world.clerk)
    services.return_with_comment(report, world.coordinator, "请补充")
    try:
        services.save_cells(report, world.clerk, {ITEMS: "1"}, 0)
    except services.StaleRevision:
        pass
    else:
        raise AssertionError("a form opened before the return was accepted")
