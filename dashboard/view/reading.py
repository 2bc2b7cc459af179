"""A figure's reading, worked out once: what every rendering (panel, card, tile, chart, table, CSV, XLSX,
deck, presentation) says a figure is, in either language.

The source's qualifier (超, 余, 近, 以上…) travels with the number wherever it is written, also in its
base-unit conversion (折合 超290,000,000,000 元); a ranked peer group reads as the rank it is (15个中位列第一,
"1st of 15"), never as a count of 15.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .strings import t
from ..data.units import group_digits

# Before digits Chinese writes 超 where the source's 上 stood before a magnitude word (上千万人次):
# "上10,000,000 人次" is no Chinese.
BASE_WORD = {"上": "超"}


@dataclass(frozen=True)
class Reading:
    """What a figure says, in one language."""

    value: str  # as the source states it, qualifier included (超2900亿元); a rank as a rank (15个中位列第一)
    in_base: str  # the value in base units, qualifier included (超290,000,000,000 元); "" where the unit does not change
    base_text: str  # the value in base units as a table cell shows it, qualifier included; "" for a rank
    qualifier: str  # what the qualifier (or the rank) means, in words
    number: float | None  # the number in its printed unit (a rank's place; None where the source gives none)
    unit: str  # the printed unit (Chinese) or the figure's English noun; for a rank, the word for a place
    base_value: float | None  # None for a rank: a place is not an amount
    base_unit: str
    group: int | None  # a rank's peer-group size (15 of 15个副省级城市); None for any other figure


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _rank(row: Mapping, lang: str) -> Reading:
    rank, group = row["rank"], int(float(row["value"]))
    if rank == "leading":
        value = t("rank_leading", lang, group=group)
        qualifier, place = t("rank_leading_word", lang), None
    else:
        place = int(rank)
        value = t("rank_1" if place == 1 else "rank_n", lang, group=group, rank=place, ordinal=_ordinal(place))
        qualifier = t("rank_word", lang)
    return Reading(value=value, in_base="", base_text="", qualifier=qualifier, number=place,
                   unit=t("rank_unit", lang), base_value=None, base_unit="", group=group)


def base_words(row: Mapping) -> tuple[str, str, str]:
    """(before the number, between number and unit, after the unit): where the figure's qualifier sits."""
    word = row["qualifier_word"] or ""
    position = row.get("position") or ""
    before = BASE_WORD.get(word, word) if position == "before_value" else ""
    return before, word if position == "after_value" else "", word if position == "after_unit" else ""


def reading(row: Mapping, lang: str) -> Reading:
    """The reading of one figure's row (data.figure(id), a chart frame's record, a history row)."""
    if row.get("rank"):
        return _rank(row, lang)
    base = row["base_unit"]
    digits = group_digits(Decimal(str(row["base_value"])))
    if lang == "zh":
        before, middle, after = base_words(row)
        space = "" if base == "%" or middle else " "
        converts = row["multiplier"] != 1 and base != "%"
        base_text = f"{before}{digits}{middle}{space}{base}{after}" if converts else row["display_zh"]
        number, unit = float(row["value_number"]), row["unit"]
    else:
        # English states every figure in base units already (over CNY 290 billion): no conversion line,
        # but the table's base-unit cell still carries the qualifier (over CNY 290,000,000,000).
        noun = row.get("noun_en") or ""
        amount = f"CNY {digits}" if base == "元" else f"{digits}%" if base == "%" else f"{digits} {noun}".rstrip()
        base_text, converts = f"{row.get('qualifier_word_en') or ''} {amount}".strip(), False
        number, unit = float(row["base_value"]), row.get("noun_en") or ""  # 个 has no English word: the label says what
    return Reading(value=row[f"display_{lang}"], in_base=base_text if converts else "", base_text=base_text,
                   qualifier=row[f"qualifier_label_{lang}"], number=number, unit=unit,
                   base_value=float(row["base_value"]), base_unit=base if lang == "zh" else unit,
                   group=None)
