"""parse_view / checked: every URL value is checked against what exists; the rest is dropped and named."""

from __future__ import annotations

import pytest

from dashboard import DEFAULT_DATA_DIR
from dashboard.loading import load
from dashboard.urlstate import MAX_QUERY, View, checked, in_scope, parse_view, view_from_dict


@pytest.fixture(scope="module")
def data():
    return load(DEFAULT_DATA_DIR)


def test_empty_and_missing_queries_are_the_overview(data):
    for search in (None, "", "?", 42, ["?tab=talent"]):
        view = parse_view(search, data)
        assert (view.tab, view.sectors, view.topic, view.indicator, view.ignored) == ("overview", (), None, None, ())


def test_a_full_view_round_trips(data):
    view = parse_view("?tab=talent&topic=postdoc&indicator=talent_postdocs", data)
    assert (view.tab, view.topic, view.indicator, view.ignored) == ("talent", "postdoc", "talent_postdocs", ())
    assert parse_view(view.query(), data) == view
    assert view.query() == "?tab=talent&topic=postdoc&indicator=talent_postdocs"


def test_sectors_are_checked_deduplicated_and_put_in_area_order(data):
    view = parse_view("?tab=overview&sector=talent,jobs,talent", data)
    assert view.sectors == ("jobs", "talent")
    assert view.query() == "?tab=overview&sector=jobs,talent"
    assert view.ignored == ()


def test_a_bogus_area_is_dropped_and_named_while_good_ones_stay(data):
    view = parse_view("?sector=talent,atlantis", data)
    assert view.sectors == ("talent",)
    assert view.ignored == ("sector",)


def test_sector_only_applies_to_the_overview(data):
    view = parse_view("?tab=jobs&sector=talent", data)
    assert (view.tab, view.sectors, view.ignored) == ("jobs", (), ("sector",))


def test_topic_must_belong_to_the_tab(data):
    assert parse_view("?tab=talent&topic=postdoc", data).topic == "postdoc"
    other_area = parse_view("?tab=jobs&topic=postdoc", data)
    assert (other_area.topic, other_area.ignored) == (None, ("topic",))
    on_overview = parse_view("?topic=postdoc", data)
    assert (on_overview.topic, on_overview.ignored) == (None, ("topic",))


def test_indicator_must_exist_and_be_in_the_view(data):
    assert parse_view("?tab=talent&indicator=talent_total", data).indicator == "talent_total"
    assert parse_view("?tab=overview&indicator=talent_gold", data).indicator == "talent_gold"
    for search in ("?tab=talent&indicator=nope", "?tab=jobs&indicator=talent_total",
                   "?tab=overview&sector=jobs&indicator=talent_total",
                   "?tab=talent&topic=postdoc&indicator=talent_total"):
        view = parse_view(search, data)
        assert view.indicator is None and view.ignored == ("indicator",), search


def test_hostile_values_are_ignored_not_kept(data):
    script = "<script>alert(1)</script>"
    view = parse_view(f"?tab={script}&sector={script}&topic={script}&indicator={script}", data)
    assert view == View(ignored=("tab", "sector", "topic", "indicator"))
    assert script not in view.query()


def test_overlong_or_overstuffed_queries_are_dropped_whole(data):
    assert parse_view("?tab=talent&indicator=" + "x" * 5000, data) == View(ignored=("query",))
    # At the limit the query is still read (the tab kept, the padding named); one character more drops it whole.
    at_limit = "?tab=talent&x=" + "y" * (MAX_QUERY - 14)
    assert len(at_limit) == MAX_QUERY
    assert parse_view(at_limit, data) == View(tab="talent", ignored=("other",))
    assert parse_view(at_limit + "y", data) == View(ignored=("query",))
    assert parse_view("&".join(f"p{i}=1" for i in range(50)), data) == View(ignored=("query",))


def test_unknown_parameters_are_named_generically(data):
    view = parse_view("?tab=jobs&<b>=1", data)
    assert (view.tab, view.ignored) == ("jobs", ("other",))


def test_blank_values_mean_not_set(data):
    assert parse_view("?tab=talent&sector=&topic=&indicator=", data) == View(tab="talent", ignored=())


@pytest.mark.parametrize("value", [["talent_total"], {"a": 1}, 3, 2.5, [None], ""])
def test_checked_survives_values_of_any_type(data, value):
    view = checked(data, tab=value, sectors=value if value else (), topic=value, indicator=value)
    assert view.tab == "overview" and view.sectors == () and view.topic is None and view.indicator is None
    assert ("sector" in view.ignored) == bool(value)


def test_view_from_a_forged_store_is_checked_again(data):
    assert view_from_dict(data, {"tab": "talent", "indicator": "jobs_new_urban"}).indicator is None
    assert view_from_dict(data, "not a dict") == View()


def test_in_scope_follows_sector_and_topic(data):
    assert in_scope(data, View(sectors=("talent",)), "talent_gold")
    assert not in_scope(data, View(sectors=("talent",)), "jobs_new_urban")
    assert not in_scope(data, View(tab="talent", topic="postdoc"), "talent_gold")


def test_language_is_part_of_the_view(data):
    view = parse_view("?tab=talent&lang=en", data)
    assert view.lang == "en" and not view.ignored
    assert view.query() == "?tab=talent&lang=en"
    assert parse_view(view.query(), data) == view
    assert parse_view("?tab=talent", data).lang == "zh"  # Chinese is the default, and its URL has no lang


def test_an_unknown_language_is_ignored_with_the_notice(data):
    view = parse_view("?tab=talent&lang=fr", data)
    assert view.lang == "zh" and view.ignored == ("lang",) and view.tab == "talent"


def test_every_step_keeps_the_language(data):
    from dashboard import ids
    from dashboard.explore import next_view

    assert next_view(data, ids.URL, "?tab=talent&lang=en", None).view.query() == "?tab=talent&lang=en"
    assert next_view(data, ids.TOPIC, "?tab=talent&lang=en", "postdoc").view.lang == "en"
    assert next_view(data, ids.SECTOR, "?lang=en", ["jobs"]).view.lang == "en"


def test_payload_check_accepts_an_allow_duplicate_output():
    """The Present button's callback writes url.search with allow_duplicate: the renderer names the
    output 'search@<hash>', which the hardening's payload check must accept (it answered 400)."""
    from dashboard.app import create_app
    from dashboard.server import check_callback_body

    from conftest import DATA

    app = create_app(DATA)
    key = next(k for k, cb in app.callback_map.items()
               if k.startswith("url.search@") and any(i["id"] == "present-open" for i in cb["inputs"]))
    body = {
        "output": key,
        "outputs": {"id": "url", "property": key.split(".", 1)[1]},
        "inputs": [{"id": "present-open", "property": "n_clicks", "value": 1},
                   {"id": "present-exit", "property": "n_clicks", "value": 0}],
        "changedPropIds": ["present-open.n_clicks"],
        "state": [{"id": "url", "property": "search", "value": "?tab=talent&lang=en"}],
    }
    check_callback_body(body, app.callback_map)  # raises PayloadError if refused
