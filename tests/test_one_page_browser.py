"""The first paint and the live app are one page: for each view, every region reads the same both ways
(its words, its links, its languages), with scripts off and once the app has taken over."""

from __future__ import annotations

import pytest
from conftest import PHONE, become_live, save_data
from dashboard import ids

pytestmark = pytest.mark.browser

WIDE = (1366, 900)
TABS = ["overview", "jobs", "labor_relations", "talent", "social_security", "science_popularization"]
# Every tab in both languages (Chinese wide, English on a phone), a picked figure and a filtered overview in each.
VIEWS = ([(f"?tab={tab}", WIDE) for tab in TABS] + [(f"?tab={tab}&lang=en", PHONE) for tab in TABS] + [
    ("?tab=talent&indicator=talent_postdocs", PHONE),
    ("?tab=science_popularization&indicator=sp_participants_total&lang=en", WIDE),
    ("?tab=overview&sector=talent,jobs", PHONE),
    ("?tab=overview&sector=social_security&lang=en", WIDE),
    ("?tab=talent&topic=postdoc&lang=en", WIDE),
])
REGIONS = {"header": ids.HEADER, "tabs": ids.TABS, "filters": ids.FILTERS, "notice": ids.NOTICE,
           "toolbar": ids.TOOLBAR, "content": ids.CONTENT, "table": ids.TABLE_WRAP, "detail": ids.DETAIL}

# Reads each region of one rendering (the first paint's ids carry a prefix). Charts are compared by what
# names them (their cell's summary and figure links), not by their drawing: kaleido's SVG and Plotly's
# differ in markup, never in the figure they draw (tests/test_first_paint.py reads the drawings' words).
READ = """([regions, prefix]) => {
  const squeeze = (text) => (text || "").replace(/\\s+/g, " ").trim();
  const out = {};
  for (const [name, id] of Object.entries(regions)) {
    let region = document.getElementById(prefix + id);
    if (!region) { out[name] = null; continue; }
    if (name === "content") {  // the pane on show
      region = region.querySelector(":scope > .pane:not(.pane--hidden)") || region;
    }
    // A button only a script can run is a link in the first paint (markup.py's actions): its words still count.
    const links = [...region.querySelectorAll("a[href]:not([data-button])")].filter((a) => !a.closest(".chart"))
      .map((a) => [a.getAttribute("href"), squeeze(a.textContent)]);
    const langs = [...region.querySelectorAll("[lang]")].map((e) => [e.getAttribute("lang"), squeeze(e.textContent).slice(0, 80)]);
    const charts = [...region.querySelectorAll(".chart-cell")].map((c) => [c.dataset.chart, c.getAttribute("aria-label")]);
    const checked = [...region.querySelectorAll("input[type=checkbox]")].filter((b) => b.checked).map((b) => b.value);
    const clone = region.cloneNode(true);
    // Drawings and the controls' own widgets (a native select lists every option; Dash's dropdown shows one).
    clone.querySelectorAll(".chart, select, .topic-dropdown, noscript, input").forEach((e) => e.remove());
    const topic = region.querySelector("select") ? squeeze(region.querySelector("select").selectedOptions[0]?.text)
      : squeeze(region.querySelector(".topic-dropdown")?.innerText);
    out[name] = { text: squeeze(clone.textContent), links, langs, charts, checked, topic,
                  lang: region.closest("[lang]")?.getAttribute("lang") };
  }
  out.skip = document.querySelector((prefix ? "#first-paint" : "#react-entry-point") + " .skip-link")?.textContent;
  return out;
}"""


@pytest.fixture(scope="module")
def renderings(browser):
    """A tab without scripts and a live one (saving data: no other tab is mounted behind the view)."""
    still = browser.new_context(java_script_enabled=False)
    live = browser.new_context()
    pages = still.new_page(), live.new_page()
    save_data(pages[1])
    yield pages
    still.close()
    live.close()


def regions_both_ways(renderings, base: str, query: str, size) -> tuple[dict, dict]:
    still, live = renderings
    for page in renderings:
        page.set_viewport_size({"width": size[0], "height": size[1]})
    still.goto(f"{base}/{query}")
    first = still.evaluate(READ, [REGIONS, "fp-"])
    live.goto(f"{base}/{query}")
    become_live(live)
    live.wait_for_selector(f"#{ids.CONTENT} > .pane:not(.pane--hidden) .chart-cell .main-svg")
    # The app fills its table when the section is first opened (on a phone the detail panel covers the
    # summary: the click goes to the element itself).
    live.locator(f"#{ids.TABLE_COUNT}").dispatch_event("click")
    live.wait_for_selector(f"#{ids.TABLE_WRAP} table tbody tr", state="attached")
    return first, live.evaluate(READ, [REGIONS, ""])


@pytest.mark.parametrize("query,size", VIEWS, ids=[f"{q}@{w}" for q, (w, _) in VIEWS])
def test_each_region_reads_the_same_in_the_first_paint_and_the_live_app(renderings, live_server, query, size):
    first, live = regions_both_ways(renderings, live_server, query, size)
    assert first["skip"] == live["skip"]
    for name in REGIONS:
        assert first[name] is not None, f"{query}: the first paint has no {name} region"
        assert live[name] is not None, f"{query}: the live app has no {name} region"
        for aspect in ("text", "links", "langs", "charts", "checked", "topic", "lang"):
            assert first[name][aspect] == live[name][aspect], f"{query} at {size[0]} px, {name} {aspect}"
    assert first["content"]["charts"], f"{query}: a view with no chart compares nothing"
    assert first["table"]["links"], f"{query}: the table lists the view's figures"
