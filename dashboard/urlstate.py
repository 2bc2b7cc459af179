"""The view a URL asks for: parse and check query parameters, build them back."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

from .loading import Dataset
from .views import OVERVIEW, tab_ids

MAX_QUERY = 2000  # longer query strings are not a view anyone built by clicking


@dataclass
class View:
    """A checked view: only values that exist survive; what was dropped is listed."""

    tab: str = OVERVIEW
    ignored: list[str] = field(default_factory=list)

    def query(self) -> str:
        return "?" + urlencode({"tab": self.tab})


def parse_view(search: str | None, data: Dataset) -> View:
    """The view in a query string; unknown or malformed values are ignored and named."""
    view = View()
    if not isinstance(search, str) or not search:
        return view
    if len(search) > MAX_QUERY:
        view.ignored.append("query")
        return view
    params = parse_qs(search.lstrip("?"), keep_blank_values=True)
    tab = params.get("tab", [OVERVIEW])[-1]
    if tab in tab_ids(data):
        view.tab = tab
    else:
        view.ignored.append("tab")
    return view
