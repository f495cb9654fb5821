"""Bulk import from the CMS export (issue 11): a column mapping, a dry run listing every row's errors
with row, column and reason in Chinese, nothing saved if any row is wrong, re-import by source id
updates; the same from the command line."""

import io
import tracemalloc

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from gongkai.web.proactive import imports
from gongkai.web.proactive.models import Item, ItemAgency, ItemEvent

from .conftest import HEADER, csv_file, row


def run(world, path, dry_run=False, mapping=None):
    columns = imports.headers(path, path.name)
    return imports.run(path, path.name, world.education, world.clerk, mapping or imports.guess_mapping(columns),
                       [world.education], dry_run=dry_run)


def test_the_columns_are_recognised_by_their_usual_headers():
    mapping = imports.guess_mapping(["ID", "标题", "发文字号", "产生日期", "发布时间", "栏目", "链接"])
    assert mapping == {"source_id": 0, "title": 1, "document_number": 2, "formed_on": 3, "published_on": 4,
                       "category": 5, "url": 6}


def test_a_clean_file_is_imported_published_with_index_numbers(world, tmp_path):
    path = csv_file(tmp_path, [row("A1"), row("A2", title="九台区2024年3月城市低保对象名单公示", channels="网站；政务微博")])
    result = run(world, path)
    assert (result.rows, result.created, result.updated, result.saved) == (2, 2, 0, True)
    second = Item.objects.get(source_id="A2")
    assert second.status == Item.Status.PUBLISHED and second.index_number.endswith("/0703/2024-00002")
    assert sorted(second.channels.values_list("channel", flat=True)) == ["website", "weibo"]
    assert second.events.get().kind == ItemEvent.Kind.IMPORTED


def test_a_dry_run_saves_nothing_and_says_what_it_would_do(world, tmp_path):
    result = run(world, csv_file(tmp_path, [row("A1"), row("A2")]), dry_run=True)
    assert (result.created, result.saved, result.errors) == (2, False, [])
    assert not Item.objects.exists()


def test_every_wrong_row_is_listed_with_row_column_and_reason_and_nothing_is_saved(world, tmp_path):
    path = csv_file(tmp_path, [
        row("A1"),
        row("A2", category="9999"),                      # unknown category
        row("A3", formed="2024-13-01"),                   # no such date
        row("A1", title="重复的来源编号"),                  # duplicate source id in the file
        row("A5", published="2999-01-01"),                # in the future
        row("A6", channels="报纸"),                        # unknown channel
    ])
    result = run(world, path)
    found = {(error.row, error.column) for error in result.errors}
    assert found == {(3, "主题分类"), (4, "生成日期"), (5, "来源编号"), (6, "发布日期"), (7, "公开渠道")}
    messages = {error.row: error.message for error in result.errors}
    assert messages[3] == "未知的主题分类「9999」。"
    assert messages[5] == "来源编号「A1」与第2行重复。"
    assert "晚于今天" in messages[6]
    assert str(result.errors[0]).startswith("第3行「主题分类」：")
    assert not Item.objects.exists() and not ItemEvent.objects.exists()


def test_reimporting_the_same_source_ids_updates_instead_of_duplicating(world, tmp_path):
    run(world, csv_file(tmp_path, [row("A1"), row("A2")]))
    number = Item.objects.get(source_id="A1").index_number
    result = run(world, csv_file(tmp_path, [row("A1", title="九台区2024年城乡低保标准调整情况（更正）"), row("A2")],
                                 name="again.csv"))
    assert (result.created, result.updated) == (0, 2)
    assert Item.objects.count() == 2
    item = Item.objects.get(source_id="A1")
    assert item.title.endswith("（更正）") and item.index_number == number
    event = item.events.order_by("pk").last()
    assert event.changes["信息名称"] == ["九台区2024年城乡低保标准调整情况", "九台区2024年城乡低保标准调整情况（更正）"]


def test_the_publishers_keep_the_imported_and_reimported_counted_fields(world, tmp_path):
    run(world, csv_file(tmp_path, [row("A1", published="2024-03-04")]))
    run(world, csv_file(tmp_path, [row("A1", published="2024-03-08")], name="again.csv"))
    item = Item.objects.get(source_id="A1")
    assert list(item.publishers.values_list("agency", *ItemAgency.COPIED)) == [
        (world.education.pk, *(getattr(item, name) for name in ItemAgency.COPIED))]
    assert (str(item.published_on), item.status, item.channel_keys) == ("2024-03-08", Item.Status.PUBLISHED, "website")


def test_a_document_number_already_used_by_the_agency_is_refused(world, tmp_path, make_item):
    make_item(document_number="九教发〔2024〕1号")
    result = run(world, csv_file(tmp_path, [row("A1", number="九教发〔2024〕1号"),
                                            row("A2", number="九教发〔2024〕2号"),
                                            row("A3", number="九教发〔2024〕2号")]))
    assert [(e.row, e.column) for e in result.errors] == [(2, "文号"), (4, "文号")]
    assert result.errors[1].message == "文号「九教发〔2024〕2号」与第3行重复。"


def test_a_control_character_is_refused_with_its_place_as_in_the_forms(world, tmp_path):
    result = run(world, csv_file(tmp_path, [row("A1"), row("A2", title="九台区低保\x07标准调整")]))
    assert [str(error) for error in result.errors] == [
        "第3行「信息名称」：含有不允许的控制字符（U+0007），位于第6个字符，请删除后重新填写。"]
    assert not Item.objects.exists()


def test_line_breaks_in_a_one_line_field_become_spaces(world, tmp_path):
    run(world, csv_file(tmp_path, [row("A1", title="九台区低保\r\n标准调整", body="第一段\n第二段")]))
    item = Item.objects.get()
    assert (item.title, item.body) == ("九台区低保 标准调整", "第一段\n第二段")


def test_a_gb18030_export_and_an_xlsx_export_are_read(world, tmp_path):
    run(world, csv_file(tmp_path, [row("G1")], name="gbk.csv", encoding="gb18030"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(row("X1", title="九台区2024年4月城市低保对象名单公示"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    (tmp_path / "export.xlsx").write_bytes(buffer.getvalue())
    run(world, tmp_path / "export.xlsx")
    assert set(Item.objects.values_list("source_id", flat=True)) == {"G1", "X1"}


def test_a_file_that_is_not_a_table_is_refused_by_name(world, tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(imports.ImportFileError, match="「fake.xlsx」不是有效的 XLSX 文件"):
        run(world, path)


def test_a_missing_required_column_is_named(world, tmp_path):
    path = csv_file(tmp_path, [["A1", "标题"]], header=["来源编号", "信息名称"])
    with pytest.raises(imports.ImportFileError, match="须指定「生成日期」所在的列"):
        run(world, path)


def test_memory_stays_flat_whatever_the_length_of_the_file(world, tmp_path, monkeypatch):
    """Rows are read and written a chunk at a time, and a written chunk is freed: 1,500 rows (fifteen
    chunks of 100) take about what 300 do, far less than the 5 KB or so an item of these rows holds."""
    monkeypatch.setattr(imports, "CHUNK", 100)  # many chunks from a short file
    peaks = []
    for count in (300, 1500):
        path = csv_file(tmp_path, [row(f"M{count}-{i}", body="正文" * 200) for i in range(count)], name=f"{count}.csv")
        tracemalloc.start()
        result = run(world, path, dry_run=True)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert result.created == count
    assert peaks[1] - peaks[0] < 1200 * 300


def test_the_command_line_imports_and_refuses_like_the_page(world, tmp_path, capsys):
    world.clerk.username = "jiaoyu"
    world.clerk.save()
    good = csv_file(tmp_path, [row("C1")], name="good.csv")
    call_command("import_items", str(good), "--agency", "九台区教育局", "--user", "jiaoyu")
    assert "新增1条" in capsys.readouterr().out
    bad = csv_file(tmp_path, [row("C2", category="无此分类")], name="bad.csv")
    with pytest.raises(CommandError, match="未作任何保存"):
        call_command("import_items", str(bad), "--agency", "九台区教育局", "--user", "jiaoyu")
    assert "bad.csv 第2行「主题分类」：未知的主题分类「无此分类」。" in capsys.readouterr().err
    assert Item.objects.count() == 1


def test_the_items_channel_keys_follow_the_imported_and_reimported_channels(world, tmp_path):
    run(world, csv_file(tmp_path, [row("A1", channels="网站；政务微博")]))
    assert Item.objects.get(source_id="A1").channel_keys == "website,weibo"
    run(world, csv_file(tmp_path, [row("A1", channels="政务微博")], name="again.csv"))
    item = Item.objects.get(source_id="A1")
    assert item.channel_keys == "weibo" == Item.keys_of(item.channels.values_list("channel", flat=True))
