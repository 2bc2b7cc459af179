"""Stage 2: every number in the normalised text, in digits or in words, with its printed unit and qualifier."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .vocabulary import Vocabulary

# 上 (上千万, 上万) only qualifies a number in words: before digits it is almost always 线上, 以上, 上海.
WORD_ONLY = {"上"}
NUMERAL_CHARS = "零〇一二三四五六七八九十百千万亿两"


@dataclass
class Number:
    """One number in the article, in digits or in words, and what became of it."""

    start: int  # in the normalised text
    end: int
    text: str
    words: bool
    status: str = "unsure"  # figure | repeat | left_out | unsure
    reason: str = ""
    figure: int | None = None  # index into Draft.rows
    value: str = ""
    printed: str = ""
    unit: str = ""
    qualifier_word: str = ""
    span: tuple[int, int] = (0, 0)  # the whole printed figure, qualifier to unit


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _patterns(vocab: Vocabulary) -> tuple[re.Pattern, re.Pattern]:
    before = _alternation(w for w, (_, pos) in vocab.qualifiers.items() if pos == "before_value")
    after_value = _alternation(w for w, (_, pos) in vocab.qualifiers.items() if pos == "after_value")
    after_unit = _alternation(w for w, (_, pos) in vocab.qualifiers.items() if pos == "after_unit")
    units = _alternation(vocab.units)
    # 1.8万余场 and also 300余万件 (the word before the magnitude): mag2 is that second place.
    tail = rf"(?P<mag>千万|亿|万)?(?P<post>{after_value})?(?P<mag2>千万|亿|万)?(?P<unit>{units})?(?P<after>{after_unit})?"
    digits = re.compile(rf"(?P<pre>{before})?(?P<num>\d+(?:\.\d+)?){tail}")
    n = NUMERAL_CHARS.replace("万", "").replace("亿", "")
    words = re.compile(rf"(?P<pre>{before})?(?P<num>[{n}]+(?:万|亿)?){tail}")
    return digits, words


def _word_value(numeral: str) -> str:
    """一千二百 -> 1200, 两 -> 2, 百 -> 100 (cn2an, once 两 and a bare 百/千 are spelled as it expects)."""
    import cn2an

    spelled = numeral.replace("两", "二").replace("〇", "零")
    if spelled[0] in "百千":
        spelled = "一" + spelled
    try:
        return str(cn2an.cn2an(spelled, "normal"))
    except (ValueError, KeyError):
        return ""


def find_numbers(text: str, vocab: Vocabulary) -> list[Number]:
    """Every number in the text: runs of digits, and numbers in words that count something."""
    digits, words = _patterns(vocab)
    found: list[Number] = []
    taken = [False] * len(text)
    for m in digits.finditer(text):
        num = _number(m, text, False, vocab)
        found.append(num)
        for k in range(m.start("num"), m.end("num")):
            taken[k] = True
    for m in words.finditer(text):
        if taken[m.start("num")] or not _counts_something(m, text):
            continue
        found.append(_number(m, text, True, vocab))
    return sorted(found, key=lambda n: n.start)


def _counts_something(m: re.Match, text: str) -> bool:
    """Whether a run of numeral characters is a number rather than part of a word (一体化, 四川, 万千气象)."""
    run = m.group("num")
    before = text[m.start("num") - 1] if m.start("num") else ""
    if m.group("pre") and m.group("pre") != "上" or (m.group("pre") == "上" and run[0] in "百千万"):
        return True
    if before == "第":
        return True
    if run == "一" or run[0] in "百千万亿":
        return False
    if m.group("unit") or m.group("mag") or text[m.end("num"): m.end("num") + 1] in ("届", "大"):
        return True
    return len(run) >= 2 and any(c in run for c in "十百千")


def _number(m: re.Match, text: str, words: bool, vocab: Vocabulary) -> Number:
    pre = m.group("pre") or ""
    if pre in WORD_ONLY and not words:
        pre = ""
    mag = m.group("mag") or m.group("mag2") or ""
    run = m.group("num")
    if words and run[-1] in "万亿" and len(run) > 1:
        run, mag = run[:-1], run[-1] + mag
    value = _word_value(run) if words else run
    unit = m.group("unit") or ""
    word = pre or m.group("post") or (m.group("after") if unit else "") or ""
    start = m.start("pre") if pre else m.start("num")
    end = m.end()
    if not unit:
        end = m.end("num") + len(mag)
    elif not m.group("after") or word != m.group("after"):
        end = m.end("unit")
    return Number(m.start("num"), m.end("num"), m.group("num"), words, value=value,
                  printed=run if words else "", unit=mag + unit, qualifier_word=word, span=(start, end))
