"""Tables 三 and 四 computed from the records, checked by the core's identities."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.checks import check_report
from gongkai.formats import load_format
from gongkai.sheets import Report
from gongkai.web import counting
from gongkai.web.agencies.models import Agency
from gongkai.web.applications import rules, services, statistics
from gongkai.web.applications.models import Application, Reply
from gongkai.web.reports import services as report_services

from .conftest import apply

D = datetime.date
KINDS = [kind for kind, _ in rules.applicant_kinds()]


def core(fmt_id, agency, year):
    return Report(agency=agency.name, year=year, sheet=statistics.computed_sheet(load_format(fmt_id), agency, year),
                  agency_kind=agency.report_kind)


def hard_errors(result):
    return [finding for finding in result.findings if finding.severity == "error"]


records = st.lists(st.tuples(
    st.sampled_from(KINDS),
    st.integers(min_value=0, max_value=3 * 365),  # received: days after 2023-01-01
    st.one_of(st.none(), st.integers(min_value=0, max_value=200)),  # replied: days after receipt, or open
    st.integers(min_value=0, max_value=100),  # which outcome of the reply year's format
), max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=records)
def test_table3_from_random_records_passes_the_identities(world, records):
    with transaction.atomic():
        for kind, received_offset, reply_offset, outcome_index in records:
            received = D(2023, 1, 1) + datetime.timedelta(days=received_offset)
            application = Application.objects.create(agency=world.education, channel="online", received=received,
                                                     applicant_kind=kind, description="x")
            if reply_offset is not None:
                replied = received + datetime.timedelta(days=reply_offset)
                fmt_id = "gov2021"
                outcomes = list(rules.outcomes(fmt_id))
                Reply.objects.create(application=application, replied_on=replied, format_id=fmt_id,
                                     outcome=outcomes[outcome_index % len(outcomes)], due_on=replied)
        previous = None
        for year in (2023, 2024, 2025):
            report = core("gov2021", world.education, year)
            result = check_report(report, previous)
            assert hard_errors(result) == []
            assert not [f for f in result.findings if f.rule == "T3-7"]  # carry-over agrees across years
            values = report.sheet.values
            outcome_sum = sum(values[f"{key}|total"] for key in rules.outcomes("gov2021"))
            answered = sum(1 for _, r, reply, _ in records if reply is not None
                           and (D(2023, 1, 1) + datetime.timedelta(days=r + reply)).year == year)
            assert outcome_sum == values["t3.total|total"] == answered  # each reply in exactly one row
            previous = report
        transaction.set_rollback(True)


listed_records = st.lists(st.tuples(
    st.sampled_from(KINDS),
    st.sampled_from(list(Application.Channel.values)),
    st.integers(min_value=0, max_value=2 * 365),  # received: days after 1 January of the year before
    st.one_of(st.none(), st.integers(min_value=0, max_value=200)),  # replied: days after receipt, or open
    st.booleans(),  # the reply period was extended
    st.integers(min_value=0, max_value=100),  # which outcome of the reply year's format
), max_size=25)


@pytest.mark.parametrize("fmt_id, year", [("gov2021", 2024), ("legacy", 2016)])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=listed_records)
def test_each_cell_counts_the_applications_its_link_lists(world, fmt_id, year, records):
    """The grouped counts of table 三 and the list behind each cell are two readings of one row
    definition: they agree for every cell."""
    fmt = load_format(fmt_id)
    with transaction.atomic():
        for kind, channel, received_offset, reply_offset, extended, outcome_index in records:
            received = D(year - 1, 1, 1) + datetime.timedelta(days=received_offset)
            application = Application.objects.create(
                agency=world.education, channel=channel, received=received, applicant_kind=kind, description="x",
                extended_on=received + datetime.timedelta(days=1) if extended else None)
            if reply_offset is not None:
                replied = received + datetime.timedelta(days=reply_offset)
                outcomes = list(rules.outcomes(fmt_id))
                Reply.objects.create(application=application, replied_on=replied, format_id=fmt_id,
                                     outcome=outcomes[outcome_index % len(outcomes)], due_on=replied)
        values = statistics.computed_sheet(fmt, world.government, year).values
        for key, cell in counting.computed_cells(fmt).items():
            if cell.population == "applications" and key.endswith(("|total", "|value", "|natural_person")):
                listed = counting.records_behind(fmt, world.government, year, key)[1].count()
                assert listed == values[key], key
        transaction.set_rollback(True)


def test_carry_over_across_the_year_end(world):
    """Received in December, answered in January: 结转下年度 in 2025, 上年结转 in 2026."""
    application = apply(world.education, world.clerk, D(2025, 12, 22), kind="legal_service")
    services.record_reply(application, world.clerk, replied_on=D(2026, 1, 12), outcome="t3.partially_granted")
    y2025 = core("gov2021", world.education, 2025).sheet.values
    y2026 = core("gov2021", world.education, 2026).sheet.values
    assert y2025["t3.new|legal_service"] == 1 and y2025["t3.carried_out|legal_service"] == 1
    assert y2025["t3.total|total"] == 0 and y2025["t3.carried_in|total"] == 0
    assert y2026["t3.carried_in|legal_service"] == 1 and y2026["t3.new|total"] == 0
    assert y2026["t3.partially_granted|legal_service"] == 1 and y2026["t3.carried_out|total"] == 0
    _, behind = counting.records_behind(load_format("gov2021"), world.education, 2026, "t3.carried_in|legal_service")
    assert list(behind) == [application]


def test_gov2019_and_legacy_rows(world):
    a = apply(world.education, world.clerk, D(2020, 12, 1), channel="letter")
    services.request_supplement(a, world.clerk, on=D(2020, 12, 2), applicant_due=D(2020, 12, 10), items="文号")
    services.close_unsupplemented(a, world.clerk, on=D(2020, 12, 11))
    sheet = core("gov2019", world.education, 2020).sheet.values
    assert sheet["t3.other|natural_person"] == 1 and sheet["t3.total|total"] == 1
    old = apply(world.education, world.clerk, D(2016, 5, 3), channel="fax")
    services.extend(old, world.clerk, on=D(2016, 5, 10), approver="王主任", notified_on=D(2016, 5, 10), reason="量大")
    services.record_reply(old, world.clerk, replied_on=D(2016, 6, 1),
                          outcome="stats.application.replies.refused.personal_privacy")
    report = core("legacy", world.education, 2016)
    values = report.sheet.values
    assert values["stats.application.received.fax|value"] == 1
    assert values["stats.application.closed.extended|value"] == 1
    assert values["stats.application.replies.refused|value"] == 1
    assert hard_errors(check_report(report)) == []


def test_table4_and_the_co_defendant_rule(world, settings):
    # The co-defendant: the department above 九台区教育局 (a review organ the law allows, 《行政复议法》第二十七条).
    city = Agency.objects.create(name="长春市人民政府", kind=Agency.Kind.GOVERNMENT, jurisdiction_name="长春市")
    world.government.parent = city
    world.government.save()
    world.education.refresh_from_db()
    organ = Agency.objects.create(name="长春市教育局", kind=Agency.Kind.DEPARTMENT, parent=city)
    application = apply(world.education, world.clerk, D(2025, 3, 3))
    services.record_reply(application, world.clerk, replied_on=D(2025, 3, 20), outcome="t3.refused.third_party")
    review = services.record_review(application, world.clerk, kind="review", filed_on=D(2025, 4, 1), body="九台区人民政府")
    services.decide_review(review, world.clerk, decided_on=D(2025, 5, 20), decision="upheld")
    lawsuit = services.record_review(application, world.clerk, kind="after_review", filed_on=D(2025, 6, 1),
                                     body="九台区人民法院", review_organ=organ)
    services.decide_review(lawsuit, world.clerk, decided_on=D(2026, 2, 1), decision="rejected_request")
    values = core("gov2021", world.education, 2025).sheet.values
    assert values["t4.cases|review.upheld"] == 1 and values["t4.cases|review.total"] == 1
    assert values["t4.cases|after_review.pending"] == 1  # decided after 31 December
    assert core("gov2021", world.education, 2026).sheet.values["t4.cases|after_review.total"] == 0
    assert core("gov2021", organ, 2025).sheet.values["t4.cases|after_review.total"] == 0
    settings.GONGKAI_APPLICATIONS = {"count_review_organ_as_co_defendant": True}
    assert core("gov2021", organ, 2025).sheet.values["t4.cases|after_review.pending"] == 1
    for fmt_id, year in (("gov2021", 2025), ("gov2021", 2026), ("legacy", 2025), ("legacy", 2026)):
        fmt = load_format(fmt_id)
        computed = statistics.computed_sheet(fmt, world.education, year).values
        for key, cell in counting.computed_cells(fmt).items():  # each cell lists the cases it counts
            if cell.population == "review_cases":
                assert counting.records_behind(fmt, world.education, year, key)[1].count() == computed[key], key


def test_jurisdiction_counts_its_subtree(world):
    apply(world.education, world.clerk, D(2025, 3, 3))
    apply(world.town, world.admin, D(2025, 3, 4), kind="commercial")
    values = core("gov2021", world.government, 2025).sheet.values
    assert values["t3.new|total"] == 2 and values["t3.new|commercial"] == 1


def test_fill_report_flags_hand_entered_differences(world):
    for day in (3, 4):
        application = apply(world.education, world.clerk, D(2025, 3, day))
        services.record_reply(application, world.clerk, replied_on=D(2025, 3, 20), outcome="t3.granted")
    report = report_services.create_report(world.education, 2025, world.clerk)
    report_services.save_cells(report, world.clerk, {"t3.new|natural_person": "3"}, expected_revision=report.revision)
    differences = statistics.fill_report(report, world.clerk)
    assert [(d.key, d.entered, d.computed) for d in differences] == [("t3.new|natural_person", "3", 2)]
    cells = dict(report.cells.values_list("key", "value"))
    assert cells["t3.new|natural_person"] == "3" and cells["t3.granted|natural_person"] == "2"
    assert cells["t4.cases|review.total"] == "0"
    statistics.fill_report(report, world.clerk, overwrite=True)
    assert statistics.differences(report) == []


def run_cli(*argv):
    from gongkai.cli import main

    return main(list(argv))


def test_tables_command_prints_checks_and_writes_the_computed_tables(world, capsys, tmp_path):
    for day, outcome in ((3, "t3.granted"), (4, "t3.unable.not_held")):
        application = apply(world.education, world.clerk, D(2025, 3, day))
        services.record_reply(application, world.clerk, replied_on=D(2025, 3, 20), outcome=outcome)
    apply(world.town, world.admin, D(2025, 12, 29), kind="commercial")
    output = tmp_path / "九台区2025.xlsx"
    assert run_cli("tables", "长春市九台区人民政府", "2025", "-o", str(output)) == 0
    out = capsys.readouterr().out
    assert "由本行政区申请记录计算" in out
    assert "一、本年新收政府信息公开申请数量 · 总计 = 3    [t3.new|total]" in out
    assert "四、结转下年度继续办理 · 法人或其他组织 › 商业企业 = 1" in out
    assert "张三丰" not in out
    from gongkai.render import read_xlsx

    written = read_xlsx(output)
    assert written.sheet.values == core("gov2021", world.government, 2025).sheet.values


def test_tables_command_flags_hand_entered_cells_that_differ(world, capsys):
    apply(world.education, world.clerk, D(2025, 3, 3))
    report = report_services.create_report(world.education, 2025, world.clerk)
    report_services.save_cells(report, world.clerk, {"t3.new|total": "4"}, expected_revision=report.revision)
    assert run_cli("tables", "九台区教育局", "2025") == 1
    assert "与年度报告不一致：一、本年新收政府信息公开申请数量 · 总计 手工填写 4，由记录计算为 1" in capsys.readouterr().out
    assert run_cli("tables", "九台区民政局", "2025") == 0
    assert "各单元格均为 0" in capsys.readouterr().out


def test_tables_command_refuses_bad_input_and_writes_nothing(world, capsys, tmp_path):
    assert run_cli("tables", "某某局", "2025") == 2
    assert "没有名为「某某局」的单位" in capsys.readouterr().err
    output = tmp_path / "表.odt"
    assert run_cli("tables", "九台区教育局", "2025", "-o", str(output)) == 2
    assert "不支持的输出文件类型" in capsys.readouterr().err and not output.exists()
