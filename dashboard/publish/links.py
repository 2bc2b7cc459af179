"""Addresses of what is published: a view's file in the static site, a chart's embed page, the embed snippet."""

from __future__ import annotations

from html import escape

from ..view.strings import DEFAULT_LANGUAGE, t
from ..view.state import OVERVIEW, View

EMBED_ROUTE = "/embed/"
EMBED_HEIGHT = 560  # px: the snippet's frame height (a chart's own height plus its title, notes and link)


def page_file(view: View) -> str:
    """The static site's file of a view: index.html (the overview in Chinese), jobs.en.html, jobs--jobs_new_urban.html."""
    name = "index" if view.tab == OVERVIEW and not view.indicator else view.tab
    if view.indicator:
        name += f"--{view.indicator}"
    return name + ("" if view.lang == DEFAULT_LANGUAGE else f".{view.lang}") + ".html"


def embed_file(chart_id: str, lang: str) -> str:
    """A chart's embed page in the static site: embed/jobs_outcomes.html, embed/jobs_outcomes.en.html."""
    return f"embed/{chart_id}" + ("" if lang == DEFAULT_LANGUAGE else f".{lang}") + ".html"


def embed_path(chart_id: str, lang: str) -> str:
    """The app's address of a chart's embed page, from its root: embed/jobs_outcomes?lang=en."""
    return EMBED_ROUTE.lstrip("/") + chart_id + ("" if lang == DEFAULT_LANGUAGE else f"?lang={lang}")


def embed_snippet(src: str, title: str, lang: str) -> str:
    """The <iframe> a reader pastes into a page of their own to show one chart."""
    return (f'<iframe src="{escape(src)}" title="{escape(t("embed_frame_title", lang, title=title))}" '
            f'width="100%" height="{EMBED_HEIGHT}" style="border:0;max-width:100%" loading="lazy"></iframe>')


def figure_chart(data, figure_id: str) -> str | None:
    """The chart that shows a figure: one of its own area's, else the first that has it."""
    area = data.figure(figure_id)["area"]
    holders = [c for c, row in data.charts.iterrows() if figure_id in row["figure_ids"]]
    own = [c for c in holders if data.charts.at[c, "area"] == area]
    return (own or holders or [None])[0]
