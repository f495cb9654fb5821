"""Attachments: their size limit and their type, recognised by the file's first bytes (a file whose
name says PDF but whose bytes do not is refused, whatever it claims)."""

import zipfile
from dataclasses import dataclass

from gongkai.web.proactive import rules

SIGNATURES = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}
ZIP = b"PK\x03\x04"
OFFICE_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}


class AttachmentError(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Checked:
    kind: str
    size: int
    name: str


def sniff(upload) -> str | None:
    """The type the bytes say, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if head.startswith(ZIP):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        for part, kind in OFFICE_PARTS.items():
            if part in names:
                return kind
    return None


def check(upload) -> Checked:
    """The attachment's type and size, or ``AttachmentError`` naming what is wrong."""
    types = rules.attachment_types()
    limit = rules.attachment_max_bytes()
    if upload.size > limit:
        raise AttachmentError(f"附件大小 {upload.size / 1048576:.1f} MB，超过上限 {limit / 1048576:.0f} MB。")
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    claimed = next((kind for kind, entry in types.items() if extension in entry["extensions"]), None)
    allowed = "、".join(entry["label"] for entry in types.values())
    if claimed is None:
        raise AttachmentError(f"附件类型不允许（{upload.name}），只能上传{allowed}。")
    actual = sniff(upload)
    if actual != claimed:
        raise AttachmentError(f"附件「{upload.name}」的内容不是{types[claimed]['label']}文件，文件名与内容不符。")
    return Checked(actual, upload.size, upload.name)
