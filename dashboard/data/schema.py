"""The declared shape of each data file: columns, allowed values and the pandera schemas that check them."""

from __future__ import annotations

import re

import pandera.pandas as pa

from ..figures.palette import MIN_MARK_CONTRAST, contrast_ratio

FIGURES_FILE = "figures.csv"
# The columns of figures.csv; `indicator` (the key that stays the same across periods) may be left out
# of a file where every row is its own indicator, as in a single-year folder.
FIGURES_COLUMNS = [
    "id", "indicator", "area", "topic", "label_zh", "label_en", "value", "unit", "qualifier", "qualifier_word",
    "measure", "period", "source_org", "source_quote", "note_zh", "note_en", "printed", "headline",
    "part_of", "rank", "unit_en", "quote_en",
]
# Columns a figures file may leave out (a draft, an older folder): read as empty.
OPTIONAL_COLUMNS = ("part_of", "rank", "unit_en", "quote_en")
AREAS = ("jobs", "labor_relations", "talent", "social_security", "science_popularization")
# about (约, 左右), under (不到, 不足) and at_most (以内, 以下) are words of the genre a new article may print.
QUALIFIERS = ("exact", "over", "at_least", "nearly", "about", "under", "at_most")
MEASURES = ("count", "amount", "share", "change")
CHART_KINDS = ("bar", "rate", "indicators")
SNAKE = r"^[a-z][a-z0-9_]*$"
NUMBER = r"^-?\d+(\.\d+)?$"
HEX_COLOUR = r"^#[0-9A-Fa-f]{6}$"
RANK = r"^([1-9]\d*|leading)?$"  # a peer-group size's rank: 1 (位列第一), leading (居前列)
# Characters no published text needs, that hide or reorder what a reader sees or break the exports: controls
# (NUL, tab, line breaks included), bidi controls, zero-width and other invisible format characters.
HIDDEN_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
                              "\ufeff\ufff9-\ufffb]")


def _text(*checks: pa.Check, unique: bool = False, nullable: bool = False) -> pa.Column:
    return pa.Column(str, list(checks), unique=unique, report_duplicates="all", nullable=nullable)


def _required(what: str) -> pa.Check:
    return pa.Check.str_length(min_value=1, error=f"{what} is empty")


def _one_of(values, what: str) -> pa.Check:
    return pa.Check.isin(list(values), error=f"unknown {what}; expected one of {', '.join(values)}")


def _ident(what: str = "id") -> pa.Column:
    return _text(pa.Check.str_matches(SNAKE, error=f"{what} must be snake_case"), unique=True)


def figures_schema(topics: set[str], sources: set[str], words: set[str]) -> pa.DataFrameSchema:
    """The declared shape of data/figures.csv."""
    return pa.DataFrameSchema(
        {
            "id": _ident(),
            "indicator": _text(pa.Check.str_matches(SNAKE, error="indicator must be snake_case")),
            "area": _text(_one_of(AREAS, "area")),
            "topic": _text(_one_of(sorted(topics), "topic")),
            "label_zh": _text(_required("label_zh")),
            "label_en": _text(_required("label_en")),
            "value": _text(
                pa.Check(lambda s: ~s.str.startswith("-"), element_wise=False, error="value is negative"),
                pa.Check.str_matches(NUMBER, error="value is not a number"),
            ),
            "unit": _text(_required("unit")),
            "qualifier": _text(_one_of(QUALIFIERS, "qualifier")),
            "qualifier_word": _text(_one_of(sorted(words), "qualifier word")),
            "measure": _text(_one_of(MEASURES, "measure")),
            "period": _text(pa.Check.str_matches(r"^\d{4}$", error="period must be a year")),
            "source_org": _text(_one_of(sorted(sources), "source organisation")),
            "source_quote": _text(_required("source quote")),
            "note_zh": _text(),
            "note_en": _text(),
            "printed": _text(),
            "headline": _text(pa.Check.str_matches(r"^\d*$", error="headline must be a whole number or empty")),
            "part_of": _text(pa.Check.str_matches(r"^([a-z][a-z0-9_]*)?$", error="part_of must be a figure id or empty")),
            "rank": _text(pa.Check.str_matches(RANK, error="rank must be a whole number, 'leading' or empty")),
            "unit_en": _text(),  # what the figure counts, in English, where the unit's name would be stiff
            "quote_en": _text(),
        },
        strict=False,
    )


def _clear_on_white(colour: str) -> bool:
    """Whether an area colour stands out on the white chart (WCAG 1.4.11); malformed ones are the hex check's."""
    return not re.fullmatch(HEX_COLOUR, colour) or contrast_ratio(colour, "white") >= MIN_MARK_CONTRAST


REFERENCE_SCHEMAS = {
    "areas.csv": pa.DataFrameSchema(
        {
            "id": _ident(),
            "order": _text(pa.Check.str_matches(r"^\d+$", error="order must be a whole number")),
            "label_zh": _text(_required("label_zh")),
            "label_en": _text(_required("label_en")),
            "color": _text(
                pa.Check.str_matches(HEX_COLOUR, error="color must be #RRGGBB"),
                pa.Check(_clear_on_white, element_wise=True,
                         error=f"color is too pale: bars need {MIN_MARK_CONTRAST:g}:1 contrast against white"),
            ),
            "source_org": _text(_required("source_org")),
        }
    ),
    "topics.csv": pa.DataFrameSchema(
        {
            "area": _text(_one_of(AREAS, "area")),
            "id": _text(pa.Check.str_matches(SNAKE, error="id must be snake_case")),
            "order": _text(pa.Check.str_matches(r"^\d+$", error="order must be a whole number")),
            "label_zh": _text(_required("label_zh")),
            "label_en": _text(_required("label_en")),
        }
    ),
    "sources.csv": pa.DataFrameSchema(
        {"id": _ident(), **{c: _text(_required(c)) for c in ("short_zh", "name_zh", "short_en", "name_en")},
         # Only what the article itself gives: empty when it prints no address or date (data/citation.py omits them).
         "url": pa.Column(str, pa.Check.str_matches(r"^(https?://\S+)?$", error="url must be empty or http(s)://..."),
                          required=False),
         "date": pa.Column(str, pa.Check.str_matches(r"^(\d{4}-\d{2}-\d{2})?$", error="date must be empty or YYYY-MM-DD"),
                           required=False)},
        strict=False,
    ),
    "qualifiers.csv": pa.DataFrameSchema(
        {
            "word": _text(unique=True),
            "qualifier": _text(_one_of(QUALIFIERS, "qualifier")),
            "position": _text(_one_of(("", "before_value", "after_value", "after_unit"), "position")),
            "word_en": _text(),
            "label_zh": _text(_required("label_zh")),
            "label_en": _text(_required("label_en")),
        }
    ),
    "units.csv": pa.DataFrameSchema(
        {"unit": _text(_required("unit"), unique=True), "label_en_one": _text(), "label_en_many": _text(), "kind": _text()}
    ),
    "charts.csv": pa.DataFrameSchema(
        {
            "id": _ident(),
            "area": _text(_one_of(AREAS, "area")),
            "order": _text(pa.Check.str_matches(r"^\d+$", error="order must be a whole number")),
            "kind": _text(_one_of(CHART_KINDS, "chart kind")),
            "unit": _text(),
            "overview": _text(_one_of(("0", "1"), "overview flag")),
            "title_zh": _text(_required("title_zh")),
            "title_en": _text(_required("title_en")),
            "figures": _text(_required("figures")),
        }
    ),
}

