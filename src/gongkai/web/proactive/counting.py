"""The register's cells of the annual report, counted from the records.

Shaped for the platform's counting engine (``/work/shared/ARCHITECTURE.md``, "Computed cells as data"):
the format files declare what each cell counts (``counts: {population: proactive_items, measure: …,
where: {…}}`` on a row, a column or both; a cell takes both, the row's conditions with the column's),
and this app contributes the one population query, ``proactive_items``: the items an annual report of
an agency counts, with the conditions a declaration may name. Until the engine is on main,
``declarations`` reads the declarations from the format files itself.

What places an item in year Y (``measure``):
- ``published``: published in Y (发布日期; a withdrawn item was still disclosed in its year);
- ``issued``: 成文日期 in Y (制发, 本年新制作);
- ``repealed``: ceased to be valid in Y (废止 or 失效, so that 现行有效 = last year's + 制发 − 废止 holds);
- ``in_force``: issued by 31 December of Y and not yet invalid on that day (现行有效);
- ``published_by``: published by 31 December of Y (对外公开总数量).
Conditions (``where``): ``normative_kind`` (regulation, normative), ``channel`` (the item went out on it).
An item counts once in a cell however many channels or agencies it has; a joint document counts for
each of its agencies, and once for a jurisdiction that holds several of them.
"""

import datetime
import functools

import yaml
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from gongkai.formats import FORMATS_DIR, Format, cell_key
from gongkai.web.agencies.models import Agency
from gongkai.web.proactive.models import Item, ItemAgency, ItemChannel
from gongkai.web.reports import services as report_services

POPULATION = "proactive_items"
DRAFT = Item.Status.DRAFT


@functools.cache
def _declarations(format_id: str) -> dict[str, dict]:
    """Cell key → the merged declaration of every cell a format file declares for this population."""
    data = yaml.safe_load((FORMATS_DIR / f"{format_id}.yaml").read_text(encoding="utf-8"))
    cells: dict[str, dict] = {}

    def walk(nodes, prefix, out):
        for node in nodes or ():
            key = f"{prefix}.{node['key']}" if prefix and node.get("key") else node.get("key") or prefix
            if node.get("counts"):
                out[key] = node["counts"]
            if node.get("children"):
                walk(node["children"], key, out)

    for table in data.get("tables", []):
        for block in table.get("blocks", []):
            rows, columns = {}, {}
            walk(block.get("rows"), table["key"], rows)
            walk(block.get("columns"), "", columns)
            plain = [c["key"] for c in block.get("columns", []) if c.get("key")]
            for row, row_counts in rows.items():
                if row_counts.get("population") != POPULATION and not columns:
                    continue
                targets = columns or dict.fromkeys(plain, {})
                for column, column_counts in targets.items():
                    merged = {**row_counts, **column_counts,
                              "where": {**row_counts.get("where", {}), **column_counts.get("where", {})}}
                    if merged.get("population") == POPULATION:
                        cells[cell_key(row, column)] = merged
    return cells


def declarations(fmt: Format) -> dict[str, dict]:
    return _declarations(fmt.id)


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def measure(name: str, year: int) -> Q:
    start, end = _year(year)
    return {
        "published": Q(published_on__range=(start, end)),
        "issued": Q(document_date__range=(start, end)),
        "repealed": Q(invalid_on__range=(start, end), validity__in=[Item.Validity.EXPIRED, Item.Validity.REPEALED]),
        "in_force": Q(document_date__lte=end) & (Q(invalid_on__isnull=True) | Q(invalid_on__gt=end)),
        "published_by": Q(published_on__lte=end),
    }[name]


def where(conditions: dict) -> Q:
    condition = Q()
    for name, value in conditions.items():
        if name == "channel":
            condition &= Q(Exists(ItemChannel.objects.filter(item=OuterRef("pk"), channel=value)))
        elif name == "normative_kind":
            condition &= Q(normative_kind=value)
        else:
            raise ValueError(f"proactive_items has no attribute {name!r}")
    return condition


def population(agency: Agency) -> QuerySet:
    """The register's population: the items an annual report of ``agency`` counts (those of its
    subtree for a jurisdiction, else its own, joint documents included), published or withdrawn."""
    if agency.is_jurisdiction:
        publishers = ItemAgency.objects.filter(item=OuterRef("pk"), agency__path__startswith=agency.path)
    else:
        publishers = ItemAgency.objects.filter(item=OuterRef("pk"), agency=agency)
    return Item.objects.exclude(status=DRAFT).filter(Exists(publishers))


def condition(declaration: dict, year: int) -> Q:
    return measure(declaration["measure"], year) & where(declaration.get("where", {}))


def counted(fmt: Format, agency: Agency, year: int) -> dict[str, int]:
    """Cell key → count for every cell ``fmt`` declares on this population: one query, a filtered count
    per cell, over the items that can count in the year (published in it, or normative documents)."""
    cells = declarations(fmt)
    if not cells:
        return {}
    start, end = _year(year)
    relevant = Q(published_on__lte=end) if any(d["measure"] == "published_by" for d in cells.values()) else (
        Q(published_on__range=(start, end)) | ~Q(normative_kind=""))
    counts = population(agency).filter(relevant).aggregate(**{
        f"c{index}": Count("pk", filter=condition(declaration, year))
        for index, declaration in enumerate(cells.values())})
    return {key: counts[f"c{index}"] for index, key in enumerate(cells)}


def items_behind(fmt: Format, agency: Agency, year: int, key: str) -> QuerySet:
    """The items a computed cell counts (the link from the cell to its list)."""
    return population(agency).filter(condition(declarations(fmt)[key], year)).order_by("-published_on", "-pk")


def fill_report(report, user) -> int:
    """"Fill from records": the computed values into the report as one recorded change (the reports
    service checks the right to edit, saves all or nothing and records each cell's old and new value).
    Returns how many cells changed."""
    values = counted(report.format, report.agency, report.year)
    return report_services.save_cells(report, user, {key: str(value) for key, value in values.items()},
                                      expected_revision=report.revision)
