"""Figure builders, without a browser: every chart carries title, unit, qualifier wording and source."""

import copy
import io
import re

import pytest

from dashboard.figures.charts import build_chart, chart_spec
from dashboard.figures.builders import bar_chart
from dashboard.figures.marks import TARGETS
from dashboard.data.dataset import load

from conftest import DATA, outlined, strengths

DATA_SET = load(DATA)
CHARTS = list(DATA_SET.charts.index)
HAN = re.compile(r"[\u4e00-\u9fff]")


def drawn(fig) -> list:
    """The traces a reader sees: not the invisible click targets over a tile or a phone's row."""
    return [trace for trace in fig.data if trace.name != TARGETS]


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


BAR_CHARTS = [c for c in CHARTS if DATA_SET.charts.loc[c, "kind"] == "bar"]
RATE_CHARTS = [c for c in CHARTS if DATA_SET.charts.loc[c, "kind"] == "rate"]


def value_texts(fig) -> dict[str, str]:
    return {a.name[6:]: a.text for a in fig.layout.annotations if (a.name or "").startswith("value:")}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("chart_id", BAR_CHARTS)
def test_bars_are_sorted_and_on_one_unit_axis(chart_id, lang):
    fig = build_chart(DATA_SET, chart_id, lang)
    bar = fig.data[0]
    frame = DATA_SET.chart_figures(chart_id)
    assert len({*frame["base_unit"]}) == 1
    starts = [b for b, label in zip(bar.base, bar.y) if not label.startswith(("其中", "of which"))]
    assert set(starts) == {0}  # every bar that is not a part starts at zero
    heads = [x for x, b in zip(bar.x, bar.base) if b == 0 and x is not None]
    ends = [x for x, label in zip(bar.x, bar.y) if not label.startswith(("其中", "of which"))]
    assert ends == sorted(ends)  # bottom to top: largest drawn on top
    assert set(bar.customdata) == set(frame["id"])
    assert heads


def open_ends(fig) -> dict[str, dict]:
    """The open-end chevrons of a figure (shapes named open:<figure>), by figure."""
    return {s.name.partition(":")[2]: s for s in fig.layout.shapes if (s.name or "").startswith("open:")}


@pytest.mark.parametrize("narrow", [False, True])
def test_a_total_is_drawn_with_its_parts_from_zero_under_it_never_as_their_peer(narrow):
    """Issue 28, finding 4: a part's bar ends at its own number on the axis (237万人 ends at 237, not 529)."""
    fig = build_chart(DATA_SET, "talent_pool", "zh", narrow=narrow)
    bar = fig.data[0]
    rows = {fid: (x, base) for fid, x, base in zip(bar.customdata, bar.x, bar.base)}
    assert rows == {"talent_total": (529, 0), "talent_skilled": (292, 0), "talent_professional": (237, 0)}
    labels = {a.name.partition(":")[2]: a.text for a in fig.layout.annotations if (a.name or "").startswith("label:")} \
        if narrow else dict(zip(bar.customdata, bar.y))
    assert labels["talent_skilled"].startswith("其中：") and labels["talent_professional"].startswith("其中：")
    order = list(bar.customdata) if narrow else list(bar.customdata)[::-1]  # top to bottom
    assert order == ["talent_total", "talent_skilled", "talent_professional"]
    assert len(drawn(fig)) == 1 and not open_ends(fig)  # exact figures: one bar each, no open end


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("narrow", [False, True])
def test_an_open_total_and_its_parts_end_at_their_numbers_with_a_chevron_for_more(lang, narrow):
    """Issue 28, findings 2 and 6: no length is added for 上/余/超, no unnamed rest is drawn (one pale
    colour meant three things), the chevron is the same few pixels whatever the figure, and the note says so."""
    fig = build_chart(DATA_SET, "science_popularization_participation", lang, narrow=narrow)
    (bar,) = drawn(fig)
    scale = 10**4 if lang == "zh" else 1
    ends = {fid: (x, base) for fid, x, base in zip(bar.customdata, bar.x, bar.base)}
    assert ends == {"sp_participants_total": (1000 * 10**4 / scale, 0), "sp_online_linkup": (397.6 * 10**4 / scale, 0),
                    "sp_cloud_viewers": (397 * 10**4 / scale, 0), "sp_contest_participants": (90 * 10**4 / scale, 0)}
    assert set(value_texts(fig)) == set(ends)  # every bar a published figure with its number
    chevrons = open_ends(fig)
    assert set(chevrons) == {"sp_participants_total"}  # 上千万 is open; 近90万 is not
    chevron = chevrons["sp_participants_total"]
    assert chevron.xanchor == 1000 * 10**4 / scale and chevron.xsizemode == "pixel" and chevron.ysizemode == "pixel"
    assert ("条末“›”" if lang == "zh" else "› at a bar's end") in subtitle_text(fig)


def subtitle_text(fig) -> str:
    """The note under a chart's title, on a wide screen or a phone."""
    return (fig.layout.title.subtitle.text or "") + "".join(a.text for a in fig.layout.annotations if a.name == "subtitle")


@pytest.mark.parametrize("chart_id", BAR_CHARTS + RATE_CHARTS)
def test_every_open_ended_bar_or_rate_has_a_chevron_at_its_number_and_no_other_does(chart_id):
    """"More than" adds no length: a bar ends at the printed number; rates get the same mark as counts."""
    for narrow in (False, True):
        fig = build_chart(DATA_SET, chart_id, "zh", narrow=narrow)
        frame = DATA_SET.chart_figures(chart_id)
        is_open = set(frame[frame["qualifier"].isin(["over", "at_least"])]["id"])
        assert set(open_ends(fig)) == is_open, narrow
        bars = [t for t in drawn(fig) if t.type == "bar" and t.marker.color != "#E5E7EB"]  # not a rate's grey track
        ends = {fid: base + x for t in bars for fid, x, base in zip(t.customdata, t.x, t.base or [0] * len(t.x))}
        for fid, shape in open_ends(fig).items():
            assert shape.xanchor == pytest.approx(ends[fid])
        assert ("条末“›”" in subtitle_text(fig)) == bool(is_open)


def test_english_axis_unit_matches_the_value_labels():
    fig = build_chart(DATA_SET, "jobs_outcomes", "en")
    bar = fig.data[0]
    assert max(bar.x) == 264400  # the bar ends where its label "264,400 people" says
    assert "Unit: people" in fig.layout.title.subtitle.text
    money = build_chart(DATA_SET, "jobs_funds", "en")
    assert max(money.data[0].x) == pytest.approx(6.744)  # "CNY 6.744 billion"
    assert "CNY billion" in money.layout.title.subtitle.text


def test_bar_values_are_converted_to_the_axis_unit():
    frame = DATA_SET.figures.loc[["sp_total_events", "sp_wubai_events"]]
    spec = {**chart_spec(DATA_SET, "science_popularization_events"), "unit": "场"}
    fig = bar_chart(frame, spec, lang="zh", axis_multiplier=1, qualifier_labels={"余": "余＝多于所示数"})
    bar = fig.data[0]
    # 2400余 is one of the 1.8万余 Science Day events: drawn under it, from zero like every bar
    assert sorted(zip(bar.customdata, bar.x, bar.base)) == [("sp_total_events", 18000, 0), ("sp_wubai_events", 2400, 0)]
    assert value_texts(fig)["sp_total_events"] == "1.8万余场"


@pytest.mark.parametrize("chart_id", [c for c in CHARTS if DATA_SET.charts.loc[c, "kind"] == "rate"])
def test_rates_are_drawn_against_100(chart_id):
    fig = build_chart(DATA_SET, chart_id, "zh")
    assert list(fig.layout.xaxis.range) == [0, 100]
    track, values = drawn(fig)
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
    from dashboard.view.strings import NO_LINE_START, text_width, wrap

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
    values = {a.name[6:]: a.text for a in fig.layout.annotations if (a.name or "").startswith("value:")}
    for row in DATA_SET.chart_figures(chart_id).to_dict("records"):
        assert row[f"display_{lang}"] in values[row["id"]], row["id"]
    assert fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange  # a finger scrolling the page never pans


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("chart_id", [c for c in CHARTS if DATA_SET.charts.loc[c, "kind"] != "indicators"])
def test_narrow_rows_stack_label_value_then_bar_largest_first(chart_id, lang):
    from dashboard.figures.builders import ROW_BAR

    fig = build_chart(DATA_SET, chart_id, lang, narrow=True)
    bars = [t for t in drawn(fig) if t.name != "open"][-1]
    whole = [x for x, b in zip(bars.x, bars.base) if not b]
    assert whole == sorted(whole, reverse=True) or chart_id == "science_popularization_participation"
    assert list(bars.y) == sorted(bars.y, reverse=True)  # rows top-down, one unit a pixel
    assert fig.layout.yaxis.range[1] == fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    labels = [a for a in fig.layout.annotations if (a.name or "").startswith("label:")]
    assert len(labels) == len(bars.y)
    for i, y in enumerate(bars.y):
        assert labels[i].y > y + ROW_BAR / 2  # above its bar
        if i + 1 < len(bars.y):
            assert y - ROW_BAR / 2 > labels[i + 1].y  # the next row starts under this bar
    values = {a.name[6:]: a for a in fig.layout.annotations if (a.name or "").startswith("value:")}
    for fid, label in zip(bars.customdata, labels):
        if label.name == f"label:{fid}":
            assert values[fid].y > bars.y[labels.index(label)] + ROW_BAR / 2


def test_narrow_indicator_panel_has_one_tile_a_row():
    fig = build_chart(DATA_SET, "jobs_services", "en", narrow=True)
    tiles = [s for s in fig.layout.shapes if (s.name or "").startswith("tile:")]
    assert len(tiles) == len(DATA_SET.chart_figures("jobs_services"))
    assert {(s.x0, s.x1) for s in tiles} == {(tiles[0].x0, tiles[0].x1)}  # one column


@pytest.mark.parametrize("chart_id", ["jobs_outcomes", "jobs_services", "social_security_services"])
def test_highlight_addresses_the_narrow_figure(chart_id):
    from dashboard.figures.marks import DIM, apply_updates, highlight_updates

    fig = build_chart(DATA_SET, chart_id, "zh", narrow=True).to_dict()
    frame = DATA_SET.chart_figures(chart_id)
    selected = frame["id"].iloc[0]
    topic = DATA_SET.figures.at[selected, "topic"]
    marked = apply_updates(copy.deepcopy(fig), highlight_updates(fig, DATA_SET.figures["topic"], topic, selected))
    assert set(strengths(marked)) == set(frame["id"])
    assert strengths(marked) == {f: 1.0 if DATA_SET.figures.at[f, "topic"] == topic else DIM for f in frame["id"]}
    assert outlined(marked) == {selected} and outlined(fig) == set()
    assert all("opacity" not in a for a in marked["layout"]["annotations"])  # texts keep full contrast


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "phone"])
@pytest.mark.parametrize("chart_id", ["jobs_rates", "science_popularization_events", "talent_pool"])
def test_each_bar_lies_under_its_figures_mark(chart_id, narrow):
    """The shapes a pick turns into veils and outlines cover exactly the bars of their figure: a bar, a rate's track, in the row Plotly draws them (categories numbered in the first trace's order)."""
    fig = build_chart(DATA_SET, chart_id, "zh", narrow=narrow).to_dict()
    traces = [trace for trace in fig["data"] if trace.get("name") != TARGETS]
    rows = {y: i for i, y in enumerate(dict.fromkeys(y for t in traces for y in t["y"]))}
    spans: dict[tuple, list] = {}
    for trace in traces:
        half = (1 - fig["layout"].get("bargap", 0.2) if trace.get("width") is None else trace["width"]) / 2
        bases = trace.get("base") if isinstance(trace.get("base"), list) else [trace.get("base") or 0] * len(trace["x"])
        for fid, x, y, base in zip(trace["customdata"], trace["x"], trace["y"], bases):
            centre = y if narrow else rows[y]
            spans.setdefault((fid, centre), []).append((base, base + x, centre - half, centre + half))
    boxes = {(s["name"].partition(":")[2], (s["y0"] + s["y1"]) / 2): (s["x0"], s["x1"], s["y0"], s["y1"])
             for s in fig["layout"]["shapes"] if s["name"].startswith("mark:")}
    assert set(boxes) == set(spans)
    assert all(s["name"].startswith(("mark:", "open:")) for s in fig["layout"]["shapes"])  # marks, and open-end chevrons
    for key, box in boxes.items():
        union = (min(s[0] for s in spans[key]), max(s[1] for s in spans[key]),
                 min(s[2] for s in spans[key]), max(s[3] for s in spans[key]))
        assert box == pytest.approx(union), key
    assert all(s["layer"] == "above" and s["opacity"] == 0 for s in fig["layout"]["shapes"]
               if s["name"].startswith("mark:"))  # above the bars, unseen


@pytest.mark.parametrize("text, width, lines", [
    ("专业技术、技能人才总量", 20, ["专业技术、", "技能人才总量"]),  # after the 、, not inside 技能
    ("养老、失业、工伤保险参保规模", 20, ["养老、失业、", "工伤保险参保规模"]),
    ("有就业意愿的困难毕业生就业率", 20, ["有就业意愿的困难", "毕业生就业率"]),  # no pause: balanced halves
])
def test_chinese_labels_break_after_a_pause_when_one_is_near(text, width, lines):
    from dashboard.view.strings import wrap

    assert wrap(text, width).split("<br>") == lines


def test_one_cache_entry_per_chart_however_it_is_asked_for():
    """The start-up warm-up (cached_chart(d, c, "zh")) is what the page later asks for with every argument."""
    from dashboard.figures.charts import _built, cached_chart

    data_dir = str(DATA)
    first = cached_chart(load(data_dir), "jobs_outcomes", "zh")
    misses = _built.cache_info().misses
    assert cached_chart(load(data_dir), "jobs_outcomes", "zh", None, False) is first
    assert cached_chart(load(data_dir), "jobs_outcomes", "zh", figure_ids=None, narrow=0) is first
    assert _built.cache_info().misses == misses


@pytest.mark.parametrize("lang, first, leading", [
    ("zh", "15个中位列第一", "36个中居前列"),
    ("en", "1st of 15", "near the top of 36"),
])
def test_a_peer_group_tile_shows_the_rank_not_the_group_as_an_achievement(lang, first, leading):
    for chart_id, fid, text in [("science_popularization_reach", "sp_subprov_cities", first),
                                ("social_security_coverage", "ss_pilot_cities", leading)]:
        for narrow in (False, True):
            fig = build_chart(DATA_SET, chart_id, lang, narrow=narrow)
            (value,) = [a.text for a in fig.layout.annotations if a.name == f"value:{fid}"]
            assert value == f"<b>{text}</b>"


def test_a_slide_picture_hands_its_unit_and_notes_to_the_slide():
    fig = build_chart(DATA_SET, "talent_market", "zh", slide=True)
    assert fig.layout.title.text is None
    notes = fig.layout.meta["notes"]
    assert notes[0] == "各项单位见数值" and any("突破2600家、24%为预计数" in n for n in notes)


@pytest.mark.parametrize("narrow", [False, True])
@pytest.mark.parametrize("chart_id", CHARTS)
def test_no_chart_zooms_or_pans(chart_id, narrow):
    """Nothing to zoom: the toolbar needs only the camera (views.chart_graph's config)."""
    fig = build_chart(DATA_SET, chart_id, "zh", narrow=narrow)
    assert fig.layout.xaxis.fixedrange and fig.layout.yaxis.fixedrange
    assert fig.layout.dragmode is False


def test_tiles_beside_kpi_cards_leave_the_cards_figures_out():
    from dashboard.view.selection import beside_cards

    cards = ("sp_total_events", "sp_volunteers")
    assert beside_cards(DATA_SET, "science_popularization_reach", None, cards) == tuple(
        f for f in DATA_SET.charts.at["science_popularization_reach", "figure_ids"] if f not in cards)
    # a panel of only card figures has nothing left to show (issue 28: never a tile beside its card); bars keep every figure
    assert beside_cards(DATA_SET, "science_popularization_reach", ("sp_total_events",), cards) == ()
    assert "talent_total" in beside_cards(DATA_SET, "talent_pool", None, ("talent_total",))


def test_the_toolbar_offers_the_camera_only_in_the_pages_language():
    from dashboard.figures.charts import toolbar_config

    assert toolbar_config("zh")["modeBarButtons"] == [["toImage"]]
    assert toolbar_config("zh")["locale"] == "zh-CN" and toolbar_config("en")["locale"] == "en"


def test_a_figure_one_worker_built_is_read_by_the_others_and_never_across_data(data_copy, tmp_path, monkeypatch):
    """The server's workers share built figures through a disk cache keyed by the data's fingerprint: a worker
    that has not built a chart reads it instead of building it; other data (another key) never reads it."""
    import diskcache

    from dashboard.figures import charts

    data = load(data_copy)  # its own Dataset: nothing built for it yet in this process
    chart = data.charts.index[0]
    cache = diskcache.Cache(str(tmp_path / "figures"))
    charts.share_builds(data, cache, "fingerprint-1")
    built = charts.cached_chart(data, chart, "zh")
    assert len(cache) == 1

    def no_building(*args, **kwargs):
        raise AssertionError("built again")

    monkeypatch.setattr(charts, "build_chart", no_building)
    charts._built.cache_clear()  # another worker: its memory has nothing
    assert charts.cached_chart(data, chart, "zh") == built
    charts.share_builds(data, cache, "fingerprint-2")  # the data changed
    charts._built.cache_clear()
    with pytest.raises(AssertionError, match="built again"):
        charts.cached_chart(data, chart, "zh")


# --- drawn: rendered by kaleido (the exports' renderer) -------------------------------------------------------


def test_plotly_pys_template_changes_nothing_drawn(render):
    """The builders leave nothing to plotly.py's default template (figures.layout.untemplated): a chart drawn with
    the template put back, as go.Figure does for exports, is pixel for pixel the chart the browser draws."""
    import plotly.io as pio
    from PIL import Image, ImageChops

    from dashboard.figures.layout import NARROW_WIDTH
    from dashboard.renderer import RENDERER

    jobs = []
    for chart_id, narrow in [("jobs_rates", False), ("science_popularization_events", False),
                             ("jobs_services", False), ("talent_pool", True)]:
        fig = build_chart(DATA_SET, chart_id, "zh", narrow=narrow).to_dict()
        assert "template" not in fig["layout"]
        templated = copy.deepcopy(fig)
        templated["layout"]["template"] = pio.templates["plotly"].to_plotly_json()
        size = (NARROW_WIDTH if narrow else 900, fig["layout"]["height"], 1)
        jobs += [(fig, *size), (templated, *size)]
    pngs = RENDERER.pngs(jobs)
    for plain, templated in zip(pngs[::2], pngs[1::2]):
        images = [Image.open(io.BytesIO(png)).convert("RGB") for png in (plain, templated)]
        assert ImageChops.difference(*images).getbbox() is None


def test_a_veiled_bar_shows_the_colour_of_a_bar_at_dim_strength(render):
    """A pick dims a bar by a veil of the plot's background over it (figures.marks.add_marks): its middle is drawn in
    the bar's colour at DIM opacity on white, and a bar of the picked topic keeps its own colour."""
    from PIL import Image

    from dashboard.figures.marks import DIM, apply_updates, highlight_updates
    from dashboard.renderer import RENDERER

    fig = build_chart(DATA_SET, "science_popularization_events", "zh").to_dict()
    topics = DATA_SET.figures["topic"]
    picked = "sp_scifi_events"
    marked = apply_updates(copy.deepcopy(fig), highlight_updates(fig, topics, topics[picked], picked))
    image = Image.open(io.BytesIO(RENDERER.png(marked, 900, fig["layout"]["height"], 1))).convert("RGB")
    layout, bars = fig["layout"], fig["data"][0]
    paint = bars["marker"]["color"]
    colour = [int((paint if isinstance(paint, str) else paint[0])[i:i + 2], 16) for i in (1, 3, 5)]
    left, right = layout["margin"]["l"], 900 - layout["margin"]["r"]
    top, bottom = layout["margin"]["t"], layout["height"] - layout["margin"]["b"]
    rows = list(dict.fromkeys(bars["y"]))
    seen = set()
    for fid, x, y, base in zip(bars["customdata"], bars["x"], bars["y"], bars.get("base") or [0] * len(bars["x"])):
        middle_x = left + (base + x / 2) / layout["xaxis"]["range"][1] * (right - left)
        middle_y = bottom - (rows.index(y) + 0.5) / len(rows) * (bottom - top)
        drawn = image.getpixel((round(middle_x), round(middle_y)))
        strength = 1.0 if topics[fid] == topics[picked] else DIM
        expected = [round(c * strength + 255 * (1 - strength)) for c in colour]
        assert max(abs(a - b) for a, b in zip(drawn, expected)) <= 3, (fid, drawn, expected)
        seen.add(strength)
    assert seen == {1.0, DIM}


@pytest.mark.parametrize("narrow", [False, True])
@pytest.mark.parametrize("chart_id", CHARTS)
def test_one_meaning_per_mark_no_bar_is_pale_at_rest(chart_id, narrow):
    """Issue 28, finding 6: pale meant an unitemised rest, "more than" and "not in the picked topic". Now at
    rest every bar is its area's colour (a rate's grey track is the 100% it is read against); "more than" is a
    chevron; pale is left to a pick's veil, which the panel the pick opens explains."""
    fig = build_chart(DATA_SET, chart_id, "zh", narrow=narrow)
    colour = chart_spec(DATA_SET, chart_id)["color"]
    for trace in fig.data:
        if trace.type != "bar" or trace.name == TARGETS:
            continue
        paints = {trace.marker.color} if isinstance(trace.marker.color, str) else set(trace.marker.color)
        assert paints in ({colour}, {"#E5E7EB"}), (chart_id, paints)
        assert trace.marker.pattern.shape in (None, ""), chart_id  # no hatching
    assert "其余" not in figure_text(fig) and "未单列" not in figure_text(fig)


def test_a_pick_dims_an_open_end_with_its_bar_and_only_through_shapes():
    from dashboard.figures.marks import DIM, apply_updates, highlight_updates

    fig = build_chart(DATA_SET, "science_popularization_events", "zh").to_dict()
    topics = DATA_SET.figures["topic"]
    updates = highlight_updates(fig, topics, "science_spirit", "sp_talks")
    assert all(path[:2] == ("layout", "shapes") for path, _ in updates)  # a pick redraws shapes only
    marked = apply_updates(copy.deepcopy(fig), updates)
    ends = {s["name"][5:]: s.get("opacity", 1) for s in marked["layout"]["shapes"] if s["name"].startswith("open:")}
    assert ends["sp_talks"] == 1.0 and ends["sp_wubai_events"] == DIM


def test_the_detail_panel_says_what_pale_means():
    from dashboard.firstpaint import detail_html
    from dashboard.view.state import View

    for lang, words in (("zh", "图中浅色的数据：不属于所选数据的主题"), ("en", "Pale in the charts: not in the picked figure's topic")):
        assert words in str(detail_html(DATA_SET, View(tab="talent", indicator="talent_total", lang=lang))).replace("&#39;", "'")
