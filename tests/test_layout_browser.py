"""A stable layout: charts keep their height through a pick and its close, cards in a row are equal."""

from __future__ import annotations

import pytest

from conftest import PHONE, go_live
from visits import LAPTOP, SIZES, TABS, finding

# Each test looks at one view at a time: the reader's browser saves data, so the app mounts no other tab
# in the background (conftest.saves_data).
SAVING_DATA = True

RING = """() => { const a = document.activeElement, card = a.querySelector('.kpi');
  const o = a.getBoundingClientRect(), c = card.getBoundingClientRect();
  return [o.top - c.top, o.bottom - c.bottom, o.left - c.left, o.right - c.right].map(Math.round); }"""


@pytest.mark.browser
@pytest.mark.parametrize("size", [LAPTOP, PHONE])
def test_charts_keep_their_height_through_a_pick_and_its_close(visit, size):
    """Every area tab: each chart's height before a pick of its first card, with the pick, and after Escape
    closed it (tests/visits.py makes the pick in the view's one visit)."""
    for tab in TABS[1:]:
        before, picked, closed = finding(visit(size, "zh", tab), "heights")
        assert before and before == picked == closed, (tab, size, before, picked, closed)


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_cards_in_a_row_are_equal_and_the_focus_ring_is_the_cards_edge(visit, sized_page, live_server, size):
    for tab in TABS:
        rows = finding(visit(size, "zh", tab), "cards")
        assert rows and all(len(set(row)) == 1 for row in rows), (tab, size, rows)
    with sized_page(*size) as page:
        go_live(page, f"{live_server}/?tab={TABS[-1]}")
        page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .kpis .kpi")
        page.focus("#tab-content > .pane:not(.pane--hidden) .kpi-link")
        assert all(abs(d) <= 1 for d in page.evaluate(RING))  # the link is exactly the card
