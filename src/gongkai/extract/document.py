"""The normalised document model every reader produces, with evidence of where each piece was read.

One model for txt, HTML, DOCX and PDF, so that the label matcher works on lines alone whatever the format:

- ``Document.lines`` is the running text in reading order. A table row is also a line, whose ``segments``
  are its cells: in a PDF the pieces of a printed line separated by wide horizontal gaps (with their x
  positions), in HTML and DOCX the cells that begin in that row (a cell spanning rows appears once, in
  its first row, as on the page), in text files the pieces between ``|`` or tabs.
- ``Document.tables`` holds the true grids of HTML, DOCX and XLSX tables, spans expanded. PDFs have no grids
  (their tables are lines with positioned segments); text files neither.

All text is normalised once when read (see ``normalize.normalize_text``): simplified script, ASCII digits.

Evidence: ``Line.number`` is 1-based; for text files it is the line number in the file itself (blank
lines are left out, so numbers may skip), for the other kinds it counts the lines kept. ``Line.page`` is
the 1-based PDF page, or the page between form feeds in a text file. A row line points at its grid row
through ``Line.table`` / ``Line.row`` and each segment at its grid column through ``Segment.column``.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from gongkai.extract.normalize import collapse_spaces, normalize_text


class Segment(NamedTuple):
    """A piece of a line: a table cell, or text separated from its neighbours by a wide gap.

    ``x0``/``x1`` are PDF points (or image pixels, for text recognised by OCR) from the left edge of the
    page (``None`` for other kinds); ``column`` is the grid column when the line is a table row (``None``
    otherwise); ``confidence`` the OCR's confidence (0–1) in its least sure word.
    A named tuple, not a dataclass: a PDF has thousands and it is made three times faster.
    """

    text: str
    x0: float | None = None
    x1: float | None = None
    column: int | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class Line:
    """A line of running text in reading order.

    ``top``/``bottom`` are PDF points from the top of the page, so a consumer can join a table row whose
    label wraps over two printed lines; ``None`` for other kinds. ``source`` is how the text was had:
    ``text`` from the file's text, ``ocr`` recognised from an image (with the recogniser's
    ``confidence``, 0–1, of its least sure character run).
    """

    text: str
    number: int
    page: int | None
    segments: list[Segment]
    table: int | None = None
    row: int | None = None
    top: float | None = None
    bottom: float | None = None
    source: str = "text"  # "ocr" when its segments carry an OCR confidence
    confidence: float | None = None

    @property
    def cells(self) -> list[str]:
        """The segments' texts."""
        return [segment.text for segment in self.segments]


@dataclass(frozen=True)
class Table:
    """A grid: ``rows[r][c]`` is the text at row ``r``, column ``c`` with spans expanded.

    ``origins[r][c]`` is the (row, column) of the cell that covers this position, so a spanned copy is
    told from its origin cell (``origins[r][c] == (r, c)``); ``None`` where no cell covers the position
    (a short row). ``parent`` is the index of the table this one is nested in.
    """

    index: int
    rows: list[list[str]]
    origins: list[list[tuple[int, int] | None]]
    page: int | None = None
    parent: int | None = None

    def is_origin(self, row: int, column: int) -> bool:
        return self.origins[row][column] == (row, column)


@dataclass
class Document:
    """What a reader made of one file. ``kind`` is ``txt``, ``html``, ``docx``, ``xlsx``, ``pdf`` or ``image``."""

    source: str
    kind: str
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class DocumentBuilder:
    """Collects what a reader finds, normalising every text once and numbering lines as they come."""

    def __init__(self, source: str, kind: str):
        self.document = Document(source, kind)

    def add_line(
        self,
        segments: list[Segment],
        page: int | None = None,
        *,
        number: int | None = None,
        separator: str = " ",
        table: int | None = None,
        row: int | None = None,
        top: float | None = None,
        bottom: float | None = None,
        normal: bool = False,
    ) -> None:
        """Add a line made of ``segments`` (texts not yet normalised); lines with no text are dropped.

        ``number`` is given by readers whose lines have a number of their own (text files). ``normal``:
        the reader has made sure the texts are normalised already, spaces collapsed (``is_normal``).
        """
        normalised = segments if normal else [
            Segment(collapse_spaces(normalize_text(s.text)), s.x0, s.x1, s.column, s.confidence) for s in segments]
        if not any(s.text for s in normalised):
            return
        lines = self.document.lines
        if number is None:
            number = lines[-1].number + 1 if lines else 1
        text = separator.join(s.text for s in normalised).strip()
        confidences = [s.confidence for s in normalised if s.confidence is not None]
        source = "ocr" if confidences else "text"
        lines.append(Line(text, number, page, normalised, table, row, top, bottom, source,
                          min(confidences) if confidences else None))

    def add_table(
        self,
        cells: list[list[str]],
        origins: list[list[tuple[int, int] | None]],
        page: int | None = None,
        parent: int | None = None,
    ) -> int:
        """Add a grid (texts not yet normalised) and one line per row; returns the table's index.

        Cell text keeps its inner line breaks; the row's line shows each origin cell once, breaks as spaces.
        """
        index = len(self.document.tables)
        rows = [[_cell_text(text) for text in row] for row in cells]
        self.document.tables.append(Table(index, rows, origins, page, parent))
        for r, row in enumerate(rows):
            segments = [Segment(text.replace("\n", " "), column=c)
                        for c, text in enumerate(row) if origins[r][c] == (r, c)]
            # The row's cells are normalised already: add the line directly to keep them as they are.
            if any(s.text for s in segments):
                lines = self.document.lines
                number = lines[-1].number + 1 if lines else 1
                lines.append(Line(" | ".join(s.text for s in segments), number, page, segments, index, r))
        return index

    def warn(self, message: str) -> None:
        if message not in self.document.warnings:
            self.document.warnings.append(message)


def _cell_text(text: str) -> str:
    parts = (collapse_spaces(normalize_text(part)) for part in text.split("\n"))
    return "\n".join(part for part in parts if part)
