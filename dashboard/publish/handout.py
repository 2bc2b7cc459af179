"""The PDF handout of a view: a cover, the view's print view (cards, then each chart as vector SVG with its
figures as its caption), and the table of its figures with their source text; A4 portrait, 第 N 页 / 共 M 页.

Written from the same page (page.first_paint), printed by headless Chromium through choreographer, which kaleido
already brings: no second browser driver at run time. CJK fonts are embedded by Chromium's PDF writer."""

from __future__ import annotations

import asyncio
import base64
import tempfile
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

from dash import html
from markupsafe import Markup

from ..data.citation import references
from ..exports.deck_plan import appendix_cells, appendix_columns, view_title
from ..firstpaint import SvgCache
from ..view.strings import HTML_LANG, t
from ..data.dataset import Dataset
from ..markup import to_html
from ..page import first_paint
from ..data.periods import with_history
from ..view.state import View, view_data
from ..view.selection import shown_figure_ids
from ..view.wording import tab_label, topic_label
from ..markup import document
from .document import inline_css

PRINT_TIMEOUT = 120.0  # seconds for Chromium to start, load the handout and print it
A4 = (8.27, 11.69)  # inches


def filters_text(data: Dataset, view: View, lang: str) -> str:
    """The view's filters in words: the overview's areas, an area's topic, or none."""
    parts = [data.areas.at[a, f"label_{lang}"] for a in view.sectors]
    if view.topic:
        parts.append(topic_label(data, view.tab, view.topic, lang))
    if view.indicator:
        parts.append(data.figure(view.indicator)[f"label_{lang}"])
    return ("、" if lang == "zh" else ", ").join(parts) or t("handout_no_filter", lang)


def made_on(lang: str, today: date | None = None) -> str:
    today = today or date.today()
    return f"{today.year}年{today.month}月{today.day}日" if lang == "zh" else f"{today.day} {today:%B %Y}"


def cover(data: Dataset, view: View, link: str) -> html.Section:
    """The cover: title, what the view holds, how to cite the sources, the date made and the view's link."""
    lang = view.lang
    orgs = list(dict.fromkeys(data.figures.loc[shown_figure_ids(data, view), "source_org"])) or list(data.sources.index)
    return html.Section(className="handout-cover", children=[
        html.H1(view_title(data, view, lang)),
        html.P(t("handout_view", lang, tab=tab_label(data, view.tab, lang), filters=filters_text(data, view, lang))),
        html.P(t("handout_cite", lang), className="handout-cite-head"),
        *[html.P(ref, className="handout-cite") for ref in references(data.sources, orgs, lang)],
        html.P(t("briefing_generated", lang, date=made_on(lang))),
        html.P([t("briefing_view_link", lang), html.A(link, href=link)]),
    ])


def figure_table(data: Dataset, view: View) -> html.Section:
    """Every figure of the view as published, with its source text (the deck's appendix columns)."""
    lang = view.lang
    keys, _ = appendix_columns(lang)
    rows = []
    for fid in shown_figure_ids(data, view):
        cells = appendix_cells(with_history(data, data.figure(fid), lang), lang)
        rows.append(html.Tr([html.Td(text, lang="zh-CN" if col == 2 else None) for col, text in enumerate(cells)]))
    return html.Section(className="handout-table", children=[
        html.H2(t("handout_table", lang)),
        html.Table([html.Thead(html.Tr([html.Th(t(k, lang)) for k in keys])), html.Tbody(rows)]),
    ])


def handout_html(data: Dataset, view: View, svgs: SvgCache | None, link: str) -> str:
    """The handout as one HTML document: the page's own first paint between the cover and the table."""
    shown = view_data(data, view)
    body = Markup('<div class="handout">{}{}{}</div>').format(
        to_html(cover(shown, view, link)), first_paint(data, view, svgs), to_html(figure_table(shown, view)))
    title = view_title(shown, view, view.lang)
    return document(view.lang, title, body, inline_css())


def footer(lang: str) -> str:
    """Chromium's footer template: the page number and count it fills in (pageNumber, totalPages)."""
    words = t("handout_page", lang, n="\0", m="\1").replace("\0", '<span class="pageNumber"></span>') \
        .replace("\1", '<span class="totalPages"></span>')
    return (f'<div lang="{HTML_LANG[lang]}" style="width:100%;text-align:center;font-size:8pt;color:#4b5563;'
            f"font-family:'Noto Sans CJK SC','Noto Sans',sans-serif\">{words}</div>")


def drawings(data: Dataset, data_dir: str | Path | None, folder: str) -> SvgCache:
    """The chart drawings the pages use (the machine's, background.drawings_dir), opened in this process; without a
    data folder, a cache of its own in `folder` (drawn for this handout)."""
    if data_dir is None:
        return SvgCache(data, Path(folder) / "svg", "handout")
    from ..firstpaint import fingerprint, svg_cache

    return svg_cache(data, fingerprint(data_dir))


def handout_for(data: Dataset, view, lang: str, base_url: str, data_dir=None) -> bytes:
    """The PDF handout of an export's view in lang, linking back to base_url (exports.pack: a view's export, the pack)."""
    from ..exports.files import view_url

    view = replace(view, lang=lang, ignored=(), present=False)
    return handout_pdf(data, view, view_url(base_url, view, lang), data_dir)


def handout_pdf(data: Dataset, view: View, link: str, data_dir: str | Path | None = None) -> bytes:
    """The handout printed to PDF by headless Chromium (charts drawn where the cache lacks them)."""
    with tempfile.TemporaryDirectory(prefix="handout-") as folder:
        page = Path(folder) / "handout.html"
        page.write_text(handout_html(data, view, drawings(data, data_dir, folder), link), encoding="utf-8")
        return _in_own_loop(lambda: asyncio.wait_for(_print(page.as_uri(), footer(view.lang)), PRINT_TIMEOUT))


def _in_own_loop(make):
    """Run the coroutine make() gives on an event loop of its own thread: the caller may be inside a running loop
    (a server thread, Playwright's sync API), where asyncio.run refuses."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["value"] = asyncio.run(make())
        except BaseException as exc:  # noqa: BLE001 (raised again in the caller's thread)
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="handout-print", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


async def _print(url: str, footer_template: str) -> bytes:
    import choreographer

    browser = choreographer.Browser(headless=True)
    await browser.open()
    try:
        tab = await browser.create_tab("")
        await tab.send_command("Page.enable")
        loaded = tab.subscribe_once("Page.loadEventFired")
        await tab.send_command("Page.navigate", params={"url": url})
        await loaded
        await tab.send_command("Runtime.evaluate", params={"expression": "document.fonts.ready.then(() => true)",
                                                           "awaitPromise": True})
        answer = await tab.send_command("Page.printToPDF", params={
            "paperWidth": A4[0], "paperHeight": A4[1], "preferCSSPageSize": True, "printBackground": True,
            "displayHeaderFooter": True, "headerTemplate": "<span></span>", "footerTemplate": footer_template,
            "generateTaggedPDF": True, "generateDocumentOutline": True,
        })
        if "error" in answer:
            raise RuntimeError(f"Chromium could not print the handout: {answer['error']}")
        return base64.b64decode(answer["result"]["data"])
    finally:
        await browser.close()
