"""The narrative drafted from the data (``gongkai.drafting``) and the office's templates of it.

A section's template is the office's ``NarrativeTemplate`` when it edited one, else the one shipped in
``narrative_templates.yaml``. A draft puts in each cell's value as the report's table holds it (a cell
left blank there but counted from the records: the count) and the figures no cell holds (the fees
collected), and is saved through ``services.save_sections``: checked, one change per section in the
report's history.
"""

from __future__ import annotations

from django.contrib.admin.models import ADDITION, CHANGE
from django.db import transaction
from django.utils import timezone

from gongkai import drafting
from gongkai.checks import CheckResult
from gongkai.errors import InputError
from gongkai.formats import Format
from gongkai.sheets import Report
from gongkai.web import changelog
from gongkai.web.applications.statistics import computed_sheet, fee_figures
from gongkai.web.reports import permissions, services
from gongkai.web.reports.models import AnnualReport, NarrativeTemplate

DRAFT_NOTE = "由统计数据起草"


def templates(fmt: Format) -> dict[str, str]:
    """Section key → the template a draft of ``fmt`` uses."""
    found = drafting.default_templates(fmt)
    edited = NarrativeTemplate.objects.filter(format_id=fmt.id, section_key__in=list(found))
    found.update(edited.values_list("section_key", "text"))
    return found


def save_templates(user, fmt: Format, texts: dict[str, str]) -> int:
    """The office's templates of ``fmt`` (section key → text), all or none: a template naming what is no
    cell or variable is refused, naming its section. Each change is logged with old and new text."""
    permissions.require(permissions.can_edit_narrative_templates(user))
    headings = {section.key: section.heading for section in fmt.sections}
    current = templates(fmt)
    cleaned = {}
    for key, text in texts.items():
        if key not in current:
            raise services.ReportError(f"「{key}」不是{fmt.name}的正文章节。")
        text = services.clean_field(text, headings[key])
        try:
            drafting.check_template(fmt, text, headings[key])
        except InputError as error:
            raise services.ReportError(f"{error.place}：{error.message}。") from None
        cleaned[key] = text
    changed = 0
    with transaction.atomic():
        for key, text in cleaned.items():
            row, created = NarrativeTemplate.objects.select_for_update().get_or_create(
                format_id=fmt.id, section_key=key, defaults={"text": current[key]})
            if row.text == text and not created:
                continue
            old = {"text": current[key]}
            row.text, row.updated_by, row.updated_at = text, user, timezone.now()
            row.save()
            changelog.log_change(user, row, ADDITION if created else CHANGE, old, {"text": text})
            changed += old["text"] != text
    return changed


def history(fmt: Format) -> list:
    """The changes of the office's templates of ``fmt``, most recent first."""
    return changelog.history(*NarrativeTemplate.objects.filter(format_id=fmt.id))


def draft_values(report: AnnualReport) -> Report:
    """The report's tables as a draft states them: its values, a blank cell counted from the records."""
    core = services.report_to_core(report)
    for key, value in computed_sheet(report.format, report.agency, report.year).values.items():
        core.sheet.values.setdefault(key, value)
    return core


def draft(report: AnnualReport, user, expected_revision: int, overwrite: bool = False) -> int:
    """起草正文: each section with a template gets its draft; a section the clerk wrote keeps its text
    unless ``overwrite`` (the text replaced stays in the history). Returns how many sections changed."""
    permissions.require(permissions.can_edit_report(user, report))
    core = draft_values(report)
    figures = fee_figures(report.agency, report.year)
    found = templates(report.format)
    texts = {}
    for section in report.sections.all():
        template = found.get(section.key, "")
        if template and (overwrite or not section.text.strip()):
            texts[section.position] = drafting.draft(core, template, figures)
    return services.save_sections(report, user, texts, expected_revision, note=DRAFT_NOTE)


def findings_by_section(result: CheckResult) -> dict[int, list]:
    """Section index → the findings of ``result`` on its sentences, each with the sentence."""
    placed: dict[int, list] = {}
    for found in result.placed:
        if found.section is not None:
            placed.setdefault(found.section, []).append(found)
    return placed
