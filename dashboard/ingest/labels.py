"""Stage 4: clauses, quotes and labels: what each figure counts, in the words of its clause, and its measure."""

from __future__ import annotations

import bisect
import re

from .classify import CLAUSE_ENDS, QUOTE_WINDOW
from .scan import Number

CHANGE_WORDS = ("增长", "增幅", "提速", "提高", "提升", "下降", "减少", "上升", "降低", "增加", "回落", "同比", "环比")
OPEN, CLOSE = "“‘（(《「『【〔[", "”’）)》」』】〕]"
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
# What a spreadsheet would read as a formula at a cell's start (= + - @): no clause of the genre starts so.
FORMULA_LEAD = re.compile(r"^[=+\-@\s]+")
MAX_LABEL = 40


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


def split_lists(text: str, span: tuple[int, int], figures: list[Number]) -> list[tuple[int, int]]:
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
    inside = within(figures, piece)
    if not inside:
        return False
    rest = "".join(text[piece[0]:piece[1]].split(inside[0].text, 1))
    return len(re.sub(r"[\d.%万亿余]", "", rest)) >= 2


def within(numbers: list[Number], span: tuple[int, int]) -> list[Number]:
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


def clause_label(text: str, clause: tuple[int, int], num: Number, others: list[Number], k: int) -> str:
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


def fallback_label(text: str, clause, piece, nums: list[Number], rows: list[dict], num: Number, k: int) -> str:
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


def list_labels(text: str, clause: tuple[int, int], nums: list[Number]) -> list[str] | None:
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


def measure_of(label: str, unit: str, clause_text: str, before: str) -> str:
    changed = any(w in before[-8:] or w in label for w in CHANGE_WORDS)
    if unit in ("个百分点", "倍") or changed and (unit == "%" or re.search(r"比上年|较上年|同比|环比|比去年", before)):
        return "change"
    if unit.endswith("%") or unit == "成":  # 六成: six tenths
        return "share"
    if unit.endswith("元"):
        return "amount"
    return "count"
