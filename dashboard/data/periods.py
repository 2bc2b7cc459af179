"""An indicator across periods: every published row and the change between them (pure, no Dash)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

import pandas as pd

from .dataset import Dataset
from .units import group_digits

HISTORY_COLUMNS = [
    "period", "row_id", "value", "unit", "display_zh", "display_en", "qualifier", "base_value", "base_unit",
    "source_quote", "source_zh", "source_en", "change", "change_unit", "change_relative", "approximate",
]


@lru_cache(maxsize=16)
def _by_indicator(data: Dataset) -> dict[str, list[dict]]:
    """Each indicator's rows (as dicts), oldest first, grouped once per dataset: a table of every figure stays
    linear. Plain rows, not a frame per indicator: building 77 small frames took ~100 ms, on a worker's
    first detail panel."""
    history = data.history if data.history is not None else data.figures
    grouped: dict[str, list[dict]] = {}
    for row in history.sort_values("period", kind="stable").to_dict("records"):
        grouped.setdefault(row["indicator"], []).append(row)
    return grouped


def latest_period(data: Dataset) -> str:
    """The newest period in the data: what the dashboard shows when the URL names none."""
    return data.periods[-1] if data.periods else ""


def indicator_history(data: Dataset, indicator: str) -> pd.DataFrame:
    """Every period of an indicator, oldest first, with the change from the period before.

    The change is computed from the published figures (in base units; for a percentage, in percentage
    points), never published itself; `approximate` says one of the two carries a qualifier (超, 近, 余…).
    """
    out = []
    previous = None
    for row in _by_indicator(data).get(indicator, []):
        change = change_unit = relative = ""
        approximate = False
        if previous is not None and previous["base_unit"] == row["base_unit"]:
            now, then = Decimal(str(row["base_value"])), Decimal(str(previous["base_value"]))
            change = now - then
            change_unit = "个百分点" if row["base_unit"] == "%" else row["base_unit"]
            relative = (change / then * 100) if then and row["base_unit"] != "%" else ""
            approximate = row["qualifier"] != "exact" or previous["qualifier"] != "exact"
        out.append({
            "period": row["period"], "row_id": row["id"], "value": row["value"], "unit": row["unit"],
            "display_zh": row["display_zh"], "display_en": row["display_en"], "qualifier": row["qualifier"],
            "base_value": row["base_value"], "base_unit": row["base_unit"], "source_quote": row["source_quote"],
            "source_zh": row["source_zh"], "source_en": row["source_en"],
            "change": change, "change_unit": change_unit, "change_relative": relative, "approximate": approximate,
        })
        previous = row
    return pd.DataFrame(out, columns=HISTORY_COLUMNS)


def change_text(step: pd.Series | dict, since: str, lang: str = "zh") -> str:
    """The computed change of one history row from the period `since`, labelled as computed, in words."""
    change = step["change"]
    if change == "" or change is None:
        return ""
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    amount = group_digits(abs(Decimal(change)))
    unit = step["change_unit"]
    relative = step["change_relative"]
    rel = f"{sign}{abs(Decimal(relative)):.1f}%" if relative != "" else ""
    if lang == "en":
        unit_en = " percentage points" if unit == "个百分点" else f" {unit}"
        text = f"{sign}{amount}{unit_en}" + (f" ({rel})" if rel else "") + f" since {since}"
        note = "computed from the published figures" + ("; approximate, a figure carries a qualifier" if step["approximate"] else "")
        return f"{text}, {note}"
    text = f"较{since}年{sign}{amount}{unit}" + (f"（{rel}）" if rel else "")
    note = "据公布数字计算" + ("；含约数，仅供参考" if step["approximate"] else "")
    return f"{text}，{note}"


def history_steps(data: Dataset, indicator: str, lang: str = "zh") -> list[dict]:
    """Each period of an indicator for display: period, value as published, quote, source, computed change."""
    history = indicator_history(data, indicator)
    steps, previous = [], None
    for step in history.to_dict("records"):
        steps.append({"period": step["period"], "row_id": step["row_id"], "display": step[f"display_{lang}"],
                      "quote": step["source_quote"], "source": step[f"source_{lang}"],
                      "change": change_text(step, previous, lang) if previous else ""})
        previous = step["period"]
    return steps


def with_history(data: Dataset, row: pd.Series, lang: str = "zh") -> pd.Series:
    """A figure's row whose value and quote list every period (with the computed change) when it has several."""
    steps = history_steps(data, row["indicator"], lang)
    if len(steps) < 2:
        return row
    row = row.copy()
    row[f"display_{lang}"] = "\n".join(f"{s['period']}: {s['display']}" + (f" ({s['change']})" if s["change"] else "")
                                        for s in steps)
    row["source_quote"] = "\n".join(f"{s['period']}: {s['quote']}" for s in steps)
    return row
