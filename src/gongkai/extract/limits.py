"""Bounds that keep a hostile or broken file from exhausting memory or time."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile or broken file from exhausting memory or time."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_unzipped_bytes: int = 50 * 1024 * 1024
    max_zip_ratio: int = 200
    max_pdf_pages: int = 200
    max_table_cells: int = 200_000
