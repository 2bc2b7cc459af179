"""The numbers behind a view: one row per figure, as a sortable table in the page's table section, as CSV or XLSX
bytes, and as routes."""

from __future__ import annotations

from dataclasses import replace

import io
from collections.abc import Sequence

import pandas as pd
from dash import dcc, html
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from . import PERIOD, ids
from .data.citation import reference
from .view.strings import t
from .data.dataset import Dataset
from .data.periods import history_steps
from .view.reading import reading
from .view.selection import shown_figure_ids
from .view.state import View, view_data, view_from_dict
from .view.url import pick_href, query_problems

# (column id, UI text key); numbers stay numbers so that sorting and spreadsheets work, and each number
# has a text column beside it that carries the source's qualifier (published, in_base): the one to copy.
COLUMNS = (
    ("label", "col_label"),
    ("published", "col_published"),
    ("value", "col_value"),
    ("unit", "col_unit"),
    ("qualifier", "col_qualifier"),
    ("in_base", "col_in_base"),  # 超290,000,000,000 元: the conversion with its qualifier
    ("base_value", "col_base_value"),
    ("base_unit", "col_base_unit"),
    ("group", "col_group"),  # a rank's peer group (15 of 15个副省级城市中位列第一); empty for any other figure
    ("period", "col_period"),
    ("source", "col_source"),
    ("quote", "col_quote"),
    ("reference", "cite_as"),  # the article to cite, ready to paste (files only: the table's foot shows it once)
    ("id", "col_id"),
    ("change", "col_change"),  # only where the data holds several periods
)
NUMERIC = {"value", "base_value", "group"}


def table_frame(data: Dataset, figure_ids: Sequence[str], lang: str = "zh") -> pd.DataFrame:
    """The figures of a view, in view order, with the columns of COLUMNS (each figure's words from its
    reading); with several periods in the data, every period of each figure (oldest first) and the change
    computed from the one before."""
    rows = data.figures.loc[list(figure_ids)]
    changes = None
    if len(data.periods) > 1:
        steps = [s for fid in figure_ids for s in history_steps(data, rows.at[fid, "indicator"], lang)]
        rows = data.history.loc[[s["row_id"] for s in steps]]
        changes = [s["change"] for s in steps]
    said = [reading(row, lang) for _, row in rows.iterrows()]
    frame = pd.DataFrame(
        {
            "label": rows[f"label_{lang}"],
            "published": [r.value for r in said],
            "value": [r.number for r in said],
            "unit": [r.unit for r in said],
            "qualifier": [r.qualifier for r in said],
            "in_base": [r.base_text for r in said],
            "base_value": [r.base_value for r in said],
            "base_unit": [r.base_unit for r in said],
            "group": [r.group for r in said],
            "period": rows["period"],
            "source": [data.sources.loc[o, f"name_{lang}"] for o in rows["source_org"]],
            "quote": rows["source_quote"],
            "reference": [reference(data.sources.loc[o], lang) for o in rows["source_org"]],
            "id": rows["indicator"],  # the figure a row picks, in every period
        },
        index=rows.index,
    )
    frame[["value", "base_value", "group"]] = frame[["value", "base_value", "group"]].astype(float)
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
    """The on-screen table's columns. The id is for files, not readers (it stays in CSV and XLSX); the base
    unit and the qualifier are written in the base value's cell (the in_base text); the Chinese source text is left to the detail panel (marked
    as Chinese there) and the downloads in English, so an English view shows no Chinese."""
    return [c for c, _ in COLUMNS if c not in ("id", "base_unit", "reference", "in_base")
            and not (lang == "en" and c == "quote")]


def headers(lang: str) -> dict[str, str]:
    return {col: t(key, lang) for col, key in COLUMNS}


# Sortable columns and their sort keys. A value is compared only with values in the same unit (26.44万人
# is not smaller than 2400场), so it sorts by unit first; the base value sorts across units, its unit
# written beside it in the cell.
SORT_KEYS = {
    "label": ("label",),
    "value": ("unit", "value"),
    "base_value": ("base_value",),
    "source": ("source",),
}
DEFAULT_SORT = {"column": None, "descending": False}  # view order: cards, then each chart's figures


def checked_sort(sort) -> dict:
    """A sort state from the browser, or the default: only known columns, a real boolean."""
    if not isinstance(sort, dict) or sort.get("column") not in SORT_KEYS:
        return dict(DEFAULT_SORT)
    return {"column": sort["column"], "descending": sort.get("descending") is True}


def next_sort(sort, column) -> dict:
    """After a click on column's sort button: that column ascending, or the other way if it was already sorted."""
    current = checked_sort(sort)
    if column not in SORT_KEYS:
        return current
    descending = not current["descending"] if current["column"] == column else False
    return {"column": column, "descending": descending}


def sorted_frame(frame: pd.DataFrame, sort) -> pd.DataFrame:
    """The table's rows in the order of a (checked) sort state; ties keep view order (stable sort)."""
    sort = checked_sort(sort)
    if sort["column"] is None:
        return frame
    return frame.sort_values(list(SORT_KEYS[sort["column"]]), ascending=not sort["descending"], kind="stable")


def number_text(value: float, lang: str) -> str:
    """A number as the table shows it: thousands grouped, whole numbers without a decimal point."""
    if pd.isna(value):
        return ""
    number = int(value) if float(value).is_integer() else value
    return format(number, ",")


def sort_header(column: str, name: str, sort: dict, lang: str) -> html.Th:
    """A column header; a sortable one is a button (keyboard and screen readers reach it) and says its order."""
    if column not in SORT_KEYS:
        return html.Th(name, scope="col", className=f"col-{column}")
    state = "none" if sort["column"] != column else "descending" if sort["descending"] else "ascending"
    arrow = {"none": "↕", "ascending": "↑", "descending": "↓"}[state]
    return html.Th(
        html.Button([name, html.Span(arrow, className="sort-arrow", **{"aria-hidden": "true"})],
                    id=ids.table_sort(column), className="sort-button", n_clicks=0,
                    title=t("sort_by", lang, column=name)),
        scope="col", className=f"col-{column}", **{"aria-sort": state},
    )


def cell(column: str, row: pd.Series, lang: str, href) -> html.Td | html.Th:
    if column == "label":  # the row's header; a link to the figure's detail panel
        return html.Th(html.A(row["label"], href=href(row["id"]), **{"data-nav": "1"}), scope="row", className="col-label")
    if column in ("value", "group"):
        return html.Td(number_text(row[column], lang), className=f"col-{column} num")
    if column == "base_value":
        return html.Td(row["in_base"], className="col-base_value num")  # 超290,000,000,000 元: the qualifier stays
    attrs = {"lang": "zh-CN"} if column == "quote" else {}
    return html.Td(row[column], className=f"col-{column}", **attrs)


def view_table(data: Dataset, figure_ids: Sequence[str], lang: str = "zh", sort=None, href=None) -> html.Table:
    """The view's figures as a plain, accessible table: a caption, sort buttons in the headers, each row
    headed by its figure's name, a link that opens the figure (href(figure id) gives its URL)."""
    sort = checked_sort(sort)
    frame = sorted_frame(table_frame(data, figure_ids, lang), sort)
    names = headers(lang)
    # "change" only with several periods, a peer group only where a rank is shown
    columns = [c for c in screen_columns(lang) if c in frame and not (c == "group" and frame["group"].isna().all())]
    href = href or (lambda figure_id: f"?indicator={figure_id}")
    sorted_by = names[sort["column"]] if sort["column"] else None
    caption = t("table_caption", lang, count=len(frame)) + (
        " " + t("table_sorted_desc" if sort["descending"] else "table_sorted_asc", lang, column=sorted_by)
        if sorted_by else "")
    return html.Table(
        id=ids.TABLE,
        className="view-table",
        children=[
            html.Caption(caption),
            html.Thead(html.Tr([sort_header(c, names[c], sort, lang) for c in columns])),
            html.Tbody([html.Tr([cell(c, row, lang, href) for c in columns], **{"data-figure": row["id"]})
                        for _, row in frame.iterrows()]),
            html.Tfoot(html.Tr(html.Td([html.Span(t("cite_as", lang) + ("：" if lang == "zh" else ": ")),
                                        *[html.Span(ref, className="reference") for ref in dict.fromkeys(frame["reference"])]],
                                       colSpan=len(columns), className="table-references"))),
        ],
    )


def csv_value(value):
    """Whole numbers as integers (1000, not 1000.0): how the source prints them and how a reader expects them."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return float(value) if isinstance(value, float) else value


# A text cell starting with one of these is a formula to a spreadsheet (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert_text(value):
    """Text a spreadsheet would evaluate, made plain text with a leading apostrophe (OWASP's advice); numbers
    and other text unchanged."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _text_cells(frame: pd.DataFrame, clean) -> pd.DataFrame:
    """The frame with clean applied to each text column's cells (NUMERIC columns stay numbers)."""
    return frame.assign(**{c: pd.Series([clean(v) for v in frame[c]], index=frame.index, dtype=object)
                           for c in frame.columns if c not in NUMERIC})


def to_csv(frame: pd.DataFrame, lang: str = "zh") -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Chinese text correctly; no cell is a formula."""
    # Built as objects: a pandas map would turn the integers back into floats.
    frame = frame.assign(**{c: pd.Series([csv_value(v) for v in frame[c]], index=frame.index, dtype=object)
                            for c in NUMERIC})
    frame = _text_cells(frame, inert_text)
    return frame.rename(columns=headers(lang)).to_csv(index=False).encode("utf-8-sig")


def _xlsx_text(value):
    # Characters XML 1.0 cannot hold would make openpyxl raise (and the route answer 500): dropped.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def to_xlsx(frame: pd.DataFrame, lang: str = "zh") -> bytes:
    """One sheet, numbers as numbers, text as text: a cell that would be a formula is stored as a string
    with Excel's quote prefix (what typing a leading apostrophe does), so no spreadsheet evaluates it."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _text_cells(frame, _xlsx_text).rename(columns=headers(lang)).to_excel(writer, index=False, sheet_name=PERIOD)
        sheet = writer.sheets[PERIOD]
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    cell.data_type, cell.quotePrefix = "s", True
        for letter, width in zip("ABCDEFGHIJKLM", (34, 18, 10, 8, 14, 22, 14, 8, 8, 6, 28, 60, 26)):
            sheet.column_dimensions[letter].width = width
    return buffer.getvalue()


def download_name(view: View, ext: str, period: str = PERIOD) -> str:
    """'chengdu-2023-<tab>[-<sectors>][-<topic>].<ext>': the file says which view (and period) it holds."""
    parts = ["chengdu", period, view.tab, *view.sectors]
    if view.topic:
        parts.append(view.topic)
    return "-".join(p.replace("_", "-") for p in parts) + f".{ext}"


def table_file(data: Dataset, view: View, ext: str) -> tuple[bytes, str]:
    """(file bytes, file name) of a view's table as CSV or XLSX, in the view's language and period."""
    shown = view_data(data, view)
    frame = table_frame(shown, shown_figure_ids(shown, view), view.lang)
    content = to_csv(frame, view.lang) if ext == "csv" else to_xlsx(frame, view.lang)
    return content, download_name(view, ext, shown.period or PERIOD)


def table_section(data: Dataset, view: View, lang: str, filled: bool = False) -> html.Details:
    """The view's figures as a sortable table, with CSV and Excel downloads of exactly those rows. The app
    fills the table when the section is first opened; `filled` fills it now (the first paint)."""
    figure_ids = shown_figure_ids(data, view)
    return html.Details(
        className="table-section",
        children=[
            html.Summary(t("table", lang, count=len(figure_ids)), id=ids.TABLE_COUNT),
            html.Div(
                className="downloads",
                children=[
                    html.Button(t("download_csv", lang), id=ids.DOWNLOAD_CSV, className="button"),
                    html.Button(t("download_xlsx", lang), id=ids.DOWNLOAD_XLSX, className="button"),
                    dcc.Download(id=ids.DOWNLOAD),
                ],
            ),
            # Empty in the app until first opened: the live page does not carry rows nobody reads.
            html.Div(figure_table(data, view.scope()) if filled else None, id=ids.TABLE_WRAP),
            dcc.Store(id=ids.TABLE_SORT, data=DEFAULT_SORT),
        ],
    )


def figure_table(data: Dataset, scope: dict | None, sort=None):
    """The table of a scope's figures, each row a link to the figure picked in that scope."""
    view = view_from_dict(data, scope)
    shown = view_data(data, view)
    return view_table(shown, shown_figure_ids(shown, view), view.lang, sort, lambda fid: pick_href(view, fid))


def table_opened(clicks, ever: bool = False) -> bool:
    """Whether the table section is open (its summary clicked an odd number of times), or with ever,
    has been opened at all. Clicks come from the browser: anything but a count means closed."""
    if not isinstance(clicks, int) or isinstance(clicks, bool) or clicks < 1:
        return False
    return ever or clicks % 2 == 1


def download_payload(data: Dataset, trigger, scope: dict | None, lang: str) -> tuple[bytes, str] | None:
    """(file bytes, file name) of the current view's table for a download button; None otherwise."""
    view = replace(view_from_dict(data, scope), indicator=None, lang=lang)  # a pick does not narrow the table
    ext = {ids.DOWNLOAD_CSV: "csv", ids.DOWNLOAD_XLSX: "xlsx"}.get(trigger)
    return table_file(data, view, ext) if ext else None


MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def register_routes(server, data: Dataset) -> None:
    """GET /export/table.csv and /export/table.xlsx on a view query (?tab=jobs&lang=en), like the other
    exports. A query that is not a view gets a 400 naming why."""
    from flask import request

    from .server import attachment, problem_response

    def table_export(ext: str):
        view, lang, problems = query_problems(request.query_string.decode("utf-8", "replace"), data)
        if problems:
            return problem_response(400, t("bad_export_query", "en"), problems=problems)
        # the table is the scope's figures; a pick does not narrow it
        content, name = table_file(data, replace(view, indicator=None), ext)
        return attachment(name, content, MIMETYPES[ext])

    server.add_url_rule("/export/table.csv", "export_table_csv", lambda: table_export("csv"))
    server.add_url_rule("/export/table.xlsx", "export_table_xlsx", lambda: table_export("xlsx"))
