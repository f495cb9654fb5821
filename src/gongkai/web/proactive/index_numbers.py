"""Index numbers (索引号): rendered from the installation's pattern (``rules.index_number_pattern``),
with a serial per scope (everything the number says but the serial) that only ever counts up.

The serials are taken by one ``UPDATE … SET last = last + n``: the row lock it takes makes concurrent
publications wait for each other, so two clerks never get the same number (PostgreSQL re-reads the row
after the other's commit; SQLite writes one transaction at a time). The unique index on
``Item.index_number`` is the last guard.
"""

from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When

from gongkai.web.proactive import rules
from gongkai.web.proactive.models import AgencyProfile, IndexSerial, Item


class _Serial:
    """Stands for the serial when the scope is rendered."""

    def __format__(self, spec: str) -> str:
        return "#"


def organisation_code(agency) -> str:
    """The agency's organisation code, else its id (so that a number is unique even before the
    office has entered the code)."""
    profile = AgencyProfile.objects.filter(agency=agency).first()
    return profile.organisation_code if profile and profile.organisation_code else f"{agency.pk:06d}"


def _values(item: Item, code: str) -> dict:
    return {"org_code": code, "category": item.category_code, "year": item.published_on.year,
            "agency_id": item.agency_id}


def scope_of(item: Item, code: str | None = None) -> str:
    pattern = rules.index_number_pattern()
    if "{serial" not in pattern:
        raise ValueError("索引号规则必须包含流水号 {serial}")
    return pattern.format(**_values(item, code or organisation_code(item.agency)), serial=_Serial())


def reserve(scope: str, count: int = 1) -> range:
    """``count`` serials of ``scope`` never given before."""
    return reserve_many({scope: count})[scope]


def reserve_many(counts: dict[str, int]) -> dict[str, range]:
    """For each scope, ``counts[scope]`` serials never given before: one statement for them all (an
    import numbers thousands of scopes at once). The rows are locked in the order of their scopes
    first, so that two imports sharing scopes wait for each other instead of deadlocking."""
    with transaction.atomic():
        IndexSerial.objects.bulk_create([IndexSerial(scope=scope) for scope in counts], ignore_conflicts=True)
        rows = IndexSerial.objects.filter(scope__in=counts)
        list(rows.select_for_update().order_by("scope").values_list("pk"))
        rows.update(last=F("last") + Case(*(When(scope=scope, then=Value(count)) for scope, count in counts.items()),
                                          output_field=IntegerField()))
        last = dict(rows.values_list("scope", "last"))
    return {scope: range(last[scope] - count + 1, last[scope] + 1) for scope, count in counts.items()}


def render(item: Item, serial: int, code: str | None = None) -> str:
    return rules.index_number_pattern().format(**_values(item, code or organisation_code(item.agency)),
                                               serial=serial)


def assign(item: Item) -> str:
    """A new index number for ``item`` (published_on and category set)."""
    code = organisation_code(item.agency)
    return render(item, reserve(scope_of(item, code))[0], code)
