"""The narrative of a report that holds its sections (the platform's, a report JSON's) checked against
its own tables by the claims the audit reads in a published text (``extract/narrative.py``: X-1 and
the N- rules), each finding placed beside the section and sentence it comes from.

Imported lazily by ``gongkai.checks`` (extract/narrative.py imports ``gongkai.checks``).
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.checks import Finding, declared_check
from gongkai.extract.document import Document, DocumentBuilder, Segment
from gongkai.extract.narrative import NarrativeNumber, narrative_findings, read_narrative_numbers, sentences
from gongkai.sheets import Report


@dataclass
class PlacedFinding:
    finding: Finding
    section: int | None  # the index of the section in ``report.sections``; None: several sentences
    sentence: str = ""


def sections_document(report: Report) -> tuple[Document, dict[int, int]]:
    """The sections' text as a document of one line per paragraph, and each line's section index."""
    builder = DocumentBuilder(report.display_title, "txt")
    section_of: dict[int, int] = {}
    for index, section in enumerate(report.sections):
        for paragraph in section.text.splitlines():
            builder.add_line([Segment(paragraph)])
            if builder.document.lines:
                section_of.setdefault(builder.document.lines[-1].number, index)
    return builder.document, section_of


def placed_findings(report: Report) -> list[PlacedFinding]:
    """The narrative's claims checked against the tables, sentence by sentence (a claim lies in one
    sentence); a number stated differently in two sentences (N-5) is placed at neither."""
    document, section_of = sections_document(report)
    if not document.lines:
        return []
    fmt = report.format
    numbers = read_narrative_numbers(document, fmt, set())
    in_sentence: dict[tuple[int, str], list[NarrativeNumber]] = {}
    for number in numbers:
        in_sentence.setdefault((number.line.number, number.sentence), []).append(number)
    placed, seen = [], set()
    for sentence, line in sentences(document, fmt, set()):
        if (line.number, sentence) in seen:
            continue
        seen.add((line.number, sentence))
        stated = in_sentence.get((line.number, sentence), [])
        placed += [PlacedFinding(finding, section_of[line.number], sentence)
                   for finding in narrative_findings(stated, report, [sentence])]
    twice = declared_check(fmt, "narrative_twice")["id"]
    placed += [PlacedFinding(finding, None) for finding in narrative_findings(numbers, report)
               if finding.rule == twice]
    return placed
