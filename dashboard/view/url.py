"""The URL grammar: the one parser of a query string (into a View) and every link a view writes."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs, parse_qsl

from ..data.dataset import Dataset
from .state import OVERVIEW, View, checked, tab_ids
from .strings import DEFAULT_LANGUAGE, LANGUAGES

MAX_QUERY = 2000  # longer query strings are not a view anyone built by clicking
MAX_FIELDS = 20
# present=1: presentation mode (presentation.py), slide=N its slide on screen (assets/presentation.js keeps it)
PARAMS = ("tab", "sector", "topic", "indicator", "period", "lang", "present", "slide")

def language_href(view: View, lang: str) -> str:
    """The same view in another language (the language switch's link)."""
    return replace(view, lang=lang, ignored=()).query()


def view_links(view: View, base: str) -> tuple[str, str]:
    """(the copy-link field's URL of the view, the language switch's link to it in the other language);
    base is the app's root URL as the browser reached it."""
    other = next(lang for lang in LANGUAGES if lang != view.lang)
    return base + view.query(), language_href(view, other)


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


def pick_href(view: View, figure_id: str | None) -> str:
    """The URL of this view with figure_id picked (None: nothing picked)."""
    return replace(view, indicator=figure_id, ignored=(), present=False).query()


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
