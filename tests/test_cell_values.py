"""Cell values beyond what the tables can hold are refused by the core, naming the cell: no count reaches
10^18 nor needs more than 10 decimal places, and a value such as 1e300 in an imported cell is an accident."""

from decimal import Decimal

import pytest

from gongkai.errors import InputError
from gongkai.formats import load_format
from gongkai.sheets import MAX_DIGITS, MAX_PLACES, Sheet

COUNT = "t3.new|natural_person"


def amount_key(fmt):
    return next(key for key, spec in fmt.cells.items() if spec.type == "amount")


def signed_key(fmt):
    return next(key for key, spec in fmt.cells.items() if spec.type == "signed")


@pytest.mark.parametrize("raw", ["1" * 65, 10**18, 1e300, "1e300", float("inf"), float("nan"), Decimal("1E+300"),
                                 "9" * 19])
def test_a_count_beyond_18_digits_is_refused(raw):
    sheet = Sheet(load_format("gov2021"))
    with pytest.raises(InputError) as refused:
        sheet.set(COUNT, raw, "单元格 C7")
    assert refused.value.place == "单元格 C7"


@pytest.mark.parametrize("raw", ["1e300", 1e300, "1" * 65, "0." + "0" * 300 + "1", "1.12345678901"])
def test_an_amount_beyond_18_digits_or_10_places_is_refused(raw):
    fmt = load_format("gov2021")
    with pytest.raises(InputError, match="超出范围"):
        Sheet(fmt).set(amount_key(fmt), raw)


def test_a_signed_value_beyond_18_digits_is_refused_either_way():
    fmt = load_format("gov2019")
    for raw in (-(10**18), 10**18, -(10**40)):
        with pytest.raises(InputError):
            Sheet(fmt).set(signed_key(fmt), raw)


def test_values_within_the_range_are_kept_exactly():
    fmt = load_format("gov2021")
    sheet = Sheet(fmt)
    sheet.set(COUNT, "9" * MAX_DIGITS)
    amount = "9" * (MAX_DIGITS - 1) + "." + "1" * MAX_PLACES
    sheet.set(amount_key(fmt), amount)
    assert sheet.get(COUNT) == 10**MAX_DIGITS - 1
    assert sheet.get(amount_key(fmt)) == Decimal(amount)
