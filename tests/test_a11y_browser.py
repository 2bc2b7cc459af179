"""English views and accessibility (axe-core), in a real Chromium against gunicorn (screen sizes: test_screens_browser).

axe-core comes from npm at test-install time (.ci/run: npm install --no-save --prefix .cache/node axe-core@4);
the test injects it into the page through a context that bypasses the page's Content-Security-Policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.loading import load
from dashboard.views import tab_ids

from conftest import DATA, ROOT

AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "out" / "screens"
HAN = re.compile(r"[\u4e00-\u9fff]")
TABS = tab_ids(load(DATA))

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


def open_view(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_selector("#view-link[value*='?tab=']")  # the clientside callbacks have run


def chinese_outside_brackets(texts: list[str]) -> list[str]:
    return [text for text in texts if HAN.search(re.sub(r"[(（][^)）]*[)）]", "", text))]


@pytest.fixture
def axe_page(browser):
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}; run: npm install --no-save --prefix .cache/node axe-core@4")
    context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("tab", TABS)
def test_english_tab_has_no_chinese_outside_brackets(page, live_server, tab):
    open_view(page, f"{live_server}/?tab={tab}&lang=en")
    page.click("summary")  # the table, too
    page.wait_for_selector("#view-table td")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert chinese_outside_brackets(page.evaluate(VISIBLE_TEXT)) == []
    assert page.title() and not HAN.search(page.title())


def test_english_detail_panel_and_presentation_have_no_chinese(page, live_server):
    open_view(page, f"{live_server}/?tab=talent&indicator=talent_total&lang=en")
    page.wait_for_selector(".detail-label")
    assert chinese_outside_brackets(page.evaluate(VISIBLE_TEXT)) == []
    page.click("#present-open")
    page.wait_for_selector("#present-layer:not([hidden]) .main-svg")
    assert chinese_outside_brackets(page.evaluate(VISIBLE_TEXT)) == []


def test_switch_keeps_the_view_and_changes_the_language(page, live_server):
    open_view(page, f"{live_server}/?tab=jobs")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    page.click("#tab-talent")
    page.wait_for_selector("#lang-link[href*='tab=talent']")  # (no wait_for_function: the CSP forbids eval)
    page.click("#lang-link")
    page.wait_for_url("**lang=en**")
    page.wait_for_selector("#tab-content .kpi")
    assert "tab=talent" in page.url
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.inner_text("#tab-talent") == "Talent"
    # Tabs clicked in English stay in English, and the switch leads back to Chinese.
    page.click("#tab-jobs")
    page.wait_for_url("**tab=jobs**")
    assert "lang=en" in page.url
    page.wait_for_selector("#lang-link:not([href*='lang=en'])")
    page.click("#lang-link")
    page.wait_for_selector("html[lang='zh-CN']")
    page.wait_for_selector("#tab-content .kpi")
    assert "tab=jobs" in page.url and page.inner_text("#tab-jobs") == "就业"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("tab", TABS)
def test_axe_finds_no_serious_violation(axe_page, live_server, tab, lang):
    query = f"?tab={tab}" + ("&lang=en" if lang == "en" else "")
    open_view(axe_page, f"{live_server}/{query}")
    axe_page.add_script_tag(path=str(AXE))
    result = axe_page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:5])
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_axe_detail_panel_and_presentation(axe_page, live_server):
    open_view(axe_page, f"{live_server}/?tab=talent&indicator=talent_total&lang=en")
    axe_page.wait_for_selector(".detail-label")
    axe_page.add_script_tag(path=str(AXE))
    result = axe_page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")] == []


def test_keyboard_reaches_tabs_cards_and_presentation(page, live_server):
    """Tab key moves focus through the switch, tabs, cards; Enter on a card opens its details;
    the focused element is visibly outlined."""
    open_view(page, f"{live_server}/?tab=jobs&lang=en")
    page.focus("#tab-content .kpi-link")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    box = page.evaluate("getComputedStyle(document.activeElement.querySelector('.kpi')).boxShadow")
    assert outline != "none" or box != "none"
    page.keyboard.press("Enter")
    page.wait_for_selector(".detail-label")
    assert "indicator=" in page.url
    page.focus("#present-open")
    page.keyboard.press("Enter")
    page.wait_for_selector("#present-layer:not([hidden]) .main-svg")
    page.wait_for_selector("#present-counter:text-matches('^1 / ')")
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("#present-counter:text-matches('^2 / ')")
    page.keyboard.press("Escape")
    page.wait_for_selector("#present-layer[hidden]", state="attached")
