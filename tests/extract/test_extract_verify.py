"""Self-verification: a reading that breaks the table's identities, where a shifted or refitted reading
satisfies them all, is read the way the identities say, with the evidence why; never guessed otherwise."""

import random

from gongkai.audit import audit_file
from gongkai.formats import load_format
from gongkai.render import render
from gongkai.sheets import Report, Sheet

GOV2021 = load_format("gov2021")
T3 = GOV2021.table("t3").blocks[0]
APPLICANTS = [c.key for c in T3.leaf_columns if c.key != "total"]
SUMMED = {"t3.new", "t3.carried_in", "t3.total", "t3.carried_out"}


def consistent_report(seed: int = 7, **printed: int) -> Report:
    """Table 三 with distinct, non-zero values (but those ``printed``: cell key with __ for |) that
    satisfy T3-1, T3-2 and T3-3."""
    rng = random.Random(seed)
    sheet = Sheet(GOV2021)
    outcomes = [r.key for r in T3.data_rows if r.key not in SUMMED]
    given = {key.replace("__", "|"): value for key, value in printed.items()}
    for column in APPLICANTS:
        total = 0
        for row in outcomes:
            value = given.get(f"{row}|{column}", rng.randint(1, 400))
            sheet.set(f"{row}|{column}", value)
            total += value
        carried_in, carried_out = rng.randint(1, 50), rng.randint(1, 50)
        sheet.set(f"t3.total|{column}", total)
        sheet.set(f"t3.carried_in|{column}", carried_in)
        sheet.set(f"t3.carried_out|{column}", carried_out)
        sheet.set(f"t3.new|{column}", total + carried_out - carried_in)
    for row in T3.data_rows:
        sheet.set(f"{row.key}|total", sum(sheet.get(f"{row.key}|{c}") for c in APPLICANTS))
    return Report(agency="测试局", year=2022, sheet=sheet)


def table_three_text(report: Report, tmp_path) -> list[str]:
    """The report as a reader copies it from the rendered page: one line per row, cells tab-separated."""
    from gongkai.extract import read_document

    page = tmp_path / "page.html"
    page.write_bytes(render(report, "html"))
    return ["\t".join(line.cells) if line.table is not None else line.text for line in read_document(page).lines]


def write(tmp_path, lines: list[str]):
    path = tmp_path / "copied.txt"
    path.write_text("测试局2022年政府信息公开工作年度报告\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def row_index(lines: list[str], label: str) -> int:
    return next(i for i, line in enumerate(lines) if label in line and "\t" in line)


def split_row(line: str) -> tuple[list[str], list[str]]:
    cells = line.split("\t")
    return cells[:-7], cells[-7:]


def test_rows_whose_numbers_slid_onto_the_next_label_are_read_where_the_identities_put_them(tmp_path):
    report = consistent_report()
    lines = table_three_text(report, tmp_path)
    first, last = row_index(lines, "（一）予以公开"), row_index(lines, "四、结转下年度继续办理")
    values = [split_row(lines[i])[1] for i in range(first, last + 1)]
    for offset, i in enumerate(range(first, last + 1)):
        labels = split_row(lines[i])[0]
        lines[i] = "\t".join(labels + (values[offset - 1] if offset else [""] * 7))
    result = audit_file(write(tmp_path, lines))
    cells = {c["key"]: c for c in result.cells_json()}
    granted = cells["t3.granted|natural_person"]
    assert granted["value"] == report.sheet.get("t3.granted|natural_person")
    assert "表格错行" in granted["evidence"]["verified"]
    for key, cell in cells.items():
        assert cell["value"] == report.sheet.get(key), key
    assert "t3.carried_out|total" not in cells  # its numbers were lost off the end: unread, not invented
    assert not [f for f in result.findings if f.rule in ("T3-1", "T3-2", "T3-3")]


def test_a_report_that_does_not_add_up_is_read_as_printed_when_no_shift_repairs_it(tmp_path):
    report = consistent_report()
    report.sheet.set("t3.total|natural_person", report.sheet.get("t3.total|natural_person") + 1)
    report.sheet.set("t3.total|total", report.sheet.get("t3.total|total") + 1)
    result = audit_file(write(tmp_path, table_three_text(report, tmp_path)))
    cells = {c["key"]: c for c in result.cells_json()}
    assert cells["t3.total|natural_person"]["value"] == report.sheet.get("t3.total|natural_person")
    assert not any("verified" in c["evidence"] for c in cells.values())
    assert {f.rule for f in result.findings if f.rule.startswith("T3")} == {"T3-1", "T3-2"}


def test_a_fused_digit_run_is_split_where_exactly_one_split_satisfies_the_identities(tmp_path):
    report = consistent_report(**{"t3.granted__natural_person": 300, "t3.granted__commercial": 1})
    lines = table_three_text(report, tmp_path)
    i = row_index(lines, "（一）予以公开")
    labels, values = split_row(lines[i])
    lines[i] = "\t".join(labels + ["3001"] + values[2:])  # 300|1 fused: the separator lost in conversion
    result = audit_file(write(tmp_path, lines))
    cells = {c["key"]: c for c in result.cells_json()}
    assert cells["t3.granted|natural_person"]["value"] == 300 and cells["t3.granted|commercial"]["value"] == 1
    assert "拆为300和1" in cells["t3.granted|natural_person"]["evidence"]["verified"]


def test_a_row_missing_one_value_is_read_when_one_blank_position_satisfies_its_total(tmp_path):
    report = consistent_report(**{"t3.granted__research": 0})
    lines = table_three_text(report, tmp_path)
    i = row_index(lines, "（一）予以公开")
    labels, values = split_row(lines[i])
    lines[i] = "\t".join(labels + values[:2] + values[3:])  # the research column's 0 printed as nothing
    result = audit_file(write(tmp_path, lines))
    cells = {c["key"]: c for c in result.cells_json()}
    assert cells["t3.granted|public_interest"]["value"] == report.sheet.get("t3.granted|public_interest")
    assert "t3.granted|research" not in cells
    assert "空缺的是第3列" in cells["t3.granted|total"]["evidence"]["verified"]


def test_a_row_missing_a_value_stays_unread_when_several_positions_satisfy_the_identities(tmp_path):
    report = consistent_report(**{"t3.granted__research": 0, "t3.granted__public_interest": 0})
    lines = table_three_text(report, tmp_path)
    i = row_index(lines, "（一）予以公开")
    labels, values = split_row(lines[i])
    lines[i] = "\t".join(labels + values[:2] + values[3:])  # one of two zeros dropped: which one?
    result = audit_file(write(tmp_path, lines))
    assert not any(c["key"].startswith("t3.granted|") for c in result.cells_json())
