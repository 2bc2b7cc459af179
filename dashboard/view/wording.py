"""A view's words: tab and topic names, a figure's text, a chart's text alternative, a card, the detail panel's facts."""

from __future__ import annotations

from ..data.dataset import Dataset
from .reading import reading
from .state import OVERVIEW
from .strings import atoms, t, text_width

CARD_LABEL_CHARS = 12  # a KPI card's label line, in Chinese characters, at its narrowest


def tab_label(data: Dataset, tab: str, lang: str) -> str:
    return t("overview", lang) if tab == OVERVIEW else data.areas.loc[tab, f"label_{lang}"]


def topic_label(data: Dataset, area: str, topic: str, lang: str) -> str:
    rows = data.topics[(data.topics["area"] == area) & (data.topics["id"] == topic)]
    return rows.iloc[0][f"label_{lang}"]


def figure_text(data: Dataset, figure_id: str, lang: str) -> str:
    """'label: value as published', the words that stand for a figure's mark in a chart."""
    row = data.figure(figure_id)
    return f"{row[f'label_{lang}']}{'：' if lang == 'zh' else ': '}{reading(row, lang).value}"


def chart_summary(data: Dataset, chart_id: str, lang: str, figure_ids=None) -> str:
    """The text alternative of a chart: its title and every figure it shows, as published."""
    chart = data.charts.loc[chart_id]
    items = ("；" if lang == "zh" else "; ").join(figure_text(data, f, lang) for f in figure_ids or chart["figure_ids"])
    return t("chart_summary", lang, title=chart[f"title_{lang}"], items=items)


def card_texts(data: Dataset, figure_id: str, lang: str, *, show_area: bool) -> dict:
    """The words of a KPI card: area (on the overview), value as published, label, source line, colour."""
    row = data.figure(figure_id)
    area = data.areas.loc[row["area"]]
    return {
        "area": area[f"label_{lang}"] if show_area else None,
        "value": (value := reading(row, lang).value),
        "chars": max(text_width(value), 8),  # the value's width in Latin letters: its size on one line (style.css)
        "label": (label := row[f"label_{lang}"] + (t("forecast_tag", lang) if row["is_forecast"] else "")),
        # Where a line may break: between words, never inside a number or a quoted name (a <wbr> each).
        "atoms": atoms(label, CARD_LABEL_CHARS) if lang == "zh" else (label,),
        "source": t("source", lang, orgs=row[f"source_{lang}"], period=row["period"]),
        "color": area["color"],
    }


def figure_facts(data: Dataset, figure_id: str, lang: str) -> list[tuple[str, str]]:
    """(term, value) of what the detail panel says about a figure, in plain words; the reference to cite."""
    from ..data.citation import reference

    row = data.figure(figure_id)
    facts = []
    said = reading(row, lang)
    if said.in_base:  # only where the unit changes (26.44万人 = 264,400 人), its qualifier kept
        facts.append((t("in_base_units", lang), said.in_base))
    if said.group is not None:
        facts.append((t("col_group", lang), str(said.group)))
    facts += [
        (t("qualifier", lang), said.qualifier),
        (t("area", lang), data.areas.at[row["area"], f"label_{lang}"]),
        (t("topic", lang), topic_label(data, row["area"], row["topic"], lang)),
        (t("source_org", lang), data.sources.at[row["source_org"], f"name_{lang}"]),
        (t("period", lang), row["period"]),
    ]
    if row[f"note_{lang}"]:
        facts.append((t("note", lang), row[f"note_{lang}"]))
    facts.append((t("cite_as", lang), reference(data.sources.loc[row["source_org"]], lang)))
    return facts
