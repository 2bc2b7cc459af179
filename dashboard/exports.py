"""Briefing exports of a view: each chart as a PNG, a ZIP of them, a PowerPoint deck (no Dash here).

PNGs come from the process's warm renderer (renderer.py): a one-off write_image would start Chromium for
every chart.
"""

from __future__ import annotations

import io
import math
import os
import re
from html import unescape
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from . import PERIOD
from .figures.charts import EXPORT_SCALE, EXPORT_WIDTH, build_chart, chart_spec, export_filename
from .data.citation import references
from .figures.layout import SLIDE_BOX, SLIDE_HEIGHT, SLIDE_WIDTH
from .view.strings import CJK, DEFAULT_LANGUAGE, t, text_width, wrap
from .data.dataset import Dataset
from .data.periods import with_history
from .view.reading import reading
from .renderer import RENDERER
from .view.selection import beside_cards, shown_cards, shown_charts, shown_figure_ids
from .view.state import view_data
from .view.wording import chart_summary, tab_label

FORMATS = ("png", "zip", "pptx", "pdf")
MIMETYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "zip": "application/zip",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
# What a bureau's PowerPoint and WPS have: 微软雅黑 for Chinese and Latin alike. The theme declares it
# for the East Asian script too, so a machine without it falls back to its own CJK sans-serif.
FONT = "Microsoft YaHei"
RUN_LANG = {"zh": "zh-CN", "en": "en-GB"}
MIN_PT = 18  # no slide text smaller when projected; the appendix is a handout (APPENDIX_PT)
APPENDIX_COLUMNS = (3.4, 2.0, 4.6, 2.3)  # inches: figure, value, source text, source organisation
# English: the quote's English rendering beside the Chinese one
APPENDIX_COLUMNS_EN = (2.5, 1.6, 3.0, 3.3, 1.9)
TILE_COLUMNS = (3.0, 5.6, 3.7)  # inches: topic, result, value of a table of tiles
APPENDIX_HEIGHT = 6.1 * 72  # points of table below the title on a 7.5 in slide
TABLE_FONT = 12  # points: the appendix is read, not projected
INSET = 0.2  # inches: a text box's left and right insets together
TILES_PER_SLIDE = 4  # figures of a table that would not fit one slide, split into slides of four
TILES_PER_TABLE = 6  # results of one table slide at 20 pt and more

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


def pack_name(data: Dataset, view, kind: str) -> str:
    """'chengdu-2023-jobs-charts.zip', 'chengdu-2023-jobs-briefing.pptx'."""
    what = {"zip": "charts.zip", "pptx": "briefing.pptx", "pdf": "handout.pdf"}[kind]
    return f"chengdu-{data.period or PERIOD}-{view.tab.replace('_', '-')}-{what}"


def view_url(base_url: str, view, lang: str = DEFAULT_LANGUAGE) -> str:
    """The dashboard address of exactly this view, in the export's language."""
    query = view.query()
    if lang != DEFAULT_LANGUAGE and "lang=" not in query:
        query += ("&" if query != "?" else "") + urlencode({"lang": lang})
    return base_url.rstrip("/") + "/" + query


def export_view(data: Dataset, view, kind: str, *, lang: str = "zh", base_url: str = "http://127.0.0.1:8050",
                progress: Progress | None = None, data_dir=None) -> dict[str, bytes]:
    """The files of one export kind for a view: {filename: bytes}; 'png' gives one file per chart. The PDF
    handout takes its chart drawings from data_dir's cache (publish/handout.py)."""
    from .publish.handout import handout_for
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
    from .publish.handout import handout_for

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


# --- PowerPoint -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlidePlan:
    """One slide of the deck: 'cover', 'headline', 'chart' (a picture), 'tiles' (a table of results),
    'number' (one figure), 'appendix'."""

    kind: str
    title: str
    figure_ids: tuple[str, ...] = ()
    chart_id: str | None = None
    subset: tuple[str, ...] | None = None  # the chart's figures on this slide (None: all of them)
    kicker: str = ""  # the topic, above a title that states the message


@dataclass(frozen=True)
class Result:
    """One result as the article states it: a figure, or figures of one sentence that count different
    things (2金2铜50优胜), read as one."""

    topic: str
    label: str
    value: str
    figure_ids: tuple[str, ...]


def results(data: Dataset, figure_ids, lang: str) -> list[Result]:
    """The figures as results, in order: counts of one topic quoted from one sentence, each in its own
    unit (金, 铜, 优胜: the unit names what is counted), are one result."""
    out: list[Result] = []
    groups: dict[tuple, list[str]] = {}
    for fid in figure_ids:
        row = data.figure(fid)
        key = (row["topic"], row["source_quote"]) if row["measure"] == "count" else (fid,)
        groups.setdefault(key, []).append(fid)
    for members in groups.values():
        rows = [data.figure(f) for f in members]
        if len({r["unit"] for r in rows}) < len(rows):  # two of one unit: separate results, not one
            out += [_result(data, [r], lang) for r in rows]
        else:
            out.append(_result(data, rows, lang))
    return out


def _result(data: Dataset, rows: list, lang: str) -> Result:
    first = rows[0]
    topic = _topic_label(data, first, lang)
    if len(rows) == 1:
        return Result(topic, _label(first, lang), reading(first, lang).value, (first.name,))
    label = topic
    if lang == "zh":
        common = os.path.commonprefix([r["label_zh"] for r in rows])
        label = common if len(common) >= 4 else topic
    value = ("" if lang == "zh" else ", ").join(reading(r, lang).value for r in rows)
    return Result(topic, label, value, tuple(r.name for r in rows))


def _topic_label(data: Dataset, row, lang: str) -> str:
    match = data.topics[(data.topics["area"] == row["area"]) & (data.topics["id"] == row["topic"])]
    return match.iloc[0][f"label_{lang}"] if len(match) else ""


def message(result: Result, lang: str) -> str:
    """A slide's title as its message: 城镇新增就业26.44万人; New urban jobs: 264,400 people."""
    return f"{result.label}{result.value}" if lang == "zh" else f"{result.label}: {result.value}"


def view_title(data: Dataset, view, lang: str) -> str:
    """The view in briefing words: 成都市2023年就业工作成果, Chengdu 2023: jobs."""
    if view.tab == "overview":
        areas = list(getattr(view, "sectors", None) or ())
        scope = ("、" if lang == "zh" else ", ").join(data.areas.loc[a, f"label_{lang}"] for a in areas) if areas else ""
        scope = scope or t("deck_all_areas", lang)
    else:
        scope = tab_label(data, view.tab, lang)
        if view.topic:
            rows = data.topics[(data.topics["area"] == view.tab) & (data.topics["id"] == view.topic)]
            if len(rows):
                scope += ("：" if lang == "zh" else ": ") + rows.iloc[0][f"label_{lang}"]
    return t("deck_title", lang, scope=scope if lang == "zh" else scope[:1].lower() + scope[1:], period=data.period or PERIOD)


def deck_plan(data: Dataset, view, lang: str = "zh") -> list[SlidePlan]:
    """The slides of a view's deck, in order: cover, headline figures, one slide per chart (tiles four
    to a slide, without the figures the headline slide already shows; a lone figure as a big number),
    appendix pages."""
    cards = tuple(shown_cards(data, view))
    plan = [SlidePlan("cover", view_title(data, view, lang))]
    if cards:
        plan.append(SlidePlan("headline", t("headline_figures", lang), cards))
    for chart_id, subset in shown_charts(data, view):
        chart = data.charts.loc[chart_id]
        shown = beside_cards(data, chart_id, subset, cards)
        tiles = chart["kind"] == "indicators"
        chunks = [shown[i:i + TILES_PER_SLIDE] for i in range(0, len(shown), TILES_PER_SLIDE)] \
            if tiles and len(results(data, shown, lang)) > TILES_PER_TABLE else [shown]
        if len(shown) == 1 and shown[0] in cards:
            continue  # a chart of one headline figure: the headline slide shows it already
        for part, chunk in enumerate(chunks, start=1):
            topic = chart[f"title_{lang}"] + (t("appendix_part", lang, part=part, parts=len(chunks)) if len(chunks) > 1 else "")
            whole = chunk == tuple(chart["figure_ids"])
            first = results(data, chunk, lang)
            if len(chunk) == 1:
                plan.append(SlidePlan("number", topic, chunk, chart_id, None if whole else chunk))
            else:  # the title states the slide's first result; the topic is its kicker
                plan.append(SlidePlan("tiles" if tiles else "chart", message(first[0], lang), chunk, chart_id,
                                      None if whole else chunk, kicker=topic))
    pages = appendix_pages(data, shown_figure_ids(data, view), lang)
    for part, page in enumerate(pages, start=1):
        title = t("appendix", lang) + (t("appendix_part", lang, part=part, parts=len(pages)) if len(pages) > 1 else "")
        plan.append(SlidePlan("appendix", title, tuple(page)))
    plan.append(SlidePlan("references", t("deck_references", lang)))
    return plan


def render_slides(data: Dataset, plan: list[SlidePlan], lang: str = "zh",
                  progress: Progress | None = None) -> dict[int, tuple[bytes, list[str]]]:
    """The picture of each chart slide of a plan at slide size (figures.for_slide), with the unit and
    note lines the picture leaves to the slide: {slide index: (PNG, lines)}."""
    wanted = [(i, s) for i, s in enumerate(plan) if s.kind == "chart"]
    pictures = {}
    for done, (index, slide) in enumerate(wanted, start=1):
        figure = build_chart(data, slide.chart_id, lang, slide.subset, slide=True)
        pictures[index] = (RENDERER.png(figure, SLIDE_WIDTH, SLIDE_HEIGHT, 2), list(figure.layout.meta["notes"]))
        if progress:
            progress(done, len(wanted))
    return pictures


def appendix_columns(lang: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The appendix's column headings and widths: in English the quote's English rendering is beside it."""
    if lang == "zh":
        return ("col_figure", "col_value", "col_quote", "col_source"), APPENDIX_COLUMNS
    return ("col_figure", "col_value", "col_quote", "col_quote_en", "col_source"), APPENDIX_COLUMNS_EN


def appendix_pages(data: Dataset, figure_ids: list[str], lang: str) -> list[list[str]]:
    """The appendix's figures, split into slides by the height their wrapped rows take."""
    keys, widths = appendix_columns(lang)
    pages, page, used = [], [], _row_height([t(k, lang) for k in keys], widths)
    header = used
    for fid in figure_ids:
        height = _row_height(_appendix_cells(with_history(data, data.figure(fid), lang), lang), widths)
        if page and used + height > APPENDIX_HEIGHT:
            pages.append(page)
            page, used = [], header
        page.append(fid)
        used += height
    return [*pages, page]


def _appendix_cells(row, lang: str) -> list[str]:
    label = row[f"label_{lang}"] + (t("forecast_tag", lang) if row["is_forecast"] else "")
    english = [row.get("quote_en", "") or ""] if lang != "zh" else []
    return [label, reading(row, lang).value, row["source_quote"], *english, row[f"source_{lang}"]]


def _row_height(cells: list[str], widths: tuple[float, ...] = APPENDIX_COLUMNS) -> float:
    """Points a table row needs: its cell of most lines, wrapped as the cell will be."""
    lines = max(len(_lines(str(text), TABLE_FONT, width - INSET)) for text, width in zip(cells, widths))
    return lines * TABLE_FONT * 1.35 + 8


def _label(row, lang: str) -> str:
    return row[f"label_{lang}"] + (t("forecast_tag", lang) if row["is_forecast"] else "")


def _notes(data: Dataset, figure_ids, lang: str, link: str) -> list[list[tuple[str, str]]]:
    """Speaker notes: each figure as published with its verbatim source sentence, then the view's link;
    one list of (text, language) pieces a line, so the Chinese quote is tagged Chinese in an English deck."""
    lines = []
    for fid in figure_ids:
        row = data.figure(fid)
        before, _, after = t("deck_note", lang, label=_label(row, lang), value=reading(row, lang).value,
                             quote="\0", source=row[f"source_{lang}"]).partition("\0")
        lines.append([(before, lang), (row["source_quote"], "zh"), (after, lang)])
    lines.append([(t("briefing_view_link", lang) + link, lang)])
    return lines


def _write_notes(frame, lines: list[list[tuple[str, str]]]) -> None:
    frame.clear()
    for i, pieces in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        for text, lang in pieces:
            run = paragraph.add_run()
            run.text = text
            _font(run, 12, lang=lang)


def briefing_pptx(data: Dataset, view, plan: list[SlidePlan], pictures: dict[int, tuple[bytes, list[str]]], *,
                  lang: str = "zh", link: str) -> bytes:
    """The deck of a plan: every slide titled in its title placeholder, with speaker notes."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    _theme_fonts(deck)
    layouts = {"cover": deck.slide_layouts[0], "other": deck.slide_layouts[5]}  # Title Slide, Title Only
    figure_ids = shown_figure_ids(data, view)
    orgs = list(dict.fromkeys(data.figures.loc[figure_ids, "source_org"])) or list(data.sources.index)
    for index, item in enumerate(plan):
        slide = deck.slides.add_slide(layouts["cover" if item.kind == "cover" else "other"])
        _title(slide, item.title, lang, cover=item.kind == "cover", kicker=item.kicker)
        if item.kind == "cover":
            _cover(slide, data, orgs, lang, link)
            notes = [[(t("briefing_view_link", lang) + link, lang)]]
        elif item.kind == "headline":
            _headline(slide, data, item.figure_ids, lang)
            notes = _notes(data, item.figure_ids, lang, link)
        elif item.kind == "number":
            _number(slide, data, item.figure_ids[0], lang)
            notes = _notes(data, item.figure_ids, lang, link)
        elif item.kind == "chart":
            _chart(slide, data, item, pictures[index], lang)
            notes = _notes(data, item.figure_ids, lang, link)
        elif item.kind == "tiles":
            _tiles(slide, data, item, lang)
            notes = _notes(data, item.figure_ids, lang, link)
        elif item.kind == "appendix":
            _appendix_table(slide, [with_history(data, data.figure(fid), lang) for fid in item.figure_ids], lang)
            notes = [[(ref, lang)] for ref in references(data.sources, orgs, lang)]
        else:
            refs = references(data.sources, orgs, lang)
            box = _text(slide, 0.5, 1.4, 12.3, 5.4, refs[0], size=20, lang=lang)
            for ref in refs[1:]:
                _para(box.text_frame, ref, size=20, lang=lang, space_before=14, width=12.3 - INSET)
            notes = [[(ref, lang)] for ref in refs]
        _write_notes(slide.notes_slide.notes_text_frame, notes)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _title(slide, text: str, lang: str, *, cover: bool = False, kicker: str = "") -> None:
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches

    title = slide.shapes.title
    title.left, title.top, title.width = Inches(0.5), Inches(1.6 if cover else 0.25), Inches(12.3)
    title.height = Inches(1.6 if cover else 0.8)
    if kicker:  # the topic in small type above the message
        _text(slide, 0.5, 0.08, 12.3, 0.42, kicker, size=MIN_PT, bold=True, color="4B5563", lang=lang)
        title.top, title.height = Inches(0.45), Inches(0.62)
    frame = title.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM if cover else MSO_ANCHOR.MIDDLE
    # A title of more than one line at 30 pt would run into the unit line: a long one is set at 24 pt.
    size = 40 if cover else 30 if text_width(text) <= 52 else 24
    _write(frame, text, size=size, bold=True, lang=lang)
    frame.paragraphs[0].alignment = 1  # left


def _cover(slide, data: Dataset, orgs: list[str], lang: str, link: str) -> None:
    from pptx.util import Inches

    sub = slide.placeholders[1]
    sub.left, sub.top, sub.width, sub.height = Inches(0.5), Inches(3.4), Inches(12.3), Inches(2.9)
    lines = [("、" if lang == "zh" else "; ").join(data.sources.loc[o, f"name_{lang}"] for o in orgs),
             t("deck_period", lang, period=data.period or PERIOD),
             t("briefing_generated", lang, date=_date(lang))]
    frame = sub.text_frame
    frame.word_wrap = True
    _write(frame, lines[0], size=22, lang=lang, width=12.3 - INSET)
    for line in lines[1:]:
        _para(frame, line, size=20, color="4B5563", lang=lang, width=12.3 - INSET)
    for p in frame.paragraphs:
        p.alignment = 1
    _link(slide, 0.5, 6.4, 12.3, 0.5, t("briefing_view_link", lang), link, lang)


def _date(lang: str) -> str:
    today = date.today()
    return f"{today.year}年{today.month}月{today.day}日" if lang == "zh" else today.strftime("%-d %B %Y")


def _headline(slide, data: Dataset, figure_ids, lang: str) -> None:
    """The view's headline figures, three to a row: value large, label under it; one source line."""
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches

    count = len(figure_ids)
    longest = max(text_width(reading(data.figure(f), lang).value) for f in figure_ids)
    cols = 3 if count > 4 and longest <= 12 else 2 if count > 1 else 1  # a value stays on one line
    rows = math.ceil(count / cols)
    width, height = 12.3 / cols, min(2.9, 5.0 / rows)  # above a source line of up to two lines
    size = 36 if cols < 3 and longest <= 16 else 30
    for i, fid in enumerate(figure_ids):
        row = data.figure(fid)
        x, y = 0.5 + (i % cols) * width, 1.35 + (i // cols) * height
        accent = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(x), Inches(y + 0.1), Inches(0.08), Inches(height - 0.35))
        accent.fill.solid()
        accent.fill.fore_color.rgb = RGBColor.from_string(data.areas.loc[row["area"], "color"][1:])
        accent.line.fill.background()
        box = _text(slide, x + 0.2, y, width - 0.4, height - 0.2, reading(row, lang).value, size=size, bold=True,
                    lang=lang)
        _para(box.text_frame, _label(row, lang), size=20, lang=lang, width=width - 0.4 - INSET)
    orgs = dict.fromkeys(data.figure(f)[f"source_{lang}"] for f in figure_ids)
    _source(slide, ("、" if lang == "zh" else "; ").join(orgs), PERIOD, lang)


def _number(slide, data: Dataset, figure_id: str, lang: str) -> None:
    """A slide of one figure: the number as published, very large, its label, quote and source."""
    from pptx.enum.text import PP_ALIGN

    row = data.figure(figure_id)
    box = _text(slide, 0.5, 1.6, 12.3, 1.9, reading(row, lang).value, size=96, bold=True, lang=lang)
    box.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    label = _text(slide, 1.0, 3.6, 11.3, 1.2, _label(row, lang), size=32, lang=lang)
    label.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    quote = _text(slide, 1.0, 4.9, 11.3, 1.3, t("deck_quote", lang, quote=row["source_quote"]), size=20,
                  color="374151", lang=lang)  # _fill tags the Chinese lines Chinese
    quote.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    _source(slide, row[f"source_{lang}"], row["period"], lang)


def _chart(slide, data: Dataset, item: SlidePlan, picture: tuple[bytes, list[str]], lang: str) -> None:
    """The chart's picture filling the slide under its title and unit line; the source line under it."""
    from pptx.util import Inches

    spec = chart_spec(data, item.chart_id, item.subset)
    png, notes = picture
    _text(slide, 0.5, 1.1, 12.3, 0.6, (" · " if lang == "en" else "　").join(notes), size=MIN_PT, color="4B5563",
          lang=lang)
    box_w, box_h = SLIDE_BOX
    picture = slide.shapes.add_picture(io.BytesIO(png), Inches(0.5), Inches(1.72), Inches(box_w), Inches(box_h))
    summary = chart_summary(data, item.chart_id, lang, list(item.figure_ids))
    c_nv_pr = picture._element.nvPicPr.cNvPr  # noqa: SLF001 (python-pptx has no API for alt text)
    c_nv_pr.set("descr", summary)
    c_nv_pr.set("name", item.title)
    sources = spec[f"sources_{lang}"]
    _source(slide, ("、" if lang == "zh" else "; ").join(sources), spec["period"], lang)


def _tiles(slide, data: Dataset, item: SlidePlan, lang: str) -> None:
    """A table of results, one row each, under its topic: what a slide of tiles said, read in one look;
    a single result (2金2铜50优胜) as one card."""
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches, Pt

    rows = results(data, item.figure_ids, lang)
    spec = chart_spec(data, item.chart_id, item.subset)
    _source(slide, ("、" if lang == "zh" else "; ").join(spec[f"sources_{lang}"]), spec["period"], lang)
    if len(rows) == 1:
        (result,) = rows
        quote = data.figure(result.figure_ids[0])["source_quote"]
        box = _text(slide, 0.5, 1.9, 12.3, 1.7, result.value, size=72 if text_width(result.value) <= 24 else 44,
                    bold=True, lang=lang)
        label = _text(slide, 1.0, 3.7, 11.3, 1.0, result.label, size=32, lang=lang)
        said = _text(slide, 1.0, 4.8, 11.3, 1.2, t("deck_quote", lang, quote=quote), size=20, color="374151", lang=lang)
        for frame in (box, label, said):
            frame.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
        return
    size, value_size = 24, 28
    cells, previous = [], None
    for r in rows:  # a topic is named once, on its first row
        cells.append(["" if r.topic == previous else r.topic, r.label, r.value])
        previous = r.topic
    heights = [max(len(_lines(text, value_size if col == 2 else size, TILE_COLUMNS[col] - INSET))
                   for col, text in enumerate(row) if text) * value_size * 1.3 + 16 for row in cells]
    shape = slide.shapes.add_table(len(cells), len(TILE_COLUMNS), Inches(0.5), Inches(1.4),
                                   Inches(sum(TILE_COLUMNS)), Pt(sum(heights)))
    table = shape.table
    for col, width in enumerate(TILE_COLUMNS):
        table.columns[col].width = Inches(width)
    for r, values in enumerate(cells):
        table.rows[r].height = Pt(heights[r])
        for col, value in enumerate(values):
            _cell(table.cell(r, col), value, width=TILE_COLUMNS[col] - INSET, bold=col == 2, lang=lang,
                  size=value_size if col == 2 else size, fill="FFFFFF" if col else "F3F4F6")
    starts = [r for r, values in enumerate(cells) if values[0]] + [len(cells)]
    for start, end in zip(starts, starts[1:]):
        if end - start > 1:  # the topic's rows share its cell (merged once: a merged range cannot grow)
            table.cell(start, 0).merge(table.cell(end - 1, 0))


def _source(slide, orgs: str, period: str, lang: str) -> None:
    """The source line at the foot of the slide; a long one (two organisations in English) starts higher."""
    text = t("source", lang, orgs=orgs, period=period)
    lines = 1 if text_width(text) * MIN_PT * 0.6 < (12.3 - INSET) * 72 * 0.9 else 2
    _text(slide, 0.5, 7.33 - 0.33 * lines - 0.12, 12.3, 0.33 * lines + 0.12, text, size=MIN_PT, color="4B5563",
          lang=lang)


def _appendix_table(slide, rows: list, lang: str) -> None:
    from pptx.util import Inches, Pt

    keys, widths = appendix_columns(lang)
    cells = [[t(k, lang) for k in keys]]
    cells += [_appendix_cells(row, lang) for row in rows]
    shape = slide.shapes.add_table(len(cells), len(widths), Inches(0.5), Inches(1.1),
                                   Inches(sum(widths)), Pt(sum(_row_height(c, widths) for c in cells)))
    table = shape.table
    for col, width in enumerate(widths):
        table.columns[col].width = Inches(width)
    for r, values in enumerate(cells):
        table.rows[r].height = Pt(_row_height(values, widths))
        for col, value in enumerate(values):
            _cell(table.cell(r, col), value, width=widths[col] - INSET, bold=r == 0,
                  lang="zh" if col == 2 and r else lang)  # quotes are Chinese


def _theme_fonts(deck) -> None:
    """The deck's theme fonts: 微软雅黑 for Latin and East Asian text, with Simplified Chinese (Hans)
    declared, so text without its own font (and WPS's fallback) finds a CJK face."""
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = deck.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for fonts in root.iterfind(".//a:fontScheme/*", ns):  # majorFont, minorFont
        for tag in ("latin", "ea"):
            node = fonts.find(f"a:{tag}", ns)
            node.set("typeface", FONT)
        for script in fonts.findall("a:font", ns):
            if script.get("script") == "Hans":
                script.set("typeface", FONT)
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # noqa: SLF001


def _font(run, size: float, bold: bool = False, color: str = "1F2937", lang: str = "zh") -> None:
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    run.font.color.rgb = RGBColor.from_string(color)
    rpr = run._r.get_or_add_rPr()  # noqa: SLF001 (python-pptx has no API for the East Asian typeface or lang)
    rpr.set("lang", RUN_LANG.get(lang, lang))
    rpr.set("altLang", RUN_LANG["en" if lang == "zh" else "zh"])
    for tag in ("a:ea", "a:cs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = rpr.makeelement(qn(tag), {})
            rpr.append(element)
        element.set("typeface", FONT)


def _write(frame, text: str, *, size: float, bold: bool = False, color: str = "1F2937", lang: str = "zh",
           width: float | None = None) -> None:
    """Replace a text frame's text with one paragraph per line, each in our font, size, colour and language;
    with a width (inches), lines break only between words (i18n.wrap), not where PowerPoint would."""
    frame.clear()
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        _fill(paragraph, line, size, bold, color, lang, width)


def _lines(text: str, size: float, width: float | None) -> list[str]:
    """text in lines that fit width inches at size points, broken only between words (i18n.wrap)."""
    if not width:
        return [text]
    # A CJK character is about the type size wide, a Latin letter on average about half of it; wrap
    # counts a CJK character as two units. A little is left for fonts wider than the one measured.
    per_unit = size / 2 if CJK.search(text) else size * 0.53
    return [unescape(line) for line in wrap(text, max(8, int(width * 72 / per_unit * 0.92))).split("<br>")]


def _fill(paragraph, text: str, size: float, bold: bool, color: str, lang: str, width: float | None) -> None:
    lines = _lines(text, size, width)
    for i, line in enumerate(lines):
        if i:
            paragraph.add_line_break()
        run = paragraph.add_run()
        run.text = line
        # A line of a Chinese title inside English text is Chinese: tag it so (screen readers, spelling).
        chinese = CJK.search(line) and not re.search(r"[A-Za-z]{4}", line)
        _font(run, size, bold, color, "zh" if chinese else lang)


def _text(slide, x: float, y: float, w: float, h: float, text: str, *, size: float, bold: bool = False,
          color: str = "1F2937", lang: str = "zh"):
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    box.text_frame.word_wrap = True
    _write(box.text_frame, text, size=size, bold=bold, color=color, lang=lang, width=w - INSET)
    return box


def _para(frame, text: str, *, size: float, bold: bool = False, color: str = "1F2937", lang: str = "zh",
          space_before: float = 6, width: float | None = None) -> None:
    from pptx.util import Pt

    paragraph = frame.add_paragraph()
    paragraph.space_before = Pt(space_before)
    _fill(paragraph, text, size, bold, color, lang, width)


def _link(slide, x: float, y: float, w: float, h: float, lead: str, url: str, lang: str) -> None:
    box = _text(slide, x, y, w, h, lead, size=MIN_PT, color="4B5563", lang=lang)
    run = box.text_frame.paragraphs[0].add_run()
    run.text = url
    if url.startswith(("https://", "http://")):  # a relative address (no DASHBOARD_PUBLIC_URL) is text only
        run.hyperlink.address = url
    _font(run, MIN_PT, color="0B5CAD", lang="en")


def _cell(cell, text: str, *, width: float, bold: bool = False, lang: str = "zh", size: float = TABLE_FONT,
          fill: str | None = None) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Inches

    # Fills of our own: the default table style puts dark text on its blue header (3.1:1).
    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor.from_string(fill or ("F3F4F6" if bold else "FFFFFF"))
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    frame = cell.text_frame
    frame.word_wrap = True
    if str(text):
        _fill(frame.paragraphs[0], str(text), size, bold, "1F2937", lang, width)
