"""Units as the source writes them: magnitude prefixes (万, 亿) on top of base units."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Chinese magnitude words; longest first so that 千万 wins over 千.
PREFIXES: dict[str, int] = {"千万": 10**7, "亿": 10**8, "万": 10**4, "千": 10**3}


@dataclass(frozen=True)
class Unit:
    """A printed unit split into its magnitude and its base unit."""

    printed: str
    prefix: str
    multiplier: int
    base: str


def parse_unit(printed: str, base_units: set[str]) -> Unit | None:
    """Split '万人次' into 万 × 人次; None when the base unit is unknown."""
    if printed in base_units:
        return Unit(printed, "", 1, printed)
    for prefix, multiplier in PREFIXES.items():
        rest = printed[len(prefix):]
        if printed.startswith(prefix) and rest in base_units:
            return Unit(printed, prefix, multiplier, rest)
    return None


def to_base(value: str | float, unit: Unit) -> Decimal:
    """The value in base units, exactly (26.44 万人 -> 264400 人)."""
    return Decimal(str(value)) * unit.multiplier


def in_unit(value: str | float, unit: Unit, target: Unit) -> float:
    """Convert a value between two units that share a base unit."""
    if unit.base != target.base:
        raise ValueError(f"cannot put {unit.printed} on an axis of {target.printed}")
    return float(to_base(value, unit) / target.multiplier)


def group_digits(number: Decimal) -> str:
    """264400 -> '264,400'; keeps significant decimals, drops trailing zeros."""
    normal = number.normalize()
    text = f"{normal:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_zh(printed_value: str, unit: Unit, word: str, position: str) -> str:
    """The figure as the source prints it: 26.44万人, 超2900亿元, 1.8万余场, 96%以上."""
    before = word if position == "before_value" else ""
    after_value = word if position == "after_value" else ""  # 余 sits between magnitude and base: 1.8万余场
    after_unit = word if position == "after_unit" else ""
    return f"{before}{printed_value}{unit.prefix}{after_value}{unit.base}{after_unit}"


def format_en(base_value: Decimal, base: str, unit_en: str, qualifier_en: str) -> str:
    """The figure in natural English: 264,400 people; over CNY 290 billion; nearly 90%."""
    if base == "%":
        number = f"{group_digits(base_value)}%"
    elif base == "元":
        number = _money_en(base_value)
    else:
        number = f"{group_digits(base_value)} {unit_en}".rstrip()
    return f"{qualifier_en} {number}" if qualifier_en else number


def _money_en(amount: Decimal) -> str:
    for size, word in ((Decimal(10**9), "billion"), (Decimal(10**6), "million")):
        if amount >= size:
            return f"CNY {group_digits(amount / size)} {word}"
    return f"CNY {group_digits(amount)}"
