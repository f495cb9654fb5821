"""Audit accuracy on corpus/ and audit throughput on one core, for `make bench`."""

import gc
import json
import time
import tracemalloc
from pathlib import Path

from gongkai.audit import audit_file
from gongkai.corpus import cases_in, evaluate_case
from gongkai.render import render
from gongkai.sheets import load_report_json

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def throughput(paths: list[Path], seconds: float = 3.0) -> tuple[float, int]:
    """Reports per second over repeated full audits (read, extract, check), one process, one core."""
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for path in paths:
            audit_file(path)
            count += 1
    return count / (time.perf_counter() - start), count


def peak_memory(path: Path) -> float:
    gc.collect()
    tracemalloc.start()
    audit_file(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def bench() -> list[str]:
    if not CORPUS.is_dir():
        return ["| corpus | not found beside the checkout | |"]
    lines = []
    right = truth = wrong = listed = found = 0
    for case in cases_in(CORPUS):
        result = evaluate_case(case.parent)
        right += result.right
        truth += result.truth_cells
        wrong += len(result.wrong) + len(result.not_in_truth)
        listed += len(result.truth_inconsistencies)
        found += len(result.findings)
        lines.append(f"| {result.name} | {result.right}/{result.truth_cells} truth cells right, "
                     f"{len(result.wrong)} wrong, {len(result.not_in_truth)} not in truth; "
                     f"{len(result.findings)} findings (truth lists {len(result.truth_inconsistencies)}) | |")
    lines.insert(0, f"| accuracy on the corpus | {right}/{truth} truth cells read right "
                    f"({right / truth:.1%}), {wrong} wrong values | goal 100%, 0 wrong |")
    cases = [json.loads((c.parent / "meta.json").read_text(encoding="utf-8")) | {"dir": c.parent}
             for c in cases_in(CORPUS)]
    texts = [c["dir"] / c["file"] for c in cases if c["file"].endswith(".txt")]
    pdfs = [c["dir"] / c["file"] for c in cases if c["file"].endswith(".pdf")]
    html = Path("/tmp/gongkai-bench-seed.html")
    html.write_bytes(render(load_report_json(ROOT / "examples" / "jiutai-2015.json"), "html"))
    for label, paths, goal in (("text reports", texts, "≥ 50/s"), ("HTML report (the seed rendered)", [html], "≥ 50/s"),
                               ("PDF reports", pdfs, "≥ 20/s")):
        rate, count = throughput(paths)
        memory = max(peak_memory(p) for p in paths)
        lines.append(f"| audit throughput, {label} ({len(paths)} files, {count} audits) | {rate:.0f} reports/s; "
                     f"peak Python memory {memory:.1f} MiB per report | goal {goal} |")
    lines += pdf_against_bare_extraction(pdfs + TEXT_LAYER_FIXTURES)
    lines += folder_on_two_cores(texts + pdfs + TEXT_LAYER_FIXTURES)
    lines += ocr_throughput()
    return lines


FIXTURES = ROOT / "tests" / "extract" / "fixtures"
# The reader tests' PDFs with a text layer (the scan is OCR's, measured on its own).
TEXT_LAYER_FIXTURES = sorted([*FIXTURES.glob("*-ruled.pdf"), *FIXTURES.glob("*-plain.pdf")])


def bare_extraction(path: Path) -> int:
    """PDFium's own text extraction of every page, nothing more: the floor a PDF audit is measured against."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    characters = 0
    for page in pdf:
        textpage = page.get_textpage()
        characters += len(textpage.get_text_bounded())
        textpage.close()
        page.close()
    pdf.close()
    return characters


def rate_of(function, paths: list[Path], seconds: float) -> float:
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for path in paths:
            function(path)
            count += 1
    return count / (time.perf_counter() - start)


def pdf_against_bare_extraction(paths: list[Path], seconds: float = 3.0) -> list[str]:
    """Both measured in the same run on the same files, one core, so the ratio holds on any machine."""
    audit_rate = rate_of(audit_file, paths, seconds)
    bare_rate = rate_of(bare_extraction, paths, seconds)
    return [f"| PDF audit beside PDFium's bare text extraction ({len(paths)} files, one core) | "
            f"audit {audit_rate:.1f} reports/s, bare extraction {bare_rate:.1f} files/s: "
            f"{bare_rate / audit_rate:.2f}× the bare extraction's time | goal ≤ 1.5× |"]


def folder_on_two_cores(paths: list[Path]) -> list[str]:
    """A folder audit (a copy of the files, several times over) with one worker, then with two."""
    import os
    import shutil
    import tempfile

    from gongkai.audit import audit_paths

    with tempfile.TemporaryDirectory() as scratch:
        for copy in range(4):
            for index, path in enumerate(paths):
                shutil.copy(path, Path(scratch) / f"{copy}-{index}{path.suffix}")
        timings = {}
        for workers in (1, 2):
            start = time.perf_counter()
            audit_paths([Path(scratch)], workers=workers)
            timings[workers] = time.perf_counter() - start
    files = 4 * len(paths)
    return [f"| folder audit of {files} files: 1 process, then a pool of 2 ({os.cpu_count()} cores) | "
            f"{timings[1]:.1f} s, then {timings[2]:.1f} s: {timings[1] / timings[2]:.2f}× faster | goal ≥ 1.8× |"]


def ocr_throughput() -> list[str]:
    """Pages per second recognised (tesseract), on a scan made from a fixture page at 300 dpi."""
    from gongkai.extract import ocr

    if not ocr.available():
        return ["| OCR pages per second | tesseract not installed | |"]
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(FIXTURES / "gov2021-ruled.pdf"))
    pages = [ocr.page_png(pdf[index]) for index in range(len(pdf))]
    pdf.close()
    start = time.perf_counter()
    lines = sum(len(ocr.recognise(png)) for png in pages)
    elapsed = time.perf_counter() - start
    return [f"| OCR of a 300 dpi scan ({len(pages)} pages, {lines} lines, one process) | "
            f"{len(pages) / elapsed:.2f} pages/s ({elapsed / len(pages):.1f} s a page) | |"]
