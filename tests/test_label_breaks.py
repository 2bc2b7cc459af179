"""Line breaks fall only between words: never inside a number, a quoted name or a segmenter word."""

import re
from html import unescape

import pytest

from dashboard.charts import build_chart
from dashboard.i18n import line_breaks, segmenter, text_width, wrap
from dashboard.loading import load

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


def wrapped_texts(fig) -> list[str]:
    """Every text of a figure that has a line break: axis labels, tiles, titles, notes, source."""
    texts = [fig.layout.title.text or "", fig.layout.title.subtitle.text or ""]
    texts += [a.text for a in fig.layout.annotations]
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
