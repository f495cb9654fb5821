"""Index numbers (索引号): rendered from the installation's pattern (``rules.index_number_pattern``),
with a serial per scope (everything the number says but the serial) that only ever counts up.

The serial is taken by one ``UPDATE … SET last = last + n``: the row lock it takes makes concurrent
publications wait for each other, so two clerks never get the same number (PostgreSQL re-reads the row
after the other's commit; SQLite writes one transaction at a time). The unique index on
``Item.index_number`` is the last guard.
"""

from django.db import transaction
from django.db.models import F

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
    with transaction.atomic():
        IndexSerial.objects.bulk_create([IndexSerial(scope=scope)], ignore_conflicts=True)
        IndexSerial.objects.filter(scope=scope).update(last=F("last") + count)
        last = IndexSerial.objects.get(scope=scope).last
    return range(last - count + 1, last + 1)


def render(item: Item, serial: int, code: str | None = None) -> str:
    return rules.index_number_pattern().format(**_values(item, code or organisation_code(item.agency)),
                                               serial=serial)


def assign(item: Item) -> str:
    """A new index number for ``item`` (published_on and category set)."""
    code = organisation_code(item.agency)
    return render(item, reserve(scope_of(item, code))[0], code)
