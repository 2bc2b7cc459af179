"""Line breaks fall only between words: never inside a number, a quoted name or a segmenter word."""

import re
from html import unescape

import pytest

from dashboard.figures.charts import build_chart
from dashboard.view.strings import line_breaks, segmenter, text_width, wrap
from dashboard.data.dataset import load

from conftest import DATA

DATA_SET = load(DATA)
CHARTS = list(DATA_SET.charts.index)
QUOTED_NAME = re.compile(r"“[^”]+”|《[^》]+》|\"[^\"]+\"|（[^）]+）|\([^)]+\)")


def bad_breaks(wrapped: str) -> list[str]:
    """Each break of a wrapped text that falls inside a number, a word, or a quoted or bracketed
    name that would have fitted on one of its lines."""
    plain = unescape(re.sub(r"</?b>", "", wrapped))
    lines = plain.split("<br>")
    widest = max(text_width(line) for line in lines)
    english = not re.search(r"[\u4e00-\u9fff]", re.sub(r"\([^)]*\)", "", plain))
    text = (" " if english else "").join(lines)
    # Offsets into text where each line ends (an English break stands for the space after it).
    offsets, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        offsets.append(at)
        at += 1 if english else 0
    if english:
        bounds = {m.start() for m in re.finditer(" ", text)}
    else:
        bounds, at = set(), 0
        for word in segmenter().lcut(text, HMM=False):
            at += len(word)
            bounds.add(at)
    problems = []
    for cut in offsets:
        where = f"{text[:cut]}|{text[cut:]}"
        if cut not in bounds:
            problems.append(f"inside a word: {where}")
        if re.match(r"[\d.,%]", text[cut:cut + 1]) and re.match(r"[\d.,]", text[cut - 1:cut]):
            problems.append(f"inside a number: {where}")
        for name in QUOTED_NAME.finditer(text):
            if name.start() < cut < name.end() and text_width(name.group()) <= widest:
                problems.append(f"inside the name {name.group()}: {where}")
    return problems


def by_note(text: str, notes: list[str]) -> list[str]:
    """A subtitle cut back into its notes (each on lines of its own: the line between two notes is no break
    within a text), each with its own line breaks."""
    plain, at, out = unescape(text), 0, []
    for note in notes:
        segment, taken = "", 0
        while taken < len(note) and at < len(plain):
            if plain.startswith("<br>", at):
                segment, at = segment + "<br>", at + 4
                continue
            segment, at, taken = segment + plain[at], at + 1, taken + 1
        out.append(segment)
        at += 4 if plain.startswith("<br>", at) else 0
    return out


def wrapped_texts(fig) -> list[str]:
    """Every text of a figure that has a line break: axis labels, tiles, titles, notes, source."""
    notes = (fig.layout.meta or {}).get("notes") or []
    texts = [fig.layout.title.text or "", *by_note(fig.layout.title.subtitle.text or "", notes)]
    texts += [t for a in fig.layout.annotations for t in (by_note(a.text, notes) if a.name == "subtitle" else [a.text])]
    for trace in fig.data:
        texts += [str(y) for y in (getattr(trace, "y", None) or []) if isinstance(y, str)]
    return [t for t in texts if "<br>" in t]


@pytest.mark.parametrize("text, width, expected", [
    ("就业困难人员“1311”援助服务", 20, ["就业困难人员", "“1311”援助服务"]),
    ("养老、失业、工伤保险基金累计结余", 20, ["养老、失业、", "工伤保险基金累计结余"]),
    ("受理劳动人事争议仲裁案件", 20, ["受理劳动人事", "争议仲裁案件"]),
    ("全国科普日线上线下参与群众", 20, ["全国科普日", "线上线下参与群众"]),
])
def test_the_breaks_the_review_found_fall_between_words(text, width, expected):
    assert wrap(text, width).split("<br>") == expected


# Labels and titles of the data, with "|" where a Chinese reader accepts a line break, written by hand (not by
# the segmenter under test): between words, never inside a compound of this domain (联处中心, 速裁庭, 科普日,
# 线上线下, 降本减负, 云展播…), a number with its measure word, or a short quoted or bracketed name; a pause
# (、) stays with the word before it.
HAND_LABELLED = [
    "城镇|新增|就业",
    "失业|人员|再就业",
    "就业|困难|人员|实现|就业",
    "有|就业|意愿|的|困难|毕业生|就业率",
    "为|用人单位|提供|招募|服务",
    "发布|就业|岗位",
    "就业|困难|人员|“1311”|援助|服务",
    "筹集|托底|安置|岗位",
    "为|企业|降本减负",
    "发放|失业|保险金",
    "联处中心|前端|化解|劳动|纠纷|案件",
    "受理|劳动|人事|争议|仲裁|案件",
    "仲裁|案件|结案率",
    "为|农民工|追讨|工资|等|待遇|（含工程款）",
    "欠薪|投诉|线索|处理率",
    "农民工|工资|争议|速裁庭",
    "专业|技术、|技能|人才|总量",
    "补贴性|职业|技能|培训",
    "新建|市级|高技能|人才|培训|基地",
    "新建|企业|首席|技师|工作室",
    "第二届|全国|职业|技能|大赛|金牌",
    "博士后|科研|流动站、|工作站、|创新|实践|基地",
    "在站|博士后",
    "赴|外地|高校|公招|的|事业单位",
    "人力资源|服务|机构|数|同比|增长",
    "养老、|失业、|工伤|保险|参保|规模",
    "基本|养老|保险|参保率",
    "职业|伤害|保障|参保|人数|占|全省|比重",
    "个人|养老金|开户数、|缴存额|在|全国|先行|试点|城市|（地区）|中|的|位次",
    "养老、|失业、|工伤|保险|基金|累计|结余",
    "社保|基金|累计|结余|同比|增长",
    "城乡|居民|基本|养老|待遇|人均|增幅",
    "线上|业务|经办量|占比",
    "线下|即时|办结|业务|占比",
    "窗口|业务|办理|平均|提速",
    "企业|和|群众|办事|满意度",
    "成渝|人社|数据|指标|互通|共享",
    "社保卡|“一卡通游”|“一卡通购”|惠及|群众",
    "全国|科普日|各类|活动",
    "全国|科普日|线上线下|参与|群众",
    "“一街道一特色、|一社区一主题”|科普|活动",
    "街道、|社区|科普|活动|覆盖率",
    "“五百双千”|科普|活动",
    "公民|科学|素质|大赛|参与",
    "全国|科普日|获奖|数量|在|全国|副省级|城市|中|的|排名",
    "第81届|世界|科幻|大会|相聚|成都|的|科幻|作家、|科幻迷、|从业者",
    "科幻季|系列|活动",
    "互动|打卡点",
    "川渝|云|联动|线上|科普|活动|参与",
    "“科学家精神”|云展播|观览",
    "《院士的故事》|系列|丛书|出版",
    "农业|技能|培训|和|科普|讲座",
    "青少年|科学|实验|和|体验|活动",
    "减负|稳岗|与|失业|保障|资金",
    "基金|结余、|提速|与|区域|合作",
    "世界|科幻|大会|与|科幻|场景",
]


@pytest.mark.parametrize("labelled", HAND_LABELLED)
def test_breaks_fall_where_a_reader_allows_them(labelled):
    """At every width from 8 to 32 (a CJK character counts 2), each break is one the hand labelling allows, the
    text is kept whole, and a line wider than the width is one word that no allowed break could shorten."""
    text = labelled.replace("|", "")
    allowed, at = set(), 0
    for word in labelled.split("|")[:-1]:
        at += len(word)
        allowed.add(at)
    for width in range(8, 33):
        wrapped = wrap(text, width)
        lines = unescape(wrapped).split("<br>")
        assert "".join(lines) == text, (width, lines)
        wrong = [f"{text[:cut]}|{text[cut:]}" for cut in line_breaks(wrapped) if cut not in allowed]
        assert wrong == [], (width, lines)
        start = 0
        for line in lines:
            inner = [cut for cut in allowed if start < cut < start + len(line)]
            assert text_width(line) <= width or not inner, (width, lines)
            start += len(line)


@pytest.mark.parametrize("width", [12, 16, 20, 24, 30, 40])
def test_no_label_breaks_inside_a_number_a_name_or_a_word(width):
    texts = [*DATA_SET.figures["label_zh"], *DATA_SET.figures["label_en"], *DATA_SET.charts["title_zh"],
             *DATA_SET.charts["title_en"]]
    problems = {text: bad_breaks(wrap(text, width)) for text in texts}
    assert {k: v for k, v in problems.items() if v} == {}


LAYOUTS = {"wide": {}, "phone": {"narrow": True}, "slide": {"slide": True}, "presentation": {"wide_labels": True}}


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("chart_id", CHARTS)
def test_no_chart_text_breaks_inside_a_number_a_name_or_a_word(chart_id, lang, layout):
    fig = build_chart(DATA_SET, chart_id, lang, **LAYOUTS[layout])
    problems = [p for text in wrapped_texts(fig) for p in bad_breaks(text)]
    assert problems == []


def test_a_name_too_long_for_a_line_breaks_only_after_its_pause():
    lines = wrap("“一街道一特色、一社区一主题”科普活动", 20).split("<br>")
    assert lines[0].endswith("、")
    assert all(text_width(line) <= 20 for line in lines)


def test_line_breaks_are_reported_as_offsets():
    assert line_breaks(wrap("专业技术、技能人才总量", 20)) == [5]


@pytest.mark.parametrize("broken, kind", [
    ("受理劳动人事争<br>议仲裁案件", "inside a word"),
    ("就业困难人员“13<br>11”援助服务", "inside a number"),
    ("就业困难人员“13<br>11”援助服务", "inside the name “1311”"),
    ("养老、失业、工伤保险基金累计结<br>余", "inside a word"),
    ('Views of the "Spirit of<br>Scientists" exhibition', 'inside the name "Spirit of Scientists"'),
])
def test_the_checker_catches_the_breaks_the_review_found(broken, kind):
    assert any(p.startswith(kind) for p in bad_breaks(broken)), bad_breaks(broken)
