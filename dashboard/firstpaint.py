"""The server-rendered first paint: the view a URL asks for, as HTML, before any script runs (no Dash here).

The page's entry point carries this HTML (page.first_paint writes the app's own component tree): header,
tabs, filters, KPI cards and every chart as an inline SVG drawn by kaleido from the same figure the
interactive chart uses. A reader on a slow phone reads
the view at once, a reader without JavaScript gets every number and working links, and the Dash app
takes over in the same boxes when the reader first interacts (assets/boot.js).

Chart SVGs are cached per chart, figure subset, language, layout and highlight, in memory and on disk
(shared by the server's workers), under a key that changes whenever the data or the code that draws
the figures changes.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import diskcache
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .figures.charts import cached_chart
from .ids import kpi
from .figures.layout import NARROW_WIDTH
from .figures.marks import apply_updates, highlight_updates
from .view.strings import LANGUAGES, t
from .data.dataset import Dataset
from .data.periods import history_steps
from .view.reading import reading
from .view.selection import breadcrumb_steps, chart_figure_ids, mark_of, same_topic, shown_cards, shown_charts, shown_figure_ids
from .view.state import OVERVIEW, View, tab_ids, view_data
from .view.url import pick_href
from .view.wording import card_texts, figure_facts, figure_text

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent
MEMORY_ENTRIES = 600  # SVGs kept in a worker's memory (every tab in both languages and layouts is ~100)
WANT_TTL = 600  # seconds a view stays queued for the background drawer
WIDE_SVG = 660  # CSS px: a chart cell's width in the two-column grid at 1366-1440 px (style.css)
_ENV = Environment(loader=PackageLoader("dashboard", "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)


def fingerprint(data_dir: str | Path) -> str:
    """A key that changes with the data files or with any code that shapes a figure."""
    digest = hashlib.sha256()
    files = [(p.name, p) for p in sorted(Path(data_dir).glob("*.csv"))]
    files += [(p.relative_to(PACKAGE).as_posix(), p) for p in sorted(PACKAGE.rglob("*.py"))]  # subpackages too
    for name, path in files:
        digest.update(name.encode())
        digest.update(path.read_bytes())
    import kaleido
    import plotly

    digest.update(f"{plotly.__version__} {getattr(kaleido, '__version__', '')}".encode())
    return digest.hexdigest()[:16]


class SvgCache:
    """Chart SVGs: memory first, then a disk cache the server's workers share, then kaleido.

    A page never queues behind kaleido: a worker draws a missing chart itself only while it serves nothing
    else (`may_draw`); otherwise the page shows the chart unpicked (if drawn) or as text in the same box, and
    the view is queued for the background drawer (dashboard/warm.py)."""

    def __init__(self, data: Dataset, folder: Path, key: str) -> None:
        self.data = data
        self.key = key
        self.folder = folder
        self._disk = diskcache.Cache(str(folder), size_limit=256 << 20)
        self._memory: OrderedDict[tuple, str] = OrderedDict()  # the most recent MEMORY_ENTRIES drawings
        self._lock = threading.Lock()
        self.may_draw: Callable[[], bool] = lambda: True  # the app: only while this worker serves no other request
        self.on_want: Callable[[], None] = lambda: None  # the app: make sure a background drawer runs

    def _key(self, data: Dataset, chart_id, lang, subset, narrow, topic, selected) -> tuple:
        return (self.key, data.period, chart_id, lang, subset, narrow, topic, selected)

    def cached(self, key: tuple) -> str | None:
        """A drawing from memory or the shared disk cache, or None."""
        with self._lock:
            if key in self._memory:
                self._memory.move_to_end(key)
                return self._memory[key]
        text = self._disk.get(repr(key))
        if text is not None:
            self._remember(key, text)
        return text

    def has(self, key: tuple) -> bool:
        """Whether the drawing is made (in this worker's memory or the shared disk cache)."""
        return key in self._memory or repr(key) in self._disk

    def _remember(self, key: tuple, text: str) -> None:
        with self._lock:
            self._memory[key] = text
            while len(self._memory) > MEMORY_ENTRIES:  # every pick has its own highlight: keep memory bounded
                self._memory.popitem(last=False)

    def svg(self, chart_id: str, lang: str, subset, narrow: bool, view: View | None = None,
            missing: list | None = None) -> str | None:
        """The chart as SVG markup, or None when it is not drawn yet (or cannot be: no Chromium): the page then
        shows the chart's figures as text in the same box. A picked view not drawn yet gets the unpicked
        drawing (every number and title, without the pick's highlight). Each stand-in is added to `missing`."""
        data = view_data(self.data, view) if view else self.data
        topic, selected = mark_of(data, view) if view else (None, None)
        key = self._key(data, chart_id, lang, subset, narrow, topic, selected)
        text = self.cached(key)
        if text is not None:
            return text
        if self.may_draw():
            text = self.draw(key, data)
            if text is not None:
                return text
        if missing is not None:
            missing.append(key)
        if view is not None:
            self.want(view)
        if topic is not None:
            return self.cached(self._key(data, chart_id, lang, subset, narrow, None, None))
        return None

    def draw(self, key: tuple, data: Dataset | None = None) -> str | None:
        """Draw one chart with kaleido and keep it (None if it cannot be drawn here)."""
        return self.draw_many([key], data)[0]

    def draw_many(self, keys: list[tuple], data: Dataset | None = None) -> list[str | None]:
        """Draw charts with kaleido, several at once (its tabs), and keep them; None for one that cannot be drawn."""
        from .renderer import RENDERER

        data = data or self.data
        jobs = []
        for _, _, chart_id, lang, subset, narrow, topic, selected in keys:
            figure = cached_chart(data, chart_id, lang, subset, narrow)
            if topic is not None:
                figure = apply_updates(copy.deepcopy(figure), highlight_updates(figure, data.figures["topic"],
                                                                                 topic, selected))
            jobs.append((figure, "svg", NARROW_WIDTH if narrow else WIDE_SVG, figure["layout"]["height"], 1))
        try:
            texts = [inline_svg(image.decode("utf-8")) for image in RENDERER.images(jobs)]
        except Exception:  # noqa: BLE001 (no Chromium, or it died: the page still shows every number)
            log.exception("charts %s could not be drawn as SVG", [key[2] for key in keys])
            return [None] * len(keys)
        for key, text in zip(keys, texts):
            self._disk.set(repr(key), text)
            self._remember(key, text)
        return texts

    def want(self, view: View) -> None:
        """Queue a view for the background drawer, once (views are canonical: made-up values add nothing)."""
        query = replace(view, ignored=[], present=False).query()
        if self._disk.add(("wanted", self.key, query), True, expire=WANT_TTL):
            self._disk.push(query, prefix=f"wanted-{self.key}", expire=WANT_TTL)
        self.on_want()

    def next_wanted(self) -> str | None:
        """The oldest queued view's query, or None."""
        _, query = self._disk.pull(prefix=f"wanted-{self.key}")
        if query is not None:
            self._disk.delete(("wanted", self.key, query))
        return query

    def view_keys(self, view: View) -> list[tuple]:
        """The drawings a view's page shows: each chart in both layouts, in the view's language."""
        data = view_data(self.data, view)
        topic, selected = mark_of(data, view)
        return [self._key(data, chart_id, view.lang, subset, narrow, topic, selected)
                for narrow in (False, True) for chart_id, subset in shown_charts(data, view)]


def every_view(data: Dataset) -> list[View]:
    """What the background drawer draws, in order: every tab, then every figure picked on its tab, each in
    both languages (a deep link to a figure is a figure's view)."""
    tabs = [View(tab=tab, lang=lang) for tab in tab_ids(data) for lang in LANGUAGES]
    picks = [View(tab=tab, indicator=fid, lang=lang) for tab in tab_ids(data) for lang in LANGUAGES
             for fid in shown_figure_ids(data, View(tab=tab, lang=lang))]
    return tabs + picks


_SVG_SIZE = re.compile(r'^<svg([^>]*?) width="[\d.]+" height="[\d.]+"')


def inline_svg(svg: str) -> str:
    """kaleido's SVG ready to sit in the page: it scales to its box (viewBox kept), and screen readers
    skip it (the chart cell is a figure named by a summary of every value)."""
    svg = _SVG_SIZE.sub(r'<svg\1 preserveAspectRatio="xMidYMin meet" aria-hidden="true" focusable="false"', svg, 1)
    # Plotly's export never writes scripts or handlers; drop them all the same: the page runs none inline.
    return re.sub(r"<script\b.*?</script>|\son\w+=\"[^\"]*\"", "", svg, flags=re.S | re.I)


def chart_boxes(data: Dataset, view: View, chart_id: str, subset, svgs: SvgCache | None,
               missing: list | None = None) -> Markup:
    """A chart as the first paint draws it: its SVG in the wide and the phone layout, each box as tall as the
    figure (style.css shows the one for the screen); its title and figures as text where it is not drawn
    yet (each such drawing is added to `missing`)."""
    boxes = []
    for narrow in (False, True):
        svg = svgs.svg(chart_id, view.lang, subset, narrow, view, missing) if svgs else None
        height = cached_chart(data, chart_id, view.lang, subset, narrow)["layout"]["height"]
        inner = Markup(svg) if svg else _parts().chart_fallback(
            data.charts.at[chart_id, f"title_{view.lang}"],
            figure_link_texts(data, view, chart_figure_ids(data, chart_id, subset)))
        boxes.append(Markup('<div class="chart fp-chart fp-{}" style="height: {}px">{}</div>').format(
            "narrow" if narrow else "wide", height + 10, inner))
    return Markup("").join(boxes)


def view_cards(data: Dataset, view: View) -> list[dict]:
    """The view's KPI cards: their words, colour and the link that picks each figure."""
    return [{**card_texts(data, fid, view.lang, show_area=view.tab == OVERVIEW), "id": fid, "href": pick_href(view, fid),
             "dom_id": kpi(fid, None if data.figure(fid)["area"] == view.tab else view.tab)}
            for fid in shown_cards(data, view)]


def figure_link_texts(data: Dataset, view: View, figure_ids) -> list[tuple[str, str]]:
    """(words, link) of each figure of a chart: the keyboard's way to pick a mark."""
    return [(figure_text(data, f, view.lang), pick_href(view, f)) for f in figure_ids]


def _parts():
    """templates/parts.html's macros: the pieces the first paint and the app's StaticHtml components share."""
    return _ENV.get_template("parts.html").module


def cards_html(data: Dataset, view: View) -> Markup:
    """The view's KPI cards as the app shows them (the first paint's markup, with the cards' ids)."""
    return _parts().card_items(view_cards(data, view), ids=True)


def breadcrumb_html(data: Dataset, view: View) -> Markup:
    """The view's breadcrumb list, as the first paint has it."""
    return _parts().breadcrumb_list(breadcrumb_steps(data, view, view.lang))


def figure_links_html(data: Dataset, view: View, figure_ids) -> Markup:
    """The list items of a chart's figure links, as the first paint has them."""
    return _parts().link_items(figure_link_texts(data, view, figure_ids))


def detail_html(data: Dataset, view: View) -> Markup:
    """The detail panel of the view's picked figure, as the first paint has it."""
    module = _parts()
    return module.detail_body(detail(data, view), lambda key, **values: t(key, view.lang, **values))


def detail(data: Dataset, view: View) -> dict:
    """The detail panel's content for the picked figure (the same facts the app's panel lists)."""
    lang = view.lang
    row = data.figure(view.indicator)
    facts = figure_facts(data, view.indicator, lang)
    return {
        "id": view.indicator,
        "label": row[f"label_{lang}"],
        "value": reading(row, lang).value,
        "trail": breadcrumb_steps(data, view, lang),
        "facts": facts,
        "quote": row["source_quote"],
        "translation": row.get("quote_en", "") if lang == "en" else "",
        "caption": f"{t('quote', lang)} · {data.sources.at[row['source_org'], f'short_{lang}']}",
        "close": pick_href(view, None),
        "link": pick_href(view, view.indicator),  # what 分享 shares: this figure in this view
        "legend": t("dim_note", lang),  # a pick dims the other topics' marks: the panel it opens says so
        "others": [(data.figure(f)[f"label_{lang}"], reading(data.figure(f), lang).value, pick_href(view, f))
                   for f in same_topic(data, view.indicator)],
        "history": steps if len(steps := history_steps(data, row["indicator"], lang)) > 1 else [],
        "embed": embed_code(data, view.indicator, lang),
    }


def embed_code(data: Dataset, figure_id: str, lang: str) -> str:
    """The <iframe> snippet of the chart that shows the figure ('' if none does): 嵌入代码 in the panel."""
    from .publish.links import embed_path, embed_snippet, figure_chart
    from .settings import link_base

    chart_id = figure_chart(data, figure_id)
    if chart_id is None:
        return ""
    return embed_snippet(link_base() + embed_path(chart_id, lang), data.charts.at[chart_id, f"title_{lang}"], lang)


def svg_cache(data: Dataset, key: str) -> SvgCache:
    """The drawings of release key (fingerprint), in this machine's drawings folder (background.drawings_dir)."""
    from .background import drawings_dir

    return _svg_cache(data, str(drawings_dir()), key)


@lru_cache(maxsize=8)
def _svg_cache(data: Dataset, folder: str, key: str) -> SvgCache:
    return SvgCache(data, Path(folder), key)
