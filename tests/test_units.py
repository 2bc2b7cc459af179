"""Units are understood: magnitudes, base units, and the two display styles."""

from decimal import Decimal

import pytest

from dashboard.data.units import format_en, format_zh, group_digits, in_unit, parse_unit, to_base

BASES = {"人", "人次", "元", "场", "%", "个"}


@pytest.mark.parametrize(
    ("printed", "prefix", "multiplier", "base"),
    [("万人", "万", 10**4, "人"), ("亿元", "亿", 10**8, "元"), ("万人次", "万", 10**4, "人次"),
     ("场", "", 1, "场"), ("%", "", 1, "%"), ("千万人次", "千万", 10**7, "人次")],
)
def test_parse_unit(printed, prefix, multiplier, base):
    unit = parse_unit(printed, BASES)
    assert (unit.prefix, unit.multiplier, unit.base) == (prefix, multiplier, base)


def test_unknown_units_are_not_guessed():
    assert parse_unit("万头", BASES) is None
    assert parse_unit("万", BASES) is None


def test_to_base_is_exact():
    assert to_base("26.44", parse_unit("万人", BASES)) == Decimal("264400")
    assert to_base("0.48", parse_unit("亿元", BASES)) == Decimal("48000000")


def test_conversion_only_within_a_base_unit():
    wan, ge = parse_unit("万人", BASES), parse_unit("人", BASES)
    assert in_unit("1.78", wan, ge) == 17800
    with pytest.raises(ValueError, match="cannot put"):
        in_unit("1", parse_unit("万人次", BASES), ge)


@pytest.mark.parametrize(
    ("value", "unit", "word", "position", "expected"),
    [("26.44", "万人", "", "", "26.44万人"), ("2900", "亿元", "超", "before_value", "超2900亿元"),
     ("1.8", "万场", "余", "after_value", "1.8万余场"), ("96", "%", "以上", "after_unit", "96%以上"),
     ("90", "%", "近", "before_value", "近90%")],
)
def test_format_zh_as_the_source_prints(value, unit, word, position, expected):
    bases = BASES | {"场"}
    assert format_zh(value, parse_unit(unit, bases), word, position) == expected


def test_format_en_reads_naturally():
    assert format_en(Decimal(264400), "人", "people", "") == "264,400 people"
    assert format_en(Decimal(6744000000), "元", "yuan", "") == "CNY 6.744 billion"
    assert format_en(Decimal(90), "%", "per cent", "nearly") == "nearly 90%"
    assert group_digits(Decimal("3190.91")) == "3,190.91"
