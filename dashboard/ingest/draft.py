"""`dashboard ingest`: an annual-review article (plain text) into draft figures, every number accounted for.

The article is normalised once (simplified script, half-width digits, the print layout's spaces and line
breaks removed) with a map back to each character's line and column in the file. Every number in it, in
digits or in words, is then either a figure (value, unit and qualifier as printed, with its clause as the
quote) or left out with a reason. Figures are matched to the indicators already in `data/` so that a new
year's row lines up with last year's.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import DEFAULT_DATA_DIR
from ..errors import Problem
from ..data.dataset import FIGURES_COLUMNS, REFERENCE_SCHEMAS, read_csv

# Qualifier words of the genre: (qualifier, where the word sits in the printed figure). data/qualifiers.csv
# adds to and overrides these, so a word the data knows is always written the way the data writes it.
QUALIFIER_WORDS: dict[str, tuple[str, str]] = {
    "余": ("over", "after_value"), "多": ("over", "after_value"),
    "超过": ("over", "before_value"), "超": ("over", "before_value"), "逾": ("over", "before_value"),
    "突破": ("over", "before_value"), "上": ("over", "before_value"),
    "以上": ("at_least", "after_unit"),
    "将近": ("nearly", "before_value"), "接近": ("nearly", "before_value"), "近": ("nearly", "before_value"),
    "约": ("about", "before_value"), "左右": ("about", "after_unit"),
    "不到": ("under", "before_value"), "不足": ("under", "before_value"),
    "以内": ("at_most", "after_unit"), "以下": ("at_most", "after_unit"),
}
# 上 (上千万, 上万) only qualifies a number in words: before digits it is almost always 线上, 以上, 上海.
WORD_ONLY = {"上"}
# Measure words that count things in the genre, beyond those data/units.csv already knows.
CLASSIFIERS = (
    "人次 家次 个次 户次 架次 个百分点 平方米 平方公里 公里 千米 亩 吨 倍 人 家 个 名 位 户 所 座 台 辆 场 次 项 件 册 本 篇 "
    "条 套 处 批 类 级 期 支 只 元 种 部 张 份 间 栋 艘 架 枚 块 株 棵 门 届 岁 周岁 年 月 日 天 号 成 %"
).split()
MAGNITUDES = ("千万", "亿", "万")
WORD_DIGITS = "〇一二三四五六七八九零"  # a year spelled digit by digit: 二〇二四
# 三级 (three levels), 两类 (two kinds) describe a structure; a reviewer decides if they are figures.
KINDS = ("级", "类")
NUMERAL_CHARS = "零〇一二三四五六七八九十百千万亿两"
CHANGE_WORDS = ("增长", "增幅", "提速", "提高", "提升", "下降", "减少", "上升", "降低", "增加", "回落", "同比", "环比")
OPEN, CLOSE = "“‘（(《「『【〔[", "”’）)》」』】〕]"
CLAUSE_ENDS = "，。；！？：,;!?…⋯\n"
STRONG_ENDS = "。！？；…⋯\n"
# Words that frame a clause but do not say what is counted (scope, time, connectives, reporting verbs).
LABEL_PREFIX = re.compile(
    r"^(?:同时|此外|其中|另外|并且?|还|均|共有|共计|共|全年|去年|今年|当年|目前|截至\S{0,8}?[年月底末]|数据显示|据统计|\d{4}年(?:度)?|"
    r"全市|全省|全区|全县|全国|全球|本市|我市|成都市?|实现)+"
)
LABEL_SUFFIX = re.compile(r"(?:分别|共计|共有|总计|合计|累计|均|共|计|达到|达|为|是|有|约|至|到|了|的|控制在|保持在|稳定在|动态保持|保持|全国|全省|全市|全球)+$")
# List markers that open a clause: 1. 2、 （3） 一、 一是 其二是.
LIST_MARKER = re.compile(r"^(?:\d{1,2}[.、．]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]{1,3}[、是]|其[一二三四五六七八九十]是)+")
# A label that ends in one of these verbs names the action, so the thing counted follows the number.
VERB_END = re.compile(r"(?:开展|举办|组织|新建|建成|建设|设置|出版|邀请|提供|发布|筹集|吸引|发放|培训|惠及|认定|引进|"
                      r"评选|获得|获|帮助|帮扶|救助|慰问|带动|服务|招募|收集|受理|办理|完成|打造|创建|培育|新增|覆盖|支持|资助|补贴|位居|居|在|包括|涵盖)$")
# Actions that lead into what a long label counts; the last one in the label is cut with what precedes it.
ACTION = re.compile(r".*(?:组织实施|组织开展|开展了?|举办了?|实施|受理|设置了?|推出)")
FORECAST = "预计"
# What a spreadsheet would read as a formula at a cell's start (= + - @): no clause of the genre starts so.
FORMULA_LEAD = re.compile(r"^[=+\-@\s]+")
MAX_LABEL = 40
QUOTE_WINDOW = 300  # characters searched around a number for its quote marks, brackets or clause start
MAX_ARTICLE_BYTES = 2_000_000  # a year's review is ~20 kB; more is not an article of the genre


class IngestError(Exception):
    """The article cannot be read: a one-line message, no traceback."""


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


# ---------------------------------------------------------------- reading and normalising

def read_article(path: Path) -> str:
    """The article's text; IngestError for a missing, unreadable, empty, too large or non-UTF-8 file."""
    try:
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_ARTICLE_BYTES + 1)  # never more: the file may be huge, or endless
    except OSError as exc:
        raise IngestError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_ARTICLE_BYTES:
        raise IngestError(f"{path}: is over {MAX_ARTICLE_BYTES / 1e6:g} MB; an annual review is far smaller "
                          "(ingest one article at a time, as plain text)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise IngestError(f"{path}:{line}: is not UTF-8 (byte {exc.start + 1} cannot be decoded)") from None
    if not text.strip():
        raise IngestError(f"{path}: the file is empty")
    return text


_converter = None


def to_simplified(text: str) -> str:
    """Traditional to simplified script (OpenCC), character for character so positions still match."""
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    converted = _converter.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_converter.convert(c) if len(_converter.convert(c)) == 1 else c for c in text)


def _half_width(c: str) -> str:
    # Digits, Latin letters, the decimal point and % come in full width from some layouts; Chinese
    # punctuation (，（） and so on) stays as printed, since quotes keep it.
    if "０" <= c <= "９" or "Ａ" <= c <= "Ｚ" or "ａ" <= c <= "ｚ" or c in "．％＋－":
        return chr(ord(c) - 0xFEE0)
    return c


def _width(line: str) -> float:
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in line.rstrip())


def _hard_breaks(lines: list[str]) -> set[int]:
    """Indices of lines after which a line break ends a clause (a headline, a caption, a paragraph's end).

    Justified print lines fill the column, so a line much shorter than its neighbours ends something,
    unless it runs on; a line ending in 。！？； always ends something.
    """
    widths = [_width(line) for line in lines]
    full = [w for w in widths if w > 0]
    hard = set()
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if text[-1] in "。！？；":
            hard.add(i)
            continue
        near = [w for w in widths[max(0, i - 6): i + 7] if w > 0] or full
        before = [w for w in widths[max(0, i - 6): i] if w > 0] or near
        # Before a blank line, compare with the widest line above it: a headline over a wide paragraph
        # is shorter than that, a column cut mid-sentence is as wide as its own column.
        blank_next = i + 1 < len(lines) and not lines[i + 1].strip()
        typical = max(before) if blank_next else statistics.median(near)
        if widths[i] < 0.8 * typical:
            hard.add(i)
    return hard


def normalise(raw: str) -> tuple[str, list[int]]:
    """The article as one string for reading figures, and for each of its characters the offset in raw."""
    simplified = to_simplified(raw)
    lines = simplified.split("\n")
    hard = _hard_breaks(lines)
    out: list[str] = []
    origin: list[int] = []
    offset = 0
    pending_break = False
    for i, line in enumerate(lines):
        following = _next_non_space(line)
        for j, c in enumerate(line):
            c = _half_width(c)
            if c.isspace() or c == "\u3000":
                # Letter-spacing is dropped, but two runs of digits or Latin letters stay apart.
                nxt = following[j]
                if out and out[-1].isascii() and out[-1].isalnum() and nxt.isascii() and nxt.isalnum():
                    out.append(" ")
                    origin.append(offset + j)
                continue
            # A digit-group comma (8,650) goes like a layout space: the value is one number.
            if c == "," and out and out[-1].isdigit() and re.match(r",\d{3}(?!\d)", line[j:j + 5]):
                continue
            if pending_break:
                out.append("\n")
                origin.append(offset + j)
                pending_break = False
            out.append(c)
            origin.append(offset + j)
        if i in hard:
            pending_break = True
        offset += len(line) + 1
    return "".join(out), origin


def _next_non_space(line: str) -> list[str]:
    """For each position of a line, the first character after it that is not a space (half-width), or ''."""
    out, nxt = [""] * len(line), ""
    for j in range(len(line) - 1, -1, -1):
        out[j] = nxt
        if not line[j].isspace():
            nxt = _half_width(line[j])
    return out


# ---------------------------------------------------------------- finding numbers

@dataclass(frozen=True)
class Vocabulary:
    """What the data already knows: units, qualifier words, areas, topics, sources and indicators."""

    units: tuple[str, ...]
    qualifiers: dict[str, tuple[str, str]]
    areas: pd.DataFrame
    topics: pd.DataFrame
    sources: pd.DataFrame
    figures: pd.DataFrame
    # Lookups built once per vocabulary: per-row pandas filtering made a long article's ingest crawl.
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def records(self, name: str) -> list[dict]:
        """A frame's rows as dicts, made once."""
        if name not in self._index:
            self._index[name] = getattr(self, name).to_dict("records")
        return self._index[name]

    @classmethod
    def from_data(cls, data_dir: Path | None) -> Vocabulary:
        frames: dict[str, pd.DataFrame] = {}
        problems: list[Problem] = []
        for name in ("units", "qualifiers", "areas", "topics", "sources", "figures"):
            path = Path(data_dir) / f"{name}.csv" if data_dir else None
            frame = read_csv(path, problems) if path and path.exists() else None
            if frame is not None:
                frame.attrs = {}  # pandas copies attrs (the line list) into every frame derived from it
            frames[name] = frame if frame is not None else pd.DataFrame()
        units = set(CLASSIFIERS) | set(frames["units"].get("unit", []))
        words = dict(QUALIFIER_WORDS)
        for row in frames["qualifiers"].to_dict("records"):
            if row.get("word"):
                words[row["word"]] = (row["qualifier"], row["position"])
        figures = frames["figures"]
        if len(figures) and "indicator" not in figures:
            figures = figures.assign(indicator=figures["id"])
        return cls(tuple(sorted(units, key=len, reverse=True)), words, frames["areas"], frames["topics"],
                   frames["sources"], figures)


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


def _brackets(text: str) -> list[int]:
    """For each character, how deep inside quotes or brackets it sits (reset at each sentence's end)."""
    depth, out, straight = 0, [], False
    for c in text:
        if c in OPEN:
            depth += 1
        elif c in CLOSE:
            depth = max(0, depth - 1)
        elif c == '"':
            straight = not straight
        out.append(depth + straight)
        if c in "。\n":
            depth, straight = 0, False
    return out


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


# ---------------------------------------------------------------- what each number is

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


# ---------------------------------------------------------------- clauses, quotes and labels

def clauses(text: str) -> list[tuple[int, int]]:
    """Clause spans: split at ，。；：！？ and hard breaks outside quotes and brackets."""
    depth = _brackets(text)
    spans, start = [], 0
    for i, c in enumerate(text):
        if c in CLAUSE_ENDS and (depth[i] == 0 or c in STRONG_ENDS):
            if i > start:
                spans.append((start, i))
            start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _split_lists(text: str, span: tuple[int, int], figures: list[Number]) -> list[tuple[int, int]]:
    """Split a clause at 、 where both sides state their own figure (A 26万人、B 10万人), not in 3.7%、4.2%."""
    s, e = span
    depth = _brackets(text[s:e])
    cuts = [s + i for i, c in enumerate(text[s:e]) if c == "、" and depth[i] == 0]
    if not cuts:
        return [span]
    pieces, start = [], s
    bounds = [*cuts, e]
    for k, cut in enumerate(bounds[:-1]):
        left, right = (start, cut), (cut + 1, bounds[k + 1])
        if _own_figure(text, left, figures) and _own_figure(text, right, figures):
            pieces.append(left)
            start = cut + 1
    pieces.append((start, e))
    return pieces


def _own_figure(text: str, piece: tuple[int, int], figures: list[Number]) -> bool:
    inside = _within(figures, piece)
    if not inside:
        return False
    rest = "".join(text[piece[0]:piece[1]].split(inside[0].text, 1))
    return len(re.sub(r"[\d.%万亿余]", "", rest)) >= 2


def _within(numbers: list[Number], span: tuple[int, int]) -> list[Number]:
    """The numbers (sorted by start) that start inside span, found by bisection, not by a scan of them all."""
    lo = bisect.bisect_left(numbers, span[0], key=_start)
    return numbers[lo:bisect.bisect_left(numbers, span[1], lo, key=_start)]


def _start(num: Number) -> int:
    return num.start


def _clean_label(label: str) -> str:
    label = FORMULA_LEAD.sub("", LIST_MARKER.sub("", label))
    label = LABEL_PREFIX.sub("", label)
    label = LABEL_SUFFIX.sub("", label)
    # A bracket that spells out a list (（1次就业指导、3次岗位推荐…）) explains, it does not name.
    label = re.sub(r"（[^（）]*[、\d][^（）]*）", "", label)
    label = re.sub(r"^[，、：；和及与]+|[，、：；和及等]+$", "", label)
    return label.strip("“”\"") if label.count("“") != label.count("”") else label


def _label(text: str, clause: tuple[int, int], num: Number, others: list[Number], k: int) -> str:
    """What is counted: the words before the number in its clause, else the words after it (num is others[k];
    a number after it cannot end before it, nor one before it start after it, so the search starts there)."""
    pre = text[clause[0]:num.span[0]]
    previous = next((others[j] for j in range(k - 1, -1, -1) if clause[0] <= others[j].span[1] <= num.span[0]), None)
    if previous is not None:
        pre = text[previous.span[1]:num.span[0]]
    post = text[num.span[1]:clause[1]]
    nxt = next((others[j] for j in range(k + 1, len(others)) if num.span[1] <= others[j].span[0] < clause[1]), None)
    if nxt is not None:
        post = text[num.span[1]:nxt.span[0]]
    listing = pre.rstrip().endswith("等")  # 科创长廊、科幻集市车等19个科幻场景: what is counted follows
    label = _clean_label(pre)
    noun = _post_noun(post)
    # After another figure (19个科幻场景和15个互动打卡点) the words before are that figure's noun.
    if not label or VERB_END.search(label) or (listing or previous) and noun:
        label = noun or label
    return _focus(label)


def _post_noun(post: str) -> str:
    """The thing counted when it follows the number: up to the next verb or break, after a last 的."""
    head = re.split(r"[赴到在参向从对于为，积极被等]|中(?=[均位])|均|位列|位居|前列", post)[0] if post else ""
    return _clean_label(head.rsplit("的", 1)[-1])


def _focus(label: str) -> str:
    """Drop the lead-in of a long label: the examples before 等, the action before what it counts
    (高频次组织实施各类招聘活动 -> 各类招聘活动)."""
    examples, _, rest = label.rpartition("等")
    if examples and len(rest) >= 3 and re.search(r"[、”]", examples):
        label = rest
    m = ACTION.search(label)
    if m and len(label) - m.end() >= 3:
        label = label[m.end():]
    return label[:MAX_LABEL]


def _fallback_label(text: str, clause, piece, nums: list[Number], rows: list[dict], num: Number, k: int) -> str:
    """No words name the count: share the label of the figure before it in the clause (2金2铜), else take
    the clause before (开展网络竞赛和现场竞赛，近90万人次参与), else the clause without its numbers."""
    earlier = next((nums[j] for j in range(k - 1, -1, -1) if nums[j].start < num.start and nums[j].figure is not None), None)
    if earlier is not None:
        return rows[earlier.figure]["label_zh"]
    prev_end = clause[0] - 1
    lo = max(0, prev_end - QUOTE_WINDOW)
    prev_start = max(max(text.rfind(c, lo, prev_end) for c in CLAUSE_ENDS) + 1, lo)
    before = _clean_label(text[prev_start:prev_end]) if prev_end > 0 and text[prev_end] == "，" else ""
    after = re.sub(r"^[余多]?", "", text[num.span[1]:piece[1]])[:12]
    label = _focus(_clean_label(before + after))
    return (label or _clean_label(re.sub(r"[\d.%]+", "", text[piece[0]:piece[1]])))[:MAX_LABEL]


def _list_labels(text: str, clause: tuple[int, int], nums: list[Number]) -> list[str] | None:
    """分别 lists: 专业技术、技能人才分别达237万人、292万人 -> 专业技术人才, 技能人才."""
    body = text[clause[0]:nums[0].span[0]]
    if "分别" not in body or len(nums) < 2:
        return None
    subject = _clean_label(body.split("分别")[0])
    parts = [p for p in subject.split("、") if p]
    if len(parts) != len(nums):
        return None
    # The last part carries the shared head noun (技能人才): lend it to parts that lack it.
    head = next((parts[-1][i:] for i in range(len(parts[-1])) if all(not p.endswith(parts[-1][i:]) for p in parts[:-1])), "")
    tail = parts[-1][len(parts[-1]) - 2:] if len(parts[-1]) > 2 else ""
    out = [p if p.endswith(tail) or not head else p + tail for p in parts[:-1]] + [parts[-1]]
    return out


def _measure(label: str, unit: str, clause_text: str, before: str) -> str:
    changed = any(w in before[-8:] or w in label for w in CHANGE_WORDS)
    if unit in ("个百分点", "倍") or changed and (unit == "%" or re.search(r"比上年|较上年|同比|环比|比去年", before)):
        return "change"
    if unit.endswith("%") or unit == "成":  # 六成: six tenths
        return "share"
    if unit.endswith("元"):
        return "amount"
    return "count"


# ---------------------------------------------------------------- area, topic, indicator, source

def _fuzz():
    """RapidFuzz, imported when first needed (ingest only)."""
    from rapidfuzz import fuzz, process

    return fuzz, process


def _indicator_match(label: str, unit: str, measure: str, vocab: Vocabulary) -> dict | None:
    """The indicator already in data/ that counts the same thing: close label, same base unit and measure."""
    if not label:
        return None
    fuzz, process = _fuzz()
    key = ("same", _base(unit), measure)
    if key not in vocab._index:
        vocab._index[key] = [r for r in vocab.records("figures") if _base(r["unit"]) == key[1] and r["measure"] == measure]
    same = vocab._index[key]
    if not same:
        return None
    hit = process.extractOne(label, [r["label_zh"] for r in same], scorer=fuzz.ratio, score_cutoff=85)
    return None if hit is None else same[hit[2]]


def _base(unit: str) -> str:
    for mag in MAGNITUDES:
        if unit.startswith(mag) and len(unit) > len(mag):
            return unit[len(mag):]
    return unit


def _area_topic(context: str, label: str, org: str, vocab: Vocabulary) -> tuple[str, str]:
    """Area and topic: those of the closest label in data/ (figures, then topics), else the area whose name
    the nearby text uses most among the organisation's areas; empty when unsure."""
    if not len(vocab.topics) or not len(vocab.areas):
        return "", ""
    fuzz, process = _fuzz()
    key = ("org", org)
    if key not in vocab._index:
        areas_of_org = [r for r in vocab.records("areas") if r["source_org"] == org] if org else vocab.records("areas")
        if len(areas_of_org) == 1:
            area = areas_of_org[0]["id"]
            topics = [r for r in vocab.records("topics") if r["area"] == area]
            figures = [r for r in vocab.records("figures") if r["area"] == area]
        else:
            area, topics, figures = "", vocab.records("topics"), vocab.records("figures")
        vocab._index[key] = (areas_of_org, area, [(rows, [r["label_zh"] for r in rows]) for rows in (figures, topics)])
    areas_of_org, area, candidates = vocab._index[key]
    for rows, labels in candidates:
        if label and rows:
            hit = process.extractOne(label, labels, scorer=fuzz.partial_ratio, score_cutoff=75)
            if hit is not None:
                row = rows[hit[2]]
                return row["area"], (row["topic"] if "topic" in row else row["id"])
    if area:
        return area, ""
    areas = Counter({row["id"]: context.count(row["label_zh"]) for row in areas_of_org})
    ranked = areas.most_common(2)
    if ranked and ranked[0][1] > 0 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0], ""
    return "", ""


def _source_names(vocab: Vocabulary) -> dict[str, str]:
    names: dict[str, str] = {}
    for row in vocab.sources.to_dict("records"):
        for name in (row.get("short_zh", ""), row.get("name_zh", "")):
            if name:
                names[name] = row["id"]
                names[name.replace("市", "", 1)] = row["id"]
    return names


def _org_at(text: str, pos: int, names: dict[str, str], window: int = 1500) -> str:
    """The source organisation named nearest before a position (else just after it), if any."""
    best, best_at = "", -1
    for name, org in names.items():
        at = text.rfind(name, max(0, pos - window), pos)
        if at > best_at:
            best, best_at = org, at
    if best:
        return best
    for name, org in names.items():
        if name in text[pos:pos + window]:
            return org
    return ""


def article_period(text: str) -> str:
    """The year the article mostly speaks of (2023年 more often than the 2024年 of its publication date)."""
    years = Counter(re.findall(r"(?<!\d)((?:19|20)\d{2})年", text))
    for spelled in re.findall(r"([一二][〇零九][〇零一二三四五六七八九]{2})年", text):  # 二〇二四年
        years["".join(str(WORD_DIGITS.index(c) % 10) for c in spelled)] += 1
    return years.most_common(1)[0][0] if years else ""


# ---------------------------------------------------------------- the draft

def ingest(raw: str, vocab: Vocabulary, period: str = "", org: str = "") -> Draft:
    """Draft figures from an article's text; every number is accounted for in Draft.numbers."""
    text, origin = normalise(raw)
    draft = Draft(text, origin, raw, period=period or article_period(text))
    numbers = find_numbers(text, vocab)
    classify(text, numbers)
    draft.numbers = numbers
    figures = [n for n in numbers if n.status == "figure"]
    names = _source_names(vocab)
    seen: list[tuple[Number, str, str, str]] = []  # (number, display, label, post)
    seen_as: dict[str, list] = {}  # the same, by display: a figure is compared with those printed alike only
    used_ids: set[str] = set()
    numbering: dict[str, int] = {}
    for clause in clauses(text):
        inside = _within(figures, clause)
        if not inside:
            continue
        for piece in _split_lists(text, clause, inside):
            nums = _within(inside, piece)
            listed = _list_labels(text, piece, nums)
            for k, num in enumerate(nums):
                label = listed[k] if listed else _label(text, piece, num, nums, k)
                if not label or VERB_END.fullmatch(label):  # 吸引397.6万人次参与: the verb alone names nothing
                    label = _fallback_label(text, clause, piece, nums, draft.rows, num, k)
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
    fuzz, _ = _fuzz()
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
    measure = _measure(label, num.unit, quote, before)
    # 同比增长19% and 占全省60.5% qualify the figure before them: say of what.
    if seen and (measure == "change" and re.fullmatch(r"(?:同比|环比|比上年|较上年|比去年)?(?:增长|增加|增幅|下降|提高|上升|减少)",
                                                      label or "同比增长")
                 or label.startswith("占")):
        label = seen[-1][2] + (label or "同比增长")
    qualifier = vocab.qualifiers.get(num.qualifier_word, ("exact", ""))[0] if num.qualifier_word else "exact"
    known = _indicator_match(label, num.unit, measure, vocab)
    context = draft.text[max(0, num.start - 400): num.start + 100]
    if known is not None:
        area, topic, indicator = known["area"], known["topic"], known["indicator"]
        source = org or _org_at(draft.text, num.start, names)
    else:
        source = org or _org_at(draft.text, num.start, names)
        area, topic = _area_topic(context, label, source, vocab)
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


# ---------------------------------------------------------------- output

NUMBER_COLUMNS = ["n", "line", "column", "text", "status", "figure_id", "reason"]


def numbers_frame(draft: Draft) -> pd.DataFrame:
    rows = []
    for i, num in enumerate(draft.numbers, 1):
        line, column = draft.where(num.start)
        fid = draft.rows[num.figure]["id"] if num.figure is not None else ""
        printed = draft.raw[draft.origin[num.start]:draft.origin[num.end - 1] + 1]  # as the article prints it
        rows.append({"n": i, "line": line, "column": column, "text": printed, "status": num.status,
                     "figure_id": fid, "reason": num.reason})
    return pd.DataFrame(rows, columns=NUMBER_COLUMNS)


def summary(draft: Draft) -> str:
    left = sum(n.status in ("left_out", "repeat") for n in draft.numbers)
    unsure = sum(n.status == "unsure" for n in draft.numbers)
    open_rows = sum(1 for r in draft.rows if not r["area"] or not r["topic"])
    return (f"{len(draft.rows)} figures, {left} left out, {unsure} unsure "
            f"({open_rows} figures without area or topic; period {draft.period or '?'})")


DRAFT_MARK = ".ingest-draft"  # the checksum of figures.csv as ingest wrote it: an edit since then shows


def check_draft_folder(out: Path, data_dir: Path, force: bool = False) -> None:
    """IngestError unless out may take a draft: never a folder with published data (even with force), and
    not a draft someone has edited since ingest wrote it (unless force)."""
    where = out.resolve()
    if where in (Path(data_dir).resolve(), DEFAULT_DATA_DIR.resolve()):
        raise IngestError(f"{out}: is the published data folder; ingest writes a draft folder (e.g. --out drafts/2024), "
                          "and `dashboard merge` adds the reviewed rows")
    published = [name for name in REFERENCE_SCHEMAS if (out / name).exists()]
    if published:
        raise IngestError(f"{out}: holds published data ({', '.join(published)}); ingest writes only to a draft folder")
    figures = out / "figures.csv"
    if figures.exists() and not force:
        mark = out / DRAFT_MARK
        written = mark.read_text(encoding="utf-8").strip() if mark.is_file() else ""
        if written != _checksum(figures):
            raise IngestError(f"{figures}: has been edited since ingest wrote it (or ingest did not write it); "
                              "the review would be lost: choose another --out, or add --force to replace it")


def _checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_draft(draft: Draft, out: Path, article_name: str) -> None:
    from .review import review_html

    out.mkdir(parents=True, exist_ok=True)
    draft.figures().to_csv(out / "figures.csv", index=False, encoding="utf-8")
    numbers_frame(draft).to_csv(out / "numbers.csv", index=False, encoding="utf-8")
    (out / "review.html").write_text(review_html(draft, article_name), encoding="utf-8")
    (out / DRAFT_MARK).write_text(_checksum(out / "figures.csv") + "\n", encoding="utf-8")
