"""Stage 3: what each number is: a figure, or left out with its reason (a date, a span, an ordinal, a code)."""

from __future__ import annotations

import re

from .scan import Number

# 三级 (three levels), 两类 (two kinds) describe a structure; a reviewer decides if they are figures.
KINDS = ("级", "类")
CLAUSE_ENDS = "，。；！？：,;!?…⋯\n"
QUOTE_WINDOW = 300  # characters searched around a number for its quote marks, brackets or clause start


def _enclosing_quote(text: str, start: int, end: int) -> str | None:
    """The text between the quote marks around [start, end), if any on the same clause."""
    # Searched within a window: a quote longer than a few hundred characters names no number.
    lo = max(0, start - QUOTE_WINDOW)
    left = max(text.rfind("“", lo, start), text.rfind('"', lo, start), text.rfind("「", lo, start))
    if left < 0 or any(c in text[left:start] for c in "”」\n。，"):
        return None
    m = re.match(r"[^”」\"\n。]*", text[left + 1:left + 1 + 2 * QUOTE_WINDOW])
    right = left + 1 + m.end()
    if right >= len(text) or right < end:
        return None
    return text[left + 1: right]


def classify(text: str, numbers: list[Number]) -> None:
    """Leave out what is not a statistic (dates, spans, ages, ordinals, codes, document numbers)."""
    code_ends: set[int] = set()
    for num in numbers:
        reason = _non_figure(text, num)
        if reason:
            num.status, num.reason = "left_out", reason
            if reason == "name or code":
                code_ends.add(num.end)
        elif num.unit in KINDS:
            num.status, num.reason = "unsure", "counts kinds or levels (三级, 两类), not things"
        elif num.unit:
            num.status = "figure"
        else:
            num.status, num.reason = "unsure", "no unit follows the number"
    # Numbers in brackets right after a code spell out the code (“1311”（1次就业指导、3次岗位推荐…）).
    for num in numbers:
        if num.status != "figure":
            continue
        open_at = text.rfind("（", max(0, num.start - QUOTE_WINDOW), num.start)
        if open_at > 0 and "）" not in text[open_at:num.start]:
            lead = text[max(0, open_at - 12):open_at]
            if any(open_at - k in code_ends for k in (0, 1, 2)) or re.search(r"\d[”\"」]$", lead):
                num.status, num.reason = "left_out", "name or code"


def _non_figure(text: str, num: Number) -> str:
    """The reason a number is not a statistic, or '' when it may be one."""
    s, e = num.start, num.end
    after = text[e:e + 3]
    unit = num.unit
    # A document number: 〔2024〕15号, both the year in brackets and the number after it.
    if re.match(r"[〔\[［(（]$", text[s - 1:s]) and re.match(r"[〕\]］)）]\d+号", text[e:e + QUOTE_WINDOW]):
        return "document number"
    if re.match(r"号", text[e:e + 1]) and re.search(r"[〔\[［]\d{4}[〕\]］]$", text[max(0, s - 6):s]):
        return "document number"
    if text[s - 1:s] == "第" or after[:1] in ("届",) or (num.words and after[:1] == "大"):
        return "ordinal"
    # A list's numbering: 1. or 2、 opening a line or clause, （3） standing alone.
    opens = s == 0 or text[s - 1] in CLAUSE_ENDS or text[s - 1] in "（(" and text[e:e + 1] in "）)"
    if not num.words and not unit and opens and re.match(r"[.、．）)](?!\d)", text[e:e + 2]):
        return "ordinal"
    if num.words and re.fullmatch(r"[一二][〇零九][〇零一二三四五六七八九]{2}", num.text) and after.startswith("年"):
        return "date"  # 二〇二四年
    if num.words and re.fullmatch(r"十[一二三四五六七八九]五", num.text):
        return "name or code"  # 十四五: a five-year plan's name
    if not num.words and re.fullmatch(r"\d{4}", num.text) and 1949 <= int(num.text) <= 2100 and \
            (unit in ("", "年") or after.startswith("年")):
        if re.match(r"\s?[—–\-~～至到]\s?\d{4}", text[e:e + 6]) or re.search(r"\d{4}年?\s?[—–\-~～至到]\s?$", text[max(0, s - 7):s]):
            return "time span"
        return "date"
    if unit in ("月", "日", "号") or after[:1] in ("月", "日"):
        return "date"
    if re.match(r"[—–\-~～至到]\s?\d+(?:\.\d+)?[月日]", text[e:e + 6]):
        return "date"
    if unit in ("岁", "周岁") or re.match(r"[—–\-~～至到]\s?\d+(?:周)?岁", text[e:e + 6]):
        return "age range"
    if unit in ("年", "天") or after.startswith(("年来", "年间")):
        return "time span"
    if re.match(r"[—–\-~～至到]\s?\d+年", text[e:e + 6]):
        return "time span"
    # A run of digits fused with Latin letters (3D, 5G), a quoted number with nothing else inside, a
    # hotline or a long unit-less run (a phone number, a code) names something.
    if not num.words and (text[e:e + 1].isascii() and text[e:e + 1].isalpha() or text[s - 1:s].isascii() and text[s - 1:s].isalpha()):
        return "name or code"
    quoted = _enclosing_quote(text, s, e)
    if quoted is not None and (re.fullmatch(r"[\d\s\-]+", quoted) or not unit or num.words and not num.qualifier_word):
        return "name or code"
    if re.match(r"\S{0,4}热线|\S{0,2}服务热线", text[e:e + 6]) or (not unit and not num.words and len(num.text) >= 5):
        return "name or code"
    return ""
