"""A view's export, end to end: the files of one format (export_view), or the briefing pack of a ZIP and a
deck (briefing_pack). The handout is imported when asked for: it is written from the page (publish/)."""

from __future__ import annotations

from ..data.dataset import Dataset
from ..view.selection import shown_charts
from ..view.state import view_data
from .deck import briefing_pptx
from .deck_plan import deck_plan
from .files import FORMATS, pack_name, view_url
from .images import ChartImage, Progress, charts_zip, render_charts, render_slides


def export_view(data: Dataset, view, kind: str, *, lang: str = "zh", base_url: str = "http://127.0.0.1:8050",
                progress: Progress | None = None, data_dir=None) -> dict[str, bytes]:
    """The files of one export kind for a view: {filename: bytes}; 'png' gives one file per chart. The PDF
    handout takes its chart drawings from data_dir's cache (publish/handout.py)."""
    from ..publish.handout import handout_for
    if kind == "pdf":
        return {pack_name(data, view, "pdf"): handout_for(data, view, lang, base_url, data_dir)}
    data = view_data(data, view)
    if kind == "pptx":
        plan = deck_plan(data, view, lang)
        pictures = render_slides(data, plan, lang, progress)
        return {pack_name(data, view, "pptx"): briefing_pptx(data, view, plan, pictures, lang=lang,
                                                             link=view_url(base_url, view, lang))}
    if kind not in FORMATS:
        raise ValueError(f"unknown export format {kind!r}; expected one of {', '.join(FORMATS)}")
    images = render_charts(data, shown_charts(data, view), lang, progress)
    if kind == "png":
        return {image.filename: image.png for image in images}
    return {pack_name(data, view, "zip"): charts_zip(images)}


def briefing_pack(data: Dataset, view, *, lang: str = "zh", base_url: str = "http://127.0.0.1:8050",
                  progress: Progress | None = None, data_dir=None) -> dict[str, bytes]:
    """ZIP (the charts as the camera saves them, and the PDF handout) and PPTX (the charts as slide pictures)
    of a view."""
    from ..publish.handout import handout_for

    full = data
    data = view_data(data, view)
    charts = shown_charts(data, view)
    plan = deck_plan(data, view, lang)
    total = len(charts) + sum(1 for s in plan if s.kind == "chart")
    count = (lambda done, _: progress(done, total)) if progress else None
    images = render_charts(data, charts, lang, count)
    pictures = render_slides(data, plan, lang, (lambda done, _: progress(len(charts) + done, total)) if progress else None)
    pdf = ChartImage("", pack_name(data, view, "pdf"), handout_for(full, view, lang, base_url, data_dir), 0, 0)
    return {
        pack_name(data, view, "zip"): charts_zip([*images, pdf]),
        pack_name(data, view, "pptx"): briefing_pptx(data, view, plan, pictures, lang=lang,
                                                     link=view_url(base_url, view, lang)),
    }
