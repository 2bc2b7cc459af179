"""A view's deck as a plan: its slides in order (cover, headline figures, a slide per chart, appendix pages,
references), their titles stating each slide's message. The PowerPoint deck (deck.py) and presentation mode
both walk it; the appendix's rows are the PDF handout's table too."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .. import PERIOD
from ..data.dataset import Dataset
from ..data.periods import with_history
from ..view.reading import reading
from ..view.selection import beside_cards, shown_cards, shown_charts, shown_figure_ids
from ..view.strings import t
from ..view.wording import tab_label
from .pptx_text import INSET, TABLE_FONT, text_lines

APPENDIX_COLUMNS = (3.4, 2.0, 4.6, 2.3)  # inches: figure, value, source text, source organisation
# English: the quote's English rendering beside the Chinese one
APPENDIX_COLUMNS_EN = (2.5, 1.6, 3.0, 3.3, 1.9)
APPENDIX_HEIGHT = 6.1 * 72  # points of table below the title on a 7.5 in slide
TILES_PER_SLIDE = 4  # figures of a table that would not fit one slide, split into slides of four
TILES_PER_TABLE = 6  # results of one table slide at 20 pt and more


@dataclass(frozen=True)
class SlidePlan:
    """One slide of the deck: 'cover', 'headline', 'chart' (a picture), 'tiles' (a table of results),
    'number' (one figure), 'appendix', 'references'."""

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
        return Result(topic, figure_label(first, lang), reading(first, lang).value, (first.name,))
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


def appendix_columns(lang: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The appendix's column headings and widths: in English the quote's English rendering is beside it."""
    if lang == "zh":
        return ("col_figure", "col_value", "col_quote", "col_source"), APPENDIX_COLUMNS
    return ("col_figure", "col_value", "col_quote", "col_quote_en", "col_source"), APPENDIX_COLUMNS_EN


def appendix_pages(data: Dataset, figure_ids: list[str], lang: str) -> list[list[str]]:
    """The appendix's figures, split into slides by the height their wrapped rows take."""
    keys, widths = appendix_columns(lang)
    pages, page, used = [], [], row_height([t(k, lang) for k in keys], widths)
    header = used
    for fid in figure_ids:
        height = row_height(appendix_cells(with_history(data, data.figure(fid), lang), lang), widths)
        if page and used + height > APPENDIX_HEIGHT:
            pages.append(page)
            page, used = [], header
        page.append(fid)
        used += height
    return [*pages, page]


def appendix_cells(row, lang: str) -> list[str]:
    """An appendix row: figure, value as published, its source text (and its English rendering), source."""
    english = [row.get("quote_en", "") or ""] if lang != "zh" else []
    return [figure_label(row, lang), reading(row, lang).value, row["source_quote"], *english, row[f"source_{lang}"]]


def row_height(cells: list[str], widths: tuple[float, ...] = APPENDIX_COLUMNS) -> float:
    """Points a table row needs: its cell of most lines, wrapped as the cell will be."""
    lines = max(len(text_lines(str(text), TABLE_FONT, width - INSET)) for text, width in zip(cells, widths))
    return lines * TABLE_FONT * 1.35 + 8


def figure_label(row, lang: str) -> str:
    """A figure's label, a forecast tagged as one."""
    return row[f"label_{lang}"] + (t("forecast_tag", lang) if row["is_forecast"] else "")

