"""Periods: one indicator in several periods, checked, the latest shown, history and change computed.

Proved on tests/fixtures/fictional_periods (fictional test data, 2091–2093); the shipped data stays one period.
"""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from dashboard.errors import DataError
from dashboard.data.dataset import load, validate
from dashboard.data.periods import change_text, indicator_history, latest_period

from conftest import DATA

FIXTURE = Path(__file__).parent / "fixtures" / "fictional_periods"


@pytest.fixture(scope="module")
def periods():
    return load(FIXTURE)


def test_the_fixture_is_fictional_and_valid(periods):
    assert periods.periods == ("2091", "2092", "2093")
    assert len(periods.history) == 3 * 77 and periods.history["id"].is_unique
    assert (periods.history["note_zh"] == "虚构测试数据").all()
    assert periods.history["source_quote"].str.startswith("【虚构测试数据】").all()


def test_the_latest_period_is_shown_keyed_by_indicator(periods):
    assert latest_period(periods) == periods.period == "2093"
    row = periods.figure("jobs_new_urban")
    assert (row["row_id"], row["value"], row["period"]) == ("jobs_new_urban_2093", "34.37", "2093")
    assert len(periods.figures) == 77 and set(periods.figures["period"]) == {"2093"}
    # Charts name indicators, so they show the same statistics in every period.
    assert len(periods.charts) == len(load(DATA).charts)


def test_another_period_is_a_view_of_the_same_data(periods):
    older = periods.in_period("2091")
    assert older.period == "2091" and older.figure("jobs_new_urban")["value"] == "29.08"
    assert older is periods.in_period("2091"), "one view per period, built once"
    assert periods.in_period("1999") is periods and periods.in_period("2093") is periods


def test_the_shipped_data_is_one_period():
    data = load(DATA)
    assert data.periods == ("2023",) and latest_period(data) == "2023"
    assert (data.figures["row_id"] == data.figures["id"]).all()
    history = indicator_history(data, "jobs_new_urban")
    assert list(history["period"]) == ["2023"] and history.iloc[0]["change"] == ""


def test_history_computes_the_change_from_published_figures(periods):
    history = indicator_history(periods, "jobs_new_urban")
    assert list(history["period"]) == ["2091", "2092", "2093"]
    assert list(history["display_zh"]) == ["29.08万人", "31.73万人", "34.37万人"]
    step = history.iloc[1]
    assert step["change"] == Decimal("26500") and step["change_unit"] == "人"  # 317,300 − 290,800
    assert round(step["change_relative"], 2) == Decimal("9.11")
    assert not step["approximate"]
    # Both quotes travel with the rows they come from.
    assert list(history["source_quote"]) == [f"【虚构测试数据】城镇新增就业{v}" for v in history["display_zh"]]
    text = change_text(step, "2091")
    assert text.startswith("较2091年+26,500人（+9.1%）") and "据公布数字计算" in text
    assert "computed from the published figures" in change_text(step, "2091", "en")


def test_a_share_changes_in_percentage_points_and_a_qualified_figure_is_approximate(periods):
    share = indicator_history(periods, "ss_pension_rate").iloc[-1]
    assert share["change_unit"] == "个百分点" and share["change_relative"] == ""
    over = indicator_history(periods, "ss_fund_balance").iloc[-1]  # 超2900亿元 scaled: still 超
    assert over["approximate"] and "含约数" in change_text(over, "2092")
    assert "approximate" in change_text(over, "2092", "en")


def copy_with(tmp_path: Path, edit) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE, folder)
    path = folder / "figures.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        validate(folder)
    return [str(p) for p in caught.value.problems]


def test_two_rows_for_one_indicator_and_period_are_refused(tmp_path):
    def twice(rows):
        rows[78]["period"] = "2091"  # jobs_reemployed_2092 now also claims 2091 (line 80; its first row is line 3)

    found = problems(copy_with(tmp_path, twice))
    assert any(p.endswith("figures.csv:80: column 'period' indicator 'jobs_reemployed' already has a row for 2091 (line 3)")
               for p in found), found


def test_an_indicator_keeps_its_area_topic_measure_and_unit(tmp_path):
    def drift(rows):
        rows[77]["topic"] = "recruitment"  # jobs_new_urban_2092 (line 79)
        rows[154]["unit"] = "万件"  # jobs_new_urban_2093 (line 156)

    found = problems(copy_with(tmp_path, drift))
    assert any(":79: column 'topic' indicator 'jobs_new_urban' is 'outcomes'" in p for p in found), found
    assert any(":156: column 'unit' indicator 'jobs_new_urban' is '人'" in p for p in found), found


def test_ids_stay_unique_per_row(tmp_path):
    def same_id(rows):
        rows[77]["id"] = rows[0]["id"]

    found = problems(copy_with(tmp_path, same_id))
    assert any("column 'id' duplicate value: 'jobs_new_urban_2091'" in p for p in found), found


def test_a_bad_indicator_key_is_named(tmp_path):
    def bad(rows):
        rows[0]["indicator"] = "Jobs New"

    assert any(":2: column 'indicator' indicator must be snake_case" in p for p in problems(copy_with(tmp_path, bad)))


def test_a_fall_is_computed_and_shown_as_a_fall(tmp_path):
    """31.73万人 in 2092, then 30.00万人 in 2093: a fall of 17,300 people (−5.5%), in either language; a share that
    falls from 2092 falls in percentage points."""
    def fall(rows):
        row = next(r for r in rows if r["id"] == "jobs_new_urban_2093")
        row["value"], row["source_quote"] = "30.00", "【虚构测试数据】城镇新增就业30.00万人"
        share = next(r for r in rows if r["id"] == "ss_pension_rate_2093")
        previous = next(r for r in rows if r["id"] == "ss_pension_rate_2092")
        share["value"] = str(Decimal(previous["value"]) - Decimal("0.5"))
        share["source_quote"] = f"【虚构测试数据】{share['label_zh']}{share['value']}%"

    fallen = load(copy_with(tmp_path, fall))
    step = indicator_history(fallen, "jobs_new_urban").iloc[-1]
    assert step["change"] == Decimal("-17300") and step["change_unit"] == "人"  # 300,000 − 317,300
    assert round(step["change_relative"], 1) == Decimal("-5.5")
    assert change_text(step, "2092").startswith("较2092年−17,300人（−5.5%）")
    assert change_text(step, "2092", "en").startswith("−17,300 人 (−5.5%) since 2092")
    share = indicator_history(fallen, "ss_pension_rate").iloc[-1]
    assert share["change"] == Decimal("-0.5")
    assert change_text(share, "2092").startswith("较2092年−0.5个百分点")
