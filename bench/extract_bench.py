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
    return lines
