"""The narrative drafted from the data, and every number it states checked against the tables before
submission (rule X-1, as the audit checks a published report)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from gongkai.audit import audit_file
from gongkai.checks import declared_check
from gongkai.formats import load_format
from gongkai.render import render
from gongkai.web.applications.statistics import fill_report
from gongkai.web.reports import narrative, services
from gongkai.web.reports.models import AnnualReport, NarrativeTemplate, ReportEvent
from tests.web.conftest import login

X1 = declared_check(load_format("legacy"), "narrative_numbers")["id"]
HOT_TOPICS = "stats.response.hot_topics|value"
ITEMS = "stats.proactive.items|value"


def section(report, key):
    return report.sections.get(key=key)


def test_the_demo_districts_2015_report_made_from_records_reads_back_without_x1(db, tmp_path):
    call_command("load_demo")
    admin = get_user_model().objects.get(username="admin")
    report = AnnualReport.objects.get(agency__name="长春市九台区人民政府", year=2015)
    services.reopen(report, admin, "由工作记录重新生成")
    fill_report(report, admin, overwrite=True)
    narrative.draft(report, admin, report.revision, overwrite=True)
    report.refresh_from_db()
    # The seed said 16 topics in its text and 2 in its table; the records say 2, and so do both now.
    assert report.cells.get(key=HOT_TOPICS).value == "2"
    assert "（一）回应公众关注热点或重大舆情数2次。" in section(report, "response").text
    assert services.contradictions(report) == []
    core = services.report_to_core(report)
    for kind in ("html", "docx"):
        path = tmp_path / f"九台区2015年政府信息公开工作年度报告.{kind}"
        path.write_bytes(render(core, kind))
        result = audit_file(path)
        assert result.format.id == "legacy" and result.year == 2015
        assert [f.message for f in result.findings if f.rule == X1] == []
        stated = {key for number in result.narrative for key in number.keys}
        assert {HOT_TOPICS, ITEMS, "stats.meetings_training.trainees|value"} <= stated


@pytest.fixture
def drafted(world, report):
    services.save_cells(report, world.clerk, {ITEMS: "312", HOT_TOPICS: "4"}, report.revision)
    narrative.draft(report, world.clerk, report.revision)
    report.refresh_from_db()
    return report


def test_a_draft_states_the_tables_numbers_and_is_a_recorded_change(world, drafted):
    text = section(drafted, "response").text
    assert text.startswith("（一）回应公众关注热点或重大舆情数4次。")
    assert "九台区教育局主动公开政府信息312条" in section(drafted, "proactive").text
    assert section(drafted, "problems").text == ""  # the clerk's to write
    event = drafted.events.filter(kind=ReportEvent.Kind.SECTION, target="三、回应解读情况").get()
    assert event.note == narrative.DRAFT_NOTE and event.new == text and event.user == world.clerk
    assert services.contradictions(drafted) == []


def test_a_second_draft_keeps_what_the_clerk_wrote_unless_asked_to_overwrite(world, drafted):
    response = section(drafted, "response")
    services.save_sections(drafted, world.clerk, {response.position: "本年回应热点4次。"}, drafted.revision)
    assert narrative.draft(drafted, world.clerk, drafted.revision) == 0
    assert section(drafted, "response").text == "本年回应热点4次。"
    narrative.draft(drafted, world.clerk, drafted.revision, overwrite=True)
    assert section(drafted, "response").text.startswith("（一）回应公众关注热点")


def test_a_number_typed_against_the_table_is_found_beside_its_sentence_and_blocks_submission(world, drafted):
    response = section(drafted, "response")
    wrong = response.text.replace("舆情数4次", "舆情数16次")
    services.save_sections(drafted, world.clerk, {response.position: wrong}, drafted.revision)
    placed = narrative.findings_by_section(services.check(drafted))
    [found] = placed[response.position]
    assert found.sentence == "（一）回应公众关注热点或重大舆情数16次。"
    assert found.finding.rule == X1 and "为4次" in found.finding.message
    with pytest.raises(services.ReportError, match="正文有1处数字与统计表不一致"):
        services.submit(drafted, world.clerk)
    assert drafted.status == "draft"
    services.submit(drafted, world.clerk, override="统计表待区政府办核定")
    assert drafted.events.filter(kind=ReportEvent.Kind.STATUS).first().note.endswith("理由：统计表待区政府办核定")


def test_the_report_page_shows_the_finding_under_the_sentence(client, world, drafted):
    response = section(drafted, "response")
    services.save_sections(drafted, world.clerk, {response.position: response.text.replace("数4次", "数16次")},
                           drafted.revision)
    page = login(client, world.clerk).get(f"/reports/{drafted.pk}/").content.decode()
    fieldset = page[page.index("<legend>三、回应解读情况"):]
    fieldset = fieldset[:fieldset.index("</fieldset>")]
    assert "<q>（一）回应公众关注热点或重大舆情数16次。</q>" in fieldset and "为4次" in fieldset
    assert "正文有1处数字与统计表不一致" in page
    refused = client.post(f"/reports/{drafted.pk}/submit/", follow=True).content.decode()
    assert "不能报送" in refused
    drafted.refresh_from_db()
    assert drafted.status == "draft"


def test_the_draft_button_drafts_and_keeps_the_revision_check(client, world, report):
    login(client, world.clerk)
    page = client.post(f"/reports/{report.pk}/draft/", {"revision": report.revision}, follow=True)
    assert "已由统计数据起草" in page.content.decode()
    stale = client.post(f"/reports/{report.pk}/draft/", {"revision": report.revision}, follow=True)
    assert "本报告已被他人修改" in stale.content.decode()
    assert client.post(f"/reports/{report.pk}/draft/", {"revision": 0}).status_code == 302
    login(client, world.other_clerk)
    assert client.post(f"/reports/{report.pk}/draft/", {"revision": 1}).status_code == 403


def test_the_office_edits_a_template_and_the_next_draft_uses_it(client, world, report):
    login(client, world.coordinator)
    assert "年度报告正文模板" in client.get("/workbench/").content.decode()
    url = "/narrative-templates/legacy/"
    assert "{{ stats.complaints|value }}" in client.get(url).content.decode()
    form = {f"template-{key}": text for key, text in narrative.templates(report.format).items()}
    form["template-complaints"] = "{{ year }}年共收到举报投诉{{ stats.complaints|value }}件，均已办结。"
    assert client.post(url, form).status_code == 302
    row = NarrativeTemplate.objects.get(format_id="legacy", section_key="complaints")
    assert row.updated_by == world.coordinator
    assert "均已办结" in client.get(url).content.decode()  # and the change log lists it
    services.save_cells(report, world.clerk, {"stats.complaints|value": "2"}, report.revision)
    narrative.draft(report, world.clerk, report.revision)
    assert section(report, "complaints").text == "2016年共收到举报投诉2件，均已办结。"


def test_a_template_naming_no_cell_is_refused_and_nothing_is_saved(client, world):
    login(client, world.coordinator)
    form = {"template-complaints": "收到举报投诉{{ stats.complaint|value }}件。", "template-fees": "费用"}
    page = client.post("/narrative-templates/legacy/", form)
    assert page.status_code == 422
    assert "六、举报投诉情况：模板中的「{{ stats.complaint|value }}」不是本格式的单元格或可用变量" in page.content.decode()
    assert not NarrativeTemplate.objects.exists()


def test_only_the_office_and_the_admin_edit_templates(client, world):
    for user, status in ((world.clerk, 403), (world.reviewer, 403), (world.admin, 200), (world.coordinator, 200)):
        assert login(client, user).get("/narrative-templates/").status_code == status
    assert client.get("/narrative-templates/nosuch/").status_code == 404
