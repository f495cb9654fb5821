"""Reading published reports: any file → a normalised ``Document`` of lines and tables, with evidence."""

from gongkai.extract.document import Document, Line, Segment, Table
from gongkai.extract.limits import Limits
from gongkai.extract.normalize import NumberToken, compact, normalize_text, parse_number
from gongkai.extract.readers import read_document

__all__ = [
    "Document", "Line", "Limits", "NumberToken", "Segment", "Table",
    "compact", "normalize_text", "parse_number", "read_document",
]
