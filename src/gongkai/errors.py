"""Errors that a user can act on: each names the place (file, sheet, row, cell or field)."""


class InputError(Exception):
    """Input that cannot be read or is not valid; the CLI exits with code 2.

    ``place`` says where: a file name, optionally followed by sheet, cell, row or field,
    e.g. ``表格.xlsx, 工作表「三」, 单元格 C7``.
    """

    def __init__(self, message: str, place: str = ""):
        self.message = message
        self.place = place
        super().__init__(f"{place}: {message}" if place else message)

    def within(self, outer_place: str) -> "InputError":
        """The same error, located inside ``outer_place`` (for example the file it came from)."""
        place = f"{outer_place}, {self.place}" if self.place else outer_place
        return InputError(self.message, place)
