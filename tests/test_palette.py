"""Colour: text contrast (WCAG 1.4.3), bar and focus contrast (1.4.11), area colours colour-blind readers tell apart.

Every colour is read from where it is used (data/areas.csv, the built figures, assets/*.css), so a
pale colour added later fails here."""

from __future__ import annotations

import copy
import csv
import itertools
import re

import pytest

from dashboard.figures.charts import cached_chart
from dashboard.figures.marks import apply_updates, highlight_updates
from dashboard.data.dataset import load
from dashboard.figures.palette import contrast_ratio, linear, rgb
from dashboard.presentation import present_figure

from conftest import DATA, ROOT

# The promise's limits, written here rather than read from dashboard/figures/palette.py.
MIN_TEXT_CONTRAST = 4.5  # WCAG 1.4.3, text
MIN_MARK_CONTRAST = 3.0  # WCAG 1.4.11, bars and other graphical objects

DATA_SET = load(DATA)
with open(DATA / "areas.csv", encoding="utf-8") as handle:
    AREA_COLOURS = {row["id"]: row["color"] for row in csv.DictReader(handle)}
CSS_FILES = sorted((ROOT / "assets").glob("*.css"))

# Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation of color vision
# deficiency", severity 1.0: applied to linear RGB.
MACHADO = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
# CIE76 ΔE: about 2.3 is just noticeable, up to about 10 colours differ "at a glance" yet read as one
# colour family; from about 11 they read as different colours. 12 keeps a margin over that for screens
# and projectors; the palette's tightest pair is Okabe-Ito's own blue and green under tritanopia (17).
MIN_DELTA_E = 12


# --- colour science ------------------------------------------------------------------------------


def over(colour: str, opacity: float, backdrop: str) -> str:
    """colour drawn at opacity over backdrop, composited in sRGB as browsers do."""
    mixed = (opacity * a + (1 - opacity) * b for a, b in zip(rgb(colour), rgb(backdrop)))
    return "#" + "".join(f"{round(255 * c):02X}" for c in mixed)


def simulate(colour: str, deficiency: str | None) -> tuple[float, float, float]:
    """Linear RGB as seen with the deficiency (None: normal vision)."""
    channels = [linear(c) for c in rgb(colour)]
    if deficiency is None:
        return tuple(channels)
    return tuple(min(1.0, max(0.0, sum(m * c for m, c in zip(row, channels)))) for row in MACHADO[deficiency])


def cielab(linear_rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """CIELAB (D65 white) of a linear sRGB colour."""
    r, g, b = linear_rgb
    xyz = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b,
           0.2126729 * r + 0.7151522 * g + 0.0721750 * b,
           0.0193339 * r + 0.1191920 * g + 0.9503041 * b)
    fx, fy, fz = (t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116
                  for t in (v / n for v, n in zip(xyz, (0.95047, 1.0, 1.08883))))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(first: str, second: str, deficiency: str | None) -> float:
    """CIE76 ΔE between two colours as a reader with the deficiency sees them."""
    a, b = (cielab(simulate(c, deficiency)) for c in (first, second))
    return sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#767676", "white") == pytest.approx(4.54, abs=0.01)  # the lightest grey passing AA
    assert contrast_ratio("#777", "#FFFFFF") < MIN_TEXT_CONTRAST


def test_simulation_keeps_greys_and_finds_the_confusion_it_should():
    for deficiency in MACHADO:
        assert simulate("#FFFFFF", deficiency) == pytest.approx((1, 1, 1), abs=1e-3)
    # The palette's former vermillion and goldenrod: distinct to most readers, one colour to deuteranopes.
    assert delta_e("#D55E00", "#B8860B", None) > 30
    assert delta_e("#D55E00", "#B8860B", "deuteranopia") < 5


# --- area colours ----------------------------------------------------------------------------------


@pytest.mark.parametrize("area", list(AREA_COLOURS))
def test_area_colour_stands_out_on_white_and_in_presentation(area):
    """Bars are filled with the area colour on the white chart and on the presentation's black."""
    colour = AREA_COLOURS[area]
    presentation_paper = present_figure(cached_chart(DATA_SET, DATA_SET.charts.index[0], "zh"))["layout"]["paper_bgcolor"]
    assert contrast_ratio(colour, "white") >= MIN_MARK_CONTRAST
    assert contrast_ratio(colour, presentation_paper) >= MIN_MARK_CONTRAST


@pytest.mark.parametrize("deficiency", [None, *MACHADO], ids=lambda d: d or "normal")
def test_area_colours_stay_distinguishable(deficiency):
    pairs = {(a, b): delta_e(AREA_COLOURS[a], AREA_COLOURS[b], deficiency)
             for a, b in itertools.combinations(AREA_COLOURS, 2)}
    closest = min(pairs, key=pairs.get)
    assert pairs[closest] >= MIN_DELTA_E, (closest, round(pairs[closest], 1))


# --- text in the figures ---------------------------------------------------------------------------


def text_colours(node, opacity: float = 1.0, key: str = ""):
    """(colour, opacity) of every font in a figure dict; an annotation's opacity applies to its text.

    Plotly's template is skipped: its one font colour is the default that the figure's font.color replaces."""
    if isinstance(node, dict):
        opacity *= node.get("opacity", 1.0) if key == "annotations" else 1.0
        if key.endswith("font") and isinstance(node.get("color"), str):
            yield node["color"], opacity
        for k, v in node.items():
            if k != "template":
                yield from text_colours(v, opacity, k)
    elif isinstance(node, list):
        for item in node:
            yield from text_colours(item, opacity, key)


def text_backgrounds(figure: dict) -> set[str]:
    """What text sits on: the paper, the plot area and the tiles (drawn at their opacity on the paper)."""
    layout = figure["layout"]
    paper = layout["paper_bgcolor"]
    tiles = {over(s["fillcolor"], s.get("opacity", 1.0), paper)
             for s in layout.get("shapes", []) if (s.get("name") or "").startswith("tile:")}
    return {paper, layout.get("plot_bgcolor", paper), *tiles}


def highlighted(figure: dict) -> dict:
    """The figure with the first figure's topic highlighted: everything else dimmed."""
    chart_id = figure["layout"]["meta"]["chart_id"]
    first = DATA_SET.charts.at[chart_id, "figure_ids"][0]
    return apply_updates(copy.deepcopy(figure), highlight_updates(figure, DATA_SET.figures["topic"],
                                                                  DATA_SET.figures.at[first, "topic"], first))


def low_contrast_texts(figure: dict) -> list[tuple[str, str, float]]:
    """(text colour, background, ratio) of every text below 4.5:1 on anything text sits on."""
    assert figure["layout"]["font"]["color"], "without it, Plotly's template colour would show"
    backgrounds = text_backgrounds(figure)
    found = set(text_colours(figure))
    assert found, "no text colours found: the figure's shape changed"
    return [(colour, bg, round(contrast_ratio(over(colour, opacity, bg), bg), 2))
            for colour, opacity in found for bg in backgrounds
            if contrast_ratio(over(colour, opacity, bg), bg) < MIN_TEXT_CONTRAST]


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "phone"])
@pytest.mark.parametrize("chart_id", list(DATA_SET.charts.index))
def test_chart_text_contrast_on_screen_highlighted_and_presented(chart_id, narrow):
    figure = cached_chart(DATA_SET, chart_id, "zh", None, narrow)
    assert low_contrast_texts(figure) == []
    assert low_contrast_texts(highlighted(figure)) == []  # the other topics dim; their texts stay readable
    assert low_contrast_texts(present_figure(figure, narrow)) == []


# --- text in the stylesheets -----------------------------------------------------------------------

COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b|\bwhite\b|\bblack\b|var\(--[\w-]+\)")


def css_rules() -> list[tuple[str, dict[str, str]]]:
    """(selector, {property: value}) of every rule of assets/*.css (innermost blocks: @media bodies too)."""
    rules = []
    for path in CSS_FILES:
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
            declarations = dict(part.split(":", 1) for part in body.split(";") if ":" in part)
            rules.append((selector.strip(), {k.strip(): v.strip() for k, v in declarations.items()}))
    return rules


RULES = css_rules()
VARIABLES = {k: v for selector, d in RULES if selector == ":root" for k, v in d.items() if k.startswith("--")}


def colour_of(value: str | None) -> str | None:
    """The first colour in a declaration's value, variables resolved; None without one."""
    match = COLOUR.search(value or "")
    if not match:
        return None
    token = match.group()
    return colour_of(VARIABLES[token[4:-1]]) if token.startswith("var(") else token


def background(declarations: dict) -> str | None:
    return colour_of(declarations.get("background-color") or declarations.get("background"))


def presenting(selector: str) -> bool:
    return "present-" in selector


def surfaces(in_presentation: bool) -> set[str]:
    """What text without a background of its own can sit on. On the page: every background declared
    without a text colour (body, cards, panels, hovers; one with its own colour is a badge, checked as
    a pair). In the presentation layer: every background of the layer."""
    return {background(d) for s, d in RULES
            if background(d) and presenting(s) == in_presentation and (in_presentation or "color" not in d)}


def test_stylesheets_are_parsed():
    assert CSS_FILES and "--ink" in VARIABLES
    assert "white" in surfaces(False) and "#000" in surfaces(True)


@pytest.mark.parametrize(("selector", "declarations"), [pytest.param(*r, id=r[0]) for r in RULES if colour_of(r[1].get("color"))])
def test_css_text_contrast(selector, declarations):
    colour = colour_of(declarations["color"])
    backgrounds = {background(declarations)} if background(declarations) else surfaces(presenting(selector))
    assert backgrounds
    ratios = {bg: round(contrast_ratio(colour, bg), 2) for bg in backgrounds}
    assert min(ratios.values()) >= MIN_TEXT_CONTRAST, (colour, ratios)


@pytest.mark.parametrize(("selector", "declarations"), [pytest.param(*r, id=r[0]) for r in RULES if colour_of(r[1].get("outline"))])
def test_focus_outline_contrast(selector, declarations):
    """A focus ring is a state that must be seen: 3:1 against whatever it is drawn on (WCAG 1.4.11)."""
    colour = colour_of(declarations["outline"])
    ratios = {bg: round(contrast_ratio(colour, bg), 2) for bg in surfaces(presenting(selector))}
    assert min(ratios.values()) >= MIN_MARK_CONTRAST, (colour, ratios)
