"""Reports built in code for the renderer tests: values of every cell type, some cells missing."""

import datetime
import random
from decimal import Decimal

from gongkai.formats import load_format
from gongkai.sheets import Report, ReportSection, Sheet

FORMAT_IDS = ("legacy", "gov2019", "gov2021")


def filled_report(format_id: str, seed: int = 0, missing_every: int = 9) -> Report:
    """Every cell filled except every ``missing_every``-th; zeros, signed values and amounts included."""
    fmt = load_format(format_id)
    rng = random.Random(seed)
    sheet = Sheet(fmt)
    for index, (key, spec) in enumerate(fmt.cells.items()):
        if index % missing_every == missing_every - 1:
            continue
        if spec.type == "amount":
            sheet.set(key, Decimal(rng.randint(0, 10**7)) / 100)
        elif spec.type == "signed":
            sheet.set(key, rng.randint(-50, 50))
        else:
            sheet.set(key, 0 if index % 7 == 0 else rng.randint(1, 5000))
    sections = [
        ReportSection(section.heading, f"（一）工作情况。{section.heading}的正文。\n第二段，全年办理{index}件。",
                      section.key)
        for index, section in enumerate(fmt.sections)
    ]
    return Report(agency="测试市测试区人民政府", year=fmt.year_from + 1, sheet=sheet, jurisdiction="测试区",
                  agency_kind="government", published=datetime.date(fmt.year_from + 2, 1, 20),
                  issuer="测试区人民政府办公室", sections=sections)
