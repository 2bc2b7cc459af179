"""The real data: complete, faithful to the source, and fully charted."""

import re

import pytest

from dashboard.data.dataset import load
from dashboard.data.schema import AREAS
from dashboard.view.state import tab_ids

from conftest import DATA, SOURCE, figure_rows, require

# Numbers in the article that are not published figures, and why.
NOT_FIGURES = {
    "2023": "the year", "2024": "publication date", "2025": "plan period 2023—2025",
    "7": "month (去年7月)", "9": "month (去年9月)", "1": "ordinals in “1311” and 2024年1月",
    "18": "date (10月18日)", "22": "date (22日)", "81": "ordinal (第81届)",
    "962110": "hotline number", "1311": "name of the aid service",
}


@pytest.fixture(scope="module")
def data():
    return load(DATA)


def normalised_source() -> str:
    require(SOURCE.exists(), f"source article not found at {SOURCE}")
    return re.sub(r"\s+", "", SOURCE.read_text(encoding="utf-8"))


def test_every_quote_is_verbatim_in_the_source(data):
    source = normalised_source()
    missing = [fid for fid, quote in data.figures["source_quote"].items() if quote not in source]
    assert missing == []


def test_every_number_in_the_source_is_a_figure_or_a_known_non_figure(data):
    printed = set(data.figures["value"])
    numbers = set(re.findall(r"\d+(?:\.\d+)?", normalised_source()))
    assert numbers - printed - set(NOT_FIGURES) == set()
    assert set(NOT_FIGURES) <= numbers, "an allow-listed number no longer occurs in the source"


def test_every_display_string_is_printed_in_the_source(data):
    source = normalised_source()
    assert [f for f, s in data.figures["display_zh"].items() if s not in source] == []


def test_figures_are_tidy_and_complete(data):
    figures = data.figures
    assert len(figures) == figure_rows() > 0
    assert figures["id"].is_unique
    assert set(figures["area"]) == set(AREAS)
    assert set(figures["period"]) == {"2023"}
    assert (figures["base_value"] >= 0).all()


@pytest.mark.parametrize(
    ("figure_id", "shown", "base"),
    [
        ("jobs_new_urban", "26.44万人", "264,400 人"),
        ("jobs_cost_relief", "67.44亿元", "6,744,000,000 元"),
        ("ss_fund_balance", "超2900亿元", "290,000,000,000 元"),
        ("ss_online_share", "近90%", "90%"),
        ("sp_total_events", "1.8万余场", "18,000 场"),
        ("lr_complaint_handling", "96%以上", "96%"),
        ("sp_participants_total", "上千万人次", "10,000,000 人次"),
        ("talent_hr_agencies", "突破2600家", "2,600 家"),
    ],
)
def test_known_figures_keep_value_unit_and_qualifier(data, figure_id, shown, base):
    row = data.figure(figure_id)
    assert (row["display_zh"], row["base_display_zh"]) == (shown, base)


def test_qualifiers_match_their_words(data):
    pairs = set(zip(data.figures["qualifier_word"], data.figures["qualifier"]))
    assert pairs <= {("", "exact"), ("余", "over"), ("超", "over"), ("突破", "over"), ("上", "over"),
                     ("以上", "at_least"), ("近", "nearly")}


def test_every_figure_is_charted_in_its_area(data):
    charted = {fid: data.charts.loc[c, "area"] for c in data.charts.index for fid in data.charts.loc[c, "figure_ids"]}
    assert set(charted) == set(data.figures.index)
    assert all(data.figure(fid)["area"] == area for fid, area in charted.items())


def test_each_area_has_three_charts_and_a_headline(data):
    for area in AREAS:
        assert len(data.area_charts(area)) >= 3, area
        heads = data.figures[(data.figures["area"] == area) & (data.figures["headline"] == 1)]
        assert len(heads) == 1, area
    assert int(data.charts["overview"].sum()) >= 4
    assert tab_ids(data) == ["overview", *AREAS]
