"""The English rendering of each figure's source quote (quote_en): present, English, and true to the numbers."""

import csv
import re
from decimal import Decimal
from pathlib import Path

FIGURES = Path(__file__).resolve().parent.parent / "data" / "figures.csv"

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Chinese is allowed only inside brackets: (…), （…）, 《…》 and “…”.
BRACKETED = re.compile(r"\([^()]*\)|（[^（）]*）|《[^《》]*》|“[^“”]*”")
PREFIXES = {"万": Decimal(10**4), "亿": Decimal(10**8), "千": Decimal(10**3)}
# What each qualifier must read as in English.
QUALIFIER_WORDS = {
    "over": ("over", "more than", "exceed"),
    "nearly": ("nearly", "almost"),
    "at_least": ("at least", "or more", "or above"),
    "about": ("about", "around", "roughly"),
    "under": ("under", "less than", "fewer than"),
    "at_most": ("at most", "or less", "or below"),
}


def rows() -> list[dict[str, str]]:
    with FIGURES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def grouped(number: Decimal) -> str:
    """264400 -> '264,400'; 6.7440 -> '6.744'."""
    text = f"{number.normalize():,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def base_of(value: str, unit: str) -> tuple[Decimal, str]:
    """The figure in its base unit: ('26.44', '万人') -> (264400, '人')."""
    number = Decimal(value)
    while len(unit) > 1 and unit[0] in PREFIXES:
        number *= PREFIXES[unit[0]]
        unit = unit[1:]
    return number, unit


def expected_numbers(value: str, unit: str) -> list[str]:
    """The ways the English display's number may fairly be written (any one will do)."""
    number, base = base_of(value, unit)
    if base == "%":
        return [f"{grouped(number)}%", f"{grouped(number)} per cent"]
    forms = [grouped(number)]
    if base == "元":
        for size, word in ((Decimal(10**9), "billion"), (Decimal(10**6), "million")):
            if number >= size:
                forms.insert(0, f"{grouped(number / size)} {word}")
                break
    return forms


def has_number(text: str, form: str) -> bool:
    """The number stands on its own: '4.2%' is not found in '14.2%', nor '29' in '290'."""
    return re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text) is not None


def outside_brackets(text: str) -> str:
    previous = None
    while previous != text:  # nested brackets: (《…》)
        previous, text = text, BRACKETED.sub("", text)
    return text


def problems(row: dict[str, str]) -> list[str]:
    quote = row.get("quote_en") or ""
    if not quote.strip():
        return ["quote_en is empty"]
    found = []
    stray = CJK.findall(outside_brackets(quote))
    if stray:
        found.append(f"Chinese outside brackets: {''.join(stray)}")
    forms = expected_numbers(row["value"], row["unit"])
    if not any(has_number(quote, form) for form in forms):
        found.append(f"number missing: expected one of {forms}")
    words = QUALIFIER_WORDS.get(row["qualifier"], ())
    if words and not any(w in quote.lower() for w in words):
        found.append(f"qualifier {row['qualifier_word']} missing: expected one of {words}")
    return found


def test_quote_en_is_the_last_column():
    with FIGURES.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header[-1] == "quote_en"


def test_every_row_has_a_faithful_english_quote():
    failures = {row["id"]: p for row in rows() if (p := problems(row))}
    for fid, p in failures.items():
        print(fid, "|", "; ".join(p))
    assert len(rows()) == 77
    assert failures == {}


def test_one_quote_one_translation():
    by_quote: dict[str, set[str]] = {}
    for row in rows():
        by_quote.setdefault(row["source_quote"], set()).add(row["quote_en"])
    assert {q: t for q, t in by_quote.items() if len(t) > 1} == {}


def test_the_check_can_fail():
    row = {"id": "x", "value": "26.44", "unit": "万人", "qualifier": "exact", "qualifier_word": ""}
    assert problems({**row, "quote_en": "264,400 new urban jobs"}) == []
    assert problems({**row, "quote_en": ""}) == ["quote_en is empty"]
    assert problems({**row, "quote_en": "26.44 ten-thousand people"})  # the number left untranslated
    assert problems({**row, "quote_en": "2,264,400 new jobs"})  # a different number
    assert problems({**row, "quote_en": "264,400 new jobs in 成都"})  # Chinese outside brackets
    assert problems({**row, "quote_en": "264,400 new jobs in Chengdu (成都)"}) == []
    money = {"id": "m", "value": "0.48", "unit": "亿元", "qualifier": "exact", "qualifier_word": ""}
    assert problems({**money, "quote_en": "CNY 48 million in subsidies"}) == []
    assert problems({**money, "quote_en": "CNY 0.48 billion in subsidies"})
    share = {"id": "s", "value": "4.2", "unit": "%", "qualifier": "nearly", "qualifier_word": "近"}
    assert problems({**share, "quote_en": "rose by 14.2%"})  # wrong number, qualifier dropped
    assert len(problems({**share, "quote_en": "rose by 4.2%"})) == 1  # qualifier dropped
    assert problems({**share, "quote_en": "rose by nearly 4.2%"}) == []
