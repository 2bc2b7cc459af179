"""Ingest on the source article, with no hints, compared with the hand-curated data/figures.csv."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.ingest.draft import ingest
from dashboard.ingest.normalise import read_article
from dashboard.ingest.vocabulary import Vocabulary
from dashboard.ingest.write import numbers_frame

from conftest import DATA, SOURCE, require


def normalised(quote: str) -> str:
    return re.sub(r"\s+", "", quote)


def compare(draft: pd.DataFrame, curated: pd.DataFrame) -> dict:
    """Match each curated figure to one draft row (same value, unit, qualifier; quotes overlapping first)."""
    free = set(draft.index)
    same_figure, same_quote = 0, 0
    for row in curated.itertuples():
        candidates = [i for i in free if (draft.at[i, "value"], draft.at[i, "unit"], draft.at[i, "qualifier"],
                                          draft.at[i, "qualifier_word"], draft.at[i, "printed"])
                      == (row.value, row.unit, row.qualifier, row.qualifier_word, row.printed)]
        if not candidates:
            continue

        def overlaps(i: int, curated_quote: str = row.source_quote) -> bool:
            q, c = normalised(draft.at[i, "source_quote"]), normalised(curated_quote)
            return q in c or c in q

        best = next((i for i in sorted(candidates) if overlaps(i)), min(candidates))
        free.discard(best)
        same_figure += 1
        same_quote += overlaps(best)
    n = len(curated)
    labels = _close_labels(draft, curated)
    return {"labels": labels, "figures": same_figure / n, "quotes": same_quote / n, "extra": len(free) / len(draft),
            "extra_rows": sorted(draft.loc[sorted(free), "source_quote"]), "curated": n, "draft": len(draft)}


def _close_labels(draft: pd.DataFrame, curated: pd.DataFrame) -> float:
    """Share of curated figures whose draft row (same value, unit and quote) has a close label."""
    from rapidfuzz import fuzz

    close = 0
    for row in curated.itertuples():
        same = draft[(draft["value"] == row.value) & (draft["unit"] == row.unit)]
        close += any(fuzz.ratio(label, row.label_zh) >= 80 for label in same["label_zh"])
    return close / len(curated)


@pytest.fixture(scope="module")
def seed():
    require(SOURCE.exists(), f"source article not found at {SOURCE}")
    draft = ingest(read_article(SOURCE), Vocabulary.from_data(DATA))
    return draft


def test_seed_draft_matches_the_curated_figures(seed, capsys):
    curated = pd.read_csv(DATA / "figures.csv", dtype=str, keep_default_na=False)
    result = compare(seed.figures(), curated)
    with capsys.disabled():
        print(f"\nseed ingest: {result['draft']} draft rows for {result['curated']} curated figures; "
              f"value/unit/qualifier {result['figures']:.1%}, quote {result['quotes']:.1%}, "
              f"extra rows {result['extra']:.1%} {result['extra_rows']}; "
              f"labels close to the curated ones (not required) {result['labels']:.1%}")
    assert result["figures"] >= 0.95
    assert result["quotes"] >= 0.90
    assert result["extra"] <= 0.05


def test_seed_period_and_sources_come_from_the_article(seed):
    figures = seed.figures()
    assert set(figures["period"]) == {"2023"}
    # The two pages name their publishers; every row found one.
    assert set(figures["source_org"]) == {"chengdu_hrss", "chengdu_sta"}


def test_seed_numbers_account_for_every_run_of_digits(seed):
    numbers = numbers_frame(seed)
    raw = SOURCE.read_text(encoding="utf-8")
    lines = raw.split("\n")
    expected = {(n + 1, m.start() + 1, m.group()) for n, line in enumerate(lines)
                for m in re.finditer(r"\d+(?:\.\d+)?", line)}
    listed = {(r.line, r.column, r.text) for r in numbers.itertuples() if re.fullmatch(r"[\d.]+", r.text)}
    assert listed == expected
    assert set(numbers["status"]) <= {"figure", "repeat", "left_out", "unsure"}
    assert (numbers.loc[numbers["status"] == "left_out", "reason"] != "").all()
    # Numbers in words too: 第二届, 上千万, the ordinals 第一 and the 二十大.
    words = set(numbers.loc[~numbers["text"].str.fullmatch(r"[\d.]+"), "text"])
    assert {"二", "千万", "一", "二十"} <= words


def test_seed_without_any_data_folder(capsys):
    """The figures come from the article and the genre's words, not from the curated data: with no data
    folder at all (no units.csv, so 2金2铜50优胜 are not units) the rates still hold."""
    require(SOURCE.exists(), f"source article not found at {SOURCE}")
    curated = pd.read_csv(DATA / "figures.csv", dtype=str, keep_default_na=False)
    result = compare(ingest(read_article(SOURCE), Vocabulary.from_data(None)).figures(), curated)
    with capsys.disabled():
        print(f"\nseed ingest, no data folder: {result['draft']} draft rows; value/unit/qualifier {result['figures']:.1%}, "
              f"quote {result['quotes']:.1%}, extra rows {result['extra']:.1%}")
    assert result["figures"] >= 0.95 and result["quotes"] >= 0.90 and result["extra"] <= 0.05
