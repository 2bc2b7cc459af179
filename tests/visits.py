"""One visit per view (screen size, language, tab) for the checks that judge a view as it loads.

Whichever test asks first opens the view and makes every observation the other tests need in that one
visit; each test then judges its own finding:
  - it fits the screen with nothing clipped, in the layout for its width (test_screens_browser);
  - nothing moves from the first paint through the app's take-over (test_first_paint);
  - cards in a row are equal; charts keep their height through a pick and its close (test_layout_browser);
  - no Chinese in the English view; no serious axe-core finding, on a phone and, on a laptop, with the view
    table open and sorted (test_a11y_browser, test_screens_browser).
A step that fails is kept as its error and raised by finding() to the test that judges it, so no test fails
for another's finding. The suite used to load each of these views once per check (about 40 loads more).
The tab is a reader whose browser saves data (conftest.save_data): only the view is loaded, as each check
wants; the other tabs' panes are tested where switching is (test_explore_browser)."""

from __future__ import annotations

import os
import re

from dashboard.figures.layout import NARROW_MARGIN
from dashboard.data.dataset import load
from dashboard.view.selection import shown_cards
from dashboard.view.state import View, tab_ids

from conftest import DATA, PHONE, ROOT, go_live

AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "out" / "screens"
# TEST_SCREENSHOTS=1 keeps a screenshot of every visited view in out/screens (a test setting, not the app's).
SCREENSHOTS = os.environ.get("TEST_SCREENSHOTS") == "1"
HAN = re.compile(r"[\u4e00-\u9fff]")
DATA_SET = load(DATA)
TABS = tab_ids(DATA_SET)
LAPTOP = (1366, 768)
WIDE = (1920, 1080)
SIZES = [PHONE, LAPTOP, WIDE]
SHOWN = "#tab-content > .pane:not(.pane--hidden)"

# Every text node and accessible-name attribute outside elements marked as Chinese (quotations of the
# source, the switch's 中文) and outside scripts: what a reader of the English view sees or hears.
VISIBLE_TEXT = """() => {
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walk.nextNode())) {
    if (!node.parentElement.closest('[lang^=zh], script, style, noscript')) { out.push(node.textContent); }
  }
  document.querySelectorAll('[aria-label], [title], [placeholder]').forEach((el) => {
    if (!el.closest('[lang^=zh]')) {
      ['aria-label', 'title', 'placeholder'].forEach((name) => out.push(el.getAttribute(name) || ''));
    }
  });
  return out;
}"""

# Every text of every chart's SVG and every KPI value, measured against the box that must hold it.
CLIPPED = """(cells) => {
  const out = [];
  document.querySelectorAll(cells).forEach((cell) => {
    const id = cell.id;
    if (cell.scrollWidth > cell.clientWidth) { out.push([id, 'cell scrolls', cell.scrollWidth - cell.clientWidth]); }
    const svg = cell.querySelector('.main-svg');
    const box = svg.getBoundingClientRect();
    if (box.right > cell.getBoundingClientRect().right + 1) { out.push([id, 'drawing wider than its card']); }
    cell.querySelectorAll('.main-svg text, .infolayer text').forEach((text) => {
      const r = text.getBoundingClientRect();
      if (!text.textContent.trim() || r.width === 0) { return; }
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        out.push([id, text.textContent, Math.round(r.left - box.left), Math.round(box.right - r.right)]);
      }
    });
  });
  document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .kpi').forEach((card) => {
    if (card.scrollWidth > card.clientWidth) { out.push([card.id, 'card text overflows']); }
  });
  return out;
}"""
# Each wide chart's bar labels against its left margin: [chart, the margin the server set, the margin Plotly
# drew with (its automargin widens it when the labels do not fit), the widest label's drawn width, the other
# sides Plotly widened (a tick label past the plot's edge: each widening is a second drawing of the chart)].
MARGINS = """() => [...document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .chart-cell .js-plotly-plot')]
  .filter((g) => g.layout.yaxis && g.layout.yaxis.automargin)
  .map((g) => [g.closest('.chart-cell').dataset.chart, g.layout.margin.l, g._fullLayout._size.l,
               Math.max(...[...g.querySelectorAll('.ytick text')].map((t) => t.getBoundingClientRect().width)),
               ['t', 'r', 'b'].filter((side) => Math.round(g._fullLayout._size[side]) > g.layout.margin[side])])"""
# Each shown chart's layout, as its figure is drawn (a phone's figure has the narrow margin) and as its cell says;
# a chart whose two disagree is reported as such.
LAYOUTS = f"""() => [...document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .chart-cell')].map((c) => {{
  const drawn = c.querySelector('.js-plotly-plot').layout.margin.l === {NARROW_MARGIN} ? 'narrow' : 'wide';
  return drawn === c.dataset.layout ? drawn : `drawn ${{drawn}}, cell ${{c.dataset.layout}}`;
}})"""
# Layout shift summed over the whole visit so far: the buffered entries since the page began to load.
CLS = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 600);
})"""
HEIGHTS = """() => Object.fromEntries([...document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .chart-cell')].map(
  c => [c.id, Math.round(c.querySelector('.js-plotly-plot').getBoundingClientRect().height)]))"""
CARD_ROWS = """() => { const rows = {};
  for (const card of document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .kpis .kpi')) {
    const box = card.getBoundingClientRect(); (rows[Math.round(box.top)] ||= []).push(Math.round(box.height)); }
  return Object.values(rows); }"""
# Instead of fixed pauses: resolves once the page is still, that is no Dash callback in flight (counted from the
# page's start by conftest.IDLE_WATCH: a request sent before this ran, such as a phone's relayout, counts too)
# and every chart's height, and the width of its box and of its drawing, unchanged, for `frames` frames in a row.
SETTLED = """(frames) => new Promise((resolve, reject) => {
  if (window.__dashInFlight === undefined) { reject(new Error('IDLE_WATCH is not installed in this context')); return; }
  const heights = () => JSON.stringify([...document.querySelectorAll('#tab-content > .pane:not(.pane--hidden) .chart-cell .js-plotly-plot')]
    .map((g) => [g.getBoundingClientRect().height, g.getBoundingClientRect().width,
                 (g.querySelector('.main-svg') || g).getBoundingClientRect().width]));
  let last = heights(), still = 0;
  const tick = () => {
    const now = heights();
    still = (window.__dashInFlight === 0 && now === last) ? still + 1 : 0;
    last = now;
    if (still >= frames) { resolve(); } else { requestAnimationFrame(tick); }
  };
  requestAnimationFrame(tick);
})"""


def open_view(page, url: str) -> None:
    go_live(page, url)
    page.wait_for_selector(f"{SHOWN} .js-plotly-plot .main-svg")
    page.wait_for_selector("#view-link[value*='?tab=']")  # the clientside callbacks have run


def chinese_outside_brackets(texts: list[str]) -> list[str]:
    return [text for text in texts if HAN.search(re.sub(r"[(（][^)）]*[)）]", "", text))]


def clipped(page, cells: str = f"{SHOWN} .chart-cell") -> list:
    """What CLIPPED finds in the boxes matched by cells (none matched is a failure, not a pass)."""
    assert page.locator(cells).count() > 0, cells
    return page.evaluate(CLIPPED, cells)


def axe_serious(page, injected: bool = False) -> list:
    """axe-core's serious and critical violations on the page as it stands: (id, help, first targets).
    Unless the page has axe already, it is injected through the DevTools protocol, so the page's CSP stays
    on (it forbids an injected script tag; the findings are the same as in a context that bypasses it)."""
    if not injected:
        page.evaluate(AXE.read_text() + "\n;0")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:5])
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def sort_table(page) -> None:
    """Sort the open view table by value (its sort button, aria-sort)."""
    page.click("#view-table th.col-value button")
    page.wait_for_selector("#view-table th.col-value[aria-sort=ascending]")


class Failed:
    """A step of a visit that raised: finding() raises it again to the test that judges that step."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def finding(found: dict, name: str):
    """One observation of a visit (see observe); a step that failed raises its error here, and so does every
    observation of a visit whose view did not open."""
    value = found["open"] if isinstance(found["open"], Failed) else found[name]
    if isinstance(value, Failed):
        raise AssertionError(f"this step of the visit failed: {value.error!r}") from value.error
    return value


def view_url(base: str, lang: str, tab: str) -> str:
    return f"{base}/?tab={tab}" + ("&lang=en" if lang == "en" else "")


def observe(page, base: str, size: tuple, lang: str, tab: str) -> dict:
    """Open the view once and make every observation the tests above judge, in an order where none disturbs
    the next: the shift first, the pick and the table (which change the page) last."""
    found: dict = {}

    def step(name, fn):
        try:
            found[name] = fn()
        except Exception as error:  # noqa: BLE001 (kept for the test that judges this step)
            found[name] = Failed(error)

    width, _ = size
    step("open", lambda: open_view(page, view_url(base, lang, tab)))
    if isinstance(found["open"], Failed):
        return found
    if lang == "zh" and size in (PHONE, LAPTOP):  # where it is judged: reading it waits 600 ms for late shifts
        step("shift", lambda: page.evaluate(CLS))
    # A chart drawn as the app took over may be drawn again for its box's final width a frame later (the zh
    # views above have waited 600 ms): the fit is judged on the still page.
    step("fit", lambda: page.evaluate(SETTLED, 3) or {
        "overflow": page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth"),
        "clipped": clipped(page),
        "layouts": sorted(set(page.evaluate(LAYOUTS))),
        "margins": page.evaluate(MARGINS),
    })
    if SCREENSHOTS:  # on request: a full-page PNG costs about a second a view and checks nothing
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{width}x{size[1]}-{lang}-{tab}.png"), full_page=True)
    step("cards", lambda: page.evaluate(CARD_ROWS))
    if size == PHONE and AXE.exists():
        step("axe", lambda: axe_serious(page))
    if lang == "zh" and size in (PHONE, LAPTOP) and tab != TABS[0]:
        step("heights", lambda: pick_and_close(page, tab))
    if size == LAPTOP:
        step("english" if lang == "en" else "table", lambda: open_table(page, lang))
        if AXE.exists():  # the table too, open and sorted: caption, sort buttons, aria-sort, row headers
            step("axe", lambda: (sort_table(page), axe_serious(page))[1])
    found["errors"] = list(page.errors)
    return found


def pick_and_close(page, tab: str) -> tuple[dict, dict, dict]:
    """The charts' heights before a pick of the view's first card, with it, and after Escape closed it."""
    page.evaluate(SETTLED, 10)
    before = page.evaluate(HEIGHTS)
    card = shown_cards(DATA_SET, View(tab=tab))[0]
    page.click(f"#kpi-{card}")
    page.wait_for_selector(f"#detail-panel [data-figure='{card}']")
    page.evaluate(SETTLED, 10)  # the highlight patches land
    picked = page.evaluate(HEIGHTS)
    page.keyboard.press("Escape")
    page.wait_for_selector("#detail-panel .detail-head", state="detached")
    page.evaluate(SETTLED, 10)
    return before, picked, page.evaluate(HEIGHTS)


def open_table(page, lang: str) -> dict:
    """Open the view table; in English, what a reader sees and hears then, and the page's language and title."""
    page.click("#view-table-count")
    page.wait_for_selector("#view-table td")
    if lang != "en":
        return {}
    return {"lang": page.evaluate("document.documentElement.lang"), "title": page.title(),
            "chinese": chinese_outside_brackets(page.evaluate(VISIBLE_TEXT))}
