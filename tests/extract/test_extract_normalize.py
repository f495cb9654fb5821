"""Normalisation and number reading: what a cell's text means as a number, and what it does not."""

from decimal import Decimal

import pytest

from gongkai.extract.normalize import compact, normalize_text, parse_number, to_simplified


@pytest.mark.parametrize(
    ("raw", "kind", "value"),
    [
        ("3001", "integer", 3001),
        (" 0 ", "integer", 0),
        ("96171.6", "decimal", Decimal("96171.6")),
        ("0.50", "decimal", Decimal("0.50")),
        ("1,234", "integer", 1234),
        ("1，234", "integer", 1234),
        ("1,234,567.5", "decimal", Decimal("1234567.5")),
        ("-5", "integer", -5),
        ("−5", "integer", -5),
        ("－5", "integer", -5),
        ("+2", "integer", 2),
        ("３，０００", "integer", 3000),
        ("０．５", "decimal", Decimal("0.5")),
    ],
)
def test_numbers_are_read_exactly(raw, kind, value):
    token = parse_number(raw)
    assert (token.kind, token.value, token.raw) == (kind, value, raw)
    assert type(token.value) is type(value)


def test_thousands_separators_sign_and_unit_are_told():
    assert parse_number("1,234").grouped and not parse_number("1234").grouped
    assert parse_number("-5").negative and parse_number("-5").signed
    assert parse_number("+2").signed and not parse_number("+2").negative
    assert parse_number("3940元").unit == "元" and parse_number("3940元").value == 3940
    assert parse_number("2.5万元").value == Decimal("2.5")


@pytest.mark.parametrize("raw", ["/", "-", "—", "－", "——", "无", "／", "--"])
def test_placeholders_are_not_zero(raw):
    token = parse_number(raw)
    assert token.kind == "placeholder" and token.value is None and not token.is_number


@pytest.mark.parametrize("raw", ["", "  ", "\u3000"])
def test_blank_is_missing_not_zero(raw):
    assert parse_number(raw).kind == "blank" and parse_number(raw).value is None


@pytest.mark.parametrize("raw", ["3001 53", "1,23", "三", "12件以上", "1.", "1-2"])
def test_anything_else_is_text(raw):
    assert parse_number(raw).kind == "text"


def test_traditional_text_becomes_simplified():
    assert normalize_text("上海市人民政府辦公廳政府信息公開工作年度報告") == "上海市人民政府办公厅政府信息公开工作年度报告"


def test_simplified_text_is_left_alone():
    text = "一、本年新收政府信息公开申请数量"
    assert to_simplified(text) is text


def test_full_width_digits_fold_but_label_punctuation_stays():
    assert normalize_text("（一）予以公开 １２８８ 件，共１，２３４元，３．５万元") == "（一）予以公开 1288 件，共1,234元，3.5万元"


def test_compact_removes_every_kind_of_space():
    assert compact(" 一、本年新收 政府信息\u3000公开申请\xa0数量\u200b ") == "一、本年新收政府信息公开申请数量"
