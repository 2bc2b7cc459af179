"""A pick's highlight as mark shapes: a veil or outline over each figure's bars, set by (path, value) updates."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

from .layout import INK

TARGETS = "targets"  # the name of invisible click targets: a tile panel's tiles, a phone chart's rows
DIM = 0.3  # opacity of marks outside the highlighted topic: still legible, clearly in the background
OUTLINE = 2.5


def add_marks(fig: go.Figure) -> go.Figure:
    """A mark over each figure's bars (by customdata): a rectangle shape a pick turns into a veil or an outline.

    A pick dims and outlines bars through these shapes (highlight_updates), never through the bars' own
    marker arrays: Plotly redraws a changed shape alone, but recomputes and redraws the whole chart for a
    changed per-bar array (and for a shape's changed `visible`, so a mark at rest is one at opacity 0).
    A veil is the plot's background at 1 - DIM opacity over the bar: the colour a bar at opacity DIM shows
    on that background. One box per figure and row: a bar, its open tail, a rate's track. Categories are
    numbered in the order Plotly gives them (first trace first); a bar without a width of its own spans
    1 - bargap of its category."""
    gap = fig.layout.bargap if fig.layout.bargap is not None else 0.2
    categories: dict[str, int] = {}
    boxes: dict[tuple, list[float]] = {}
    for trace in fig.data:
        if trace.type != "bar" or trace.customdata is None or trace.name == TARGETS:
            continue
        count = len(trace.customdata)
        bases = trace.base if isinstance(trace.base, tuple | list) else [trace.base or 0] * count
        half = (1 - gap if trace.width is None else trace.width) / 2
        for fid, x, y, base in zip(trace.customdata, trace.x, trace.y, bases):
            centre = y if isinstance(y, int | float) else categories.setdefault(y, len(categories))
            box = boxes.setdefault((fid, centre), [base, base + x, half])
            box[:] = [min(box[0], base), max(box[1], base + x), max(box[2], half)]
    for (fid, centre), (x0, x1, half) in boxes.items():
        fig.add_shape(type="rect", xref="x", yref="y", x0=x0, x1=x1, y0=centre - half, y1=centre + half,
                      layer="above", name=f"mark:{fid}", opacity=0, fillcolor=fig.layout.plot_bgcolor,
                      line={"color": INK, "width": 0})
    return fig


CLEAR = "rgba(0,0,0,0)"  # an outline's fill
# How a pick draws each named shape, as data: the page's script (assets/route.js, marks) draws a pick made in
# the browser from this same table. A bar's mark is (opacity, fill, line width), None for the plot's ground: an
# outline, a veil, or nothing drawn; any other shape (a tile, its accent) only dims, and a tile is outlined.
LOOK = {"selected": (1.0, CLEAR, OUTLINE), "dimmed": (round(1 - DIM, 2), None, 0), "rest": (0, None, 0),
        "dim": DIM, "ink": INK, "outline": OUTLINE}


def highlight_updates(figure: Mapping, topics: Mapping[str, str], topic: str | None,
                      selected: str | None) -> list[tuple[tuple, object]]:
    """(property path, value) pairs that show `topic` at full strength, dim the rest and outline `selected`.

    Works on a built figure's dict, through its named shapes: a bar's mark (add_marks: a veil, an outline or
    nothing), a tile and its accent; texts never dim, so they keep their 4.5:1 contrast (at DIM a label
    would fall to about 1.6:1); topic None restores every mark. The same pairs set a copied dict or a
    dash.Patch, so a click can repaint charts without resending them; only shapes change, which Plotly
    redraws alone."""

    def dimmed(fid: str) -> bool:
        return topic is not None and topics.get(fid) != topic

    ground = figure.get("layout", {}).get("plot_bgcolor", "white")
    updates: list[tuple[tuple, object]] = []
    for j, shape in enumerate(figure.get("layout", {}).get("shapes", [])):
        role, _, fid = (shape.get("name") or "").partition(":")
        if not fid:
            continue
        if role == "mark":
            opacity, fill, width = LOOK["selected" if fid == selected else "dimmed" if dimmed(fid) else "rest"]
            updates += [(("layout", "shapes", j, "opacity"), opacity),
                        (("layout", "shapes", j, "fillcolor"), ground if fill is None else fill),
                        (("layout", "shapes", j, "line", "width"), width)]
        else:
            updates.append((("layout", "shapes", j, "opacity"), LOOK["dim"] if dimmed(fid) else 1.0))
            if role == "tile":
                updates.append((("layout", "shapes", j, "line"),
                                {"color": LOOK["ink"], "width": LOOK["outline"] if fid == selected else 0}))
    return updates


def apply_updates(target, updates: list[tuple[tuple, object]]):
    """Set each path of updates on target (a dict or a dash.Patch); returns target."""
    for path, value in updates:
        node = target
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return target
