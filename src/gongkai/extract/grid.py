"""Laying cells with row and column spans out on a grid (HTML tables, DOCX tables)."""

from gongkai.errors import InputError


class GridBuilder:
    """Places cells row by row at the next free column, as browsers and Word do.

    ``n_rows`` (when known) clips row spans at the end of the table; ``max_cells`` bounds the positions
    a hostile table may claim through its spans.
    """

    def __init__(self, place: str, max_cells: int, n_rows: int | None = None):
        self.place = place
        self.max_cells = max_cells
        self.n_rows = n_rows
        self.texts: dict[tuple[int, int], str] = {}
        self.origins: dict[tuple[int, int], tuple[int, int]] = {}
        self.row = -1
        self.column = 0

    @property
    def size(self) -> int:
        return len(self.origins)

    def start_row(self) -> None:
        self.row += 1
        self.column = 0

    def skip(self, columns: int) -> None:
        """Leave ``columns`` positions empty (DOCX ``gridBefore``)."""
        self.column += columns

    def add_cell(self, text: str, rowspan: int = 1, colspan: int = 1) -> None:
        while (self.row, self.column) in self.origins:
            self.column += 1
        if self.n_rows is not None:
            rowspan = min(rowspan, self.n_rows - self.row)
        if self.size + rowspan * colspan > self.max_cells:
            raise InputError(f"表格过大（超过 {self.max_cells} 个单元格），不像年度报告", self.place)
        origin = (self.row, self.column)
        for r in range(self.row, self.row + rowspan):
            for c in range(self.column, self.column + colspan):
                self.texts[(r, c)] = text
                self.origins[(r, c)] = origin
        self.column += colspan

    def continue_above(self, colspan: int = 1) -> None:
        """The next ``colspan`` positions continue the cell above (DOCX ``vMerge``), if there is one."""
        above = self.origins.get((self.row - 1, self.column))
        if above is None or self.size + colspan > self.max_cells:
            self.add_cell("", 1, colspan)
            return
        for c in range(self.column, self.column + colspan):
            self.texts[(self.row, c)] = self.texts[above]
            self.origins[(self.row, c)] = above
        self.column += colspan

    def finish(self) -> tuple[list[list[str]], list[list[tuple[int, int] | None]]]:
        """The grid as rows of equal length; positions no cell covers are empty with origin ``None``."""
        n_rows = self.row + 1
        width = max((c + 1 for (r, c) in self.origins if r < n_rows), default=0)
        texts = [[self.texts.get((r, c), "") for c in range(width)] for r in range(n_rows)]
        origins = [[self.origins.get((r, c)) for c in range(width)] for r in range(n_rows)]
        return texts, origins
