"""The monthly bulletin: what it counts per agency, how it ranks them, what changed since the month
before, how it is issued and archived, and what it refuses."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from gongkai.web.supervision import bulletins, rules
from gongkai.web.supervision.models import Bulletin
from tests.web.supervision.conftest import APRIL, MARCH


def by_agency(rows):
    return {row["agency"]: row for row in rows}


def test_each_agency_has_its_items_by_channel_its_timeliness_and_its_applications(march):
    rows = by_agency(bulletins.figures(march.government, MARCH))
    education, civil = rows["九台区教育局"], rows["九台区民政局"]
    assert education["channels"] == {"website": 2, "weibo": 1}
    assert (education["published"], education["late"], education["rate"]) == (2, 0, 100.0)
    assert (education["received"], education["answered"], education["on_time"], education["overdue"]) == (1, 1, 1, 0)
    assert (civil["published"], civil["late"], civil["rate"]) == (1, 1, 0.0)
    assert (civil["received"], civil["overdue"]) == (0, 1)  # received in January, never answered
    assert rows["其塔木镇人民政府"]["published"] == 0 and rows["其塔木镇人民政府"]["rate"] is None


def test_agencies_are_ranked_by_the_rule_and_equal_figures_share_a_rank(march):
    rows = bulletins.figures(march.government, MARCH)
    ranks = {row["agency"]: row["rank"] for row in rows}
    assert ranks["九台区教育局"] == 1
    assert ranks["九台区民政局"] == 2  # rate 0 like the silent ones, but it published
    assert {ranks[name] for name in ("其塔木镇人民政府", "九台区政务公开协调办公室", "长春市九台区人民政府")} == {3}
    assert "九台区民政局" not in bulletins.draft(march.government, MARCH)["silent"]


def test_the_draft_states_its_ranking_rule_from_the_rules_file(march):
    content = bulletins.draft(march.government, MARCH)
    for key in rules.ranking()["keys"]:
        assert rules.figures()[key["figure"]] in content["rule"]
    assert content["rule"] == rules.ranking_rule()
    assert "其塔木镇人民政府" in content["silent_text"]


def test_the_changes_since_last_month_compare_rank_and_figures_with_the_issued_bulletin(march, make_item):
    march_bulletin = bulletins.issue(march.government, MARCH, march.coordinator)
    make_item(march.town, march.coordinator, title="其塔木镇2024年春耕生产通知", formed_on=APRIL,
              published_on=datetime.date(2024, 4, 2))
    rows = by_agency(bulletins.draft(march.government, APRIL)["rows"])
    town = rows["其塔木镇人民政府"]
    assert town["rank"] == 1
    before = by_agency(march_bulletin.content["rows"])["其塔木镇人民政府"]["rank"]
    assert town["previous"]["rank"] == before
    assert town["previous"]["rank_change"] == before - 1
    assert town["previous"]["published_change"] == 1
    assert rows["九台区教育局"]["previous"]["published_change"] == -2


def test_issuing_numbers_the_bulletin_with_the_government_designation_and_archives_it(march):
    first = bulletins.issue(march.government, MARCH, march.coordinator)
    assert first.number == rules.bulletin()["number"].format(designation="九政", year=2024, serial=1)
    assert first.content["number"] == first.number
    with pytest.raises(bulletins.BulletinError, match="已经签发"):
        bulletins.issue(march.government, MARCH, march.coordinator)
    first.content["rows"] = []
    with pytest.raises(ValidationError, match="不可修改"):
        first.save()
    with pytest.raises(ValidationError, match="不可删除"):
        Bulletin.objects.filter(pk=first.pk).delete()
    assert [b.month for b in bulletins.issued(march.government)] == [MARCH]


def test_a_month_with_no_data_says_so_instead_of_an_empty_bulletin(designated):
    with pytest.raises(bulletins.BulletinError, match="2024年2月长春市九台区没有发布主动公开信息"):
        bulletins.draft(designated.government, datetime.date(2024, 2, 1))
    assert not Bulletin.objects.exists()


def test_a_month_not_yet_over_is_refused(march):
    with pytest.raises(bulletins.BulletinError, match="尚未结束"):
        bulletins.draft(march.government, datetime.date(2024, 5, 1))


def test_without_the_governments_designation_nothing_is_numbered(march):
    march.government.designation = ""
    march.government.save()
    with pytest.raises(bulletins.BulletinError, match="机关代字"):
        bulletins.issue(march.government, MARCH, march.coordinator)


def test_only_the_jurisdictions_office_issues(march):
    for user in (march.clerk, march.reviewer, march.outsider):
        with pytest.raises(PermissionDenied):
            bulletins.issue(march.government, MARCH, user)


@pytest.mark.parametrize("text", ["2024-13", "2024", "三月", "2024-0"])
def test_a_bad_month_is_refused_naming_the_field(text):
    with pytest.raises(bulletins.BulletinError, match="通报月份"):
        bulletins.month_of(text)


def test_the_docx_is_an_official_document_with_number_addressee_tables_and_signature(march):
    issued = bulletins.issue(march.government, MARCH, march.coordinator)
    document = Document(io.BytesIO(bulletins.render_docx(issued.content)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "\n".join(issued.content["title_lines"])
    assert issued.number in texts
    assert "长春市九台区各有关单位：" in texts
    assert texts[-2:] == ["长春市九台区人民政府办公室", "2024年5月6日"]
    ranking, channels = document.tables
    assert [cell.text for cell in ranking.rows[1].cells][:4] == ["1", "九台区教育局", "2（+2）", "100.0%"]  # February had none
    assert len(ranking.rows) == 1 + 5 and len(channels.rows) == 1 + 5


def test_the_pdf_prints_the_same_bulletin(march):
    issued = bulletins.issue(march.government, MARCH, march.coordinator)
    assert bulletins.render_pdf(issued.content).startswith(b"%PDF")


def test_the_command_line_issues_and_prints_the_bulletin(march, tmp_path):
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("bulletin", jurisdiction="长春市九台区人民政府", month="2024-03", issue=True, user="coordinator",
                 docx=tmp_path / "通报.docx", stdout=out)
    bulletin = Bulletin.objects.get()
    assert bulletin.number in out.getvalue() and "1\t九台区教育局" in out.getvalue()
    assert Document(tmp_path / "通报.docx").paragraphs
    with pytest.raises(CommandError, match="无权签发"):
        call_command("bulletin", jurisdiction="长春市九台区人民政府", month="2024-04", issue=True, user="clerk")
    with pytest.raises(CommandError, match="没有可通报的情况"):
        call_command("bulletin", jurisdiction="长春市九台区人民政府", month="2023-12")
