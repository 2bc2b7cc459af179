"""The view a URL asks for: parse and check query parameters, build them back.

This is the one place that reads or writes the query string. A view is
tab + sector (overview only) + topic (area tabs only) + indicator (a figure
in what the tab shows) + period (a period of the data other than the latest). Everything that arrives from outside, the URL or a
control's value posted by the browser, goes through `checked`, so only values
that exist survive and the names of what was dropped are listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

from .i18n import DEFAULT_LANGUAGE, LANGUAGES
from .loading import Dataset
from .views import OVERVIEW, tab_ids

MAX_QUERY = 2000  # longer query strings are not a view anyone built by clicking
MAX_FIELDS = 20
PARAMS = ("tab", "sector", "topic", "indicator", "period", "lang", "present")  # present=1: presentation mode (presentation.py)


@dataclass
class View:
    """A checked view: only values that exist survive; what was dropped is listed."""

    tab: str = OVERVIEW
    sectors: tuple[str, ...] = ()
    topic: str | None = None
    indicator: str | None = None
    ignored: list[str] = field(default_factory=list)
    lang: str = DEFAULT_LANGUAGE  # part of the view: every string on the page follows it
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
    view = View()
    if period:
        if isinstance(period, str) and period in data.periods:
            view.period = period if period != data.periods[-1] else None
            data = view_data(data, view)
        else:
            view.ignored.append("period")
    if lang in LANGUAGES:
        view.lang = lang
    else:
        view.ignored.append("lang")
    if tab in tab_ids(data):
        view.tab = tab
    else:
        view.ignored.append("tab")
    if sectors:
        areas = list(data.areas.index)
        picked = sectors if isinstance(sectors, (list, tuple)) else [None]
        good = {s for s in picked if isinstance(s, str) and s in areas}
        if any(not (isinstance(s, str) and s in good) for s in picked) or view.tab != OVERVIEW:
            view.ignored.append("sector")
        if view.tab == OVERVIEW:
            view.sectors = tuple(a for a in areas if a in good)
    if topic:
        if view.tab != OVERVIEW and isinstance(topic, str) and topic in area_topics(data, view.tab):
            view.topic = topic
        else:
            view.ignored.append("topic")
    if indicator:
        if isinstance(indicator, str) and in_scope(data, view, indicator):
            view.indicator = indicator
        else:
            view.ignored.append("indicator")
    return view


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
        return View(ignored=["query"])
    try:
        params = parse_qs(search.lstrip("?"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:  # more fields than any view has
        return View(ignored=["query"])
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
    if set(params) - set(PARAMS):
        view.ignored.append("other")
    return view


def view_from_dict(data: Dataset, stored: dict | None) -> View:
    """A View back from a dcc.Store's data (which the browser could have altered: checked again)."""
    if not isinstance(stored, dict):
        return View()
    return checked(data, stored.get("tab"), stored.get("sectors") or (), stored.get("topic"), stored.get("indicator"),
                   stored.get("lang") or DEFAULT_LANGUAGE, stored.get("period"))
