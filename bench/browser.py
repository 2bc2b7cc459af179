"""Browser-side timing shared by the recorder and the benchmark: callbacks in flight, charts painted.

The init script is injected by Playwright through the DevTools protocol, so the app's CSP (no
unsafe-eval) does not block it; conditions are passed as functions for the same reason.
"""

from __future__ import annotations

# `window.__isReady(root, expect)`: every visible dcc.Graph under root has drawn its traces and no callback is in
# flight; `expect` (optional) is text the first chart title must show (a chart updated, not just present).
# From the first frame on, a requestAnimationFrame loop stores in window.__firstReady the performance.now()
# (ms since navigation start) at which the page first was ready; on /?tab=x it waits for tab x's charts.
INIT_SCRIPT = """
(() => {
  window.__pending = 0;
  window.__t0 = null;
  window.__firstReady = null;
  const original = window.fetch;
  window.fetch = function (...args) {
    const url = String((args[0] && args[0].url) || args[0]);
    const callback = url.includes('_dash-update-component');
    if (callback) window.__pending++;
    const result = original.apply(this, args);
    if (callback) result.finally(() => { window.__pending--; });
    return result;
  };
  // A measured click: __want ([root, expect, label], set just before it) is watched from its pointerdown on, in
  // the page, every frame; __done is when the frame in which it first held had been drawn (a task after it).
  // Watching in the page keeps the harness's own round trips out of the time.
  window.__want = null;
  window.__done = null;
  document.addEventListener('pointerdown', () => {
    window.__t0 = performance.now();
    window.__done = null;
    const want = window.__want;
    if (!want) return;
    const watch = () => {
      if (window.__isReady(...want)) setTimeout(() => { window.__done = performance.now(); }, 0);
      else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  }, true);
  // Optional: `label`, the detail panel must name that figure; `search` and `crumb`, the address must be that
  // view's and the breadcrumb's last step must read crumb (the view's other parts are set with it).
  window.__isReady = (root, expect, label, search, crumb) => {
    const scope = root ? document.querySelector(root) : document;
    if (!scope || window.__pending > 0 || document.querySelector('[data-dash-is-loading="true"]')) return false;
    if (root && !scope.checkVisibility({visibilityProperty: true})) return false;
    // Visible graphs only: the presentation layer's graph stays hidden (and empty) until presenting.
    const graphs = [...scope.querySelectorAll('.dash-graph')].filter(g => g.checkVisibility());
    if (!graphs.length || !graphs.every(g => g.querySelector('.main-svg g.trace'))) return false;
    if (expect) {
      const title = scope.querySelector('.gtitle');
      if (!title || !title.textContent.includes(expect)) return false;
    }
    if (label && (document.querySelector('.detail-label') || {}).textContent !== label) return false;
    // A pick: its figure's marks drawn too (an outline, figures/marks.py), on each shown chart that has one.
    const head = label && document.querySelector('#detail-panel .detail-head');
    const fid = head && head.getAttribute('data-figure');
    const shapes = g => { const plot = g.querySelector('.js-plotly-plot') || g; return (plot.layout && plot.layout.shapes) || []; };
    if (fid && graphs.some(g => shapes(g).some(s => s.name === 'mark:' + fid && !(s.line && s.line.width > 0)))) return false;
    if (search !== undefined && search !== null && location.search !== search) return false;
    if (crumb && (document.querySelector('#breadcrumb [aria-current]') || {}).textContent !== crumb) return false;
    return true;
  };
  // The browser's own measure of an interaction (Event Timing, what INP is made of): from the input to the next
  // paint after its handlers, the longest of its events (pointerdown, pointerup, click), by interactionId.
  window.__interaction = null;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      if (!e.interactionId) continue;
      const last = window.__interaction;
      window.__interaction = {id: e.interactionId, ms: last && last.id === e.interactionId ? Math.max(last.ms, e.duration) : e.duration};
    }
  }).observe({type: 'event', durationThreshold: 16});
  const tab = new URLSearchParams(location.search).get('tab');
  const root = tab ? '.view-' + tab : null;
  const watch = () => {
    if (window.__isReady(root, null)) window.__firstReady = performance.now();
    else requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
})();
"""

READY = "([root, expect]) => window.__isReady(root, expect) && performance.now()"


def new_page(browser, viewport=(1366, 900)):
    """A fresh context (empty cache) with the timing script installed."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.add_init_script(INIT_SCRIPT)
    return context, page


def first_ready(page, timeout: float = 120_000) -> float:
    """ms from navigation start to the page's first full view (charts painted, no callback in flight)."""
    return page.wait_for_function("() => window.__firstReady", polling=50, timeout=timeout).json_value()


def wait_ready(page, root: str | None = None, expect: str | None = None, timeout: float = 120_000) -> float:
    """performance.now() (ms since navigation start) when everything under root is painted and idle."""
    return page.wait_for_function(READY, arg=[root, expect], polling="raf", timeout=timeout).json_value()


def click_and_time(page, target, root: str | None = None, expect: str | None = None, label: str | None = None,
                   search: str | None = None, crumb: str | None = None, timeout: float = 60_000) -> float:
    """ms from the pointerdown of a click on target (a selector or a locator) to the frame in which everything
    under root is drawn with no callback in flight (and, if given, the detail panel names label, the address is
    search and the breadcrumb ends in crumb), watched in the page."""
    page.evaluate("want => { window.__want = want; window.__done = null; window.__interaction = null; }",
                  [root, expect, label, search, crumb])
    try:
        (page.locator(target).first if isinstance(target, str) else target).click()
        page.wait_for_function("() => window.__done", polling=20, timeout=timeout)
        return page.evaluate("window.__done - window.__t0")
    finally:
        page.evaluate("window.__want = null")


def interaction_ms(page, timeout: float = 10_000) -> float:
    """The browser's Event Timing duration of the last click_and_time's interaction: its input to the next paint
    (rounded to 8 ms). A page's INP is the worst of these; web.dev calls up to 200 ms good."""
    return page.wait_for_function("() => window.__interaction && window.__interaction.ms", polling=50,
                                  timeout=timeout).json_value()


# Every tab's pane mounted out of sight (assets/panes.js does it when the page is idle) with its charts drawn.
PANES_MOUNTED = """() => [...document.querySelectorAll('#tab-content > .pane')].every(p => p.querySelector('.view')
  && [...p.querySelectorAll('.chart-cell')].every(c => c.querySelector('.main-svg g.trace')))"""
SHOWN_PANE = "#tab-content > .pane:not(.pane--hidden)"


def settle(page, pause_ms: float) -> bool:
    """A reader's pause before the first click; True if the other tabs were mounted by its end (the pause
    is not lengthened: a reader who clicks early gets what the page has by then)."""
    page.wait_for_timeout(pause_ms)
    return bool(page.evaluate(PANES_MOUNTED))
