"""Issue 28, finding 10, in a browser: a KPI card's value stays on one line in both languages, on a laptop and
on a phone, and fits its card; Plotly's own strings (the camera's tooltip, the download toasts) follow the
page's language."""

from __future__ import annotations

import pytest

from conftest import PHONE, go_live

LAPTOP = (1366, 768)
VIEWS = ["?tab=overview", "?tab=science_popularization", "?tab=social_security", "?tab=talent&topic=skills"]


@pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_kpi_values_never_wrap_and_fit_their_card(browser, live_server, size, lang):
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    try:
        for query in VIEWS:
            page.goto(live_server + "/" + query + ("&lang=en" if lang == "en" else ""))
            page.wait_for_selector("#first-paint .kpi-value", state="attached")
            values = page.evaluate("""() => [...document.querySelectorAll('#first-paint .kpi-value')].map(el => {
                const range = document.createRange(); range.selectNodeContents(el);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                const card = el.closest('.kpi').getBoundingClientRect(), box = range.getBoundingClientRect();
                const label = el.closest('.kpi').querySelector('.kpi-label');
                return {text: el.textContent, lines: lines.size, inside: box.right <= card.right + 0.5,
                        size: parseFloat(getComputedStyle(el).fontSize),
                        label: parseFloat(getComputedStyle(label).fontSize)};
            })""")
            assert values, query
            for value in values:
                assert value["lines"] == 1, (query, value)
                assert value["inside"], (query, value)
                assert value["size"] >= value["label"], (query, value)  # never smaller than the words under it
    finally:
        page.close()


def test_plotly_speaks_the_pages_language(browser, live_server):
    """The camera's tooltip and the toasts a download shows (Plotly's strings) in Chinese on the Chinese page."""
    page = browser.new_page(viewport={"width": LAPTOP[0], "height": LAPTOP[1]}, accept_downloads=True)
    try:
        for query, words in (("?tab=science_popularization", ("下载", "图片")), ("?tab=science_popularization&lang=en",
                                                                                ("Download", "image"))):
            go_live(page, live_server + "/" + query)
            page.wait_for_selector(".chart .modebar-btn", state="attached", timeout=60_000)
            title = page.evaluate("() => document.querySelector('.chart .modebar-btn').getAttribute('data-title')")
            assert words[0] in title, title
            page.evaluate("() => document.querySelector('.chart .modebar-btn').click()")
            page.wait_for_selector(".notifier-note", state="attached", timeout=30_000)
            toasts = page.evaluate("() => [...document.querySelectorAll('.notifier-note')].map(n => n.innerText)")
            assert any(words[1] in toast for toast in toasts), toasts
            page.evaluate("() => document.querySelectorAll('.notifier-note').forEach(n => n.remove())")
    finally:
        page.close()
