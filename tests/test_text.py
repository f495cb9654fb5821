"""Text at the entry points: one normalisation (gongkai.text.clean_text) and renderers that never fail."""

import pytest

from gongkai.errors import InputError
from gongkai.text import clean_text, printable


def test_words_manual_line_break_becomes_a_line_break():
    assert clean_text("第一行\x0b第二行", "正文") == "第一行\n第二行"


def test_tabs_and_line_ends_are_text():
    assert clean_text("甲\t乙\r\n丙\n", "正文") == "甲\t乙\r\n丙\n"


@pytest.mark.parametrize(("text", "named"), [
    ("申请\x00公开", "空字符（U+0000）"),
    ("申请\x01公开", "控制字符（U+0001）"),
    ("申请\x1f公开", "控制字符（U+001F）"),
    ("申请\x0c公开", "控制字符（U+000C）"),
    ("申请\ud800公开", "无效字符（U+D800）"),
    ("申请\uffff公开", "无效字符（U+FFFF）"),
])
def test_other_control_characters_are_refused_naming_the_field_and_the_character(text, named):
    with pytest.raises(InputError) as refused:
        clean_text(text, "所需政府信息的描述")
    assert refused.value.place == "所需政府信息的描述"
    assert named in refused.value.message
    assert "第3个字符" in refused.value.message


def test_printable_mends_what_older_data_holds():
    assert printable("甲\x0b乙\x00丙\x01\ud800") == "甲\n乙丙"
    assert printable("普通文字\n") == "普通文字\n"
