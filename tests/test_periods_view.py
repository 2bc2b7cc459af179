"""period= in the URL, and every period with its computed change in the detail panel, table and briefing.

Runs on tests/fixtures/fictional_periods (fictional test data, 2091–2093) and checks the shipped
single-period data is shown as before.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from conftest import markup_texts
from dashboard.figures.charts import cached_chart
from dashboard.exports.deck import briefing_pptx
from dashboard.exports.deck_plan import deck_plan
from dashboard.explore.drill import detail_panel
from dashboard.explore.sync import next_view
from dashboard import ids
from dashboard.data.dataset import load
from dashboard.table import table_frame
from dashboard.view.selection import tab_links
from dashboard.view.state import view_data
from dashboard.view.url import parse_view

from conftest import DATA

FIXTURE = Path(__file__).parent / "fixtures" / "fictional_periods"


@pytest.fixture(scope="module")
def fx():
    return load(FIXTURE)


def texts(component) -> list[str]:
    """Every string in a Dash component tree."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, (list, tuple)):
        return [s for c in component for s in texts(c)]
    if getattr(component, "html", None) is not None:  # StaticHtml: markup made by the server's templates
        return markup_texts(component.html)
    children = getattr(component, "children", None)
    return texts(children) if children is not None else []


def test_period_in_the_url_selects_a_period_and_round_trips(fx):
    view = parse_view("?tab=jobs&indicator=jobs_new_urban&period=2091", fx)
    assert (view.period, view.ignored) == ("2091", ())
    assert view.query() == "?tab=jobs&indicator=jobs_new_urban&period=2091"
    assert view_data(fx, view).figure("jobs_new_urban")["value"] == "29.08"
    # The latest period is the default: naming it gives the canonical URL without it.
    latest = parse_view("?tab=jobs&period=2093", fx)
    assert latest.period is None and latest.query() == "?tab=jobs"


@pytest.mark.parametrize("bad", ["1999", "2023", "20911", "<script>", ""])
def test_an_unknown_period_is_dropped_with_a_notice(fx, bad):
    view = parse_view(f"?tab=jobs&period={bad}", fx)
    assert view.period is None
    assert view.ignored == (("period",) if bad else ())


def test_the_shipped_data_has_one_period_and_keeps_its_urls():
    data = load(DATA)
    assert parse_view("?tab=jobs&period=2023", data).query() == "?tab=jobs"
    assert parse_view("?tab=jobs&period=2022", data).ignored == ("period",)
    view = parse_view("?tab=jobs&indicator=jobs_new_urban", data)
    assert "历年数据" not in texts(detail_panel(data, view, "zh"))
    assert "change" not in table_frame(data, ["jobs_new_urban"], "zh")


def test_changing_tab_or_topic_keeps_the_period(fx):
    # A tab is a link from the view: it keeps the period (and the language), drops the filters.
    links = dict((tab, href) for tab, _, href, _ in tab_links(fx, parse_view("?tab=jobs&topic=outcomes&period=2092", fx)))
    step = next_view(fx, ids.URL, links["talent"], None)
    assert (step.view.tab, step.view.period, step.view.topic) == ("talent", "2092", None)
    step = next_view(fx, ids.TOPIC, "?tab=jobs&period=2092", "outcomes")
    assert (step.view.topic, step.view.period) == ("outcomes", "2092")


def test_detail_panel_shows_every_period_both_quotes_and_the_computed_change(fx):
    view = parse_view("?tab=jobs&indicator=jobs_new_urban&period=2092", fx)
    shown = texts(detail_panel(view_data(fx, view), view, "zh"))
    assert "31.73万人" in shown  # the selected period's value as the panel's value
    assert "历年数据" in shown
    for quote in ("【虚构测试数据】城镇新增就业29.08万人", "【虚构测试数据】城镇新增就业31.73万人",
                  "【虚构测试数据】城镇新增就业34.37万人"):
        assert quote in shown
    changes = [s for s in shown if "据公布数字计算" in s]
    assert len(changes) == 2 and "较2091年+26,500人（+9.1%）" in changes[0]
    english = texts(detail_panel(view_data(fx, view), parse_view(view.query() + "&lang=en", fx), "en"))
    assert any("computed from the published figures" in s for s in english)


def test_table_lists_every_period_with_the_change(fx):
    view = parse_view("?tab=jobs", fx)
    frame = table_frame(view_data(fx, view), ["jobs_new_urban", "jobs_reemployed"], "zh")
    assert list(frame["period"]) == ["2091", "2092", "2093"] * 2
    assert list(frame["id"]) == ["jobs_new_urban"] * 3 + ["jobs_reemployed"] * 3  # a row picks its figure
    assert frame.loc[0, "change"] == "" and "据公布数字计算" in frame.loc[1, "change"]
    assert list(frame["quote"][:3]) == [f"【虚构测试数据】城镇新增就业{v}万人" for v in ("29.08", "31.73", "34.37")]


def test_charts_show_the_view_period_and_say_which(fx):
    latest = cached_chart(fx, "jobs_outcomes", "zh")
    older = cached_chart(fx.in_period("2091"), "jobs_outcomes", "zh")
    assert latest != older
    blob_latest, blob_older = str(latest), str(older)
    assert "2093" in blob_latest and "2091" in blob_older and "2093" not in blob_older


def test_briefing_appendix_lists_every_period_and_quote(fx):
    from pptx import Presentation

    view = parse_view("?tab=jobs&topic=outcomes", fx)
    shown = view_data(fx, view)
    plan = [slide for slide in deck_plan(shown, view, "zh") if slide.kind != "chart"]  # no pictures drawn here
    deck = Presentation(io.BytesIO(briefing_pptx(shown, view, plan, {}, lang="zh", link="http://127.0.0.1/")))
    text = "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    cells = "".join(cell.text for slide in deck.slides for shape in slide.shapes if shape.has_table
                    for row in shape.table.rows for cell in row.cells)
    cells = re.sub(r"\s", "", cells)  # the deck wraps cell text to its column (line breaks, no spaces)
    assert "2091:29.08万人" in cells and "2092:31.73万人(较2091年+26,500人（+9.1%），据公布数字计算)" in cells
    assert "2093:【虚构测试数据】城镇新增就业34.37万人" in cells
    # The headline slide shows the view's period, 2093, and not an older one.
    assert "34.37万人" in text and "29.08万人" not in text, text


def test_file_names_say_the_period(fx):
    from dashboard.table import download_payload
    from dashboard.views import export_filename

    view = parse_view("?tab=jobs&period=2091", fx)
    assert export_filename(view_data(fx, view), "jobs_outcomes").endswith("-2091")
    assert export_filename(fx, "jobs_outcomes").endswith("-2093")
    _, name = download_payload(fx, ids.DOWNLOAD_CSV, view.scope(), "zh")
    assert name == "chengdu-2091-jobs.csv"
    assert export_filename(load(DATA), "jobs_outcomes").endswith("-2023")


@pytest.fixture(scope="module")
def client():
    from dashboard.app import create_app

    return create_app(FIXTURE).server.test_client()


def layout_text(client, query: str) -> str:
    import json

    response = client.get("/_dash-layout", headers={"Referer": f"http://127.0.0.1/{query}"})
    assert response.status_code == 200
    return json.dumps(response.get_json(), ensure_ascii=False)


def test_the_first_paint_is_the_period_the_url_names(client):
    older = layout_text(client, "?tab=jobs&period=2091")
    latest = layout_text(client, "?tab=jobs")
    # Charts and source lines of that period only.
    assert "2091年" in older and "2093年" not in older
    assert "2093年" in latest and "2091年" not in latest
    # A picked figure's panel lists every period, with the change computed.
    picked = layout_text(client, "?tab=jobs&indicator=jobs_new_urban&period=2091")
    assert "历年数据" in picked and "较2092年+26,400人（+8.3%），据公布数字计算" in picked
    assert "据公布数字计算" in picked and "34.37万人" in picked


def test_an_export_of_an_unknown_period_is_a_clear_400(client):
    response = client.get("/export/briefing.pptx?tab=jobs&period=1999")
    assert response.status_code == 400
    problems = response.get_json()["problems"]  # the one error shape: each problem names the path
    assert {"file": "/export/briefing.pptx", "line": None, "column": None,
            "message": "period: '1999' is not a valid value"} in problems
