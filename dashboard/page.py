"""The page: one Dash component tree per view. Dash serves it live; markup.py writes the same tree as the
server's first paint, so the two cannot drift apart."""

from __future__ import annotations

from dash import html
from markupsafe import Markup

from . import briefing, ids, presentation
from .explore.callbacks import stores
from .explore.drill import detail_aside
from .explore.filters import controls
from .explore.panes import panes, tab_nav
from .firstpaint import SvgCache, chart_boxes
from .view.strings import HTML_LANG, LANGUAGE_NAMES, LANGUAGES, t
from .data.dataset import Dataset
from .markup import to_html
from .table import table_section
from .view.selection import shown_charts
from .view.state import View, view_data
from .view.url import language_href

FIRST_PAINT_PREFIX = "fp-"  # the first paint's ids, unique beside the app's while both are in the page
FIELDS = {ids.SECTOR: "sector", ids.TOPIC: "topic"}  # the filters' URL parameters (a GET form without scripts)


def page(data: Dataset, start: View, narrow: bool = False, *, notice: str = "", table: bool = False,
         base: str = "/") -> html.Div:
    """The whole page, opened on `start`, in its language, with charts laid out for a phone or wider.
    `table` fills the table section (the app fills it when it is first opened)."""
    lang = start.lang
    shown = view_data(data, start)  # the data as of the period the URL names
    return html.Div(
        className="page",
        lang=HTML_LANG[lang],
        children=[
            html.A(t("skip_to_content", lang), href=f"#{ids.CONTENT}", className="skip-link"),
            html.Header(
                id=ids.HEADER,
                children=[
                    language_switch(start),
                    html.H1(t("app_title", lang)),
                    html.P(t("app_subtitle", lang), className="subtitle"),
                ],
            ),
            tab_nav(data, start, lang),
            controls(data, lang, start, base),
            notice_box(notice),
            briefing.toolbar(lang),
            html.Main(id=ids.CONTENT, tabIndex="-1", children=panes(shown, start, lang, narrow)),
            table_section(shown, start, lang, filled=table),
            detail_aside(shown, start, lang),
            *stores(start),
            presentation.layer(lang),
        ],
    )


def notice_box(text: str = "") -> html.Div:
    """Where a notice names what the URL had wrong (sync fills it in the app; the page cache in a kept page)."""
    return html.Div(text, id=ids.NOTICE, className="notice", role="status")


def language_switch(view: View) -> html.Nav:
    """中文 | EN: the current language marked, the other a link to this same view in that language."""
    items = []
    for lang in LANGUAGES:
        name = LANGUAGE_NAMES[lang]
        if lang == view.lang:
            items.append(html.Span(name, className="lang-current", lang=HTML_LANG[lang], **{"aria-current": "true"}))
        else:
            items.append(html.A(name, id=ids.LANG_LINK, href=language_href(view, lang),
                                lang=HTML_LANG[lang], hrefLang=HTML_LANG[lang], className="lang-link"))
    return html.Nav(items, id=ids.LANG_SWITCH, className="lang-switch", **{"aria-label": t("lang_switch", view.lang)})


def first_paint(data: Dataset, view: View, svgs: SvgCache | None, *, notice: str = "", base: str = "/",
                missing: list | None = None, actions: dict | None = None, edit=None) -> Markup:
    """The page of `view` as HTML, before any script runs: the tree `page` builds, with each chart drawn as
    SVG in its wide and phone layouts (style.css shows the one for the screen) and the table filled. Drawings not
    made yet are added to `missing` (firstpaint.chart_boxes). A static copy (publish/site.py) gives its own
    `actions` (the buttons' addresses) and an `edit` of the tree (what only a server or a script can do, left out)."""
    shown = view_data(data, view)
    subsets = dict(shown_charts(shown, view))
    query = view.query()
    tree = page(data, view, notice=notice, table=True, base=base)
    return to_html(
        edit(tree) if edit else tree,
        graph=lambda props: chart_boxes(shown, view, props["id"]["chart"], subsets[props["id"]["chart"]], svgs, missing),
        id_prefix=FIRST_PAINT_PREFIX,
        names=FIELDS,
        actions=actions if actions is not None else {
            ids.PRESENT_BUTTON: f"/{query}&present=1", ids.EXPORT_BUTTON: f"/export/briefing.pptx{query}",
            ids.HANDOUT_BUTTON: f"/export/handout.pdf{query}",
            ids.DOWNLOAD_CSV: f"/export/table.csv{query}", ids.DOWNLOAD_XLSX: f"/export/table.xlsx{query}"},
    )


def notice_html(text: str = "") -> str:
    """The first paint's notice box as page.first_paint writes it, holding text: a kept page is made with it empty,
    and the page cache puts in each request's own notice (pagecache.respond)."""
    return str(to_html(notice_box(text), id_prefix=FIRST_PAINT_PREFIX))
