"""The numbers behind a view: one row per figure, as a sortable table and as CSV or XLSX bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
from dash import dash_table
from dash.dash_table.Format import Format, Group

from . import PERIOD, ids
from .i18n import t
from .loading import Dataset
from .periods import history_steps
from .urlstate import View

# (column id, UI text key); numbers stay numbers so that sorting and spreadsheets work.
COLUMNS = (
    ("label", "col_label"),
    ("published", "col_published"),
    ("value", "col_value"),
    ("unit", "col_unit"),
    ("qualifier", "col_qualifier"),
    ("base_value", "col_base_value"),
    ("base_unit", "col_base_unit"),
    ("period", "col_period"),
    ("source", "col_source"),
    ("quote", "col_quote"),
    ("id", "col_id"),
    ("change", "col_change"),  # only where the data holds several periods
)
NUMERIC = {"value", "base_value"}


def table_frame(data: Dataset, figure_ids: Sequence[str], lang: str = "zh") -> pd.DataFrame:
    """The figures of a view, in view order, with the columns of COLUMNS; with several periods in the
    data, every period of each figure (oldest first) and the change computed from the one before."""
    rows = data.figures.loc[list(figure_ids)]
    changes = None
    if len(data.periods) > 1:
        steps = [s for fid in figure_ids for s in history_steps(data, rows.at[fid, "indicator"], lang)]
        rows = data.history.loc[[s["row_id"] for s in steps]]
        changes = [s["change"] for s in steps]
    if lang == "en":  # English has no 万/亿: values in base units, units in English words
        value, unit = rows["base_value"], [unit_en(data, u) for u in rows["base_unit"]]
        base_unit = unit
    else:
        value, unit, base_unit = rows["value_number"], rows["unit"], rows["base_unit"]
    frame = pd.DataFrame(
        {
            "label": rows[f"label_{lang}"],
            "published": rows[f"display_{lang}"],
            "value": value,
            "unit": unit,
            "qualifier": rows[f"qualifier_label_{lang}"],
            "base_value": rows["base_value"],
            "base_unit": base_unit,
            "period": rows["period"],
            "source": [data.sources.loc[o, f"name_{lang}"] for o in rows["source_org"]],
            "quote": rows["source_quote"],
            "id": rows["indicator"],  # the figure a row picks, in every period
        }
    )
    if changes is not None:
        frame["change"] = changes
    return frame.reset_index(drop=True)


def unit_en(data: Dataset, base: str) -> str:
    """A base unit in English words (元 is CNY, as in the figures' English display)."""
    if base == "元":
        return "CNY"
    if base == "%":
        return "%"
    return data.units.at[base, "label_en_many"] if base in data.units.index else ""


def screen_columns(lang: str) -> list[str]:
    """The on-screen table's columns: the Chinese source text is left to the detail panel (marked as
    Chinese there) and the downloads in English, so an English view shows no Chinese."""
    return [c for c, _ in COLUMNS if not (lang == "en" and c == "quote")]


def headers(lang: str) -> dict[str, str]:
    return {col: t(key, lang) for col, key in COLUMNS}


def view_table(data: Dataset, figure_ids: Sequence[str], lang: str = "zh") -> dash_table.DataTable:
    """A natively sortable table (sorting happens in the browser: no round trip)."""
    frame = table_frame(data, figure_ids, lang)
    names = headers(lang)
    return dash_table.DataTable(
        id=ids.table(),
        columns=[{"id": c, "name": names[c], "type": "numeric", "format": Format(group=Group.yes)} if c in NUMERIC
                 else {"id": c, "name": names[c], "type": "text"} for c in screen_columns(lang) if c in frame],
        data=frame.to_dict("records"),
        sort_action="native",
        sort_mode="single",
        style_table={"overflowX": "auto"},
        style_cell={"textAlign": "left", "whiteSpace": "normal", "height": "auto", "padding": "6px 8px",
                    "fontFamily": "inherit", "fontSize": "0.9rem", "minWidth": "60px", "maxWidth": "360px"},
        style_cell_conditional=[{"if": {"column_id": c}, "textAlign": "right"} for c in NUMERIC],
        style_header={"fontWeight": "600", "backgroundColor": "#f3f4f6"},
    )


def to_csv(frame: pd.DataFrame, lang: str = "zh") -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly."""
    return frame.rename(columns=headers(lang)).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, lang: str = "zh") -> bytes:
    """One sheet, numbers as numbers."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.rename(columns=headers(lang)).to_excel(writer, index=False, sheet_name=PERIOD)
        sheet = writer.sheets[PERIOD]
        for letter, width in zip("ABCDEFGHIJK", (34, 16, 10, 8, 14, 14, 8, 6, 28, 60, 26)):
            sheet.column_dimensions[letter].width = width
    return buffer.getvalue()


def download_name(view: View, ext: str, period: str = PERIOD) -> str:
    """'chengdu-2023-<tab>[-<sectors>][-<topic>].<ext>': the file says which view (and period) it holds."""
    parts = ["chengdu", period, view.tab, *view.sectors]
    if view.topic:
        parts.append(view.topic)
    return "-".join(p.replace("_", "-") for p in parts) + f".{ext}"
