"""The narrative drafted from the data: a section's template with the report's numbers put in.

A template is text with placeholders ``{{ name }}``: a cell key of the report's format (its value, as
the tables print it) or one of the ``variables`` of ``narrative_templates.yaml`` (the year, the
agency, figures the platform counts that are no cell). The defaults per format and section are in
``narrative_templates.yaml``; the platform keeps the office's edited templates and passes them in.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from gongkai.errors import InputError
from gongkai.formats import Format
from gongkai.render.layout import display_value
from gongkai.sheets import Report

TEMPLATES_FILE = Path(__file__).with_name("narrative_templates.yaml")
PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")


@functools.cache
def _data() -> dict:
    return yaml.safe_load(TEMPLATES_FILE.read_text(encoding="utf-8"))


def variables() -> dict[str, str]:
    """The placeholders that are no cell: name → what it stands for."""
    return dict(_data()["variables"])


def default_templates(fmt: Format) -> dict[str, str]:
    """Section key → its shipped template (empty: the section is the clerk's to write)."""
    shipped = _data().get(fmt.id) or {}
    return {section.key: shipped.get(section.key, "") for section in fmt.sections if not section.table}


def placeholders(fmt: Format) -> dict[str, str]:
    """Every name a template of ``fmt`` may use → its label (the cell's, or the variable's)."""
    return {**variables(), **{key: spec.label for key, spec in fmt.cells.items()}}


def check_template(fmt: Format, text: str, place: str) -> None:
    """Refuses a template naming what is neither a cell of ``fmt`` nor a variable, or with a stray brace."""
    known = placeholders(fmt)
    for name in PLACEHOLDER.findall(text):
        if name not in known:
            raise InputError(f"模板中的「{{{{ {name} }}}}」不是本格式的单元格或可用变量", place)
    rest = PLACEHOLDER.sub("", text)
    if "{{" in rest or "}}" in rest:
        raise InputError("模板中有不完整的占位符（应为「{{ 名称 }}」）", place)


def draft(report: Report, template: str, values: Mapping[str, object]) -> str:
    """``template`` with each placeholder replaced: a cell by the report's value (a blank cell by
    「【未填写：…】」, so the clerk sees what is missing), a variable by ``values`` (plus year, agency)."""
    fmt = report.format
    given = {"year": report.year, "agency": report.agency, **values}

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name in fmt.cells:
            cell = report.sheet.get(name)
            return f"【未填写：{fmt.cells[name].label}】" if cell is None else display_value(cell)
        if name in given and given[name] is not None:
            return display_value(given[name])
        return f"【未提供：{variables().get(name, name)}】"

    return PLACEHOLDER.sub(value, template)
