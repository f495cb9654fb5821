"""The procedure's rules as data: ``rules.yaml`` beside this module, and the report formats.

Outcome classes and applicant kinds are read from the formats (the rows and columns of table 三), so a
reply is classified exactly as the table the annual report prints will count it.
"""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings as django_settings

from gongkai.formats import Format, Row, available_format_ids, load_format

RULES_FILE = Path(__file__).with_name("rules.yaml")
# The row whose parts are the outcome classes: gov2019/gov2021 （七）总计 (a sum of every outcome row),
# the legacy （三）申请答复数 (whose data leaves are the reply categories).
OUTCOME_PARENTS = ("t3.total", "stats.application.replies")
APPLICANT_TABLE = ("gov2021", "t3")


@functools.cache
def load() -> dict:
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def setting(name: str):
    """A [U] point's value: the installation's override, else the documented default."""
    overrides = getattr(django_settings, "GONGKAI_APPLICATIONS", {})
    return overrides[name] if name in overrides else load()["settings"][name]["default"]


def deadline_settings() -> dict | None:
    """The core clock's settings as this installation overrides them (None: the core's defaults)."""
    return getattr(django_settings, "GONGKAI_DEADLINE_SETTINGS", None)


def fees_effective_from() -> datetime.date:
    value = setting("fees_effective_from")
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def _expand(fmt: Format, parent: Row) -> list[Row]:
    """The rows a sum row adds up (``refused.*`` is every data row below ``refused``)."""
    found = []
    for term in parent.sum_of:
        if term.endswith(".*"):
            found.extend(fmt.rows[term[:-2]].data_descendants())
        else:
            found.append(fmt.rows[term])
    return found


def _leaves(rows: list[Row]) -> list[Row]:
    return [row for row in rows if not row.data_descendants()]


@functools.cache
def outcomes(format_id: str) -> dict[str, str]:
    """Row key → label path of every outcome class (and sub-reason) a reply may have in ``format_id``."""
    fmt = load_format(format_id)
    for key in OUTCOME_PARENTS:
        parent = fmt.rows.get(key)
        if parent is None:
            continue
        if parent.sum_of:
            rows, above = _expand(fmt, parent), len(parent.path_labels) - 1  # siblings of the total
        else:
            rows, above = parent.data_descendants(), len(parent.path_labels)  # below the parent
        return {row.key: " › ".join(row.path_labels[above:]) for row in _leaves(rows)}
    return {}


def outcome_choices() -> list[tuple[str, str]]:
    """Every format's outcomes, for the model field (the service checks the reply's own format);
    gov2019 and gov2021 share their row keys and labels."""
    merged: dict[str, str] = {}
    for format_id in available_format_ids():
        merged.update(outcomes(format_id))
    return list(merged.items())


@functools.cache
def applicant_kinds() -> tuple[tuple[str, str], ...]:
    """The applicant columns of table 三, e.g. ("other_org", "法人或其他组织 › 其他")."""
    table = load_format(APPLICANT_TABLE[0]).table(APPLICANT_TABLE[1])
    columns = [column for column in table.blocks[0].leaf_columns if not column.sum_of]
    return tuple((column.key, " › ".join(column.path_labels[1:])) for column in columns)


def system_outcome(reason: str, format_id: str) -> str | None:
    return load()["system_outcomes"][reason].get(format_id)


def closure_only_outcomes(format_id: str) -> dict[str, str]:
    """Outcome → the applicant's default it alone records in ``format_id`` (a reply cannot choose it)."""
    return {entry[format_id]: entry["label"] for entry in load()["system_outcomes"].values()
            if format_id in entry.get("closure_only", [])}


def reply_outcome_choices() -> list[tuple[str, str]]:
    """The outcomes a clerk may choose for a reply: every format's, except those only a closure records."""
    closures = {key for format_id in available_format_ids() for key in closure_only_outcomes(format_id)}
    return [(key, label) for key, label in outcome_choices() if key not in closures]


def decision_choices() -> list[tuple[str, str]]:
    return [(key, entry["label"]) for key, entry in load()["decisions"].items()]


def received_date_rules() -> dict:
    return load()["received_date"]


@dataclass(frozen=True)
class FeeMethod:
    key: str
    label: str
    unit: str
    quantity_label: str
    charge: str
    tiers: tuple[tuple[int | None, int], ...]
    bands: dict | None

    def _rate(self, unit_number: int) -> int:
        """The rate of the ``unit_number``-th unit."""
        lower = 0
        for up_to, rate in self.tiers:
            if up_to is None or unit_number <= up_to:
                return rate
            lower = up_to
        band = (unit_number - lower - 1) // self.bands["size"]
        return self.bands["first_rate"] + band * self.bands["step"]

    def amount(self, quantity: int) -> Decimal:
        """The fee in yuan: the marginal unit's rate, or every unit's rate added up (excess-progressive)."""
        if self.charge == "marginal":
            return Decimal(self._rate(quantity))
        return Decimal(sum(self._rate(unit) for unit in range(1, quantity + 1)))


@functools.cache
def fee_methods() -> dict[str, FeeMethod]:
    return {
        key: FeeMethod(key, entry["label"], entry["unit"], entry["quantity_label"], entry["charge"],
                       tuple((tier["up_to"], tier["rate"]) for tier in entry["tiers"]), entry.get("bands"))
        for key, entry in load()["fees"]["methods"].items()
    }
