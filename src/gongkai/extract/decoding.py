"""Bytes → text for text and HTML files: BOM, declared charset, UTF-8, GB18030; binary content refused."""

import codecs
import unicodedata

from gongkai.errors import InputError

SUPPORTED = "支持的格式：txt、html、docx、xlsx、pdf"


def decode(data: bytes, place: str, declared: str | None = None) -> tuple[str, list[str]]:
    """Text of ``data`` and warnings: BOM, then a declared charset, then UTF-8, then GB18030 (⊃ GBK).

    Refuses binary content: NUL bytes, control characters, or text that decodes only into noise.
    """
    warnings: list[str] = []
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            text = data[len(bom):].decode(codec, errors="replace")
            _refuse_binary(text, place)
            return text, warnings
    if b"\x00" in data:
        raise InputError("文件含有二进制内容，不是文本或HTML；" + SUPPORTED, place)
    candidates = ["utf-8", "gb18030"]
    if declared:
        try:
            declared = codecs.lookup(_CHARSET_ALIASES.get(declared.lower(), declared)).name
        except LookupError:
            warnings.append(f"声明的字符编码「{declared}」无法识别，已自动判断")
        else:
            # A declaration readable as ASCII cannot be in UTF-16/32: such a claim without a BOM is wrong.
            if not declared.startswith(("utf-16", "utf-32")):
                candidates.insert(0, declared)
    for codec in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            if codec == declared:
                warnings.append(f"按声明的字符编码「{declared}」无法解码，已自动判断")
            continue
        _refuse_binary(text, place)
        return text, warnings
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") > len(text) // 100:
        text = data.decode("gb18030", errors="replace")
    if text.count("\ufffd") > len(text) // 100:
        raise InputError("无法识别文字编码（不是UTF-8，也不是GBK/GB18030），或不是文本文件", place)
    warnings.append("有少量字节无法解码，已用�代替")
    _refuse_binary(text, place)
    return text, warnings


_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                    "cp936": "gb18030", "unicode": "utf-8", "utf8": "utf-8"}
_ALLOWED_CONTROLS = set("\t\n\r\f\v\x1c\x1d\x1e\x85")


def _refuse_binary(text: str, place: str) -> None:
    """Binary junk decodes (GB18030 accepts most byte pairs) into controls and unassigned or private chars."""
    sample = text[:65536]
    noise = sum(
        1 for c in sample
        if (c < " " and c not in _ALLOWED_CONTROLS) or unicodedata.category(c) in ("Cn", "Co", "Cs")
        or c == "\ufffd"
    )
    if noise > max(2, len(sample) // 50):
        raise InputError("文件含有二进制内容，不是文本或HTML；" + SUPPORTED, place)
