"""Text as it enters gongkai, and text as the renderers write it.

``clean_text`` is the one normalisation of text at every entry point (forms, the API, imports): Word's
manual line break (vertical tab, U+000B) becomes a line break; any other C0 control character (NUL
included), a lone surrogate or a Unicode noncharacter is refused, naming the character and its
position. XML (XLSX, DOCX) cannot hold these characters and PostgreSQL refuses NUL, so text that
passed here can be stored and rendered everywhere.

``printable`` is for the renderers: data stored before this check may still hold such characters, and a
frozen published version must still render, so it mends what ``clean_text`` would have refused.
"""

import re

from gongkai.errors import InputError

LINE_BREAK = "\n"
MANUAL_LINE_BREAK = "\x0b"  # Word's Shift+Enter, carried over by copy and paste
# A spreadsheet reads a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Tab, line feed and carriage return are text; every other C0 control is not. Surrogates (U+D800–DFFF)
# cannot be encoded; U+FFFE and U+FFFF are not characters.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _describe(char: str) -> str:
    code = ord(char)
    if code == 0:
        return "空字符（U+0000）"
    if code < 0x20:
        return f"控制字符（U+{code:04X}）"
    return f"无效字符（U+{code:04X}）"


def clean_text(value: str, field: str = "") -> str:
    """``value`` with manual line breaks made line breaks; raises InputError (place: ``field``) if it
    holds a character no document can hold."""
    value = value.replace(MANUAL_LINE_BREAK, LINE_BREAK)
    bad = _REFUSED.search(value)
    if bad:
        raise InputError(f"含有不允许的{_describe(bad.group())}，位于第{bad.start() + 1}个字符，"
                         "请删除后重新填写", field)
    return value


def printable(value: str) -> str:
    """``value`` as a renderer can write it: manual line breaks made line breaks, refused characters
    dropped (only older data holds them)."""
    return _REFUSED.sub("", value.replace(MANUAL_LINE_BREAK, LINE_BREAK))


def spreadsheet_text(value: str) -> str:
    """``value`` for a CSV field a spreadsheet will open: printable, and a leading formula character
    neutralised with an apostrophe (OWASP), so that a typed ``=HYPERLINK(…)`` stays text."""
    value = printable(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value
