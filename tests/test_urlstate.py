"""parse_view / checked: every URL value is checked against what exists; the rest is dropped and named."""

from __future__ import annotations

import pytest

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.dataset import load
from dashboard.view.state import View, checked, in_scope, view_from_dict
from dashboard.view.url import MAX_QUERY, parse_view


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
    from dashboard.explore.sync import next_view

    assert next_view(data, ids.URL, "?tab=talent&lang=en", None).view.query() == "?tab=talent&lang=en"
    assert next_view(data, ids.TOPIC, "?tab=talent&lang=en", "postdoc").view.lang == "en"
    assert next_view(data, ids.SECTOR, "?lang=en", ["jobs"]).view.lang == "en"


def test_payload_check_accepts_an_allow_duplicate_output():
    """Opening the table writes the table's children with allow_duplicate: the renderer names the output
    'children@<hash>', which the hardening's payload check must accept (it answered 400)."""
    from dashboard.app import create_app
    from dashboard.server import check_callback_body

    from conftest import DATA

    app = create_app(DATA)
    key = next(k for k, cb in app.callback_map.items()
               if k.startswith("view-table-wrap.children@") and any(i["id"] == "view-table-count" for i in cb["inputs"]))
    body = {
        "output": key,
        "outputs": {"id": "view-table-wrap", "property": key.split(".", 1)[1]},
        "inputs": [{"id": "view-table-count", "property": "n_clicks", "value": 1}],
        "changedPropIds": ["view-table-count.n_clicks"],
        "state": [{"id": "store-view", "property": "data", "value": None},
                  {"id": "view-table-sort", "property": "data", "value": None}],
    }
    check_callback_body(body, app.callback_map)  # raises PayloadError if refused


def area_views(data):
    """Every area tab, unfiltered and filtered to each of its topics."""
    from dashboard.view.state import area_topics

    for area in data.areas.index:
        yield View(tab=area)
        for topic in area_topics(data, area):
            yield View(tab=area, topic=topic)


def test_a_card_and_a_tile_never_show_the_same_figure(data):
    """Issue 28, finding 5: filtered to 技能成都 the 21.07万人次 card stood beside an identical tile."""
    from dashboard.view.selection import chart_figure_ids, shown_cards, shown_charts

    for view in area_views(data):
        cards = set(shown_cards(data, view))
        for chart_id, subset in shown_charts(data, view):
            if data.charts.at[chart_id, "kind"] == "indicators":
                tiles = set(chart_figure_ids(data, chart_id, subset))
                assert tiles and not tiles & cards, (view.query(), chart_id, tiles & cards)


@pytest.mark.parametrize("chart_id, left_out, words", [
    ("talent_market", "talent_training", ("培训", "training")),
    ("social_security_funds", "ss_fund_balance", ("结余", "balance")),
    ("science_popularization_scifi", "sp_worldcon_attendees", ("世界科幻大会", "worldcon")),
])
def test_a_tile_charts_title_never_names_the_figure_its_card_took(data, chart_id, left_out, words):
    """Issue 28, finding 5: on its tab a tile chart leaves out the figures its cards show, so its title
    (data/charts.csv) must not name them: 技能培训与人力资源服务业 showed no training figure."""
    from dashboard.view.selection import chart_figure_ids, shown_charts

    area = data.charts.at[chart_id, "area"]
    shown = dict(shown_charts(data, View(tab=area)))
    assert left_out not in chart_figure_ids(data, chart_id, shown[chart_id])  # the card took it
    zh, en = data.charts.at[chart_id, "title_zh"], data.charts.at[chart_id, "title_en"].lower()
    assert words[0] not in zh and words[1] not in en, (zh, en)


def test_tiles_whose_figures_are_all_cards_are_left_out_not_repeated(data):
    """The rule behind the test above, whatever the data: tiles leave out the cards' figures, and tiles with
    nothing left are not drawn (they used to fall back to all their figures, beside the identical cards)."""
    from dashboard.view.selection import beside_cards

    figures = data.charts.at["talent_market", "figure_ids"]
    assert beside_cards(data, "talent_market", None, figures) == ()
    assert beside_cards(data, "talent_market", None, figures[:1]) == figures[1:]
    bars = data.charts.at["talent_pool", "figure_ids"]
    assert beside_cards(data, "talent_pool", None, bars) == bars  # bars compare: they keep every figure
