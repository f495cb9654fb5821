"""Renderers of a whole report: printable HTML, DOCX, PDF, XLSX (the official form), JSON and CSV open data.

Every renderer takes a ``Report`` and returns bytes; the CLI writes them with ``write_atomically``.
All table layouts come from ``gongkai.render.layout``, derived from the format data alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from gongkai.errors import InputError
from gongkai.formats import load_format
from gongkai.render.docx import render_docx
from gongkai.render.html import render_html
from gongkai.render.opendata import render_csv, render_json
from gongkai.render.pdf import render_pdf
from gongkai.render.xlsx import read_xlsx, render_xlsx
from gongkai.sheets import Report, Sheet

RENDERERS: dict[str, Callable[[Report], bytes]] = {
    "html": lambda report: render_html(report).encode("utf-8"),
    "docx": render_docx,
    "pdf": render_pdf,
    "xlsx": render_xlsx,
    "json": render_json,
    "csv": render_csv,
}

__all__ = ["RENDERERS", "blank_report", "read_xlsx", "render"]


def render(report: Report, kind: str) -> bytes:
    try:
        renderer = RENDERERS[kind]
    except KeyError:
        raise InputError(f"未知的输出格式「{kind}」（可用：{'、'.join(RENDERERS)}）", "kind") from None
    return renderer(report)


def blank_report(format_id: str, year: int | None = None, agency: str = "") -> Report:
    """A report with no values, for an empty template (``gongkai template gov2021 -o 表格.xlsx``).

    Without ``year``, the latest year the format applies to, up to last year (the year one reports on).
    """
    fmt = load_format(format_id)
    if year is None:
        last_year = datetime.date.today().year - 1
        year = max(fmt.year_from, min(last_year, fmt.year_to or last_year))
    return Report(agency=agency, year=year, sheet=Sheet(fmt))
