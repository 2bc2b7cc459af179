"""Forged callback requests (what a hostile client can POST) never produce a server error."""

from __future__ import annotations

import json
import re

import pytest

from dashboard.app import create_app
from test_hostile_input import _prop_id, well_formed
from dashboard.view.selection import shown_figure_ids
from dashboard.data.dataset import load
from dashboard.explore.facts import stored_view
from dashboard.view.state import View

HOSTILE = ["<script>alert(1)</script>", "x" * 5000, ["talent", {"a": 1}], {"tab": 3}, 12, None]


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def single(id_, prop):
    return {"id": id_, "property": prop}


def post(client, output, outputs, inputs, state, changed):
    body = {"output": output, "outputs": outputs, "inputs": inputs, "state": state, "changedPropIds": changed}
    return client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")


def callback(client, output: str, values: dict, changed: str, panes: tuple[str, ...] = ()):
    """POST to the callback whose output is output,
    built from /_dash-dependencies as the
    renderer builds it (pattern ids with one concrete component; the tab panes' outputs, those of panes
    when given), every value None but those named in values ("id.property" -> value); changed names the
    trigger."""
    deps = json.loads(client.get("/_dash-dependencies").data)
    dep = next(d for d in deps if d["output"] == output)
    body = well_formed(dep)
    for i, entry in enumerate(body["outputs"]):
        if panes and isinstance(entry, list) and entry[0]["id"].get("type") == "pane":
            body["outputs"][i] = [{**entry[0], "id": {"type": "pane", "tab": tab}} for tab in panes]
    for column in ("inputs", "state"):
        for entry in body[column]:
            for item in entry if isinstance(entry, list) else [entry]:
                key = f"{item['id']}.{item['property']}" if isinstance(item["id"], str) else item["property"]
                item["value"] = values.get(key)
    trigger = next(_prop_id(e) for e in body["inputs"] if _prop_id(e).endswith(changed))
    body["changedPropIds"] = [trigger]
    return client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")


def sync_request(client, sectors, topic, request, changed, panes=(), **stores):
    """The sync callback: the request store (a URL, a filter's value, a chart click or a relayout) and the filters
    as they are; a request with "mount" goes to the mount callback (its own store)."""
    if isinstance(request, dict) and "mount" in request:
        return callback(client, "store-mount.data", {"store-mount.data": request, **stores}, "store-mount.data", panes)
    values = {"store-request.data": request, "sector-filter.value": sectors,
              "topic-filter.value": topic, **stores}
    return callback(client, "store-push.data", values, changed, panes)


def answer_values(response) -> dict:
    """An answer's values by "component.property", as the push store carries them to assets/route.js."""
    return json.loads(response.data)["response"]["store-push"]["data"]["set"]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_sync_with_forged_values_answers_without_error(client, value):
    search = value if isinstance(value, str) else "?tab=talent"
    for changed, request in (("store-request.data", {"search": search, "at": 1}),
                             ("store-request.data", {"sector": value, "at": 1}),
                             ("store-request.data", {"topic": value, "at": 1}), ("store-request.data", value),
                             ("store-request.data", {"mount": value, "at": 1}),
                             ("store-request.data", {"relayout": value, "screen": value, "at": 1}),
                             ("store-request.data", {"search": search, "screen": value, "at": 1})):
        response = sync_request(client, value, value, request, changed,
                                **{"store-panes.data": value, "store-view.data": value})
        assert response.status_code in (200, 204), (changed, response.status_code)
        # Decoded: Dash's JSON writes "<" as \u003c, so the raw bytes never show a tag either way.
        answer = json.dumps(json.loads(response.data), ensure_ascii=False) if response.data else ""
        assert "<script>" not in answer and "x" * 5000 not in answer, changed


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_relayout_and_downloads_with_forged_stores_answer_without_error(client, value):
    store = {"tab": value, "sectors": value, "topic": value, "indicator": value}
    for screen in ("narrow", value):
        response = sync_request(client, None, None, {"relayout": True, "screen": screen, "at": 1},
                                "store-request.data", **{"store-view.data": store, "store-panes.data": value})
        assert response.status_code == 200, (screen, response.data[:300])
    download = post(client, "download.data", single("download", "data"),
                    [{**single("download-csv", "n_clicks"), "value": 1}, {**single("download-xlsx", "n_clicks"), "value": None}],
                    [{**single("store-view", "data"), "value": store}], ["download-csv.n_clicks"])
    assert download.status_code == 200
    assert json.loads(download.data)["response"]["download"]["data"]["filename"].startswith("chengdu-2023-overview")


def test_the_table_follows_a_new_scope_only_once_opened(client):
    """A new scope leaves the table alone until its section was opened (summary clicked); an opened table
    comes with the new scope, in the same response."""

    def render(clicks, sort=None):
        response = sync_request(client, [], None, {"search": "?tab=talent", "at": 1}, "store-request.data",
                                **{"store-view.data": View().scope(), "view-table-count.n_clicks": clicks,
                                   "view-table-sort.data": sort})
        assert response.status_code == 200
        return answer_values(response)

    assert "view-table-wrap.children" not in render(None)
    table = render(2)["view-table-wrap.children"]  # opened, then closed: kept up to date
    expected = shown_figure_ids(load(), View(tab="talent"))
    assert table["type"] == "Table" and table_rows(table) == expected
    # A sorted table stays sorted when the scope re-renders it.
    resorted = render(1, {"column": "base_value", "descending": True})["view-table-wrap.children"]
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
                    [{**single("view-table-sort", "data"), "value": value}, {**single("store-view", "data"), "value": value}],
                    [json.dumps(button, separators=(",", ":")) + ".n_clicks"])
    assert response.status_code in (200, 204), response.data[:300]


def chart_layouts(answer: dict) -> set[str]:
    """The layouts ("narrow", "wide") of the chart cells in a sync answer's panes (data-layout)."""
    return set(re.findall(r'"data-layout": "(\w+)"', json.dumps(answer)))


@pytest.mark.parametrize("request_kind", ["search", "mount", "relayout"])
def test_the_requests_screen_word_else_the_cookie_decides_the_layout(app, request_kind):
    """Each request to sync says its window's screen (assets/route.js): the charts it sends take that layout,
    whatever the screen cookie says; a request without a word (or with a word that is none) falls back on the
    cookie (assets/boot.js keeps it), and without either the layout is wide."""
    asked = {"search": {"search": "?tab=jobs"}, "mount": {"mount": "jobs"}, "relayout": {"relayout": True}}[request_kind]
    stored = {"tab": "talent" if request_kind == "mount" else "jobs", "sectors": [], "topic": None,
              "indicator": None, "lang": "zh", "period": None}

    def layouts(screen, cookie):
        client = app.server.test_client()
        if cookie is not None:
            client.set_cookie("screen", cookie)
        request = {**asked, "at": 1, **({} if screen is None else {"screen": screen})}
        response = sync_request(client, [], None, request, "store-request.data", ("talent", "jobs"),
                                **{"store-view.data": stored if request_kind != "search" else None,
                                   "store-panes.data": {stored["tab"]: stored} if request_kind == "mount" else None})
        assert response.status_code == 200, response.data[:300]
        return chart_layouts(json.loads(response.data)["response"])

    assert layouts("narrow", "wide") == {"narrow"}  # the request's word, not the cookie
    assert layouts("wide", "narrow") == {"wide"}
    assert layouts(None, "narrow") == {"narrow"}  # no word: the cookie
    assert layouts("tall", "narrow") == {"narrow"}  # not a word
    assert layouts(None, "wide") == layouts(None, None) == {"wide"}


def test_sync_answers_the_url_the_request_carries_and_changes_the_shown_view_otherwise(client):
    """A request with an address (a link, Back) is answered for that address; a filter's new value or a chart's
    click changes the view the page shows (its view store), language and tab kept, and the new address comes
    with the answer (route.js pushes it)."""
    shown = stored_view(View(tab="talent", lang="en"))
    values = {"store-view.data": shown, "store-request.data": {"search": "?tab=jobs&indicator=jobs_new_urban", "at": 1}}
    answer = answer_values(callback(client, "store-push.data", values, "store-request.data"))
    assert (answer["store-view.data"]["tab"], answer["store-view.data"]["indicator"]) == ("jobs", "jobs_new_urban")
    for request, query in (({"topic": "postdoc", "at": 1}, "?tab=talent&topic=postdoc&lang=en"),
                           ({"click": {"points": [{"customdata": "talent_total"}]}, "at": 1},
                            "?tab=talent&indicator=talent_total&lang=en")):
        response = callback(client, "store-push.data", {"store-view.data": shown, "store-request.data": request},
                            "store-request.data")
        assert response.status_code == 200
        pushed = json.loads(response.data)["response"]["store-push"]["data"]
        assert pushed["query"] == query and pushed["set"]["store-view.data"]["query"] == query
