"""`make bench`: measure the core and write the figures to BENCHMARKS.md (with machine and date)."""

import datetime
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

from gongkai.checks import check_report
from gongkai.formats import load_format
from gongkai.render import RENDERERS, render
from gongkai.sheets import Report, Sheet, sum_reports

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests' sheet factories
from tests.sheet_factories import consistent_values, drawn_values  # noqa: E402

AGENCIES = 5000


def agency_report(index: int, rng: random.Random) -> Report:
    """A gov2021 agency report that satisfies every within-year rule of the format (built from the
    format's own rules, as the tests' sheets are): a few applications and cases, any table 二."""
    fmt = load_format("gov2021")
    values = consistent_values(fmt, drawn_values(
        fmt, lambda: rng.randrange(4) if rng.random() < 0.3 else 0, lambda: Decimal(rng.randrange(100000)) / 100))
    sheet = Sheet(fmt)
    for key, value in values.items():
        sheet.set(key, value)
    return Report(agency=f"第{index}号单位", year=2024, sheet=sheet, agency_kind="department")


def timed(function, repeat: int = 5):
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - start)
    return result, min(durations), statistics.median(durations)


def bench_core(agencies: int = AGENCIES) -> list[str]:
    rng = random.Random(2024)
    reports = [agency_report(i, rng) for i in range(agencies)]
    runs = []  # per run: (whole, sum, check) in seconds, the parts timed inside the whole
    for _ in range(5):
        start = time.perf_counter()
        total, _ = sum_reports(reports, agency="测试市", jurisdiction="测试市")
        summed = time.perf_counter()
        result = check_report(total)
        end = time.perf_counter()
        runs.append((end - start, summed - start, end - summed))
    assert not result.findings, [str(f) for f in result.findings[:3]]
    best = min(runs)  # the fastest run, with its own parts: they add up to it
    median = statistics.median(run[0] for run in runs)
    lines = [
        f"| sum {agencies:,} gov2021 agency reports (200 cells each) and check the total | "
        f"{best[0] * 1000:.0f} ms (median {median * 1000:.0f} ms; best of 5 runs) | goal < 1 s |",
        f"| of which: sum (same run) | {best[1] * 1000:.0f} ms | |",
        f"| of which: check the total ({result.assessed} comparisons; same run) | {best[2] * 1000:.1f} ms | |",
    ]
    for kind in RENDERERS:
        output, render_best, _ = timed(lambda kind=kind: render(total, kind), repeat=3)
        lines.append(f"| render the total to {kind} | {render_best * 1000:.0f} ms ({len(output) / 1024:.0f} KiB) | |")
    return lines


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.machine()}"
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {system}"


def main() -> None:
    sections = [("Core: sum, check, render (gongkai.sheets / checks / render)", bench_core)]
    sys.path.insert(0, str(ROOT / "bench"))
    import applications_bench
    import extract_bench
    import legacy_bench
    import mixed_load
    import proactive_bench
    import supervision_bench
    import web_bench

    sections.append(("Audit: extraction accuracy on the corpus and throughput", extract_bench.bench))
    sections.append(("Web: a jurisdiction of 1,000 agencies on PostgreSQL behind gunicorn", web_bench.bench))
    sections.append((f"Proactive disclosure: catalogue search, import and legacy 一 from "
                     f"{proactive_bench.SCALE['postgresql']:,} items on PostgreSQL and "
                     f"{proactive_bench.SCALE['sqlite']:,} on SQLite", proactive_bench.bench))
    sections.append((f"Applications: tables 三 and 四 from {applications_bench.APPLICATIONS:,} records on PostgreSQL "
                     "and SQLite", applications_bench.bench))
    sections.append((f"Legacy table: every cell (一–九) of a district-year from {legacy_bench.ITEMS:,} items, "
                     f"{legacy_bench.APPLICATIONS:,} applications and the year's other records on PostgreSQL",
                     legacy_bench.bench))
    sections.append((f"Supervision: the monthly bulletin of a province of 10,001 agencies from "
                     f"{supervision_bench.ITEMS:,} items and {supervision_bench.APPLICATIONS:,} applications on "
                     "PostgreSQL", supervision_bench.bench))
    sections.append(("Mixed load: public reads, online applications, tracking lookups and staff saves at once, "
                     "60 s on each database", mixed_load.bench))
    out = [f"# Benchmarks\n\nMeasured {datetime.date.today().isoformat()} on {machine()}, by `make bench`.\n"]
    for title, function in sections:
        print(f"bench: {title} …", flush=True)
        out.append(f"## {title}\n\n| what | figure | note |\n|---|---|---|")
        out.extend(function())
        out.append("")
    (ROOT / "BENCHMARKS.md").write_text("\n".join(out) + "\n", encoding="utf-8")
    print("\n".join(out))


if __name__ == "__main__":
    main()
