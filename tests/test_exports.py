"""Exports opened as files: PNG signature and size, ZIP contents, PPTX slides and text; CLI; bad queries."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile

import pytest
from PIL import Image
from pptx import Presentation

from conftest import ROOT, require
from dashboard.exports.deck_plan import deck_plan
from dashboard.exports.images import chart_png
from dashboard.data.dataset import load
from dashboard.presentation import present_figure, presenting
from dashboard.figures.charts import cached_chart
from dashboard.view.url import parse_view
from dashboard.figures.charts import export_filename
from dashboard.view.selection import shown_chart_ids, shown_charts, shown_figure_ids
from dashboard.view.state import tab_ids

DATA = load(ROOT / "data")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def check_png(content: bytes, chart_id: str, subset: tuple[str, ...] | None = None) -> None:
    """A real PNG at least 1600 px wide, twice the layout height of the chart (as the view shows it)."""
    assert content.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(content))
    image.verify()
    width, height = Image.open(io.BytesIO(content)).size
    assert width >= 1600
    assert height == 2 * cached_chart(DATA, chart_id, "zh", subset)["layout"]["height"]


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def slide_texts(slide) -> str:
    """A slide's texts, lines broken in a paragraph (\v) joined again."""
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts).replace("\v", "")


def test_every_chart_belongs_to_a_tab_view_and_has_its_file_name():
    seen = [c for tab in tab_ids(DATA) if tab != "overview" for c in shown_chart_ids(DATA, parse_view(f"tab={tab}", DATA))]
    assert sorted(seen) == sorted(DATA.charts.index)
    names = [export_filename(DATA, c) for c in DATA.charts.index]
    assert len(set(names)) == len(names)
    for chart_id, name in zip(DATA.charts.index, names):
        area = DATA.charts.loc[chart_id, "area"]
        assert re.fullmatch(rf"{area}-[a-z0-9-]+-2023", name), name


def test_every_chart_renders_to_a_named_png_1800_px_wide(render):
    for chart_id in DATA.charts.index:
        image = chart_png(DATA, chart_id)
        assert image.filename == export_filename(DATA, chart_id) + ".png"
        check_png(image.png, chart_id)


def test_charts_zip_holds_one_png_per_chart_of_the_view(live_server):
    status, headers, body = get(f"{live_server}/export/charts.zip?tab=talent")
    assert status == 200
    assert headers["Content-Type"] == "application/zip"
    assert 'filename="chengdu-2023-talent-charts.zip"' in headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(body))
    charts = shown_charts(DATA, parse_view("tab=talent", DATA))
    assert archive.namelist() == [export_filename(DATA, c) + ".png" for c, _ in charts]
    for (chart_id, subset), name in zip(charts, archive.namelist()):
        check_png(archive.read(name), chart_id, subset)


@pytest.mark.parametrize("query", ["tab=jobs", "tab=overview", ""])
def test_briefing_pptx_has_cover_headlines_chart_slides_and_appendix(live_server, query):
    status, headers, body = get(f"{live_server}/export/briefing.pptx?{query}")
    assert status == 200
    assert headers["Content-Type"].endswith("presentationml.presentation")
    view = parse_view(query, DATA)
    plan = deck_plan(DATA, view, "zh")
    figures = shown_figure_ids(DATA, view)
    deck = Presentation(io.BytesIO(body))
    slides = list(deck.slides)
    assert [s.shapes.title.text for s in slides] == [item.title for item in plan]
    link = f"/{view.query()}"  # relative: the server has no DASHBOARD_PUBLIC_URL, and never takes the request's host
    assert link in slide_texts(slides[0])
    shown = set()
    for slide, item in zip(slides, plan):
        if item.kind in ("headline", "number", "chart", "tiles"):
            text = slide_texts(slide) + slide.notes_slide.notes_text_frame.text
            for fid in item.figure_ids:
                assert DATA.figure(fid)["display_zh"] in text
                shown.add(fid)
            assert "来源：" in text and link in slide.notes_slide.notes_text_frame.text
    # every chart of the view is in the deck, and every figure on a slide or in the headlines
    assert {item.chart_id for item in plan if item.chart_id} <= set(shown_chart_ids(DATA, view))
    appendix = "\n".join(slide_texts(s) for s, item in zip(slides, plan) if item.kind == "appendix")
    assert "附录" in "\n".join(item.title for item in plan)
    for fid in figures:
        assert DATA.figure(fid)["source_quote"] in appendix
    assert low_contrast_runs(deck) == []


def low_contrast_runs(deck) -> list[tuple[str, str, str]]:
    """(colour, background, text) of every text run under 4.5:1 (WCAG 1.4.3): slides are white, table
    cells carry their own fill."""
    from dashboard.figures.palette import contrast_ratio

    from pptx.enum.dml import MSO_FILL

    frames = []  # (text frame, the colour behind it)
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                frames.append((shape.text_frame, "FFFFFF"))
            if shape.has_table:
                for cell in (cell for row in shape.table.rows for cell in row.cells):
                    assert cell.fill.type == MSO_FILL.SOLID  # our fill, not the table style's
                    frames.append((cell.text_frame, str(cell.fill.fore_color.rgb)))
    runs = [(run, bg) for frame, bg in frames for paragraph in frame.paragraphs for run in paragraph.runs]
    assert runs and all(run.font.color.type is not None for run, _ in runs)  # every colour set, none inherited
    return [(str(run.font.color.rgb), bg, run.text[:40]) for run, bg in runs
            if contrast_ratio(f"#{run.font.color.rgb}", f"#{bg}") < 4.5]


def test_a_forged_host_reaches_no_link_of_the_deck(live_server):
    forged = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"}
    status, _, body = get(f"{live_server}/export/briefing.pptx?tab=labor_relations", headers=forged)
    assert status == 200
    deck = Presentation(io.BytesIO(body))
    texts = "\n".join(slide_texts(s) + s.notes_slide.notes_text_frame.text for s in deck.slides)
    assert "evil" not in texts and "/?tab=labor_relations" in texts
    addresses = [run.hyperlink.address for s in deck.slides for shape in s.shapes if shape.has_text_frame
                 for p in shape.text_frame.paragraphs for run in p.runs if run.hyperlink.address]
    assert addresses == [], "a relative address is text, not a link PowerPoint would follow"


def test_briefing_in_english(live_server):
    status, _, body = get(f"{live_server}/export/briefing.pptx?tab=labor_relations&lang=en")
    assert status == 200
    text = "\n".join(slide_texts(s) for s in Presentation(io.BytesIO(body)).slides)
    assert "Appendix" in text and "Headline figures" in text
    assert DATA.charts.loc["labor_relations_cases", "title_en"] in text


@pytest.mark.parametrize(
    "query, problem",
    [("tab=nonsense", "tab: 'nonsense' is not a tab"), ("tab=jobs&lang=fr", "lang: 'fr' is not a language"),
     ("tab=" + "x" * 2100, "longer than 2000"), ("tab=%FF%00", "is not a tab")],
)
@pytest.mark.parametrize("path", ["/export/charts.zip", "/export/briefing.pptx"])
def test_bad_export_query_is_a_clear_400(live_server, path, query, problem):
    status, headers, body = get(f"{live_server}{path}?{query}")
    assert status == 400
    assert headers["Content-Type"] == "application/json"
    answer = json.loads(body)  # the one error shape: status, title, problems naming the place
    assert answer["status"] == 400 and answer["title"]
    assert any(problem in p["message"] and p["file"] == path for p in answer["problems"])
    assert b"Traceback" not in body


def test_unknown_pack_is_404(live_server):
    for path in ["/export/pack/0123456789abcdef0123456789abcdef/x.zip", "/export/pack/not-a-token/x.pptx", "/export/pack/0123456789abcdef0123456789abcdef/x.exe"]:
        status, _, body = get(live_server + path)
        assert status == 404 and b"Traceback" not in body
        assert json.loads(body)["problems"][0]["file"] == path


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=180)


def test_cli_export_writes_the_files_with_a_progress_bar(render, tmp_path):
    """Every format, asked for at once (one process, one Chromium start): each with its own progress bar."""
    result = run_cli("export", "--view", "tab=jobs", "--format", "png,zip,pptx", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    charts = shown_chart_ids(DATA, parse_view("tab=jobs", DATA))
    # the deck renders one picture per chart slide (a lone headline figure needs none)
    slides = sum(s.kind == "chart" for s in deck_plan(DATA, parse_view("tab=jobs", DATA)))
    for fmt, pictures in (("png", len(charts)), ("zip", len(charts)), ("pptx", slides)):
        assert f"{fmt}: [{'#' * 30}] {pictures}/{pictures} charts" in result.stderr, fmt
    pngs = sorted(export_filename(DATA, c) + ".png" for c in charts)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        pngs + ["chengdu-2023-jobs-charts.zip", "chengdu-2023-jobs-briefing.pptx"])
    for chart_id, subset in shown_charts(DATA, parse_view("tab=jobs", DATA)):
        check_png((tmp_path / f"{export_filename(DATA, chart_id)}.png").read_bytes(), chart_id, subset)
    assert len(zipfile.ZipFile(tmp_path / "chengdu-2023-jobs-charts.zip").namelist()) == len(charts)
    deck = Presentation(str(tmp_path / "chengdu-2023-jobs-briefing.pptx"))
    assert len(deck.slides) == len(deck_plan(DATA, parse_view("tab=jobs", DATA), "zh"))


@pytest.mark.parametrize("args, message", [
    (("--view", "tab=nowhere", "--format", "zip"), "tab: 'nowhere' is not a tab"),
    (("--view", "tab=jobs", "--format", "png,docx"), "'docx': choose from png, zip, pptx, pdf"),
], ids=["unknown view", "unknown format"])
def test_cli_export_rejects_what_does_not_exist_and_writes_nothing(tmp_path, args, message):
    result = run_cli("export", *args, "--out", str(tmp_path))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_present_figure_is_larger_white_on_black_with_the_same_data():
    original = cached_chart(DATA, "jobs_outcomes", "zh")
    shown = present_figure(original)
    assert shown["data"][0]["x"] == original["data"][0]["x"]
    assert shown["layout"]["paper_bgcolor"] == "#000000"
    assert shown["layout"]["font"]["color"] == "#FFFFFF"
    assert shown["layout"]["title"]["font"]["size"] > original["layout"]["title"]["font"]["size"]
    assert original["layout"]["paper_bgcolor"] == "white"  # the cached chart is untouched


def test_present_parameter_is_read_from_the_query():
    assert presenting("?tab=jobs&present=1") and not presenting("?tab=jobs") and not presenting(None)


def test_renderer_recovers_when_its_chromium_dies(render):
    """Kill kaleido's Chromium between two exports (in a child process, so only its own Chromium dies)."""
    script = """
import psutil
from dashboard.exports.images import chart_png
from dashboard.data.dataset import load
data = load()
first = chart_png(data, "jobs_outcomes")
for process in psutil.Process().children(recursive=True):
    process.kill()
psutil.wait_procs(psutil.Process().children(recursive=True), timeout=10)
second = chart_png(data, "jobs_outcomes")
assert second.png[1:4] == first.png[1:4] == b"PNG"
print("recovered")
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "recovered" in result.stdout


def test_charts_draw_with_the_partial_bundle_and_any_other_trace_with_the_full_one(render):
    """Kaleido loads the page's partial plotly.js when it covers the figures (half the start-up); a trace type
    it lacks (a heatmap) draws blank with it, so such a figure gets the full bundle and is really drawn."""
    import plotly.graph_objects as go

    from dashboard.bundle import PARTIAL
    from dashboard.renderer import Renderer

    require(PARTIAL.is_file(), "the partial plotly.js bundle is not installed (bin/fetch-plotly-basic)")
    red, green = (255, 0, 0), (0, 170, 0)
    bar = go.Figure(go.Bar(x=["a"], y=[1], marker_color="rgb(0,170,0)"))
    heatmap = go.Figure(go.Heatmap(z=[[1, 2]], colorscale=[[0, "rgb(255,0,0)"], [1, "rgb(255,0,0)"]], showscale=False))
    renderer = Renderer(tabs=1)
    try:
        drawn = Image.open(io.BytesIO(renderer.png(bar, 400, 300, 1))).convert("RGB")
        assert renderer.plotlyjs == str(PARTIAL)
        assert green in {color for _, color in drawn.getcolors(1 << 20)}
        drawn = Image.open(io.BytesIO(renderer.png(heatmap, 400, 300, 1))).convert("RGB")
        assert renderer.plotlyjs is None
        assert red in {color for _, color in drawn.getcolors(1 << 20)}
    finally:
        renderer.stop()


def test_a_kaleido_start_that_hangs_is_closed_and_tried_again(render, monkeypatch):
    """A Chromium that starts but never becomes ready (seen once on an overloaded machine) costs START_TIMEOUT,
    not the export: it is closed, processes and all, and a fresh one draws the chart."""
    import asyncio

    import kaleido
    import plotly.graph_objects as go
    import psutil

    from dashboard import renderer as renderer_module

    real_open, hung = kaleido.Kaleido.open, []

    async def open_then_hang_once(self):
        await real_open(self)
        if not hung:
            hung.append(self)
            await asyncio.sleep(3600)

    def browsers() -> set:
        return {p for p in psutil.Process().children(recursive=True) if "chrom" in " ".join(p.cmdline()[:2])}

    before = browsers()
    monkeypatch.setattr(kaleido.Kaleido, "open", open_then_hang_once)
    monkeypatch.setattr(renderer_module, "START_TIMEOUT", 10)
    renderer = renderer_module.Renderer(tabs=1)
    try:
        assert renderer.png(go.Figure(go.Bar(x=["a"], y=[1])), 300, 200, 1).startswith(PNG_SIGNATURE)
        assert len(hung) == 1
    finally:
        renderer.stop()
    # The renderer's own: new, and not started by a browser that was there before (this worker's Playwright
    # Chromium may start a utility process meanwhile).
    started = {p for p in browsers() - before if not before.intersection(p.parents())}
    _, alive = psutil.wait_procs(started, timeout=15)
    assert not alive, f"Chromium left running: {[p.cmdline()[:2] for p in alive]}"


def test_a_pack_renders_in_order_and_reports_each_chart(render):
    """Charts render several at once (Kaleido's tabs): the images still come back in view order, each the
    size of its own chart, and progress counts up once per chart."""
    from dashboard.exports.images import render_charts
    from dashboard.renderer import RENDERER

    charts = [(c, None) for c in DATA.area_charts("talent").index]
    seen = []
    images = render_charts(DATA, charts, "zh", lambda done, total: seen.append((done, total)))
    assert [image.chart_id for image in images] == [c for c, _ in charts]
    for image in images:
        check_png(image.png, image.chart_id)
    assert seen == [(n, len(charts)) for n in range(1, len(charts) + 1)]
    assert RENDERER.tabs >= 1
