"""Forged callback requests (what a hostile client can POST) never produce a server error."""

from __future__ import annotations

import json

import pytest

from dashboard.app import create_app
from dashboard.urlstate import shown_figure_ids
from dashboard.loading import load
from dashboard.urlstate import View

HOSTILE = ["<script>alert(1)</script>", "x" * 5000, ["talent", {"a": 1}], {"tab": 3}, 12, None]


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def renderer_output(client) -> tuple[str, list]:
    """The scope renderer's output key and outputs as the page sends them (its content output is
    registered with allow_duplicate, so Dash names it children@<hash>)."""
    deps = json.loads(client.get("/_dash-dependencies").data)
    key = next(d["output"] for d in deps if "view-table-wrap.children" in d["output"] and "tab-content" in d["output"])
    content_prop = key.split("tab-content.", 1)[1].split("...", 1)[0]
    return key, [single("tab-content", content_prop), single("view-table-wrap", "children"),
                 single("view-table-count", "children")]


def single(id_, prop):
    return {"id": id_, "property": prop}


def post(client, output, outputs, inputs, state, changed):
    body = {"output": output, "outputs": outputs, "inputs": inputs, "state": state, "changedPropIds": changed}
    return client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")


SYNC_OUTPUTS = [("url", "search"), ("sector-filter", "value"), ("topic-filter", "value"),
                ("topic-filter", "options"), ("filters", "className"), ("notice", "children"),
                ("store-scope", "data"), ("store-view", "data"), ("detail-panel", "children"),
                ("breadcrumb", "children"), ("tab-content", "children")]


def sync_request(client, search, tab, sectors, topic, click, changed):
    chart = {"chart": "talent_pool", "type": "chart"}
    pattern = json.dumps({"chart": ["ALL"], "type": "chart"}, separators=(",", ":")) + ".figure"
    output = "..{}...{}..".format("...".join(f"{i}.{p}" for i, p in SYNC_OUTPUTS), pattern)
    inputs = [
        {**single("url", "search"), "value": search},
        {**single("sector-filter", "value"), "value": sectors},
        {**single("topic-filter", "value"), "value": topic},
        [{"id": chart, "property": "clickData", "value": click}],
    ]
    state = [{**single(s, "data"), "value": None} for s in ("store-scope", "store-view")]
    state.append({**single("store-screen", "data"), "value": click})  # the screen store is browser-written too
    outputs = [single(i, p) for i, p in SYNC_OUTPUTS] + [[{"id": chart, "property": "figure"}]]
    return post(client, output, outputs, inputs, state, changed)


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_sync_with_forged_values_answers_without_error(client, value):
    chart_prop = json.dumps({"chart": "talent_pool", "type": "chart"}, separators=(",", ":")) + ".clickData"
    for changed in (["url.search"], ["sector-filter.value"], ["topic-filter.value"], [chart_prop]):
        search = value if isinstance(value, str) else "?tab=talent"
        response = sync_request(client, search, value, value, value, value, changed)
        assert response.status_code in (200, 204), (changed, response.status_code)
        # Decoded: Dash's JSON writes "<" as \u003c, so the raw bytes never show a tag either way.
        answer = json.dumps(json.loads(response.data), ensure_ascii=False) if response.data else ""
        assert "<script>" not in answer and "x" * 5000 not in answer, changed


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_renderers_with_forged_stores_answer_without_error(client, value):
    store = {"tab": value, "sectors": value, "topic": value, "indicator": value}
    content = post(client, *renderer_output(client),
                   [{**single("store-scope", "data"), "value": store}, {**single("store-screen", "data"), "value": value}],
                   [{**single("store-view", "data"), "value": store}, {**single("view-table-count", "n_clicks"), "value": value},
                    {**single("view-table-sort", "data"), "value": value}],
                   ["store-scope.data", "store-screen.data"])
    assert content.status_code == 200
    download = post(client, "download.data", single("download", "data"),
                    [{**single("download-csv", "n_clicks"), "value": 1}, {**single("download-xlsx", "n_clicks"), "value": None}],
                    [{**single("store-scope", "data"), "value": store}], ["download-csv.n_clicks"])
    assert download.status_code == 200
    assert json.loads(download.data)["response"]["download"]["data"]["filename"].startswith("chengdu-2023-overview")


def test_the_table_is_built_only_once_opened(client):
    """The scope renderer leaves the table alone until its section was opened (summary clicked)."""
    scope = {"tab": "talent", "sectors": [], "topic": None, "lang": "zh"}

    def render(clicks, sort=None):
        response = post(client, *renderer_output(client),
                        [{**single("store-scope", "data"), "value": scope}, {**single("store-screen", "data"), "value": "wide"}],
                        [{**single("store-view", "data"), "value": scope}, {**single("view-table-count", "n_clicks"), "value": clicks},
                         {**single("view-table-sort", "data"), "value": sort}],
                        ["store-scope.data"])
        assert response.status_code == 200
        return json.loads(response.data)["response"]

    assert "view-table-wrap" not in render(None)
    table = render(2)["view-table-wrap"]["children"]  # opened, then closed: kept up to date
    expected = shown_figure_ids(load(), View(tab="talent"))
    assert table["type"] == "Table" and table_rows(table) == expected
    # A sorted table stays sorted when the scope re-renders it.
    resorted = render(1, {"column": "base_value", "descending": True})["view-table-wrap"]["children"]
    data = load()
    assert table_rows(resorted) == sorted(expected, key=lambda f: -data.figures.at[f, "base_value"])


def table_rows(table: dict) -> list[str]:
    """The figure ids of a serialised table's body rows, in order."""
    body = next(part for part in table["props"]["children"] if part["type"] == "Tbody")
    return [row["props"]["data-figure"] for row in body["props"]["children"]]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_sort_with_forged_values_answers_without_error(app, client, value):
    button = {"column": "value", "type": "table-sort"}
    output = next(k for k in app.callback_map if k.startswith("..view-table-wrap.children@"))
    response = post(client, output,
                    [single("view-table-wrap", "children"), single("view-table-sort", "data")],
                    [[{"id": button, "property": "n_clicks", "value": value}]],
                    [{**single("view-table-sort", "data"), "value": value}, {**single("store-scope", "data"), "value": value}],
                    [json.dumps(button, separators=(",", ":")) + ".n_clicks"])
    assert response.status_code in (200, 204), response.data[:300]
