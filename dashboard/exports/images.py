"""The pictures of an export: each chart as a PNG the camera button would save, a ZIP of them, and the
pictures of a deck's chart slides. All come from the process's warm renderer (renderer.py): a one-off
write_image would start Chromium for every chart."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from ..data.dataset import Dataset
from ..figures.charts import EXPORT_SCALE, EXPORT_WIDTH, build_chart, export_filename
from ..figures.layout import SLIDE_HEIGHT, SLIDE_WIDTH
from ..renderer import RENDERER
from .deck_plan import SlidePlan

Progress = Callable[[int, int], None]  # (charts rendered, charts in the view)


@dataclass(frozen=True)
class ChartImage:
    chart_id: str
    filename: str  # '<area>-<chart>-2023.png'
    png: bytes
    width: int  # pixels
    height: int


def chart_png(data: Dataset, chart_id: str, lang: str = "zh", figure_ids: tuple[str, ...] | None = None) -> ChartImage:
    """One chart as the dashboard's camera button would save it: 1800 px wide, title and source inside."""
    return render_charts(data, [(chart_id, figure_ids)], lang)[0]


def render_charts(data: Dataset, charts: list[tuple[str, tuple[str, ...] | None]], lang: str = "zh",
                  progress: Progress | None = None) -> list[ChartImage]:
    """The PNGs of (chart id, figure subset) pairs in order (rendered several at once), reporting progress
    as each one finishes."""
    figures = [(chart_id, build_chart(data, chart_id, lang, subset)) for chart_id, subset in charts]
    heights = [int(figure.layout.height) for _, figure in figures]
    report = (lambda done: progress(done, len(charts))) if progress else None
    pngs = RENDERER.pngs([(figure, EXPORT_WIDTH, height, EXPORT_SCALE) for (_, figure), height in zip(figures, heights)],
                         report)
    return [ChartImage(chart_id, export_filename(data, chart_id) + ".png", png, EXPORT_WIDTH * EXPORT_SCALE,
                       height * EXPORT_SCALE) for (chart_id, _), png, height in zip(figures, pngs, heights)]


def charts_zip(images: list[ChartImage]) -> bytes:
    """One PNG per chart, named as the camera button names it (PNGs are compressed already)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for image in images:
            archive.writestr(image.filename, image.png)
    return buffer.getvalue()


def render_slides(data: Dataset, plan: list[SlidePlan], lang: str = "zh",
                  progress: Progress | None = None) -> dict[int, tuple[bytes, list[str]]]:
    """The picture of each chart slide of a plan at slide size (figures.layout.for_slide), with the unit and
    note lines the picture leaves to the slide: {slide index: (PNG, lines)}."""
    wanted = [(i, s) for i, s in enumerate(plan) if s.kind == "chart"]
    pictures = {}
    for done, (index, slide) in enumerate(wanted, start=1):
        figure = build_chart(data, slide.chart_id, lang, slide.subset, slide=True)
        pictures[index] = (RENDERER.png(figure, SLIDE_WIDTH, SLIDE_HEIGHT, 2), list(figure.layout.meta["notes"]))
        if progress:
            progress(done, len(wanted))
    return pictures

