"""Audit accuracy on corpus/ and audit throughput on one core, for `make bench`."""

import gc
import json
import time
import tracemalloc
from pathlib import Path

from gongkai.audit import audit_file
from gongkai.corpus import Tally, cases_in, evaluate_case, tally
from gongkai.render import render
from gongkai.sheets import Report, load_report_json

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


def figures(part: Tally) -> str:
    share = f" ({part.right / part.truth_cells:.1%})" if part.truth_cells else ""
    return (f"{part.right}/{part.truth_cells} truth cells right{share}, {part.wrong} wrong, {part.not_read} unread, "
            f"{part.not_in_truth} values not in the truth; inconsistencies {part.found} found, {part.missed} missed, "
            f"{part.false} false; narrative numbers read {part.narrative_read}/{part.narrative_truth}")


def read_back(path: Path, source: Report) -> str:
    """What the audit of ``path`` read, against ``source`` (the report it was rendered from)."""
    read = {cell.spec.key: cell.value for cell in audit_file(path).reading.cells}
    expected = source.sheet.values
    same = sum(1 for key, value in expected.items() if read.get(key) == value)
    differ = sum(1 for key, value in read.items() if key in expected and value != expected[key])
    return f"read back {same} of the source's {len(expected)} cells, {differ} different"


def bench() -> list[str]:
    if not CORPUS.is_dir():
        return ["| corpus | not found beside the checkout | |"]
    results = [evaluate_case(case.parent) for case in cases_in(CORPUS)]
    by_file = {}  # case file → (truth cells read right, truth cells)
    for case, result in zip(cases_in(CORPUS), results, strict=True):
        meta = json.loads((case.parent / "meta.json").read_text(encoding="utf-8"))
        by_file[case.parent / meta["file"]] = (result.right, result.truth_cells)
    lines = [f"| {r.name} ({r.medium}) | {r.right}/{r.truth_cells} truth cells right, {len(r.wrong)} wrong, "
             f"{len(r.not_read)} unread, {len(r.not_in_truth)} not in truth; inconsistencies {len(r.found)} found, "
             f"{len(r.missed)} missed, {len(r.false)} false | |" for r in results]
    total, by_medium = tally(results)
    for name, part in sorted(by_medium.items(), reverse=True):
        lines.insert(0, f"| corpus, {name} ({part.cases} reports) | {figures(part)} | |")
    lines.insert(0, f"| accuracy on the corpus ({total.cases} reports) | {figures(total)} | goal: every cell right, "
                    f"0 wrong, 0 false findings |")
    cases = [json.loads((c.parent / "meta.json").read_text(encoding="utf-8")) | {"dir": c.parent}
             for c in cases_in(CORPUS)]
    texts = [c["dir"] / c["file"] for c in cases if c["file"].endswith(".txt")]
    pdfs = [c["dir"] / c["file"] for c in cases if c["file"].endswith(".pdf")]
    html = Path("/tmp/gongkai-bench-seed.html")
    seed = load_report_json(ROOT / "examples" / "jiutai-2015.json")
    html.write_bytes(render(seed, "html"))

    def against_truth(paths: list[Path]) -> str:
        read, cells = (sum(by_file[path][i] for path in paths) for i in (0, 1))
        return f"read right {read} of the {cells} truth cells"

    for label, paths, goal, read in (("text reports", texts, "≥ 50/s", against_truth(texts)),
                                     ("HTML report (the seed rendered)", [html], "≥ 50/s", read_back(html, seed)),
                                     ("PDF reports", pdfs, "≥ 20/s", against_truth(pdfs))):
        rate, count = throughput(paths)
        memory = max(peak_memory(p) for p in paths)
        lines.append(f"| audit throughput, {label} ({len(paths)} files, {count} audits) | {rate:.0f} reports/s; "
                     f"peak Python memory {memory:.1f} MiB per report | goal {goal}; each audit {read} |")
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


def rate_of(function, paths: list[Path], seconds: float) -> tuple[float, float]:
    """Files per second of wall time and of this process's CPU time (the machine may be shared)."""
    count, start, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        for path in paths:
            function(path)
            count += 1
    return count / (time.perf_counter() - start), count / (time.process_time() - cpu)


def pdf_against_bare_extraction(paths: list[Path], seconds: float = 3.0) -> list[str]:
    """Both measured in the same run on the same files, one core, so the ratio holds on any machine."""
    audit_rate, audit_cpu = rate_of(audit_file, paths, seconds)
    bare_rate, bare_cpu = rate_of(bare_extraction, paths, seconds)
    return [f"| PDF audit beside PDFium's bare text extraction ({len(paths)} files, one core) | "
            f"audit {audit_rate:.1f} reports/s, bare extraction {bare_rate:.1f} files/s: "
            f"{bare_rate / audit_rate:.2f}× the bare extraction's time ({bare_cpu / audit_cpu:.2f}× in CPU time: "
            f"{audit_cpu:.1f} and {bare_cpu:.1f} per CPU second) | goal ≤ 1.5× |"]


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (a pool's workers)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# Copies of the files in the folder audited: a folder an evaluator audits holds hundreds of reports, so
# that the pool's start (two forks) weighs on the figure as little as it does there.
COPIES = 20


def folder_on_two_cores(paths: list[Path], runs: int = 3) -> list[str]:
    """A folder audit (a copy of the files, several times over) with one worker, then with two, ``runs``
    times each, alternating; the best run of each is compared (the one least disturbed by whatever else
    the machine runs), the median beside it. The CPU time both take says what the pool itself costs."""
    import os
    import shutil
    import statistics
    import tempfile

    from gongkai.audit import audit_paths

    with tempfile.TemporaryDirectory() as scratch:
        for copy in range(COPIES):
            for index, path in enumerate(paths):
                shutil.copy(path, Path(scratch) / f"{copy}-{index}{path.suffix}")
        timings: dict[int, list[tuple[float, float]]] = {1: [], 2: []}  # workers → (wall, CPU) per run
        for _ in range(runs):
            for workers in (1, 2):
                start, used = time.perf_counter(), cpu_seconds()
                audit_paths([Path(scratch)], workers=workers)
                timings[workers].append((time.perf_counter() - start, cpu_seconds() - used))
    files = COPIES * len(paths)
    (one, one_cpu), (two, two_cpu) = min(timings[1]), min(timings[2])
    median = statistics.median(timings[1])[0] / statistics.median(timings[2])[0]
    return [f"| folder audit of {files} files: 1 process, then a pool of 2 ({os.cpu_count()} cores; best of {runs} "
            f"runs each) | {one:.1f} s, then {two:.1f} s: {one / two:.2f}× faster (medians: {median:.2f}×); CPU time "
            f"{one_cpu:.1f} s, then {two_cpu:.1f} s (load average {os.getloadavg()[0]:.1f}) | goal ≥ 1.8× |"]


def ocr_throughput() -> list[str]:
    """Pages per second recognised (RapidOCR), on the fixture's pages rendered at 300 dpi."""
    from gongkai.extract import ocr

    if not ocr.available():
        return ["| OCR pages per second | RapidOCR not installed | |"]
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(FIXTURES / "gov2021-ruled.pdf"))
    pages = [ocr.page_png(pdf[index]) for index in range(len(pdf))]
    pdf.close()
    start = time.perf_counter()
    lines = sum(len(ocr.recognise(png)) for png in pages)
    elapsed = time.perf_counter() - start
    return [f"| OCR of a 300 dpi scan ({len(pages)} pages, {lines} lines, one process) | "
            f"{len(pages) / elapsed:.2f} pages/s ({elapsed / len(pages):.1f} s a page) | |"]
