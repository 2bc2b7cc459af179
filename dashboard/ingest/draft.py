"""`dashboard ingest`: an annual-review article (plain text) into draft figures, every number accounted for.

Stage 6 and the pipeline (`ingest`): normalise the text, scan it for numbers, classify each, label the figures, match them
to the indicators already in `data/` (so a new year's row lines up with last year's), and make the draft rows.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from ..data.schema import FIGURES_COLUMNS
from .classify import classify
from .labels import FORMULA_LEAD, LIST_MARKER, VERB_END, clause_label, clauses, fallback_label, list_labels, measure_of, split_lists, within
from .match import area_topic, fuzzy, indicator_match, org_at, source_names
from .normalise import normalise
from .scan import Number, find_numbers
from .vocabulary import Vocabulary

WORD_DIGITS = "〇一二三四五六七八九零"  # a year spelled digit by digit: 二〇二四
FORECAST = "预计"


@dataclass
class Draft:
    """The result of an ingest: draft figure rows and every number in the article."""

    text: str
    origin: list[int]
    raw: str
    rows: list[dict] = field(default_factory=list)
    numbers: list[Number] = field(default_factory=list)
    period: str = ""
    _line_starts: list[int] | None = field(default=None, repr=False)

    def figures(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.rows, columns=FIGURES_COLUMNS)
        # A column with gaps holds text once they are filled: made object first, as pandas 4 will require.
        return frame.astype({column: object for column in frame.columns if frame[column].isna().any()}).fillna("")

    def where(self, index: int) -> tuple[int, int]:
        """Line and column (1-based) in the article of a character of the normalised text."""
        pos = self.origin[index]
        if self._line_starts is None:  # once per draft: a count from the start per number is quadratic
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.raw)]
        line = bisect.bisect_right(self._line_starts, pos)
        return line, pos - self._line_starts[line - 1] + 1


def article_period(text: str) -> str:
    """The year the article mostly speaks of (2023年 more often than the 2024年 of its publication date)."""
    years = Counter(re.findall(r"(?<!\d)((?:19|20)\d{2})年", text))
    for spelled in re.findall(r"([一二][〇零九][〇零一二三四五六七八九]{2})年", text):  # 二〇二四年
        years["".join(str(WORD_DIGITS.index(c) % 10) for c in spelled)] += 1
    return years.most_common(1)[0][0] if years else ""


def ingest(raw: str, vocab: Vocabulary, period: str = "", org: str = "") -> Draft:
    """Draft figures from an article's text; every number is accounted for in Draft.numbers."""
    text, origin = normalise(raw)
    draft = Draft(text, origin, raw, period=period or article_period(text))
    numbers = find_numbers(text, vocab)
    classify(text, numbers)
    draft.numbers = numbers
    figures = [n for n in numbers if n.status == "figure"]
    names = source_names(vocab)
    seen: list[tuple[Number, str, str, str]] = []  # (number, display, label, post)
    seen_as: dict[str, list] = {}  # the same, by display: a figure is compared with those printed alike only
    used_ids: set[str] = set()
    numbering: dict[str, int] = {}
    for clause in clauses(text):
        inside = within(figures, clause)
        if not inside:
            continue
        for piece in split_lists(text, clause, inside):
            nums = within(inside, piece)
            listed = list_labels(text, piece, nums)
            for k, num in enumerate(nums):
                label = listed[k] if listed else clause_label(text, piece, num, nums, k)
                if not label or VERB_END.fullmatch(label):  # 吸引397.6万人次参与: the verb alone names nothing
                    label = fallback_label(text, clause, piece, nums, draft.rows, num, k)
                quote = FORMULA_LEAD.sub("", LIST_MARKER.sub("", text[piece[0]:piece[1]]) or text[piece[0]:piece[1]])
                display = text[num.span[0]:num.span[1]]
                post = text[num.span[1]:piece[1]][:6]
                repeat = _repeat_of(seen_as.get(display, ()), display, label, post)
                if repeat is not None:
                    num.status, num.reason, num.figure = "repeat", "repeat of a figure already taken", repeat.figure
                    continue
                before = text[piece[0]:num.span[0]]
                row = _row(draft, num, label, quote, before, vocab, names, org, used_ids, seen, numbering)
                num.figure = len(draft.rows)
                draft.rows.append(row)
                seen.append((num, display, label, post))
                seen_as.setdefault(display, []).append(seen[-1])
    return draft


def _repeat_of(seen, display: str, label: str, post: str) -> Number | None:
    """An earlier row this printed figure repeats: the same figure as printed, and either a precise number
    (26.44万人 printed twice is one statistic, 1000余场 twice may be two) or the same thing counted."""
    fuzz, _ = fuzzy()
    for num, shown, other, other_post in seen:
        if shown != display:
            continue
        if _precise(num.value) or not label or not other or fuzz.ratio(label, other) >= 80:
            return num
        if len(post) >= 3 and post[:3] == other_post[:3]:
            return num
    return None


def _precise(value: str) -> bool:
    digits = value.replace(".", "").strip("0")
    return "." in value or len(digits) >= 3


def _row(draft: Draft, num: Number, label: str, quote: str, before: str, vocab: Vocabulary, names: dict,
         org: str, used_ids: set, seen: list, numbering: dict) -> dict:
    measure = measure_of(label, num.unit, quote, before)
    # 同比增长19% and 占全省60.5% qualify the figure before them: say of what.
    if seen and (measure == "change" and re.fullmatch(r"(?:同比|环比|比上年|较上年|比去年)?(?:增长|增加|增幅|下降|提高|上升|减少)",
                                                      label or "同比增长")
                 or label.startswith("占")):
        label = seen[-1][2] + (label or "同比增长")
    qualifier = vocab.qualifiers.get(num.qualifier_word, ("exact", ""))[0] if num.qualifier_word else "exact"
    known = indicator_match(label, num.unit, measure, vocab)
    context = draft.text[max(0, num.start - 400): num.start + 100]
    if known is not None:
        area, topic, indicator = known["area"], known["topic"], known["indicator"]
        source = org or org_at(draft.text, num.start, names)
    else:
        source = org or org_at(draft.text, num.start, names)
        area, topic = area_topic(context, label, source, vocab)
        indicator = ""
    if indicator:
        known_periods = [r for r in vocab.records("figures") if r["indicator"] == indicator]
        same = [r for r in known_periods if r["period"] == draft.period]
        fid = indicator if (same and same[0]["id"] == indicator) or not known_periods else f"{indicator}_{draft.period}"
        if same:
            fid = same[0]["id"]
    else:
        indicator = fid = _new_id(area, draft.period, used_ids, numbering)
    used_ids.add(fid)
    return {
        "id": fid, "indicator": indicator, "area": area, "topic": topic, "label_zh": label,
        "label_en": known["label_en"] if known is not None else "",
        "value": num.value, "unit": num.unit, "qualifier": qualifier, "qualifier_word": num.qualifier_word,
        "measure": measure, "period": draft.period, "source_org": source, "source_quote": quote,
        "note_zh": "预计数" if FORECAST in before else "", "note_en": "Forecast" if FORECAST in before else "",
        "printed": num.printed, "headline": "",
    }


def _new_id(area: str, period: str, used: set[str], numbering: dict[str, int]) -> str:
    stem = f"{area or 'draft'}_{period or 'period'}"
    n = numbering.get(stem, 1)  # on from the last number this stem got: counting from 1 each time is quadratic
    while f"{stem}_{n:02d}" in used:
        n += 1
    numbering[stem] = n + 1
    return f"{stem}_{n:02d}"



def summary(draft: Draft) -> str:
    left = sum(n.status in ("left_out", "repeat") for n in draft.numbers)
    unsure = sum(n.status == "unsure" for n in draft.numbers)
    open_rows = sum(1 for r in draft.rows if not r["area"] or not r["topic"])
    return (f"{len(draft.rows)} figures, {left} left out, {unsure} unsure "
            f"({open_rows} figures without area or topic; period {draft.period or '?'})")
