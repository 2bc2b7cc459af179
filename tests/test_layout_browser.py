"""A stable layout: charts keep their height through a pick and its close, cards in a row are equal."""

from __future__ import annotations

import pytest

from conftest import go_live
from dashboard import DEFAULT_DATA_DIR
from dashboard.loading import load
from dashboard.urlstate import View, shown_cards, tab_ids

DATA = load(DEFAULT_DATA_DIR)
HEIGHTS = """() => Object.fromEntries([...document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .chart-cell')].map(
  c => [c.id, Math.round(c.querySelector('.js-plotly-plot').getBoundingClientRect().height)]))"""
CARD_ROWS = """() => { const rows = {};
  for (const card of document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .kpis .kpi')) {
    const box = card.getBoundingClientRect(); (rows[Math.round(box.top)] ||= []).push(Math.round(box.height)); }
  return Object.values(rows); }"""
RING = """() => { const a = document.activeElement, card = a.querySelector('.kpi');
  const o = a.getBoundingClientRect(), c = card.getBoundingClientRect();
  return [o.top - c.top, o.bottom - c.bottom, o.left - c.left, o.right - c.right].map(Math.round); }"""


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1366, 768), (390, 844)])
def test_charts_keep_their_height_through_a_pick_and_its_close(browser, live_server, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        for tab in tab_ids(DATA)[1:]:
            go_live(page, f"{live_server}/?tab={tab}")
            page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .chart-cell .main-svg")
            page.wait_for_timeout(300)
            before = page.evaluate(HEIGHTS)
            card = shown_cards(DATA, View(tab=tab))[0]
            page.click(f"#kpi-{card}")
            page.wait_for_selector(f"#detail-panel [data-figure='{card}']")
            page.wait_for_timeout(500)  # the highlight patches land
            picked = page.evaluate(HEIGHTS)
            page.keyboard.press("Escape")
            page.wait_for_selector("#detail-panel .detail-head", state="detached")
            page.wait_for_timeout(500)
            closed = page.evaluate(HEIGHTS)
            assert before == picked == closed, (tab, size, before, picked, closed)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (390, 844)])
def test_cards_in_a_row_are_equal_and_the_focus_ring_is_the_cards_edge(browser, live_server, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        for tab in tab_ids(DATA):
            go_live(page, f"{live_server}/?tab={tab}")
            page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .kpis .kpi")
            rows = page.evaluate(CARD_ROWS)
            assert rows and all(len(set(row)) == 1 for row in rows), (tab, size, rows)
        page.focus("#tab-content > .pane:not(.pane--hidden) .kpi-link")
        assert all(abs(d) <= 1 for d in page.evaluate(RING))  # the link is exactly the card
    finally:
        context.close()
