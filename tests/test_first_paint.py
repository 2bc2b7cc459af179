"""The server-rendered first paint: the view arrives in the first response, readable without scripts,
compressed and cached, and the app takes over in place without moving the page."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
import time
import urllib.request

import pytest
from conftest import (DATA, HOSTILE_EN, IDLE_WATCH, HOSTILE_ZH, PHONE, become_live, go_live, hostile_copy, markup_texts,
                      save_data, wait_idle_run)
from dashboard.figures.charts import cached_chart
from dashboard.data.dataset import load
from dashboard.view.selection import chart_figure_ids, shown_cards, shown_charts
from dashboard.view.state import tab_ids
from dashboard.view.url import parse_view
from visits import LAPTOP, finding

DATA_SET = load(DATA)
VIEWS = ["?tab=overview", "?tab=jobs", "?tab=talent&topic=postdoc", "?tab=social_security&lang=en",
         "?tab=overview&sector=talent,jobs&lang=en", "?tab=science_popularization&indicator=sp_participants_total"]
TAG = re.compile(r"<[^>]+>")


def fetch(url: str, **headers) -> tuple[bytes, dict]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read(), dict(response.headers)


def squeeze(text: str) -> str:
    """Visible text without markup or white space: wrapped lines and SVG tspans read as one string."""
    return re.sub(r"\s+", "", html.unescape(TAG.sub("", text)))


def layout_blocks(page_html: str, layout: str) -> list[str]:
    """The chart boxes of one layout (wide or narrow), in page order."""
    return re.findall(rf'<div class="chart fp-chart fp-{layout}"[^>]*>(.*?)</svg>', page_html, flags=re.S)


def figure_words(figure: dict) -> list[str]:
    """Every text the figure draws outside its marks: title, unit and notes, source line."""
    layout = figure["layout"]
    texts = [layout.get("title", {}).get("text")] + [note.get("text") for note in layout.get("annotations", [])]
    return [squeeze(re.sub(r"<br\s*/?>", " ", text)) for text in texts if text]


def stand_ins(page: str, view) -> None:
    """A page answered before its charts were drawn: each chart box (both layouts) is there, and one not drawn
    shows its title and every figure's value as text."""
    first = page[page.index('<div id="first-paint">'):page.index('id="react-entry-point"')]
    charts = shown_charts(DATA_SET, view)
    for layout in ("wide", "narrow"):
        boxes = re.findall(rf'<div class="chart fp-chart fp-{layout}"[^>]*>(.*?)</div>\s*(?=<div class="chart|</div>)',
                           first, flags=re.S)
        assert len(boxes) == len(charts), f"{layout}: {len(boxes)} boxes of {len(charts)}"
        for (chart_id, subset), box in zip(charts, boxes):
            if "<svg" not in box:
                assert squeeze(html.escape(DATA_SET.charts.at[chart_id, f"title_{view.lang}"])) in squeeze(box)
                for fid in chart_figure_ids(DATA_SET, chart_id, subset):
                    assert squeeze(html.escape(DATA_SET.figure(fid)[f"display_{view.lang}"])) in squeeze(box)


@pytest.mark.browser
@pytest.mark.parametrize("query", VIEWS)
def test_first_response_holds_every_number_title_and_source(live_server, query):
    """The HTML of the first response has each KPI value, and each chart (wide and phone layout) drawn
    with its title, unit, notes and source line: nothing waits for a script. A server that has not drawn the
    view yet answers at once with its charts as text in the same boxes, and the next reader gets them drawn."""
    view = parse_view(query, DATA_SET)
    body, headers = fetch(f"{live_server}/{query}")
    deadline = time.monotonic() + 300
    while headers["ETag"].endswith('-p"'):  # answered at once with stand-ins; the drawer draws it for the next reader
        stand_ins(body.decode("utf-8"), view)
        assert time.monotonic() < deadline, f"{query} still not drawn"
        time.sleep(2)
        body, headers = fetch(f"{live_server}/{query}")
    page = body.decode("utf-8")
    first = page[page.index('<div id="first-paint">'):page.index('id="react-entry-point"')]
    cards = re.findall(r'<div class="kpi-value"[^>]*>([^<]*)</div>', first)
    assert cards == [html.escape(DATA_SET.figure(f)[f"display_{view.lang}"]) for f in shown_cards(DATA_SET, view)]
    charts = shown_charts(DATA_SET, view)
    assert charts
    for narrow, layout in ((False, "wide"), (True, "narrow")):
        blocks = layout_blocks(first, layout)
        assert len(blocks) == len(charts), f"{layout}: {len(blocks)} drawn of {len(charts)}"
        for (chart_id, subset), block in zip(charts, blocks):
            drawn = squeeze(block)
            for words in figure_words(cached_chart(DATA_SET, chart_id, view.lang, subset, narrow)):
                assert words in drawn, f"{chart_id} ({layout}) lacks {words!r}"
    assert f'<html lang="{"en" if view.lang == "en" else "zh-CN"}">' in page
    if view.indicator:  # a shared link to a figure opens with its panel and quote
        assert html.escape(DATA_SET.figure(view.indicator)["source_quote"]) in first


@pytest.mark.browser
def test_without_javascript_every_number_reads_and_the_links_navigate(browser, live_server):
    """Scripts off: cards, chart values and the table are readable; tabs, cards, the breadcrumb and
    'other figures' are links that load their views."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/?tab=jobs")
        text = page.inner_text("#first-paint")
        view = parse_view("?tab=jobs", DATA_SET)
        for fid in shown_cards(DATA_SET, view):
            assert DATA_SET.figure(fid)["display_zh"] in text
        drawn = page.locator("#first-paint .fp-wide svg").first.text_content()
        first_chart = shown_charts(DATA_SET, view)[0][0]
        for fid in DATA_SET.charts.at[first_chart, "figure_ids"]:
            assert DATA_SET.figure(fid)["display_zh"] in drawn  # each bar's value as published
        assert page.locator("#react-entry-point").is_hidden() or not page.locator("#react-entry-point").is_visible()

        page.click("#first-paint nav.tab-nav a:text-is('人才')")
        page.wait_for_url("**tab=talent**")
        assert page.get_attribute("#first-paint a[aria-current=page]", "href") == "?tab=talent"
        card = shown_cards(DATA_SET, parse_view("?tab=talent", DATA_SET))[0]
        page.click(f"#first-paint .kpi-link[href$='indicator={card}']")
        page.wait_for_url(f"**indicator={card}**")
        assert DATA_SET.figure(card)["source_quote"] in page.inner_text("#first-paint .detail")
        other = page.locator("#first-paint .detail-others a").first
        href = other.get_attribute("href")
        other.click()
        page.wait_for_url("**" + href.split("indicator=")[1])
        page.click("#first-paint .breadcrumb a >> nth=0")
        page.wait_for_url(re.compile(r"tab=talent$"))
        assert page.locator("#first-paint .detail .detail-body, #first-paint .detail .detail-head").count() == 0
        assert page.locator("#first-paint .detail").is_hidden()  # the panel's box is there, empty, not shown
        # The topic filter is a form: choosing and applying narrows the view.
        page.select_option("#fp-topic-filter", index=1)
        page.click("#first-paint .filters form button[type=submit]")
        page.wait_for_url("**topic=**")
        assert page.locator("#first-paint .chart-cell").count() >= 1
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", [PHONE, LAPTOP])
def test_nothing_moves_from_first_paint_through_take_over(visit, size):
    """Layout shift summed over the whole visit (first paint, loading, the app's take-over, its charts
    drawn) stays at most 0.05 on every tab, at phone and laptop size; shifts after input count too
    (tests/visits.py reads it first in the view's one visit)."""
    for tab in tab_ids(DATA_SET):
        shift = finding(visit(size, "zh", tab), "shift")
        assert shift <= 0.05, f"{tab} at {size}: layout shift {shift:.3f}"


def live_resources(page, url: str) -> dict[str, list[dict]]:
    """Load url until the app is live with its charts drawn; what the page fetched, by name: each fetch's
    start and end (ms since navigation). The reader saves data, so that boot.js fetches nothing ahead of their
    move: on a busy machine the move could come after that idle fetch had started, and a script would be asked
    for twice (the idle fetch has its own test below)."""
    save_data(page)
    try:
        go_live(page, url)
        page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .chart-cell .main-svg")
    finally:
        save_data(page, False)
    fetched: dict[str, list[dict]] = {}
    for entry in page.evaluate("performance.getEntriesByType('resource').map(e => [e.name, e.startTime, e.responseEnd])"):
        fetched.setdefault(entry[0], []).append({"start": entry[1], "end": entry[2]})
    return fetched


def named(fetched: dict[str, list[dict]], part: str) -> list[dict]:
    return [timing for name, timings in fetched.items() if part in name for timing in timings]


@pytest.mark.browser
def test_the_graph_and_dropdown_chunks_are_asked_for_with_the_scripts_and_fetched_once(page, live_server):
    """boot.js preloads plotly.js first, then dcc's graph and dropdown chunks as it loads Dash's scripts (not
    after the layout), and the page then uses those responses: each file is fetched once."""
    fetched = live_resources(page, f"{live_server}/?tab=jobs")
    graph, dropdown = named(fetched, "/dcc/async-graph.js"), named(fetched, "/dcc/async-dropdown.js")
    assert len(graph) == 1 and len(dropdown) == 1
    preloads = page.evaluate("[...document.querySelectorAll('link[rel=preload][as=script]')]"
                             ".map(l => l.href.split('?')[0].split('/').pop())")
    assert re.fullmatch(r"plotly(-basic)?\.min\.js", preloads[0]), preloads
    assert sorted(preloads[1:]) == ["async-dropdown.js", "async-graph.js"]
    assert len(named(fetched, "/" + preloads[0])) == 1
    assert graph[0]["start"] < named(fetched, "/_dash-layout")[0]["end"]  # asked for before the layout had arrived


@pytest.mark.browser
def test_the_layout_and_callbacks_are_asked_for_with_the_scripts_and_fetched_once(page, live_server):
    """boot.js preloads the renderer's layout and callbacks requests as it loads Dash's scripts: each is fetched
    once, and the layout is on its way before the renderer's script has even arrived."""
    fetched = live_resources(page, f"{live_server}/?tab=talent")
    layout, dependencies = named(fetched, "/_dash-layout"), named(fetched, "/_dash-dependencies")
    assert len(layout) == 1 and len(dependencies) == 1
    assert layout[0]["start"] < named(fetched, "/dash_renderer.")[0]["end"]
    assert page.locator("#tab-content > .pane:not(.pane--hidden) .view-talent").count() == 1  # the view the URL names


# Dash's script files named in the page's inert template, as absolute URLs.
TEMPLATE_SCRIPTS = """() => [...document.getElementById('dash-scripts').content.querySelectorAll('script[src]')]
  .map(s => new URL(s.getAttribute('src'), location.href).href)"""
RESOURCES = "() => performance.getEntriesByType('resource').map(e => [e.name, e.initiatorType, e.transferSize])"
def new_url(url: str, base: str) -> str:
    from urllib.parse import urljoin

    return urljoin(base, url)


NOTHING_RAN = "() => !document.documentElement.classList.contains('live') && !window.Plotly && !window.dash_clientside"


@pytest.mark.browser
@pytest.mark.parametrize("saving_data", [False, True], ids=["reader", "saving-data"])
def test_dash_scripts_are_fetched_when_idle_and_run_only_when_the_reader_moves(browser, live_server, saving_data):
    """A second after the load event, when the browser is idle, boot.js fetches Dash's script files into the HTTP cache
    without running any; the reader's first move runs them from that cache (nothing crosses the network
    again). A reader saving data gets none before the move."""
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})  # an empty cache
    context.add_init_script(IDLE_WATCH)
    page = context.new_page()
    try:
        if saving_data:
            save_data(page)
        page.goto(f"{live_server}/?tab=jobs")
        scripts = page.evaluate(TEMPLATE_SCRIPTS)
        assert len(scripts) >= 5
        if saving_data:
            wait_idle_run(page, "fetchAhead")  # boot.js has looked and decided (IDLE_WATCH), not a timer
            fetched = [u for u in page.evaluate("window.__fetched") if new_url(u, page.url) in scripts]
            assert fetched == [] and not [name for name, *_ in page.evaluate(RESOURCES) if name in scripts]
        else:
            page.wait_for_function("names => names.every(n => performance.getEntriesByType('resource')"
                                   ".some(e => e.name === n && e.initiatorType === 'fetch' && e.responseEnd > 0))",
                                   arg=scripts)
        assert page.evaluate(NOTHING_RAN)
        become_live(page)
        page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .chart-cell .main-svg")
        # The script tags' loads, and plotly.js's preload (boot.js asks for it first; its tag takes that response).
        loaded = [(name, size) for name, kind, size in page.evaluate(RESOURCES)
                  if name in scripts and kind in ("script", "link")]
        assert {name for name, _ in loaded} == set(scripts)
        crossed = [name.rsplit("/", 1)[-1] for name, size in loaded if size > 0]
        assert (crossed == []) if not saving_data else len(crossed) == len(scripts), crossed
    finally:
        context.close()


@pytest.mark.browser
def test_responses_are_compressed_and_fingerprinted_files_cached(live_server):
    """Pages, scripts and callback JSON go out compressed; versioned scripts and assets are immutable."""
    body, headers = fetch(f"{live_server}/?tab=jobs", **{"Accept-Encoding": "br"})
    assert headers.get("Content-Encoding") == "br"
    import brotli

    page = brotli.decompress(body).decode("utf-8")
    _, headers = fetch(f"{live_server}/?tab=jobs", **{"Accept-Encoding": "gzip"})
    assert headers.get("Content-Encoding") == "gzip"
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert any("dash_renderer" in s for s in scripts) and any(s.startswith("/assets/") for s in scripts)
    for src in scripts:
        _, headers = fetch(live_server + src, **{"Accept-Encoding": "br, gzip"})
        assert headers.get("Content-Encoding") in ("br", "gzip"), src
        assert "immutable" in headers.get("Cache-Control", "") and "max-age=31536000" in headers["Cache-Control"], src
    body, headers = fetch(f"{live_server}/_dash-layout", **{"Accept-Encoding": "gzip", "Referer": f"{live_server}/?tab=jobs"})
    assert headers.get("Content-Encoding") == "gzip"
    assert "immutable" not in headers.get("Cache-Control", "")  # the view's data is never frozen


@pytest.mark.browser
def test_markup_in_the_data_stays_text_in_the_first_paint(hostile_server, browser):
    """A label or title holding <script>, an onerror image or a javascript: link is characters in the
    server-rendered page (both languages, scripts on and off) and runs nothing."""
    base = hostile_server
    body, _ = fetch(f"{base}/?tab=jobs")
    first = body.decode("utf-8").split('id="react-entry-point"')[0]
    assert "<script>window.__pwned" not in first and "<img src=x" not in first
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in first
    for scripts in (True, False):
        context = browser.new_context(java_script_enabled=scripts)
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
        try:
            for query in ("?tab=jobs", "?tab=jobs&lang=en", "?tab=overview", "?tab=jobs&indicator=jobs_new_urban",
                          "?tab=overview&indicator=jobs_new_urban&lang=en"):
                page.goto(f"{base}/{query}")
                text = page.text_content("#first-paint")
                assert "window.__pwned" in text  # shown, as characters
                assert page.locator("#first-paint img").count() == 0
                for link in page.locator("#first-paint a").all():
                    assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
                if scripts:
                    assert page.evaluate("window.__pwned") is None
            assert not dialogs
        finally:
            context.close()


HOSTILE_VIEWS = ["tab=jobs", "tab=jobs&lang=en", "tab=overview", "tab=jobs&indicator=jobs_new_urban",
                 "tab=jobs&indicator=jobs_new_urban&lang=en", "tab=overview&indicator=jobs_new_urban",
                 "tab=jobs&indicator=jobs_reemployed", "tab=jobs&indicator=jobs_reemployed&lang=en"]


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    from dashboard.data.dataset import load

    return load(hostile_copy(tmp_path_factory.mktemp("hostile") / "data"))


class Tags(HTMLParser):
    """Every start tag of a page with its attributes, as a browser's parser reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def injected(markup: str) -> list:
    """Tags or attributes that the hostile labels and title would add if they were not escaped."""
    parser = Tags()
    parser.feed(markup)
    return [(tag, attrs) for tag, attrs in parser.tags
            if tag == "img" or any(name.startswith("on") for name in attrs)
            or any((value or "").strip().lower().startswith("javascript:") for value in attrs.values())]


@pytest.mark.parametrize("query", HOSTILE_VIEWS)
def test_markup_in_the_data_is_text_in_every_first_paint_and_detail_panel(hostile_data, query):
    """The first paint of a view, with a figure picked or not, in either language, and the detail panel as the app
    shows it: a label holding <script>, an onerror image or a javascript: link adds no tag and no attribute, and
    the label is there as the characters typed."""
    from dashboard.firstpaint import detail_html
    from dashboard.page import first_paint
    from dashboard.view.url import parse_view

    view = parse_view(query, hostile_data)
    page = str(first_paint(hostile_data, view, None))
    assert injected(page) == []
    assert "<script>window.__pwned" not in page and "<img src=x" not in page and "<a href=\"javascript:" not in page
    texts = " ".join(markup_texts(page))
    assert (HOSTILE_EN if view.lang == "en" else HOSTILE_ZH) in texts
    if view.indicator:
        panel = str(detail_html(hostile_data, view))
        assert injected(panel) == [] and "<script>window.__pwned" not in panel and "<img src=x" not in panel
        if view.indicator == "jobs_new_urban":
            assert (HOSTILE_EN if view.lang == "en" else HOSTILE_ZH) in " ".join(markup_texts(panel))


def test_card_labels_break_only_between_words():
    """A card label's break points (its <wbr>s) never fall inside a number or a quoted name."""
    from dashboard.view.wording import card_texts

    checked = 0
    for fid in DATA_SET.figures.index[DATA_SET.figures["headline"] > 0]:
        card = card_texts(DATA_SET, fid, "zh", show_area=False)
        assert "".join(card["atoms"]) == card["label"]
        at = 0
        for atom in card["atoms"][:-1]:
            at += len(atom)
            before, after = card["label"][at - 1], card["label"][at]
            assert not (before.isdigit() and after.isdigit()), (fid, card["atoms"])
            assert before not in "“《（(" and after not in "”》）)、，。", (fid, card["atoms"])
            checked += 1
    assert checked > 20  # the labels do break: the check saw real break points


class EnglishText(HTMLParser):
    """The text a reader of an English page sees or hears (text and aria-label, title, alt, placeholder), outside
    elements marked as Chinese (quotations of the source, the switch's 中文) and outside scripts and templates."""

    SKIP = {"script", "style", "template", "noscript"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.texts = [], []

    def _hidden(self) -> bool:
        return any(zh or tag in self.SKIP for tag, zh in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        zh = (attrs.get("lang") or "").startswith("zh")
        if tag not in self.VOID:
            self.stack.append((tag, zh))
        if not self._hidden() and not zh:
            self.texts += [attrs[a] for a in ("aria-label", "title", "alt", "placeholder") if attrs.get(a)]

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if data.strip() and not self._hidden():
            self.texts.append(data.strip())


@pytest.mark.parametrize("tab", tab_ids(DATA_SET))
@pytest.mark.parametrize("picked", [False, True], ids=["view", "figure-picked"])
def test_the_english_first_paint_has_no_chinese_outside_quotations(tab, picked):
    """The server-rendered English page, as a reader without JavaScript gets it (before any script runs): area
    names, topics, cards, chart titles, links, table and detail panel in English; Chinese only inside elements
    marked lang=zh (the verbatim source, the language switch) or in brackets after an English name."""
    from dashboard.page import first_paint

    indicator = f"&indicator={shown_cards(DATA_SET, parse_view(f'tab={tab}', DATA_SET))[0]}" if picked else ""
    parser = EnglishText()
    parser.feed(str(first_paint(DATA_SET, parse_view(f"tab={tab}&lang=en{indicator}", DATA_SET), None)))
    chinese = [text for text in parser.texts if re.search(r"[\u4e00-\u9fff]", re.sub(r"[(（][^)）]*[)）]", "", text))]
    assert parser.texts and chinese == []


def strings(node):
    """Every string of a figure's dict, however deep."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from strings(value)


@pytest.mark.parametrize("layout", [{}, {"narrow": True}, {"slide": True}, {"wide_labels": True}],
                         ids=["wide", "phone", "slide", "presentation"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markup_in_the_data_stays_text_in_every_chart(hostile_data, lang, layout):
    """Plotly reads <b>, <a href> and friends in a figure's strings: the hostile label and title reach every drawn
    chart (screen, phone, slide, presentation) as escaped characters, never as a tag."""
    from dashboard.figures.charts import build_chart

    figure = build_chart(hostile_data, "jobs_outcomes", lang, **layout).to_dict()
    found = [text for text in strings(figure) if "__pwned" in text]
    assert found, "the hostile label or title is not in the chart at all"
    raw = [text for text in found if re.search(r"<(script|img|a|b)\s", text, re.I)]
    assert raw == []
