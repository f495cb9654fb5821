"""Builders of small fixture files for the reader tests."""

from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def make_pdf(pages: list[list[tuple[float, float, str]]]) -> bytes:
    """A PDF whose pages show ASCII ``text`` at (x, y from the top) in Helvetica 10 pt.

    A page given no text gets a filled rectangle only, like a scanned page without a text layer.
    """
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for texts in pages:
        if texts:
            content = b"".join(
                b"BT /F1 10 Tf %.1f %.1f Td (%s) Tj ET\n" % (x, 842 - y, text.encode("latin-1"))
                for x, y, text in texts
            )
        else:
            content = b"0.5 g 50 50 400 600 re f\n"
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        content_number = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % content_number
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
