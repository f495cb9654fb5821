"""Hypothesis strategies for statistics sheets that satisfy every within-year identity."""


from hypothesis import strategies as st

from gongkai.formats import load_format
from gongkai.sheets import Report, Sheet

counts = st.integers(min_value=0, max_value=60)
amounts = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def consistent_gov_report(draw, format_id: str = "gov2021", year: int = 2022) -> Report:
    fmt = load_format(format_id)
    sheet = Sheet(fmt)
    t3 = fmt.table("t3").blocks[0]
    applicant_columns = [c.key for c in t3.leaf_columns if c.key != "total"]
    summed = {"t3.new", "t3.carried_in", "t3.total", "t3.carried_out"}
    outcome_rows = [r.key for r in t3.data_rows if r.key not in summed]
    values = {}
    for column in applicant_columns:
        total = 0
        for row in outcome_rows:
            values[f"{row}|{column}"] = value = draw(counts)
            total += value
        values[f"t3.total|{column}"] = total
        carried_out = draw(counts)
        carried_in = min(draw(counts), total + carried_out)
        values[f"t3.carried_in|{column}"] = carried_in
        values[f"t3.carried_out|{column}"] = carried_out
        values[f"t3.new|{column}"] = total + carried_out - carried_in
    for row in t3.data_rows:
        values[f"{row.key}|total"] = sum(values[f"{row.key}|{c}"] for c in applicant_columns)
    for block in ("review", "direct", "after_review"):
        parts = {o: draw(counts) for o in ("upheld", "corrected", "other", "pending")}
        for outcome, value in parts.items():
            values[f"t4.cases|{block}.{outcome}"] = value
        values[f"t4.cases|{block}.total"] = sum(parts.values())
    for key, spec in fmt.cells.items():
        if spec.table.key == "t2":
            values[key] = draw(amounts) if spec.type == "amount" else draw(counts)
    if format_id == "gov2019":
        for row in ("regulation", "normative"):
            values[f"t2.{row}|total_published"] = values[f"t2.{row}|published"] + draw(counts)
    for key, value in values.items():
        sheet.set(key, value)
    return Report(agency="测试局", year=year, sheet=sheet)


@st.composite
def consistent_legacy_report(draw) -> Report:
    fmt = load_format("legacy")
    sheet = Sheet(fmt)
    values = {key: draw(counts) for key, spec in fmt.cells.items() if spec.type == "count"}
    values.update({key: draw(amounts) for key, spec in fmt.cells.items() if spec.type == "amount"})
    for row in fmt.rows.values():
        if row.children_sum:
            continue
        for child in row.children:
            if child.part_of_parent:
                values[f"{child.key}|value"] = min(values[f"{child.key}|value"], values[f"{row.key}|value"])
    # Parents are the sums of their children, innermost first.
    for row in sorted(fmt.rows.values(), key=lambda r: -r.depth):
        if row.children_sum:
            values[f"{row.key}|value"] = sum(values[f"{c.key}|value"] for c in row.children)
    items = values["stats.proactive.items|value"]
    for channel in ("gazette", "weibo", "wechat", "other"):
        values[f"stats.proactive.channels.{channel}|value"] = min(values[f"stats.proactive.channels.{channel}|value"],
                                                                  items)
    values["stats.proactive.channels.website|value"] = items
    values["stats.proactive.items.normative|value"] = min(values["stats.proactive.items.normative|value"], items)
    replies = values["stats.application.replies|value"]
    on_time = min(values["stats.application.closed.on_time|value"], replies)
    values["stats.application.closed.on_time|value"] = on_time
    values["stats.application.closed.extended|value"] = replies - on_time
    values["stats.application.closed|value"] = replies
    for key, value in values.items():
        sheet.set(key, value)
    return Report(agency="测试区人民政府", year=2016, sheet=sheet)


