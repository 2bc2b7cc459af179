"""What a view shows: its cards, charts and figures, the highlighted one, the breadcrumb and the tab links."""

from __future__ import annotations

from functools import lru_cache

from ..data.dataset import Dataset
from .state import OVERVIEW, View, scope_areas, tab_ids
from .strings import t
from .wording import tab_label, topic_label


def _area_order(data: Dataset):
    return lambda col: col.map(data.areas["order"])


def beside_cards(data: Dataset, chart_id: str, subset: tuple[str, ...] | None, cards) -> tuple[str, ...]:
    """The figures a chart shows under KPI cards: tiles leave out the cards' figures (none left: the chart
    is not shown, so a card never sits beside a tile of the same figure); bars and rates keep every figure,
    since they compare."""
    figures = tuple(subset or data.charts.at[chart_id, "figure_ids"])
    if data.charts.at[chart_id, "kind"] != "indicators":
        return figures
    return tuple(f for f in figures if f not in set(cards))


def shown_charts(data: Dataset, view: View) -> list[tuple[str, tuple[str, ...] | None]]:
    """(chart id, figure subset or None for all of them) for each chart the view shows, in order; tile
    panels leave out the figures the view's KPI cards already show."""
    cards = shown_cards(data, view)
    shown = []
    for chart_id, subset in _charts_in_scope(data, view):
        figures = beside_cards(data, chart_id, subset, cards)
        if not figures:
            continue  # every figure of these tiles is a card of the view already
        shown.append((chart_id, subset if figures == tuple(subset or data.charts.at[chart_id, "figure_ids"])
                       else figures))
    return shown


def _charts_in_scope(data: Dataset, view: View) -> list[tuple[str, tuple[str, ...] | None]]:
    return list(_scoped_charts(data, view.tab, tuple(view.sectors), view.topic))


# A view's cards and charts follow from its scope alone, and a page or a callback asks for them several
# times: each is worked out once per dataset and scope (pandas filters and sorts, a few ms each).
@lru_cache(maxsize=1024)
def _scoped_charts(data: Dataset, tab: str, sectors: tuple[str, ...], topic: str | None
                   ) -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    view = View(tab=tab, sectors=sectors, topic=topic)
    if tab == OVERVIEW:
        charts = data.charts[data.charts["overview"] & data.charts["area"].isin(scope_areas(data, view))]
        return tuple((c, None) for c in charts.sort_values("area", key=_area_order(data)).index)
    shown = []
    for chart_id, row in data.area_charts(tab).iterrows():
        if topic is None:
            shown.append((chart_id, None))
            continue
        subset = tuple(f for f in row["figure_ids"] if data.figures.at[f, "topic"] == topic)
        if subset:
            shown.append((chart_id, subset))
    return tuple(shown)


def shown_cards(data: Dataset, view: View) -> list[str]:
    """Figure ids of the KPI cards a view shows: one headline per area on the overview."""
    return list(_scoped_cards(data, view.tab, tuple(view.sectors), view.topic))


@lru_cache(maxsize=1024)
def _scoped_cards(data: Dataset, tab: str, sectors: tuple[str, ...], topic: str | None) -> tuple[str, ...]:
    figs = data.figures
    if tab == OVERVIEW:
        heads = figs[(figs["headline"] == 1) & figs["area"].isin(scope_areas(data, View(tab=tab, sectors=sectors)))]
        return tuple(heads.sort_values("area", key=_area_order(data)).index)
    heads = figs[(figs["area"] == tab) & (figs["headline"] > 0)]
    if topic:
        heads = heads[heads["topic"] == topic]
    return tuple(heads.sort_values("headline").index)


def chart_figure_ids(data: Dataset, chart_id: str, subset: tuple[str, ...] | None) -> tuple[str, ...]:
    """The figures a shown chart draws: its topic subset, or all of them."""
    return subset or tuple(data.charts.at[chart_id, "figure_ids"])


def shown_figure_ids(data: Dataset, view: View) -> list[str]:
    """Every figure a view shows (cards, then each chart's figures), each once: the table's rows."""
    charted = [f for c, subset in shown_charts(data, view) for f in chart_figure_ids(data, c, subset)]
    return list(dict.fromkeys([*shown_cards(data, view), *charted]))


def mark_of(data: Dataset, view: View) -> tuple[str | None, str | None]:
    """(topic to highlight, figure to outline): the selected figure's topic, across every chart."""
    if not view.indicator:
        return None, None
    return data.figure(view.indicator)["topic"], view.indicator


def breadcrumb_steps(data: Dataset, view: View, lang: str) -> list[tuple[str, str]]:
    """(text, href) of each breadcrumb step: overview or area › topic › figure; the last has no href."""
    steps: list[tuple[str, str]] = []
    row = data.figure(view.indicator) if view.indicator else None
    if view.tab == OVERVIEW:
        steps.append((t("overview", lang), View(tab=OVERVIEW, sectors=view.sectors, lang=view.lang, period=view.period).query()))
        area = row["area"] if row is not None else None
    else:
        area = view.tab
    if area:
        steps.append((data.areas.at[area, f"label_{lang}"], View(tab=area, lang=view.lang, period=view.period).query()))
        topic = view.topic or (row["topic"] if row is not None else None)
        if topic:
            steps.append((topic_label(data, area, topic, lang), View(tab=area, topic=topic, lang=view.lang, period=view.period).query()))
    if row is not None:
        steps.append((row[f"label_{lang}"], ""))
    return steps


def tab_links(data: Dataset, view: View) -> list[tuple[str, str, str, bool]]:
    """(tab id, label, href, current) of each tab: a new tab starts unfiltered, in the view's language."""
    return [(tab, tab_label(data, tab, view.lang), View(tab=tab, lang=view.lang, period=view.period).query(),
             tab == view.tab)
            for tab in tab_ids(data)]


def same_topic(data: Dataset, figure_id: str) -> list[str]:
    """The other figures of a figure's area and topic: the detail panel's "other figures"."""
    row = data.figure(figure_id)
    same = data.figures[(data.figures["area"] == row["area"]) & (data.figures["topic"] == row["topic"])]
    return [fid for fid in same.index if fid != figure_id]


def shown_chart_ids(data: Dataset, view: View) -> list[str]:
    """The chart ids of a view (sector and topic filters applied)."""
    return [chart_id for chart_id, _ in shown_charts(data, view)]
