"""A stable layout: charts keep their height through a pick and its close, cards in a row are equal."""

from __future__ import annotations

import pytest

from conftest import go_live
from dashboard import DEFAULT_DATA_DIR
from dashboard.loading import load
from dashboard.urlstate import View, shown_cards, tab_ids

# Each test looks at one view at a time: the reader's browser saves data, so the app mounts no other tab
# in the background (conftest.saves_data).
SAVING_DATA = True

DATA = load(DEFAULT_DATA_DIR)
HEIGHTS = """() => Object.fromEntries([...document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .chart-cell')].map(
  c => [c.id, Math.round(c.querySelector('.js-plotly-plot').getBoundingClientRect().height)]))"""
CARD_ROWS = """() => { const rows = {};
  for (const card of document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .kpis .kpi')) {
    const box = card.getBoundingClientRect(); (rows[Math.round(box.top)] ||= []).push(Math.round(box.height)); }
  return Object.values(rows); }"""
# Instead of fixed pauses: resolves once the page is still, that is no request of the page's scripts in flight
# (Dash sends its callbacks with fetch, counted from the first call on) and every chart's height unchanged,
# for `frames` animation frames in a row.
SETTLED = """(frames) => new Promise((resolve) => {
  if (window.__inFlight === undefined) {
    window.__inFlight = 0;
    const send = window.fetch.bind(window);
    window.fetch = (...args) => { window.__inFlight += 1; return send(...args).finally(() => { window.__inFlight -= 1; }); };
  }
  const heights = () => JSON.stringify([...document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .chart-cell .js-plotly-plot')]
    .map((g) => g.getBoundingClientRect().height));
  let last = heights(), still = 0;
  const tick = () => {
    const now = heights();
    still = (window.__inFlight === 0 && now === last) ? still + 1 : 0;
    last = now;
    if (still >= frames) { resolve(); } else { requestAnimationFrame(tick); }
  };
  requestAnimationFrame(tick);
})"""
# The card rows of each view the height test opened, by (size, tab): the card test reads them there
# instead of opening the view again (it opens the views missing here, and the last tab for the focus ring).
CARDS_SEEN: dict[tuple, list] = {}
RING = """() => { const a = document.activeElement, card = a.querySelector('.kpi');
  const o = a.getBoundingClientRect(), c = card.getBoundingClientRect();
  return [o.top - c.top, o.bottom - c.bottom, o.left - c.left, o.right - c.right].map(Math.round); }"""


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1366, 768), (390, 844)])
def test_charts_keep_their_height_through_a_pick_and_its_close(sized_page, live_server, size):
    with sized_page(*size) as page:
        for tab in tab_ids(DATA)[1:]:
            go_live(page, f"{live_server}/?tab={tab}")
            page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .chart-cell .main-svg")
            page.evaluate(SETTLED, 10)
            before = page.evaluate(HEIGHTS)
            CARDS_SEEN[size, tab] = page.evaluate(CARD_ROWS)  # for the card test below: the view is open
            card = shown_cards(DATA, View(tab=tab))[0]
            page.click(f"#kpi-{card}")
            page.wait_for_selector(f"#detail-panel [data-figure='{card}']")
            page.evaluate(SETTLED, 10)  # the highlight patches land
            picked = page.evaluate(HEIGHTS)
            page.keyboard.press("Escape")
            page.wait_for_selector("#detail-panel .detail-head", state="detached")
            page.evaluate(SETTLED, 10)
            closed = page.evaluate(HEIGHTS)
            assert before == picked == closed, (tab, size, before, picked, closed)


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080), (390, 844)])
def test_cards_in_a_row_are_equal_and_the_focus_ring_is_the_cards_edge(sized_page, live_server, size):
    last = tab_ids(DATA)[-1]
    with sized_page(*size) as page:
        for tab in tab_ids(DATA):
            if (size, tab) in CARDS_SEEN and tab != last:
                rows = CARDS_SEEN[size, tab]
            else:
                go_live(page, f"{live_server}/?tab={tab}")
                page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .kpis .kpi")
                rows = page.evaluate(CARD_ROWS)
            assert rows and all(len(set(row)) == 1 for row in rows), (tab, size, rows)
        page.focus("#tab-content > .pane:not(.pane--hidden) .kpi-link")  # on the last tab, opened here
        assert all(abs(d) <= 1 for d in page.evaluate(RING))  # the link is exactly the card
