"""Benchmark of the report readers: reports per second per kind, and peak memory, on one core.

Reads every report of the shared corpus (PDF, txt) and its blank DOCX template; HTML reports are made
from the corpus text files (paragraphs, and ``|`` rows as table rows) since the corpus holds none.

    .venv/bin/python bench/extract_readers.py [--repeat N] [--corpus PATH]
"""

import argparse
import html
import resource
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

from gongkai.extract import read_document

DEFAULT_CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def corpus_files(corpus: Path, scratch: Path) -> list[Path]:
    files = sorted(corpus.glob("cases/*/report.*")) + sorted(corpus.glob("*.docx"))
    for text_file in sorted(corpus.glob("cases/*/report.txt")):
        target = scratch / f"{text_file.parent.name}.html"
        target.write_text(as_html(text_file.read_text(encoding="utf-8")), encoding="utf-8")
        files.append(target)
    return files


def as_html(text: str) -> str:
    parts = ["<html><head><meta charset='utf-8'></head><body>"]
    in_table = False
    for line in text.splitlines():
        is_row = "|" in line
        if is_row != in_table:
            parts.append("<table border='1'>" if is_row else "</table>")
            in_table = is_row
        if is_row:
            parts.append("<tr>" + "".join(f"<td>{html.escape(c.strip())}</td>" for c in line.split("|")) + "</tr>")
        else:
            parts.append(f"<p>{html.escape(line)}</p>")
    parts.append("</table></body></html>" if in_table else "</body></html>")
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="times each file is read (default 20)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        files = corpus_files(arguments.corpus.resolve(), Path(scratch))
        if not files:
            raise SystemExit(f"no reports found in {arguments.corpus}")
        for path in files:
            read_document(path)  # warm up: imports, the t2s dictionaries
        seconds: dict[str, float] = defaultdict(float)
        cpu_seconds: dict[str, float] = defaultdict(float)
        counts: dict[str, int] = defaultdict(int)
        sizes: dict[str, int] = defaultdict(int)
        for _ in range(arguments.repeat):
            for path in files:
                start, cpu_start = time.perf_counter(), time.process_time()
                document = read_document(path)
                seconds[document.kind] += time.perf_counter() - start
                cpu_seconds[document.kind] += time.process_time() - cpu_start
                counts[document.kind] += 1
                sizes[document.kind] += path.stat().st_size
        tracemalloc.start()
        for path in files:
            read_document(path)
        _, python_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    # CPU time is reported beside wall time: on a shared machine it is the steadier figure.
    print(f"{'kind':<6}{'files':>7}{'reads':>7}{'reports/s':>11}{'ms/report':>11}{'CPU reports/s':>15}"
          f"{'KB/file':>9}")
    for kind in sorted(counts):
        files_of_kind = counts[kind] // arguments.repeat
        print(f"{kind:<6}{files_of_kind:>7}{counts[kind]:>7}{counts[kind] / seconds[kind]:>11.1f}"
              f"{1000 * seconds[kind] / counts[kind]:>11.2f}{counts[kind] / cpu_seconds[kind]:>15.1f}"
              f"{sizes[kind] / counts[kind] / 1024:>9.0f}")
    print(f"peak Python allocations during one pass (tracemalloc): {python_peak / 1048576:.1f} MB")
    resident = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process (ru_maxrss, includes pdfium): {resident:.1f} MB")


if __name__ == "__main__":
    main()
