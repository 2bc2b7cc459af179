"""The View: tab, sector, topic, indicator, period and language, checked against the data and immutable.

Everything that arrives from outside, the URL or a control's value posted by the browser, goes through
`checked`, so only values that exist survive and the names of what was dropped are listed (no Dash here).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from ..data.dataset import Dataset
from .strings import DEFAULT_LANGUAGE, LANGUAGES

OVERVIEW = "overview"


def tab_ids(data: Dataset) -> list[str]:
    """Every addressable tab, in display order."""
    return [OVERVIEW, *data.areas.index]


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


def view_from_dict(data: Dataset, stored: dict | None) -> View:
    """A View back from a dcc.Store's data (which the browser could have altered: checked again)."""
    if not isinstance(stored, dict):
        return View()
    return checked(data, stored.get("tab"), stored.get("sectors") or (), stored.get("topic"), stored.get("indicator"),
                   stored.get("lang") or DEFAULT_LANGUAGE, stored.get("period"))
