"""The filters row: the sector filter (overview), the topic filter (area tabs), the copy-link field and the
breadcrumb, in a GET form that applies the filters as a page load where no script runs."""

from __future__ import annotations

from functools import lru_cache

from dash import dcc, html

from .. import ids
from ..data.dataset import Dataset
from ..static_html import StaticHtml
from ..view.state import OVERVIEW, View, area_topics
from ..view.strings import DEFAULT_LANGUAGE, t
from ..view.url import view_links
from ..view.wording import topic_label
from .drill import breadcrumb


@lru_cache(maxsize=64)
def topic_options(data: Dataset, tab: str, lang: str) -> list[dict]:
    """The topic filter's choices on a tab (cached per dataset: the data never changes under a worker)."""
    if tab == OVERVIEW:
        return []
    return [{"label": topic_label(data, tab, topic, lang), "value": topic} for topic in area_topics(data, tab)]


def controls(data: Dataset, lang: str, view: View | None = None, base: str = "/") -> html.Div:
    """Sector filter (overview), topic filter (area tabs), breadcrumb and the copy-link field, set to view."""
    view = view or View()
    return html.Div(
        id=ids.FILTERS,
        className=filters_class(view),
        children=[
            # A GET form: without scripts (the first paint) the filters apply as a page load. style.css gives the
            # form no box of its own, so its filters sit in the row as before.
            html.Form(className="filter-form", method="get", action="/", children=[
                html.Div(
                    className="filter filter-sector",
                    children=[
                        html.Span(t("sector_filter", lang), className="filter-label", id=f"{ids.SECTOR}-label"),
                        dcc.Checklist(
                            id=ids.SECTOR,
                            options=[{"label": row[f"label_{lang}"], "value": area} for area, row in data.areas.iterrows()],
                            value=list(view.sectors),
                            inline=True,
                            className="sector-options",
                        ),
                        html.Span(t("sector_hint", lang), className="hint"),
                    ],
                ),
                html.Div(
                    className="filter filter-topic",
                    children=[
                        html.Span(t("topic_filter", lang), className="filter-label", id=f"{ids.TOPIC}-label"),
                        dcc.Dropdown(id=ids.TOPIC, options=topic_options(data, view.tab, lang), value=view.topic,
                                     placeholder=t("all_topics", lang),
                                     clearable=True, searchable=False, className="topic-dropdown"),
                    ],
                ),
                # Only a page without scripts submits the form: the rest of the view it keeps, and its button.
                html.Noscript([
                    *[dcc.Input(type="hidden", name=name, value=value) for name, value in form_fields(view)],
                    html.Button(t("apply_filter", lang), type="submit", className="button"),
                ]),
            ]),
            html.Div(
                className="share",
                children=[
                    html.Label(t("view_link", lang), htmlFor=ids.LINK, className="sr-only"),
                    dcc.Input(id=ids.LINK, type="text", readOnly=True, value=view_links(view, base)[0],
                              className="view-link"),
                    # Copies the field's address (assets/nav.js); shown once the app is live (style.css).
                    html.Button(t("copy_link", lang), id=ids.COPY_LINK, type="button", className="copy-link",
                                title=t("copy_link", lang), **{"data-copied": t("copied", lang)}),
                ],
            ),
            StaticHtml(breadcrumb(data, view, lang), id=ids.BREADCRUMB, element="nav", className="breadcrumb",
                       **{"aria-label": t("breadcrumb", lang)}),
        ],
    )


def form_fields(view: View) -> list[tuple[str, str]]:
    """What the filter form keeps of the view besides the filters themselves (tab, language, period)."""
    fields = [("tab", view.tab)]
    if view.lang != DEFAULT_LANGUAGE:
        fields.append(("lang", view.lang))
    if view.period:
        fields.append(("period", view.period))
    return fields


def filters_class(view: View) -> str:
    """The sector filter shows on the overview, the topic filter on area tabs (CSS keys on this)."""
    return f"filters {'on-overview' if view.tab == OVERVIEW else 'on-area'}"
