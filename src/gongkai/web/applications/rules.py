"""The procedure's rules as data: ``rules.yaml`` beside this module, and the report formats.

Outcome classes, applicant kinds and the kinds and outcomes of review cases are read from what the
formats' computed cells count (``gongkai.counting``: the rows and columns of tables 三 and 四), so a
record is classified exactly as the table the annual report prints will count it.
"""

import datetime
import functools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings as django_settings

from gongkai.counting import attribute_values
from gongkai.formats import all_formats, available_format_ids, load_format
from gongkai.web.agencies.models import Agency

RULES_FILE = Path(__file__).with_name("rules.yaml")
# The populations of records this app registers for the counting engine (populations.py), as the
# formats name them in ``counts``.
APPLICATIONS, REVIEW_CASES = "applications", "review_cases"


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


def charges_costs(regulation: str) -> bool:
    """Whether a reply under ``regulation`` (a key of ``deadline_rules.yaml``) may record costs charged."""
    return regulation in load()["reply_costs"]["regulations"]


def costs_article() -> str:
    return load()["reply_costs"]["article"]


def fees_effective_from() -> datetime.date:
    value = setting("fees_effective_from")
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


@functools.cache
def outcomes(format_id: str) -> dict[str, str]:
    """Row key → label path of every outcome class (and sub-reason) a reply may have in ``format_id``:
    the most specific rows the format counts applications ``by`` outcome."""
    values = attribute_values(load_format(format_id), APPLICATIONS, "outcome")
    return {key: " › ".join(labels) for key, labels in values.items()}


def _values(population: str, attribute: str) -> dict[str, tuple[str, ...]]:
    """The values ``attribute`` takes in any format, each with its labels in the newest format that has it."""
    merged: dict[str, tuple[str, ...]] = {}
    for fmt in reversed(all_formats()):
        for value, labels in attribute_values(fmt, population, attribute).items():
            if isinstance(value, str):
                merged.setdefault(value, labels)
    return merged


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
    return tuple((key, " › ".join(labels)) for key, labels in _values(APPLICATIONS, "applicant_kind").items())


def _choice_label(labels: tuple[str, ...]) -> str:
    """行政复议; 行政诉讼（未经复议直接起诉）: a column below a heading names the heading first."""
    return labels[0] if len(labels) == 1 else f"{labels[0]}（{' › '.join(labels[1:])}）"


@functools.cache
def case_kinds() -> tuple[tuple[str, tuple[str, str]], ...]:
    """The kinds of review case, from the columns of table 四: (member name, (key, label)), for ``TextChoices``."""
    return tuple((key.upper(), (key, _choice_label(labels))) for key, labels in _values(REVIEW_CASES, "kind").items())


@functools.cache
def case_outcomes() -> tuple[tuple[str, tuple[str, str]], ...]:
    """The outcomes a case counts under, from the columns of table 四 (结果维持 … 尚未审结)."""
    return tuple((key.upper(), (key, _choice_label(labels)))
                 for key, labels in _values(REVIEW_CASES, "outcome").items())


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


def _government_above(agency):
    return (agency.parent.jurisdiction if agency.parent else None) if agency.is_jurisdiction else agency.jurisdiction


def review_organs(agency) -> list:
    """The agencies that may decide a review of ``agency``'s act (``review_organs`` in rules.yaml), in
    the order the data lists them: a department's government comes before the departments above."""
    found = []
    for organ in load()["review_organs"][agency.kind]["organs"]:
        if organ == "same_level_government":
            found.append(agency.jurisdiction)
        elif organ == "government_above":
            found.append(_government_above(agency))
        elif organ == "department_above":
            above = _government_above(agency.jurisdiction) if agency.jurisdiction else None
            found.extend(Agency.objects.filter(parent=above, kind=Agency.Kind.DEPARTMENT).order_by("pk")
                         if above else [])
        else:
            raise ValueError(f"rules.yaml: unknown review organ {organ!r}")
    return [organ for organ in found if organ is not None]


def review_organ_basis(agency) -> str:
    entry = load()["review_organs"]
    return f"{entry['basis']}{entry[agency.kind]['article']}"


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
