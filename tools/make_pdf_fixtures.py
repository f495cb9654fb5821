"""Make the PDF (and scan) fixtures of the reader tests, as agencies make them: a Word document
exported to PDF by LibreOffice. Run once when they change; the tests read the committed files and
need neither LibreOffice nor poppler.

    PYTHONPATH=src python tools/make_pdf_fixtures.py      # needs soffice (libreoffice-writer-nogui)

Each report is written in two versions, with the table's ruling lines and without them, with a running
header and a page-number footer (which the reader must drop). Reports with blank cells are the point:
a PDF's text layer leaves blank cells out. gov2021-scan.pdf is a scan of the ruled gov2021 report's
first two pages (200 dpi, turned by 0.5°, JPEG), for OCR.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "extract" / "fixtures"
sys.path.insert(0, str(ROOT / "tests" / "render"))


def with_page_furniture(data: bytes, ruled: bool) -> bytes:
    """The DOCX with a running header, a 「- N -」 footer, and its tables' borders kept or removed."""
    document = docx.Document(io.BytesIO(data))
    for section in document.sections:
        section.header.paragraphs[0].text = "政府信息公开工作年度报告（公开）"
        footer = section.footer.paragraphs[0]
        footer.text = "- "
        run = footer.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.text = text
            run._r.append(element)
        footer.add_run(" -")
    if not ruled:
        for table in document.tables:
            properties = table._tbl.tblPr
            for old in properties.findall(qn("w:tblBorders")):
                properties.remove(old)
            borders = OxmlElement("w:tblBorders")
            for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
                edge = OxmlElement(f"w:{side}")
                edge.set(qn("w:val"), "nil")
                borders.append(edge)
            properties.append(borders)
            for cell in table._tbl.iter(qn("w:tcBorders")):
                cell.getparent().remove(cell)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(docx_bytes: bytes, name: str, scratch: Path) -> Path:
    source = scratch / f"{name}.docx"
    source.write_bytes(docx_bytes)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(scratch), str(source)],
                   check=True, capture_output=True)
    target = FIXTURES / f"{name}.pdf"
    shutil.copy(scratch / f"{name}.pdf", target)
    return target


def main() -> None:
    from render_fixtures import filled_report

    from gongkai.render import render
    from gongkai.sheets import json_value

    FIXTURES.mkdir(parents=True, exist_ok=True)
    expected = {}
    with tempfile.TemporaryDirectory() as scratch:
        for format_id in ("legacy", "gov2019", "gov2021"):
            report = filled_report(format_id)
            report.sections = report.sections[:2]  # short: the table is what is tested
            data = render(report, "docx")
            expected[format_id] = {spec.key: json_value(value) for spec, value in report.sheet.ordered_items()
                                   if value is not None}
            for ruled in (True, False):
                name = f"{format_id}-{'ruled' if ruled else 'plain'}"
                print("made", to_pdf(with_page_furniture(data, ruled), name, Path(scratch)))
    # A scan of the first two pages (table 二 and most of table 三): an image-only PDF at 200 dpi.
    sys.path.insert(0, str(ROOT / "bench"))
    from ocr_bench import scan

    with tempfile.TemporaryDirectory() as scratch:
        two_pages = Path(scratch) / "two.pdf"
        import pypdfium2 as pdfium

        source = pdfium.PdfDocument(str(FIXTURES / "gov2021-ruled.pdf"))
        target = pdfium.PdfDocument.new()
        target.import_pages(source, [0, 1])
        target.save(str(two_pages))
        scan(two_pages, FIXTURES / "gov2021-scan.pdf", 200, 0.5, 70)
        print("made", FIXTURES / "gov2021-scan.pdf")
    (FIXTURES / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=0) + "\n",
                                            encoding="utf-8")


if __name__ == "__main__":
    main()
