"""Briefing exports of a view: each chart as a PNG, a ZIP of them, a PowerPoint deck (no Dash here).

PNGs come from the process's warm renderer (renderer.py): a one-off write_image would start Chromium for
every chart.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, urlencode

from . import PERIOD
from .charts import EXPORT_SCALE, EXPORT_WIDTH, build_chart, chart_spec, export_filename
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, t, text_width
from .loading import Dataset
from .periods import with_history
from .renderer import RENDERER
from .urlstate import MAX_QUERY, parse_view, shown_charts, shown_figure_ids, tab_ids, tab_label, view_data

FORMATS = ("png", "zip", "pptx")
MIMETYPES = {
    "png": "image/png",
    "zip": "application/zip",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
FONT = "Noto Sans CJK SC"
APPENDIX_COLUMNS = (3.4, 2.0, 4.6, 2.3)  # inches: figure, value, source text, source organisation
APPENDIX_HEIGHT = 6.1 * 72  # points of table below the title on a 7.5 in slide
TABLE_FONT = 10.5  # points

Progress = Callable[[int, int], None]  # (charts rendered, charts in the view)


def query_problems(search: str, data: Dataset) -> tuple[object, str, list[str]]:
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
    what = {"zip": "charts.zip", "pptx": "briefing.pptx"}[kind]
    return f"chengdu-{data.period or PERIOD}-{view.tab.replace('_', '-')}-{what}"


def view_url(base_url: str, view, lang: str = DEFAULT_LANGUAGE) -> str:
    """The dashboard address of exactly this view, in the export's language."""
    query = view.query()
    if lang != DEFAULT_LANGUAGE and "lang=" not in query:
        query += ("&" if query != "?" else "") + urlencode({"lang": lang})
    return base_url.rstrip("/") + "/" + query


def export_view(data: Dataset, view, kind: str, *, lang: str = "zh", base_url: str = "http://127.0.0.1:8050",
                progress: Progress | None = None) -> dict[str, bytes]:
    """The files of one export kind for a view: {filename: bytes}; 'png' gives one file per chart."""
    data = view_data(data, view)
    images = render_charts(data, shown_charts(data, view), lang, progress)
    if kind == "png":
        return {image.filename: image.png for image in images}
    if kind == "zip":
        return {pack_name(data, view, "zip"): charts_zip(images)}
    if kind == "pptx":
        return {pack_name(data, view, "pptx"): briefing_pptx(data, view, images, lang=lang, link=view_url(base_url, view, lang))}
    raise ValueError(f"unknown export format {kind!r}; expected one of {', '.join(FORMATS)}")


def briefing_pack(data: Dataset, view, *, lang: str = "zh", base_url: str = "http://127.0.0.1:8050",
                  progress: Progress | None = None) -> dict[str, bytes]:
    """ZIP and PPTX of a view from one rendering of its charts."""
    data = view_data(data, view)
    images = render_charts(data, shown_charts(data, view), lang, progress)
    return {
        pack_name(data, view, "zip"): charts_zip(images),
        pack_name(data, view, "pptx"): briefing_pptx(data, view, images, lang=lang, link=view_url(base_url, view, lang)),
    }


# --- PowerPoint -----------------------------------------------------------------------------------

def appendix_pages(data: Dataset, figure_ids: list[str], lang: str) -> list[list[str]]:
    """The appendix's figures, split into slides by the height their wrapped rows take."""
    pages, page, used = [], [], _row_height([t(k, lang) for k in ("col_figure", "col_value", "col_quote", "col_source")])
    header = used
    for fid in figure_ids:
        height = _row_height(_appendix_cells(with_history(data, data.figure(fid), lang), lang))
        if page and used + height > APPENDIX_HEIGHT:
            pages.append(page)
            page, used = [], header
        page.append(fid)
        used += height
    return [*pages, page]


def _appendix_cells(row, lang: str) -> list[str]:
    label = row[f"label_{lang}"] + (t("forecast_tag", lang) if row["is_forecast"] else "")
    return [label, row[f"display_{lang}"], row["source_quote"], row[f"source_{lang}"]]


def _row_height(cells: list[str]) -> float:
    """Points a table row needs: its most wrapped cell (a CJK character is as wide as two Latin letters)."""
    lines = 1
    for text, width in zip(cells, APPENDIX_COLUMNS):
        per_line = (width * 72 - 10) / (TABLE_FONT * 0.55)  # Latin letters per line, cell margins off
        # Words do not split: a line holds a little less than its letters.
        lines = max(lines, math.ceil(text_width(str(text)) / (per_line * 0.9)))
    return lines * TABLE_FONT * 1.25 + 8


def briefing_pptx(data: Dataset, view, images: list[ChartImage], *, lang: str = "zh", link: str) -> bytes:
    """Title slide; one slide per chart (image, key figures, source, link back); appendix of every figure."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]
    figure_ids = shown_figure_ids(data, view)
    frame = data.figures.loc[figure_ids]
    orgs = list(dict.fromkeys(frame["source_org"]))
    sources = ("、" if lang == "zh" else "; ").join(data.sources.loc[o, f"name_{lang}"] for o in orgs)

    slide = deck.slides.add_slide(blank)
    _text(slide, 0.8, 2.1, 11.7, 1.4, t("briefing_title", lang), size=36, bold=True)
    _text(slide, 0.8, 3.6, 11.7, 0.6,
          t("briefing_view", lang, view=tab_label(data, view.tab, lang), charts=len(images), figures=len(figure_ids)),
          size=20)
    _text(slide, 0.8, 4.3, 11.7, 0.9, t("briefing_sources", lang, sources=sources), size=14, color="4B5563")
    _text(slide, 0.8, 5.3, 11.7, 0.4, t("briefing_generated", lang, date=date.today().isoformat()), size=12,
          color="4B5563")
    _link(slide, 0.8, 5.8, 11.7, 0.4, t("briefing_view_link", lang), link)

    for image in images:
        _chart_slide(deck.slides.add_slide(blank), data, image, lang, link)

    pages = appendix_pages(data, figure_ids, lang)
    for part, page in enumerate(pages, start=1):
        title = t("appendix", lang) + (t("appendix_part", lang, part=part, parts=len(pages)) if len(pages) > 1 else "")
        _appendix_slide(deck.slides.add_slide(blank), title, [with_history(data, data.figure(fid), lang) for fid in page],
                        lang)

    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _chart_slide(slide, data: Dataset, image: ChartImage, lang: str, link: str) -> None:
    from pptx.util import Inches

    spec = chart_spec(data, image.chart_id)
    _text(slide, 0.5, 0.25, 12.3, 0.7, spec[f"title_{lang}"], size=26, bold=True)
    frame = data.chart_figures(image.chart_id)
    # The image as large as fits the left 9.2 x 5.6 inches, keeping its proportions; key figures on the right.
    scale = min(9.2 / image.width, 5.6 / image.height)
    width, height = image.width * scale, image.height * scale
    slide.shapes.add_picture(io.BytesIO(image.png), Inches(0.4), Inches(1.05 + (5.6 - height) / 2),
                             Inches(width), Inches(height))
    box = _text(slide, 9.8, 1.05, 3.2, 5.6, t("key_figures", lang), size=16, bold=True, color="4B5563")
    big = len(frame) <= 4
    for row in frame.to_dict("records"):
        label = row[f"label_{lang}"] + (t("forecast_tag", lang) if row["is_forecast"] else "")
        _para(box, row[f"display_{lang}"], size=20 if big else 15, bold=True, space_before=8 if big else 4)
        _para(box, label, size=12 if big else 10, color="374151")
    sources = "、".join(spec["sources_zh"]) if lang == "zh" else "; ".join(spec["sources_en"])
    _text(slide, 0.5, 6.75, 6.0, 0.4, t("source", lang, orgs=sources, period=spec["period"]), size=11, color="4B5563")
    _link(slide, 6.5, 6.75, 6.5, 0.4, t("briefing_view_link", lang), link)


def _appendix_slide(slide, title: str, rows: list, lang: str) -> None:
    from pptx.util import Inches, Pt

    _text(slide, 0.5, 0.25, 12.3, 0.7, title, size=24, bold=True)
    cells = [[t(k, lang) for k in ("col_figure", "col_value", "col_quote", "col_source")]]
    cells += [_appendix_cells(row, lang) for row in rows]
    shape = slide.shapes.add_table(len(cells), len(APPENDIX_COLUMNS), Inches(0.5), Inches(1.05),
                                   Inches(sum(APPENDIX_COLUMNS)), Pt(sum(_row_height(c) for c in cells)))
    table = shape.table
    for col, width in enumerate(APPENDIX_COLUMNS):
        table.columns[col].width = Inches(width)
    for r, values in enumerate(cells):
        table.rows[r].height = Pt(_row_height(values))
        for col, value in enumerate(values):
            _cell(table.cell(r, col), value, bold=r == 0)


def _font(run, size: float, bold: bool = False, color: str = "1F2937") -> None:
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = FONT
    run.font.color.rgb = RGBColor.from_string(color)
    rpr = run._r.get_or_add_rPr()  # noqa: SLF001 (python-pptx has no API for the East Asian typeface)
    for tag in ("a:ea", "a:cs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = rpr.makeelement(qn(tag), {})
            rpr.append(element)
        element.set("typeface", FONT)


def _text(slide, x: float, y: float, w: float, h: float, text: str, *, size: float, bold: bool = False,
          color: str = "1F2937"):
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    box.text_frame.word_wrap = True
    run = box.text_frame.paragraphs[0].add_run()
    run.text = text
    _font(run, size, bold, color)
    return box


def _para(box, text: str, *, size: float, bold: bool = False, color: str = "1F2937", space_before: float = 0) -> None:
    from pptx.util import Pt

    paragraph = box.text_frame.add_paragraph()
    if space_before:
        paragraph.space_before = Pt(space_before)
    run = paragraph.add_run()
    run.text = text
    _font(run, size, bold, color)


def _link(slide, x: float, y: float, w: float, h: float, lead: str, url: str) -> None:
    box = _text(slide, x, y, w, h, lead, size=11, color="4B5563")
    run = box.text_frame.paragraphs[0].add_run()
    run.text = url
    run.hyperlink.address = url
    _font(run, 11, color="0B5CAD")


def _cell(cell, text: str, *, bold: bool = False) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Inches

    # Fills of our own: the default table style puts dark text on its blue header (3.1:1).
    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor.from_string("F3F4F6" if bold else "FFFFFF")
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    frame = cell.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = str(text)
    _font(run, TABLE_FONT, bold)
