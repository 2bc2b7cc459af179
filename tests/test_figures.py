"""Figure builders, without a browser: every chart carries title, unit, qualifier wording and source."""

import re

import pytest

from dashboard.charts import build_chart, chart_spec
from dashboard.figures import bar_chart
from dashboard.loading import load

from conftest import DATA

DATA_SET = load(DATA)
CHARTS = list(DATA_SET.charts.index)
HAN = re.compile(r"[\u4e00-\u9fff]")


def figure_text(fig) -> str:
    """Every piece of text a reader sees in the figure."""
    parts = [fig.layout.title.text or "", fig.layout.title.subtitle.text or ""]
    parts += [a.text for a in fig.layout.annotations]
    for trace in fig.data:
        parts += [str(t) for t in (getattr(trace, "text", None) or [])]
        parts += [str(t) for t in (getattr(trace, "y", None) or []) if isinstance(t, str)]
    return "\n".join(parts)


@pytest.mark.parametrize("chart_id", CHARTS)
def test_chart_carries_title_unit_source_and_every_value(chart_id):
    fig = build_chart(DATA_SET, chart_id, "zh")
    spec = chart_spec(DATA_SET, chart_id)
    text = figure_text(fig)
    assert spec["title_zh"] in fig.layout.title.text
    assert "单位" in fig.layout.title.subtitle.text
    assert any(a.text.startswith("来源：") and spec["sources_zh"][0] in a.text and "2023" in a.text
               for a in fig.layout.annotations)
    for row in DATA_SET.chart_figures(chart_id).to_dict("records"):
        assert row["display_zh"] in text, row["id"]
        if row["qualifier_word"]:
            assert f"{row['qualifier_word']}＝" in fig.layout.title.subtitle.text


@pytest.mark.parametrize("chart_id", CHARTS)
def test_english_chart_has_no_untranslated_chinese_outside_brackets(chart_id):
    text = figure_text(build_chart(DATA_SET, chart_id, "en"))
    outside_brackets = re.sub(r"\([^)]*\)", "", text)
    assert not HAN.search(outside_brackets), outside_brackets


@pytest.mark.parametrize("chart_id", [c for c in CHARTS if DATA_SET.charts.loc[c, "kind"] == "bar"])
def test_bars_are_sorted_and_on_one_unit_axis(chart_id):
    fig = build_chart(DATA_SET, chart_id, "zh")
    bar = fig.data[0]
    assert list(bar.x) == sorted(bar.x)  # horizontal: largest drawn on top
    frame = DATA_SET.chart_figures(chart_id).sort_values("base_value")
    assert len({*frame["base_unit"]}) == 1
    assert list(bar.customdata) == list(frame["id"])


def test_bar_values_are_converted_to_the_axis_unit():
    frame = DATA_SET.figures.loc[["sp_total_events", "sp_wubai_events"]]
    spec = {**chart_spec(DATA_SET, "science_popularization_events"), "unit": "场"}
    fig = bar_chart(frame, spec, lang="zh", axis_multiplier=1, qualifier_labels={"余": "余＝多于所示数"})
    assert sorted(fig.data[0].x) == [2400, 18000]
    assert "1.8万余场" in fig.data[0].text


@pytest.mark.parametrize("chart_id", [c for c in CHARTS if DATA_SET.charts.loc[c, "kind"] == "rate"])
def test_rates_are_drawn_against_100(chart_id):
    fig = build_chart(DATA_SET, chart_id, "zh")
    assert list(fig.layout.xaxis.range) == [0, 100]
    track, values = fig.data
    assert set(track.x) == {100}
    assert max(values.x) <= 100


def test_forecast_is_flagged_in_the_chart():
    fig = build_chart(DATA_SET, "talent_market", "zh")
    assert "预计" in fig.layout.title.subtitle.text
    assert "突破2600家、24%为预计数" in fig.layout.title.subtitle.text


def test_chart_is_pure_and_repeatable():
    first = build_chart(DATA_SET, "jobs_outcomes", "zh").to_json()
    assert build_chart(DATA_SET, "jobs_outcomes", "zh").to_json() == first


@pytest.mark.parametrize("width", [16, 20, 24, 30])
def test_labels_wrap_within_width_and_never_start_with_punctuation(width):
    from dashboard.i18n import NO_LINE_START, text_width, wrap

    for label in [*DATA_SET.figures["label_zh"], *DATA_SET.figures["label_en"]]:
        lines = wrap(label, width).split("<br>")
        assert "".join(lines).replace(" ", "") == label.replace(" ", "")
        assert all(line[0] not in NO_LINE_START for line in lines), lines
        words_fit = all(text_width(w) <= width for w in label.split(" "))
        if words_fit:
            assert all(text_width(line) <= width + 2 for line in lines), lines


# --- The phone layout (narrow): labels above bars, one tile a row, texts wrapped for ~360 px ----------


def narrow_text(fig, name: str) -> str:
    """The text of the named frame annotation (title, subtitle, source), without its line breaks."""
    (note,) = [a for a in fig.layout.annotations if a.name == name]
    return note.text


def flat(text: str) -> str:
    return re.sub(r"<br>|<b>|</b>| ", "", text)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("chart_id", CHARTS)
def test_narrow_chart_carries_title_unit_source_and_every_value(chart_id, lang):
    fig = build_chart(DATA_SET, chart_id, lang, narrow=True)
    spec = chart_spec(DATA_SET, chart_id)
    assert fig.layout.meta["layout"] == "narrow"
    assert flat(narrow_text(fig, "title")) == flat(spec[f"title_{lang}"])
    assert ("单位" if lang == "zh" else "Unit") in narrow_text(fig, "subtitle")
    assert flat(spec[f"sources_{lang}"][0]) in flat(narrow_text(fig, "source"))
    values = [a.text for a in fig.layout.annotations if (a.name or "").startswith("value:")]
    for row in DATA_SET.chart_figures(chart_id).to_dict("records"):
        assert f"<b>{row[f'display_{lang}']}</b>" in values, row["id"]
    assert fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange  # a finger scrolling the page never pans


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("chart_id", [c for c in CHARTS if DATA_SET.charts.loc[c, "kind"] != "indicators"])
def test_narrow_rows_stack_label_value_then_bar_largest_first(chart_id, lang):
    from dashboard.figures import ROW_BAR

    fig = build_chart(DATA_SET, chart_id, lang, narrow=True)
    bars = fig.data[-1]
    assert list(bars.x) == sorted(bars.x, reverse=True)
    assert list(bars.y) == sorted(bars.y, reverse=True)  # rows top-down, one unit a pixel
    assert fig.layout.yaxis.range[1] == fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    notes = {a.name: a for a in fig.layout.annotations}
    for i, (fid, y) in enumerate(zip(bars.customdata, bars.y)):
        label, value = notes[f"label:{fid}"], notes[f"value:{fid}"]
        assert label.y > y + ROW_BAR / 2 and value.y > y + ROW_BAR / 2  # above its bar
        if i + 1 < len(bars.y):
            below = notes[f"label:{bars.customdata[i + 1]}"]
            assert y - ROW_BAR / 2 > below.y  # the next row starts under this bar


def test_narrow_indicator_panel_has_one_tile_a_row():
    fig = build_chart(DATA_SET, "jobs_services", "en", narrow=True)
    tiles = [s for s in fig.layout.shapes if (s.name or "").startswith("tile:")]
    assert len(tiles) == len(DATA_SET.chart_figures("jobs_services"))
    assert {(s.x0, s.x1) for s in tiles} == {(tiles[0].x0, tiles[0].x1)}  # one column


@pytest.mark.parametrize("chart_id", ["jobs_outcomes", "jobs_services", "social_security_services"])
def test_highlight_addresses_the_narrow_figure(chart_id):
    from dashboard.figures import DIM, OUTLINE, apply_updates, highlight_updates

    fig = build_chart(DATA_SET, chart_id, "zh", narrow=True).to_dict()
    frame = DATA_SET.chart_figures(chart_id)
    selected = frame["id"].iloc[0]
    topic = DATA_SET.figures.at[selected, "topic"]
    marked = apply_updates(fig, highlight_updates(fig, DATA_SET.figures["topic"], topic, selected))
    strengths = {}
    for trace in marked["data"]:
        for fid, opacity in zip(trace.get("customdata") or [], (trace.get("marker") or {}).get("opacity") or []):
            strengths[fid] = opacity
    for shape in marked["layout"].get("shapes", []):
        if (shape.get("name") or "").startswith("tile:"):
            strengths[shape["name"][5:]] = shape["opacity"]
            if shape["name"] == f"tile:{selected}":
                assert shape["line"]["width"] == OUTLINE
    assert strengths[selected] == 1.0
    assert all(v == (1.0 if DATA_SET.figures.at[f, "topic"] == topic else DIM) for f, v in strengths.items())
    assert all("opacity" not in a for a in marked["layout"]["annotations"])  # texts keep full contrast


@pytest.mark.parametrize("text, width, lines", [
    ("专业技术、技能人才总量", 20, ["专业技术、", "技能人才总量"]),  # after the 、, not inside 技能
    ("养老、失业、工伤保险参保规模", 20, ["养老、失业、", "工伤保险参保规模"]),
    ("有就业意愿的困难毕业生就业率", 20, ["有就业意愿的困难", "毕业生就业率"]),  # no pause: balanced halves
])
def test_chinese_labels_break_after_a_pause_when_one_is_near(text, width, lines):
    from dashboard.i18n import wrap

    assert wrap(text, width).split("<br>") == lines


def test_one_cache_entry_per_chart_however_it_is_asked_for():
    """The start-up warm-up (cached_chart(d, c, "zh")) is what the page later asks for with every argument."""
    from dashboard.charts import _built, cached_chart

    data_dir = str(DATA)
    first = cached_chart(load(data_dir), "jobs_outcomes", "zh")
    misses = _built.cache_info().misses
    assert cached_chart(load(data_dir), "jobs_outcomes", "zh", None, False) is first
    assert cached_chart(load(data_dir), "jobs_outcomes", "zh", figure_ids=None, narrow=0) is first
    assert _built.cache_info().misses == misses
