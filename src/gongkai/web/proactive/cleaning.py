"""Input cleaning for the register's text, in one function so that it can give way to the platform's
core normalisation when there is one: control characters are stripped (they print as nothing and
break search, CSV and XML feeds), line ends become ``\\n``, and a one-line field loses its line breaks."""

import re

# C0 controls but tab and line feed, DEL, C1 controls; zero-width and bidi overrides that hide text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def clean_text(value: str, *, multiline: bool = False) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub("", value).strip()
