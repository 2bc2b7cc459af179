"""Presentation's slides without a browser: the same slides in the same order on every screen, and the
address's slide parameter is part of the presentation, not a value the dashboard ignores."""

from __future__ import annotations

import pytest

from conftest import DATA
from dashboard.data.dataset import load
from dashboard.presentation import present_slides
from dashboard.view.url import parse_view

DATA_SET = load(DATA)


def kinds(slides: list[dict]) -> list[str]:
    return [(s["layout"].get("meta") or {}).get("slide", "?") for s in slides]


def titles(slides: list[dict]) -> list[str]:
    return [(s["layout"].get("title") or {}).get("text", "").replace("<br>", "") for s in slides]


@pytest.mark.parametrize("query", ["tab=science_popularization", "tab=jobs&lang=en", "tab=overview"])
def test_a_phone_shows_the_same_slides_in_the_same_order_as_a_projector(query):
    view = parse_view(query, DATA_SET)
    wide, narrow = present_slides(DATA_SET, view, False), present_slides(DATA_SET, view, True)
    assert kinds(narrow) == kinds(wide)
    assert kinds(wide)[:2] == ["cover", "headline"]  # a phone does not skip them
    assert len(titles(narrow)) == len(titles(wide))
    # a phone's text slide is set for its width: no title line wider than a phone holds at its size
    for slide in narrow:
        if slide["layout"]["meta"].get("layout") == "slide":
            assert slide["layout"]["title"]["font"]["size"] <= 28


def test_the_slide_in_the_address_is_not_an_ignored_value():
    view = parse_view("tab=jobs&present=1&slide=3", DATA_SET)
    assert view.present and view.ignored == ()
