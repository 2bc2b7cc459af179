"""The view's table: a plain accessible table (caption, sort buttons, row headers linking to the figure),
its sort orders, and the CSV/XLSX files as callback downloads and as routes on the view query."""

from __future__ import annotations

import csv
from dataclasses import replace

import io
import json
import shutil

import openpyxl
import pandas as pd
import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.table import figure_table
from dashboard.view.selection import shown_figure_ids
from dashboard.data.dataset import load
from dashboard.table import checked_sort, headers, next_sort, table_file, table_frame, to_csv, to_xlsx, view_table
from dashboard.view.state import View

from conftest import DATA


@pytest.fixture(scope="module")
def data():
    return load(DATA)


@pytest.fixture(scope="module")
def app():
    return create_app(DATA)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def walk(component):
    """Every component in a Dash component tree, depth first."""
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from walk(child)


def of_type(component, name: str) -> list:
    return [c for c in walk(component) if type(c).__name__ == name]


def body_ids(table) -> list[str]:
    return [row.to_plotly_json()["props"]["data-figure"] for row in of_type(of_type(table, "Tbody")[0], "Tr")]


def text(component) -> str:
    if isinstance(component, str):
        return component
    children = getattr(component, "children", None)
    return "".join(text(c) for c in (children if isinstance(children, (list, tuple)) else [children]) if c is not None)


def test_table_has_a_caption_column_headers_and_a_row_header_linking_each_figure(data):
    view = View(tab="talent")
    figure_ids = shown_figure_ids(data, view)
    table = figure_table(data, view.scope())
    assert type(table).__name__ == "Table" and table.id == ids.TABLE
    assert str(len(figure_ids)) in text(of_type(table, "Caption")[0])
    headers = of_type(of_type(table, "Thead")[0], "Th")
    assert all(h.to_plotly_json()["props"]["scope"] == "col" for h in headers)
    assert body_ids(table) == figure_ids
    links = of_type(table, "A")  # followed in place by assets/nav.js (data-nav), plain links without scripts
    assert [link.href for link in links] == [f"?tab=talent&indicator={fid}" for fid in figure_ids]
    assert all(link.to_plotly_json()["props"].get("data-nav") for link in links)
    row_headers = [th for th in of_type(of_type(table, "Tbody")[0], "Th")]
    assert len(row_headers) == len(figure_ids) and all(th.scope == "row" for th in row_headers)


def test_the_id_is_in_the_files_but_not_on_screen(data):
    figure_ids = shown_figure_ids(data, View(tab="jobs"))
    table = view_table(data, figure_ids, "zh")
    names = [text(h) for h in of_type(of_type(table, "Thead")[0], "Th")]
    assert "编号" not in names and not any(fid in text(table) for fid in figure_ids)
    frame = pd.read_csv(io.BytesIO(to_csv(table_frame(data, figure_ids, "zh"), "zh")), encoding="utf-8-sig", dtype=str)
    assert list(frame["编号"]) == figure_ids


def test_sort_buttons_say_their_order(data):
    figure_ids = shown_figure_ids(data, View(tab="jobs"))
    sort = {"column": "base_value", "descending": True}
    table = view_table(data, figure_ids, "en", sort)
    states = {th.to_plotly_json()["props"].get("className"): th.to_plotly_json()["props"].get("aria-sort")
              for th in of_type(of_type(table, "Thead")[0], "Th")}
    assert states["col-base_value"] == "descending" and states["col-value"] == "none" and states["col-label"] == "none"
    assert "col-unit" in states and states["col-unit"] is None  # not sortable: no aria-sort, no button
    buttons = [b.id for b in of_type(table, "Button")]
    assert ids.table_sort("base_value") in buttons and ids.table_sort("unit") not in buttons
    assert "Sorted by Value in base units, descending." in text(of_type(table, "Caption")[0])


def test_values_sort_within_their_unit_base_values_across_units(data):
    figure_ids = shown_figure_ids(data, View(tab="jobs"))
    by_value = body_ids(view_table(data, figure_ids, "zh", {"column": "value", "descending": False}))
    frame = table_frame(data, figure_ids, "zh").set_index("id").loc[by_value]
    units = list(frame["unit"])
    assert units == sorted(units)  # grouped by unit ...
    for unit, group in frame.groupby("unit", sort=False):  # ... and ascending within each
        assert list(group["value"]) == sorted(group["value"]), unit
    by_base = body_ids(view_table(data, figure_ids, "zh", {"column": "base_value", "descending": True}))
    bases = list(data.figures.loc[by_base, "base_value"])
    assert bases == sorted(bases, reverse=True)
    # The base unit is written in the same cell, so a sort across units never hides which is which.
    first = of_type(view_table(data, figure_ids, "zh", {"column": "base_value", "descending": True}), "Td")
    cell = next(td for td in first if "col-base_value" in td.className)
    assert text(cell).endswith(data.figures.at[by_base[0], "base_unit"])


def test_sort_state_from_the_browser_is_checked(data):
    assert next_sort(None, "value") == {"column": "value", "descending": False}
    assert next_sort({"column": "value", "descending": False}, "value") == {"column": "value", "descending": True}
    assert next_sort({"column": "value", "descending": True}, "label") == {"column": "label", "descending": False}
    for forged in ("x", {"column": "<b>"}, {"column": "unit"}, 5, {"column": "value", "descending": "yes"}):
        state = checked_sort(forged)
        assert state["column"] in (None, "value") and state["descending"] is False
    assert next_sort(None, "constructor") == checked_sort(None)


def test_csv_writes_whole_numbers_as_integers(data):
    figure_ids = list(data.figures.index)
    frame = pd.read_csv(io.BytesIO(to_csv(table_frame(data, figure_ids, "zh"), "zh")), encoding="utf-8-sig", dtype=str)
    for fid, value, base in zip(frame["编号"], frame["数值"], frame["折合基本单位"]):
        if data.figures.at[fid, "rank"]:  # a rank is a place, not an amount: no base value (issue 28)
            assert pd.isna(base) and (value == "1" or pd.isna(value)), (fid, value, base)
            continue
        expected = data.figures.at[fid, "base_value"]
        assert float(base) == expected
        assert (("." in base) != float(expected).is_integer()), (fid, base)
        assert "." not in value or not float(value).is_integer(), (fid, value)


@pytest.mark.parametrize("query, name", [
    ("tab=talent&topic=postdoc", "chengdu-2023-talent-postdoc"),
    ("tab=overview&sector=jobs,talent&lang=en", "chengdu-2023-overview-jobs-talent"),
    ("tab=jobs&indicator=jobs_new_urban", "chengdu-2023-jobs"),
])
def test_table_routes_serve_the_views_rows(client, data, query, name):
    from dashboard.view.url import parse_view

    view = replace(parse_view(query, data), indicator=None)
    expected = shown_figure_ids(data, view)
    csv = client.get(f"/export/table.csv?{query}")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert f'filename="{name}.csv"' in csv.headers["Content-Disposition"]
    frame = pd.read_csv(io.BytesIO(csv.data), encoding="utf-8-sig", dtype=str)
    assert list(frame.iloc[:, -1]) == expected  # the id column, last
    if "lang=en" in query:
        assert frame.columns[0] == "Figure"
    xlsx = client.get(f"/export/table.xlsx?{query}")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[-1] for r in rows[1:]] == expected
    base = rows[0].index("折合基本单位" if "lang=en" not in query else "Value in base units")
    ranked = set(data.figures.index[data.figures["rank"] != ""])
    assert all(isinstance(r[base], (int, float)) for r in rows[1:] if r[-1] not in ranked)  # base values stay numbers


@pytest.mark.parametrize("query", ["tab=nope", "tab=jobs&lang=fr", "tab=jobs&topic=<script>", "x" * 3000])
def test_table_routes_refuse_a_query_that_is_not_a_view(client, query):
    for ext in ("csv", "xlsx"):
        response = client.get(f"/export/table.{ext}?{query}")
        assert response.status_code == 400
        body = json.loads(response.data)
        assert body["status"] == 400 and body["problems"]
        assert set(body["problems"][0]) == {"file", "line", "column", "message"}
        assert response.mimetype == "application/json"  # a named value is data here, never markup


def test_opening_the_table_warns_nothing(app):
    """The deprecated DataTable warned on every render; the plain table is built through the same callbacks
    with every warning turned into an error."""
    import warnings

    scope = {"tab": "jobs", "sectors": [], "topic": None, "lang": "en"}
    output = next(k for k in app.callback_map if k.startswith("view-table-wrap.children@"))
    body = {"output": output, "outputs": {"id": "view-table-wrap", "property": output.split(".", 1)[1]},
            "inputs": [{"id": "view-table-count", "property": "n_clicks", "value": 1}],
            "state": [{"id": "store-view", "property": "data", "value": scope},
                      {"id": "view-table-sort", "property": "data", "value": {"column": "value", "descending": True}}],
            "changedPropIds": ["view-table-count.n_clicks"]}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:300]
    table = json.loads(response.data)["response"]["view-table-wrap"]["children"]
    assert table["type"] == "Table" and table["namespace"] == "dash_html_components"


# ---------------------------------------------------------------- downloads carry no formulas

FORMULA = '=HYPERLINK("http://evil.example","点击查看")'


def two_periods_with_formulas(folder):
    """A copy of data/ whose jobs_new_urban label is a formula, with a 2024 row so the English change
    column starts with + (fictional test data)."""
    shutil.copytree(DATA, folder)
    with (folder / "figures.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["indicator"] = ""
    first = rows[0]
    first["label_zh"] = FORMULA
    rows.append({**first, "id": "jobs_new_urban_2024", "indicator": "jobs_new_urban", "period": "2024", "value": "30",
                 "source_quote": "城镇新增就业30万人", "note_zh": "虚构测试数据", "headline": "", "quote_en": ""})
    rows[1]["note_en"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    with (folder / "figures.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "indicator", *[c for c in rows[0] if c not in ("id", "indicator")]],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return load(folder)


@pytest.fixture(scope="module")
def formula_data(tmp_path_factory):
    return two_periods_with_formulas(tmp_path_factory.mktemp("formulas") / "data")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_cell_of_the_xlsx_is_a_formula_and_numbers_stay_numbers(formula_data, lang):
    content, _ = table_file(formula_data, View(tab="jobs", lang=lang), "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a cell would be evaluated"
    risky = [c for c in cells if isinstance(c.value, str) and c.value and c.value[0] in "=+-@\t\r"]
    assert risky, "the test data has text that starts like a formula"
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    if lang == "zh":
        assert FORMULA in [c.value for c in cells], "the text itself is kept"
    else:
        at = next(i for i, c in enumerate(sheet[1]) if c.value.startswith("Change"))
        change = [row[at].value for row in sheet.iter_rows(min_row=2) if row[at].value]
        assert change and all(v.startswith("+") for v in change)
    values = [row[2].value for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(v, (int, float)) for v in values), "values stay numbers"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_cell_of_the_csv_starts_a_formula(formula_data, lang):
    content, _ = table_file(formula_data, View(tab="jobs", lang=lang), "csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c and c[0] in "=+-@\t\r"], "a spreadsheet would evaluate these"
    assert ("'" + FORMULA in cells) if lang == "zh" else any(c.startswith("'+") for c in cells)
    value, base = rows[0].index(headers(lang)["value"]), rows[0].index(headers(lang)["base_value"])
    for row in rows[1:]:
        float(row[value]), float(row[base])  # value and base value stay numbers


def test_the_xlsx_survives_text_an_xml_file_cannot_hold(data):
    frame = table_frame(data, list(data.figures.index)[:3], "zh")
    frame.loc[0, "label"] = "城镇\x00新增\x1b就业"
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, "zh"))).active
    assert sheet["A2"].value == "城镇新增就业"
