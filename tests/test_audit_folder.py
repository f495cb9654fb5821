"""The folder audit for researchers and evaluators: every cell read in long form, every core, a page
that names rules by their titles and never calls an unread report clean."""

import csv
import io
import json
import shutil

from gongkai.audit import audit_paths
from gongkai.cli import main
from gongkai.render.audit import render_audit_html


def read_csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_a_csv_output_also_writes_every_cell_read_in_long_form_beside_it(tmp_path, corpus_dir):
    output = tmp_path / "审查结果.csv"
    main(["audit", str(corpus_dir / "cases" / "huaian-city-2024"), str(corpus_dir / "seed"), "-o", str(output)])
    cells = read_csv(tmp_path / "审查结果.cells.csv")
    assert list(cells[0]) == ["报告", "单位", "年度", "格式", "键", "行标签", "列标签", "值", "原文", "出处", "来源"]
    fee = next(row for row in cells if row["键"] == "t2.administrative_fee|amount")
    assert fee["值"] == "96171.6" and fee["格式"] == "gov2021" and fee["年度"] == "2024" and fee["来源"] == "text"
    secret = next(row for row in cells if row["键"] == "t3.refused.state_secret|commercial")
    assert secret["行标签"] == "三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密"
    evidence = json.loads(secret["出处"])
    assert evidence["page"] == 4 and evidence["column"] == 2 and evidence["line"] > 0
    seed = [row for row in cells if row["格式"] == "legacy"]
    assert len(seed) == 58 and {row["年度"] for row in seed} == {"2015"}


def test_a_folder_audit_uses_a_process_pool_with_the_same_results_and_says_how_far_it_is(corpus_dir, capsys):
    one = audit_paths([corpus_dir / "cases"], workers=1)
    seen = []
    two = audit_paths([corpus_dir / "cases"], workers=2, progress=lambda done, total, path: seen.append((done, total)))
    assert [r.to_json() for r in two] == [r.to_json() for r in one]
    assert [done for done, _ in seen] == list(range(1, len(one) + 1)) and {t for _, t in seen} == {len(one)}
    main(["audit", str(corpus_dir / "cases"), "--json"])
    err = capsys.readouterr().err
    assert f"已审查 {len(one)}/{len(one)}：" in err


def test_the_pool_is_given_every_file_once_in_large_batches_that_shrink_to_one_file_at_the_end():
    from gongkai.audit import CHUNK, _batches

    batches = _batches(1100, 2)
    assert [i for batch in batches for i in batch] == list(range(1100))
    sizes = [len(batch) for batch in batches]
    assert sizes[0] == CHUNK and sizes == sorted(sizes, reverse=True) and sizes[-8:] == [1] * 8
    assert len(batches) < 1100 // 8  # far fewer messages than files
    assert [len(batch) for batch in _batches(3, 2)] == [1, 1, 1]


def test_the_folder_page_names_rules_by_title_formats_in_words_and_the_share_of_cells_read(corpus_dir):
    results = audit_paths([corpus_dir / "cases"], workers=1)
    page = render_audit_html(results)
    assert '「总计」列等于各列之和<br><span class="rule-id">T4-1</span>' in page
    assert "2021年起格式（国办公开办函〔2021〕30号）" in page
    assert "读出单元格比例" in page and ">100%<" in page and "table.sortable" in page


def test_a_report_whose_tables_were_not_read_is_never_called_clean(tmp_path, corpus_dir):
    shutil.copy(corpus_dir / "cases" / "longtan-district-2017-legacy" / "report.txt", tmp_path / "partial.txt")
    (tmp_path / "notes.txt").write_text("某局2023年政府信息公开工作年度报告\n本年度工作平稳有序。\n", encoding="utf-8")
    page = render_audit_html(audit_paths([tmp_path], workers=1))
    assert "未发现问题。" not in page
    assert "未能读出统计表，无法判断是否有问题。" in page
