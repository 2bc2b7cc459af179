"""The view layer: what a URL asks for, and what that view shows (no Dash here).

This is the one place that reads or writes the query string, and the one place that answers "which
cards, charts and figures does this view show?" for the page, its server-rendered first paint, the
exports, presentation mode and the table. A view is
tab + sector (overview only) + topic (area tabs only) + indicator (a figure
in what the tab shows) + period (a period of the data other than the latest). Everything that arrives from outside, the URL or a
control's value posted by the browser, goes through `checked`, so only values
that exist survive and the names of what was dropped are listed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import parse_qs, parse_qsl, urlencode

from .strings import DEFAULT_LANGUAGE, LANGUAGES, atoms, t, text_width
from ..data.dataset import Dataset
from .reading import reading

OVERVIEW = "overview"
CARD_LABEL_CHARS = 12  # a KPI card's label line, in Chinese characters, at its narrowest

MAX_QUERY = 2000  # longer query strings are not a view anyone built by clicking
MAX_FIELDS = 20
# present=1: presentation mode (presentation.py), slide=N its slide on screen (assets/presentation.js keeps it)
PARAMS = ("tab", "sector", "topic", "indicator", "period", "lang", "present", "slide")


def tab_ids(data: Dataset) -> list[str]:
    """Every addressable tab, in display order."""
    return [OVERVIEW, *data.areas.index]


def tab_label(data: Dataset, tab: str, lang: str) -> str:
    return t("overview", lang) if tab == OVERVIEW else data.areas.loc[tab, f"label_{lang}"]


@dataclass(frozen=True)
class View:
    """A checked view: only values that exist survive; what was dropped is listed. Immutable: a changed view
    is a new one (dataclasses.replace)."""

    tab: str = OVERVIEW
    sectors: tuple[str, ...] = ()
    topic: str | None = None
    indicator: str | None = None
    ignored: tuple[str, ...] = ()
    lang: str = DEFAULT_LANGUAGE  # part of the view: every string on the page follows it
    present: bool = False  # presentation mode (?present=1): not part of query(), which names the view itself
    period: str | None = None  # None: the data's latest period, so today's links keep meaning "latest"

    def query(self) -> str:
        """The canonical query string: fixed parameter order, empty ones left out."""
        params = {"tab": self.tab}
        if self.sectors:
            params["sector"] = ",".join(self.sectors)
        if self.topic:
            params["topic"] = self.topic
        if self.indicator:
            params["indicator"] = self.indicator
        if self.period:
            params["period"] = self.period
        if self.lang != DEFAULT_LANGUAGE:  # Chinese is the default: its URLs stay as they were
            params["lang"] = self.lang
        return "?" + urlencode(params, safe=",")

    def scope(self) -> dict:
        """What decides the cards, charts and table (the indicator only adds a panel and a highlight)."""
        scope = {"tab": self.tab, "sectors": list(self.sectors), "topic": self.topic, "lang": self.lang}
        if self.period:
            scope["period"] = self.period
        return scope

    def as_dict(self) -> dict:
        return {**self.scope(), "indicator": self.indicator}


def language_href(view: View, lang: str) -> str:
    """The same view in another language (the language switch's link)."""
    return replace(view, lang=lang, ignored=()).query()


def view_links(view: View, base: str) -> tuple[str, str]:
    """(the copy-link field's URL of the view, the language switch's link to it in the other language);
    base is the app's root URL as the browser reached it."""
    other = next(lang for lang in LANGUAGES if lang != view.lang)
    return base + view.query(), language_href(view, other)


def scope_areas(data: Dataset, view: View) -> list[str]:
    """The areas a view shows: the tab's own, or the overview's sectors (none picked = all)."""
    if view.tab != OVERVIEW:
        return [view.tab]
    return list(view.sectors) or list(data.areas.index)


def area_topics(data: Dataset, area: str) -> list[str]:
    """Topic ids of an area in display order."""
    return list(data.topics[data.topics["area"] == area]["id"])


def view_data(data: Dataset, view: View) -> Dataset:
    """The data as of the view's period (the latest when it names none)."""
    return data.in_period(view.period) if view.period else data


def checked(data: Dataset, tab=OVERVIEW, sectors=(), topic=None, indicator=None, lang=DEFAULT_LANGUAGE,
            period=None) -> View:
    """A View from raw values of any type: unknown, out-of-place or malformed ones are dropped and named."""
    ignored = []
    good_period = None
    if period:
        if isinstance(period, str) and period in data.periods:
            good_period = period if period != data.periods[-1] else None
            data = data.in_period(good_period) if good_period else data
        else:
            ignored.append("period")
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
        ignored.append("lang")
    if tab not in tab_ids(data):
        tab = OVERVIEW
        ignored.append("tab")
    good_sectors = ()
    if sectors:
        areas = list(data.areas.index)
        picked = sectors if isinstance(sectors, (list, tuple)) else [None]
        good = {s for s in picked if isinstance(s, str) and s in areas}
        if any(not (isinstance(s, str) and s in good) for s in picked) or tab != OVERVIEW:
            ignored.append("sector")
        if tab == OVERVIEW:
            good_sectors = tuple(a for a in areas if a in good)
    if topic and not (tab != OVERVIEW and isinstance(topic, str) and topic in area_topics(data, tab)):
        topic = None
        ignored.append("topic")
    view = View(tab=tab, sectors=good_sectors, topic=topic or None, lang=lang, period=good_period)
    if indicator and not (isinstance(indicator, str) and in_scope(data, view, indicator)):
        indicator = None
        ignored.append("indicator")
    return replace(view, indicator=indicator or None, ignored=tuple(ignored))


def in_scope(data: Dataset, view: View, figure_id: str) -> bool:
    """Whether a figure exists and belongs to what the view shows."""
    if figure_id not in data.figures.index:
        return False
    row = data.figure(figure_id)
    return row["area"] in scope_areas(data, view) and (view.topic is None or row["topic"] == view.topic)


def parse_view(search: str | None, data: Dataset) -> View:
    """The view in a query string; unknown or malformed values are ignored and named."""
    if not isinstance(search, str) or not search.lstrip("?"):
        return View()
    if len(search) > MAX_QUERY:
        return View(ignored=("query",))
    try:
        params = parse_qs(search.lstrip("?"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:  # more fields than any view has
        return View(ignored=("query",))
    last = {name: values[-1] for name, values in params.items()}
    sector = last.get("sector", "")
    view = checked(
        data,
        tab=last.get("tab", OVERVIEW),
        sectors=[s.strip() for s in sector.split(",") if s.strip()],
        topic=last.get("topic") or None,
        indicator=last.get("indicator") or None,
        lang=last.get("lang") or DEFAULT_LANGUAGE,
        period=last.get("period") or None,
    )
    other = ("other",) if set(params) - set(PARAMS) else ()
    return replace(view, present=last.get(PRESENT) == "1", ignored=view.ignored + other)


PRESENT = "present"
SLIDE = "slide"


def presenting(search) -> bool:
    """Whether a URL search asks for presentation mode (anything but text is a no)."""
    return isinstance(search, str) and dict(parse_qsl(search.lstrip("?"))).get(PRESENT) == "1"


def with_present(search: str | None, on: bool) -> str:
    """The same query with presentation mode switched on (at its first slide) or off."""
    search = search if isinstance(search, str) else ""  # the browser could send anything
    params = [(k, v) for k, v in parse_qsl(search.lstrip("?"), keep_blank_values=True) if k not in (PRESENT, SLIDE)]
    return "?" + urlencode(params + ([(PRESENT, "1")] if on else []))


def view_from_dict(data: Dataset, stored: dict | None) -> View:
    """A View back from a dcc.Store's data (which the browser could have altered: checked again)."""
    if not isinstance(stored, dict):
        return View()
    return checked(data, stored.get("tab"), stored.get("sectors") or (), stored.get("topic"), stored.get("indicator"),
                   stored.get("lang") or DEFAULT_LANGUAGE, stored.get("period"))


# --- What a view shows ------------------------------------------------------------------------


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


def topic_label(data: Dataset, area: str, topic: str, lang: str) -> str:
    rows = data.topics[(data.topics["area"] == area) & (data.topics["id"] == topic)]
    return rows.iloc[0][f"label_{lang}"]


def mark_of(data: Dataset, view: View) -> tuple[str | None, str | None]:
    """(topic to highlight, figure to outline): the selected figure's topic, across every chart."""
    if not view.indicator:
        return None, None
    return data.figure(view.indicator)["topic"], view.indicator


def pick_href(view: View, figure_id: str | None) -> str:
    """The URL of this view with figure_id picked (None: nothing picked)."""
    return replace(view, indicator=figure_id, ignored=(), present=False).query()


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


def figure_text(data: Dataset, figure_id: str, lang: str) -> str:
    """'label: value as published', the words that stand for a figure's mark in a chart."""
    row = data.figure(figure_id)
    return f"{row[f'label_{lang}']}{'：' if lang == 'zh' else ': '}{reading(row, lang).value}"


def chart_summary(data: Dataset, chart_id: str, lang: str, figure_ids=None) -> str:
    """The text alternative of a chart: its title and every figure it shows, as published."""
    chart = data.charts.loc[chart_id]
    items = ("；" if lang == "zh" else "; ").join(figure_text(data, f, lang) for f in figure_ids or chart["figure_ids"])
    return t("chart_summary", lang, title=chart[f"title_{lang}"], items=items)


def card_texts(data: Dataset, figure_id: str, lang: str, *, show_area: bool) -> dict:
    """The words of a KPI card: area (on the overview), value as published, label, source line, colour."""
    row = data.figure(figure_id)
    area = data.areas.loc[row["area"]]
    return {
        "area": area[f"label_{lang}"] if show_area else None,
        "value": (value := reading(row, lang).value),
        "chars": max(text_width(value), 8),  # the value's width in Latin letters: its size on one line (style.css)
        "label": (label := row[f"label_{lang}"] + (t("forecast_tag", lang) if row["is_forecast"] else "")),
        # Where a line may break: between words, never inside a number or a quoted name (a <wbr> each).
        "atoms": atoms(label, CARD_LABEL_CHARS) if lang == "zh" else (label,),
        "source": t("source", lang, orgs=row[f"source_{lang}"], period=row["period"]),
        "color": area["color"],
    }


def shown_chart_ids(data: Dataset, view: View) -> list[str]:
    """The chart ids of a view (sector and topic filters applied)."""
    return [chart_id for chart_id, _ in shown_charts(data, view)]


def figure_facts(data: Dataset, figure_id: str, lang: str) -> list[tuple[str, str]]:
    """(term, value) of what the detail panel says about a figure, in plain words; the reference to cite."""
    from ..data.citation import reference

    row = data.figure(figure_id)
    facts = []
    said = reading(row, lang)
    if said.in_base:  # only where the unit changes (26.44万人 = 264,400 人), its qualifier kept
        facts.append((t("in_base_units", lang), said.in_base))
    if said.group is not None:
        facts.append((t("col_group", lang), str(said.group)))
    facts += [
        (t("qualifier", lang), said.qualifier),
        (t("area", lang), data.areas.at[row["area"], f"label_{lang}"]),
        (t("topic", lang), topic_label(data, row["area"], row["topic"], lang)),
        (t("source_org", lang), data.sources.at[row["source_org"], f"name_{lang}"]),
        (t("period", lang), row["period"]),
    ]
    if row[f"note_{lang}"]:
        facts.append((t("note", lang), row[f"note_{lang}"]))
    facts.append((t("cite_as", lang), reference(data.sources.loc[row["source_org"]], lang)))
    return facts


def query_problems(search: str, data: Dataset) -> tuple[View, str, list[str]]:
    """The view and language an export query asks for, and what is wrong with it, one line each."""
    view = parse_view(search, data)
    params = parse_qs(search.lstrip("?"), keep_blank_values=True)
    problems = []
    for name in view.ignored:
        if name == "query":
            problems.append(f"the query is longer than {MAX_QUERY} characters")
        elif name == "tab":
            problems.append(f"tab: {params['tab'][-1]!r} is not a tab; expected one of {', '.join(tab_ids(data))}")
        else:
            problems.append(f"{name}: {params.get(name, [''])[-1]!r} is not a valid value")
    lang = params.get("lang", [DEFAULT_LANGUAGE])[-1]
    if lang not in LANGUAGES:
        problems.append(f"lang: {lang!r} is not a language; expected one of {', '.join(LANGUAGES)}")
    return view, lang, problems
