"""The PowerPoint deck of a plan (deck_plan.py), written with python-pptx: every slide titled in its title
placeholder, with speaker notes that quote each figure's source sentence."""

from __future__ import annotations

import io
import math
from datetime import date

from .. import PERIOD
from ..data.citation import references
from ..data.dataset import Dataset
from ..data.periods import with_history
from ..figures.charts import chart_spec
from ..figures.layout import SLIDE_BOX
from ..view.reading import reading
from ..view.selection import shown_figure_ids
from ..view.strings import t, text_width
from ..view.wording import chart_summary
from .deck_plan import SlidePlan, appendix_cells, appendix_columns, figure_label, results, row_height
from .pptx_text import (INSET, MIN_PT, add_paragraph, fill_cell, link_box, set_font, text_box, text_lines,
                        theme_fonts, write_text)

TILE_COLUMNS = (3.0, 5.6, 3.7)  # inches: topic, result, value of a table of tiles


def _notes(data: Dataset, figure_ids, lang: str, link: str) -> list[list[tuple[str, str]]]:
    """Speaker notes: each figure as published with its verbatim source sentence, then the view's link;
    one list of (text, language) pieces a line, so the Chinese quote is tagged Chinese in an English deck."""
    lines = []
    for fid in figure_ids:
        row = data.figure(fid)
        before, _, after = t("deck_note", lang, label=figure_label(row, lang), value=reading(row, lang).value,
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
            set_font(run, 12, lang=lang)


def briefing_pptx(data: Dataset, view, plan: list[SlidePlan], pictures: dict[int, tuple[bytes, list[str]]], *,
                  lang: str = "zh", link: str) -> bytes:
    """The deck of a plan: every slide titled in its title placeholder, with speaker notes."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    theme_fonts(deck)
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
            box = text_box(slide, 0.5, 1.4, 12.3, 5.4, refs[0], size=20, lang=lang)
            for ref in refs[1:]:
                add_paragraph(box.text_frame, ref, size=20, lang=lang, space_before=14, width=12.3 - INSET)
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
        text_box(slide, 0.5, 0.08, 12.3, 0.42, kicker, size=MIN_PT, bold=True, color="4B5563", lang=lang)
        title.top, title.height = Inches(0.45), Inches(0.62)
    frame = title.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM if cover else MSO_ANCHOR.MIDDLE
    # A title of more than one line at 30 pt would run into the unit line: a long one is set at 24 pt.
    size = 40 if cover else 30 if text_width(text) <= 52 else 24
    write_text(frame, text, size=size, bold=True, lang=lang)
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
    write_text(frame, lines[0], size=22, lang=lang, width=12.3 - INSET)
    for line in lines[1:]:
        add_paragraph(frame, line, size=20, color="4B5563", lang=lang, width=12.3 - INSET)
    for p in frame.paragraphs:
        p.alignment = 1
    link_box(slide, 0.5, 6.4, 12.3, 0.5, t("briefing_view_link", lang), link, lang)


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
        box = text_box(slide, x + 0.2, y, width - 0.4, height - 0.2, reading(row, lang).value, size=size, bold=True,
                       lang=lang)
        add_paragraph(box.text_frame, figure_label(row, lang), size=20, lang=lang, width=width - 0.4 - INSET)
    orgs = dict.fromkeys(data.figure(f)[f"source_{lang}"] for f in figure_ids)
    _source(slide, ("、" if lang == "zh" else "; ").join(orgs), PERIOD, lang)


def _number(slide, data: Dataset, figure_id: str, lang: str) -> None:
    """A slide of one figure: the number as published, very large, its label, quote and source."""
    from pptx.enum.text import PP_ALIGN

    row = data.figure(figure_id)
    box = text_box(slide, 0.5, 1.6, 12.3, 1.9, reading(row, lang).value, size=96, bold=True, lang=lang)
    box.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    label = text_box(slide, 1.0, 3.6, 11.3, 1.2, figure_label(row, lang), size=32, lang=lang)
    label.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    quote = text_box(slide, 1.0, 4.9, 11.3, 1.3, t("deck_quote", lang, quote=row["source_quote"]), size=20,
                     color="374151", lang=lang)  # pptx_text tags the Chinese lines Chinese
    quote.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    _source(slide, row[f"source_{lang}"], row["period"], lang)


def _chart(slide, data: Dataset, item: SlidePlan, picture: tuple[bytes, list[str]], lang: str) -> None:
    """The chart's picture filling the slide under its title and unit line; the source line under it."""
    from pptx.util import Inches

    spec = chart_spec(data, item.chart_id, item.subset)
    png, notes = picture
    text_box(slide, 0.5, 1.1, 12.3, 0.6, (" · " if lang == "en" else "　").join(notes), size=MIN_PT, color="4B5563",
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
        box = text_box(slide, 0.5, 1.9, 12.3, 1.7, result.value, size=72 if text_width(result.value) <= 24 else 44,
                       bold=True, lang=lang)
        label = text_box(slide, 1.0, 3.7, 11.3, 1.0, result.label, size=32, lang=lang)
        said = text_box(slide, 1.0, 4.8, 11.3, 1.2, t("deck_quote", lang, quote=quote), size=20, color="374151", lang=lang)
        for frame in (box, label, said):
            frame.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
        return
    size, value_size = 24, 28
    cells, previous = [], None
    for r in rows:  # a topic is named once, on its first row
        cells.append(["" if r.topic == previous else r.topic, r.label, r.value])
        previous = r.topic
    heights = [max(len(text_lines(text, value_size if col == 2 else size, TILE_COLUMNS[col] - INSET))
                   for col, text in enumerate(row) if text) * value_size * 1.3 + 16 for row in cells]
    shape = slide.shapes.add_table(len(cells), len(TILE_COLUMNS), Inches(0.5), Inches(1.4),
                                   Inches(sum(TILE_COLUMNS)), Pt(sum(heights)))
    table = shape.table
    for col, width in enumerate(TILE_COLUMNS):
        table.columns[col].width = Inches(width)
    for r, values in enumerate(cells):
        table.rows[r].height = Pt(heights[r])
        for col, value in enumerate(values):
            fill_cell(table.cell(r, col), value, width=TILE_COLUMNS[col] - INSET, bold=col == 2, lang=lang,
                      size=value_size if col == 2 else size, fill="FFFFFF" if col else "F3F4F6")
    starts = [r for r, values in enumerate(cells) if values[0]] + [len(cells)]
    for start, end in zip(starts, starts[1:]):
        if end - start > 1:  # the topic's rows share its cell (merged once: a merged range cannot grow)
            table.cell(start, 0).merge(table.cell(end - 1, 0))


def _source(slide, orgs: str, period: str, lang: str) -> None:
    """The source line at the foot of the slide; a long one (two organisations in English) starts higher."""
    text = t("source", lang, orgs=orgs, period=period)
    lines = 1 if text_width(text) * MIN_PT * 0.6 < (12.3 - INSET) * 72 * 0.9 else 2
    text_box(slide, 0.5, 7.33 - 0.33 * lines - 0.12, 12.3, 0.33 * lines + 0.12, text, size=MIN_PT, color="4B5563",
             lang=lang)


def _appendix_table(slide, rows: list, lang: str) -> None:
    from pptx.util import Inches, Pt

    keys, widths = appendix_columns(lang)
    cells = [[t(k, lang) for k in keys]]
    cells += [appendix_cells(row, lang) for row in rows]
    shape = slide.shapes.add_table(len(cells), len(widths), Inches(0.5), Inches(1.1),
                                   Inches(sum(widths)), Pt(sum(row_height(c, widths) for c in cells)))
    table = shape.table
    for col, width in enumerate(widths):
        table.columns[col].width = Inches(width)
    for r, values in enumerate(cells):
        table.rows[r].height = Pt(row_height(values, widths))
        for col, value in enumerate(values):
            fill_cell(table.cell(r, col), value, width=widths[col] - INSET, bold=r == 0,
                      lang="zh" if col == 2 and r else lang)  # quotes are Chinese

