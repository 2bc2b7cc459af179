"""In a real browser: the camera button's file, the 导出简报包 button, presentation mode by keyboard, print."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image
from pptx import Presentation

from conftest import ROOT, go_live
from dashboard.background import ExportCache
from dashboard.exports.deck_plan import deck_plan
from dashboard.data.dataset import load
from dashboard.view.url import parse_view
from dashboard.figures.charts import export_filename
from dashboard.view.selection import shown_chart_ids, shown_figure_ids

# Each test looks at one view at a time: the reader's browser saves data, so the app mounts no other tab
# in the background (conftest.saves_data).
SAVING_DATA = True

pytestmark = pytest.mark.browser
# The camera button, titled in Chinese on a Chinese page (Plotly's zh-CN strings, bin/fetch-plotly-basic).
CAMERA_ZH = ".modebar-btn[data-title='下载图表为PNG格式']"
DATA = load(ROOT / "data")


def charts_of(query: str) -> list[str]:
    return shown_chart_ids(DATA, parse_view(query, DATA))


def local_only(page, base: str) -> list[str]:
    """Requests that left the dashboard's own server."""
    return [url for url in page.requested if not url.startswith((base, "data:", "blob:"))]


@pytest.fixture
def watched(page):
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    return page


def test_camera_button_downloads_a_named_png_1800_px_wide(watched, live_server, tmp_path):
    page = watched
    go_live(page, f"{live_server}/?tab=social_security")
    for chart_id in charts_of("tab=social_security")[:2]:
        graph = f"#tab-content > .pane:not(.pane--hidden) [data-chart={chart_id}]"
        page.wait_for_selector(f"{graph} .main-svg")
        page.hover(graph)
        with page.expect_download() as download:
            page.click(f"{graph} {CAMERA_ZH}")
        assert download.value.suggested_filename == export_filename(DATA, chart_id) + ".png"
        assert page.locator(f"{graph} .modebar-btn[data-title='Share chart...']").count() == 0
        target = tmp_path / download.value.suggested_filename
        download.value.save_as(target)
        with Image.open(target) as image:
            assert image.format == "PNG"
            assert image.width >= 1600
    assert not page.errors
    assert local_only(page, live_server) == []


def test_camera_image_is_the_chart_as_shown_for_a_topic(watched, live_server, tmp_path):
    """A topic narrows a chart to its figures: the camera's image is that chart, at its own height."""
    from dashboard.figures.charts import cached_chart
    from dashboard.view.selection import shown_charts

    page = watched
    query = "?tab=talent&topic=postdoc"
    ((chart_id, subset),) = shown_charts(DATA, parse_view(query, DATA))
    assert subset is not None
    go_live(page, f"{live_server}/{query}")
    graph = f"#tab-content > .pane:not(.pane--hidden) [data-chart={chart_id}]"
    page.wait_for_selector(f"{graph} .main-svg")
    page.hover(graph)
    with page.expect_download() as download:
        page.click(f"{graph} {CAMERA_ZH}")
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    with Image.open(target) as image:
        assert image.width == 1800
        assert image.height == 2 * cached_chart(load(ROOT / "data"), chart_id, "zh", subset)["layout"]["height"]
        assert image.height < 2 * cached_chart(load(ROOT / "data"), chart_id, "zh")["layout"]["height"]


def test_export_button_runs_in_the_background_and_offers_zip_and_pptx(watched, live_server, tmp_path):
    # Opened from a link with a parameter the dashboard ignores: the export still runs (it sends the view).
    export_pack_through_the_button(watched, live_server, tmp_path, "tab=science_popularization&utm_source=mail")


# Records the progress bar, its text and the export button at every change of the bar, from the click on:
# what a reader saw while the job ran, not only its end state.
WATCH_PROGRESS = """() => {
  window.__progress = [];
  const bar = document.getElementById("export-progress");
  const snap = () => window.__progress.push({
    hidden: bar.hidden, value: bar.getAttribute("value"), max: bar.getAttribute("max"),
    disabled: document.getElementById("export-pack").disabled,
    status: (document.getElementById("export-status") || {}).textContent || ""});
  new MutationObserver(snap).observe(bar, {attributes: true});
}"""


def export_pack_through_the_button(page, base: str, tmp_path, query: str) -> None:
    """Shared with the Celery test: click, see progress, download both files and open them."""
    charts = charts_of(query)
    # Packs are kept per release and view across server runs (ExportCache): drop them, so this click renders.
    ExportCache(str(ROOT / "data"))._cache().clear()
    page.set_default_timeout(90_000)  # a shared 2-core machine under load; this is not a timing test
    go_live(page, f"{base}/?{query}")
    page.wait_for_selector(f"#tab-content > .pane:not(.pane--hidden) [data-chart={charts[0]}] .main-svg")
    page.evaluate(WATCH_PROGRESS)
    page.click("#export-pack")
    # While the job runs the page stays usable: another tab opens and draws its charts.
    page.wait_for_selector("#export-progress:not([hidden])")
    other = "jobs" if not query.startswith("tab=jobs") else "talent"
    page.click(f"#tab-{other}")
    page.wait_for_selector(f"#tab-content > .pane:not(.pane--hidden) [data-chart={charts_of('tab=' + other)[0]}] .main-svg")
    assert page.evaluate("() => document.getElementById('export-pack').disabled"), "the job ended before the tab drew"
    page.wait_for_selector("#export-download-pptx", timeout=120_000)
    states = page.evaluate("() => window.__progress")
    running = [s for s in states if not s["hidden"]]
    assert running, "the progress bar was never shown"
    assert all(s["disabled"] for s in running), "the export button was clickable while the job ran"
    values = [int(s["value"]) for s in states]
    # It only moves forward, from 0 to its end: every chart, then the deck's pictures of them.
    assert values == sorted(values) and values[0] == 0, values
    assert states[-1]["value"] == states[-1]["max"] and values[-1] >= len(charts), states[-1]
    # Shown at 0 while the job ran; steps between 0 and the end show only when the job outlasts Dash's
    # 1 s progress poll (0 -> 2 -> 3 of 3 on a loaded machine), so they are not required.
    assert running[0]["value"] == "0"
    # (before the first report the bar's max is its initial 1)
    assert any(s["status"] for s in running), "no progress text while running"
    assert page.get_attribute("#export-progress", "hidden") is not None  # hidden again when done
    downloads = {}
    for link in ("#export-download-zip", "#export-download-pptx"):
        with page.expect_download() as download:
            page.click(link)
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        downloads[link] = path
    archive = zipfile.ZipFile(downloads["#export-download-zip"])
    tab = dict(part.split("=") for part in query.lstrip("?").split("&"))["tab"].replace("_", "-")
    handout = f"chengdu-2023-{tab}-handout.pdf"  # the pack's ZIP holds the view's PDF handout too
    assert archive.namelist() == [export_filename(DATA, c) + ".png" for c in charts] + [handout]
    assert archive.read(handout).startswith(b"%PDF-")
    for name in archive.namelist()[:-1]:
        with Image.open(io.BytesIO(archive.read(name))) as image:
            assert image.format == "PNG" and image.width >= 1600
    deck = Presentation(str(downloads["#export-download-pptx"]))
    figures = shown_figure_ids(DATA, parse_view(query, DATA))
    assert len(deck.slides) == len(deck_plan(DATA, parse_view(query, DATA), 'zh'))
    # The deck is the view's: every figure it shows is in the deck with its verbatim source sentence.
    text = "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    text += "".join(cell.text for slide in deck.slides for shape in slide.shapes if shape.has_table
                    for row in shape.table.rows for cell in row.cells)
    text += "".join(slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide)
    flat = "".join(text.split())  # table cells wrap their text to the column
    missing = [fid for fid in figures if "".join(DATA.figure(fid)["source_quote"].split()) not in flat]
    assert figures and missing == [], missing
    assert not page.errors


def present_titles(query: str) -> list[str]:
    """The titles of a view's slides in presentation mode: cover, headline figures, charts."""
    return [item.title for item in deck_plan(DATA, parse_view(query, DATA), "zh")
            if item.kind in ("cover", "headline", "chart", "tiles", "number")]


def slide_title(page) -> str:
    return page.text_content("#present-graph .gtitle")


def test_presentation_mode_steps_through_the_views_charts_by_keyboard(watched, live_server):
    page = watched
    titles = present_titles("tab=talent")
    charts = titles  # one slide each
    go_live(page, f"{live_server}/?tab=talent&present=1")
    page.wait_for_selector("#present-layer:not([hidden]) #present-graph .main-svg")
    assert page.inner_text("#present-counter") == f"1 / {len(charts)}"
    assert slide_title(page) == titles[0]
    layer = page.locator("#present-layer").bounding_box()
    assert layer["width"] == 1366 and layer["height"] == 900  # the whole screen
    steps = [("ArrowRight", 2), ("PageDown", 3), ("PageUp", 2), ("ArrowLeft", 1), ("ArrowLeft", 1)]
    for key, expected in steps:
        page.keyboard.press(key)
        page.wait_for_function(
            "want => document.getElementById('present-counter').innerText === want", arg=f"{expected} / {len(charts)}"
        )
        page.wait_for_function("want => document.querySelector('#present-graph .gtitle')?.textContent === want",
                               arg=titles[expected - 1])
    for _ in charts:
        page.keyboard.press("PageDown")
    page.wait_for_function("want => document.getElementById('present-counter').innerText === want",
                           arg=f"{len(charts)} / {len(charts)}")
    assert slide_title(page) == titles[-1]
    title_size = page.eval_on_selector("#present-graph .gtitle", "el => parseFloat(getComputedStyle(el).fontSize)")
    assert title_size >= 48  # large type
    background = page.eval_on_selector("#present-graph .main-svg", "el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    assert page.eval_on_selector("#present-graph .gtitle", "el => el.style.fill") == "rgb(255, 255, 255)"
    page.keyboard.press("Escape")
    page.wait_for_selector("#present-layer", state="hidden")
    assert "present" not in page.evaluate("location.search")
    assert page.evaluate("location.search") == "?tab=talent"
    assert not page.errors
    assert local_only(page, live_server) == []


def test_present_button_opens_the_current_view(watched, live_server):
    page = watched
    go_live(page, f"{live_server}/?tab=jobs")
    page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) [data-chart=jobs_outcomes] .main-svg")
    page.click("#present-open")
    page.wait_for_selector("#present-layer:not([hidden]) #present-graph .main-svg")
    assert page.inner_text("#present-counter") == f"1 / {len(present_titles('tab=jobs'))}"
    assert "present=1" in page.evaluate("location.search")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => /[?&]slide=2(&|$)/.test(location.search)")
    page.click("#present-exit")
    page.wait_for_selector("#present-layer", state="hidden")
    assert page.evaluate("location.search") == "?tab=jobs"
    # Back presents again, at the slide left; Forward leaves again (one history entry each way).
    page.go_back()
    page.wait_for_selector("#present-layer:not([hidden]) #present-graph .main-svg")
    page.wait_for_function("want => document.getElementById('present-counter').innerText === want",
                           arg=f"2 / {len(present_titles('tab=jobs'))}")
    page.go_forward()
    page.wait_for_selector("#present-layer", state="hidden")
    assert page.evaluate("location.search") == "?tab=jobs"
    assert not page.errors


def test_print_is_a4_with_charts_at_their_size_two_to_a_page_and_a_footer_with_source_and_page(watched, live_server,
                                                                                                  tmp_path):
    """Printed under print media (page.pdf, which never sends beforeprint): A4 upright, no tab bar or
    toolbar, each chart at its own height and the page's width (not a 1 px strip), two charts to a page where
    they fit, and every page's foot names the source and says 第 N 页."""
    import subprocess

    page = watched
    charts = charts_of("tab=jobs")
    go_live(page, f"{live_server}/?tab=jobs")
    for chart_id in charts:
        page.wait_for_selector(f"#tab-content > .pane:not(.pane--hidden) [data-chart={chart_id}] .main-svg")
    heights = page.eval_on_selector_all("#tab-content > .pane:not(.pane--hidden) .chart .js-plotly-plot",
                                        "els => els.map(e => e._fullLayout.height)")
    # The tab bar (nav#tabs), the toolbar and the filters are on screen, and not on paper.
    assert page.is_visible("#toolbar") and page.is_visible("#tabs") and page.is_visible("#filters")
    page.emulate_media(media="print")
    assert page.is_hidden("#tabs") and page.is_hidden("#toolbar") and page.is_hidden("#filters")
    page.wait_for_function("""() => [...document.querySelectorAll(
        '#tab-content > .pane:not(.pane--hidden) .chart .svg-container')].every(s => s.getBoundingClientRect().width <= 702)""")
    boxes = page.eval_on_selector_all("#tab-content > .pane:not(.pane--hidden) .chart .svg-container",
                                      "els => els.map(e => e.getBoundingClientRect().toJSON())")
    assert [round(b["height"]) for b in boxes] == heights  # each chart as tall as it is drawn
    assert all(650 <= b["width"] <= 702 for b in boxes)  # A4 less 12 mm margins: 702 CSS px
    pdf = tmp_path / "print.pdf"
    pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.28 x 841.89" in info or "594.96 x 841.92" in info  # A4 upright, in points
    pages = _pdf_pages(pdf.read_bytes())
    assert pages <= 1 + -(-(len(charts) - 1) // 2)  # the cards and a chart, then two charts a page
    source = DATA.sources.loc["chengdu_hrss", "name_zh"]
    titles = [DATA.charts.at[c, "title_zh"] for c in charts]
    for number in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert source in text and f"第{number}页" in "".join(text.split()), (number, text[-300:])
        if number > 1:
            assert sum(title in text for title in titles) >= 2  # two charts on a page
    page.emulate_media(media="screen")


def _pdf_pages(pdf: bytes) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


# --- Sharing from a phone ------------------------------------------------------------------------------


@pytest.fixture
def phone(browser):
    """A phone's page (390 x 844, touch), with the Web Share API and the clipboard recorded, not used."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    context.add_init_script("""
      window.__shared = []; window.__copied = [];
      if (!window.__noShare) {
        Object.defineProperty(navigator, 'share', {value: d => { window.__shared.push(d); return Promise.resolve(); },
                                                   configurable: true});
      }
      Object.defineProperty(navigator, 'clipboard', {value: {writeText: t => { window.__copied.push(t);
                                                     return Promise.resolve(); }}, configurable: true});""")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def test_the_detail_panel_shares_its_figure_and_never_hides_its_link(phone, live_server):
    page = phone
    go_live(page, f"{live_server}/?tab=talent&topic=skills&indicator=talent_training")
    share = page.locator("#detail-panel .detail-share")
    share.wait_for()
    box = share.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # a finger's target
    # in sight on the phone and not under anything: the panel carries the link of what it shows
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844
    assert page.evaluate("""() => { const b = document.querySelector('#detail-panel .detail-share');
        const r = b.getBoundingClientRect();
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === b; }""")
    share.tap()
    page.wait_for_function("() => window.__shared.length === 1")
    shared = page.evaluate("window.__shared[0]")
    assert shared["url"] == f"{live_server}/?tab=talent&topic=skills&indicator=talent_training"
    assert DATA.figure("talent_training")["display_zh"] in shared["title"]
    # without Web Share (a desktop browser), the link is copied and the button says so
    page.evaluate("delete navigator.share")
    share.tap()
    page.wait_for_function("() => window.__copied.length === 1")
    assert page.evaluate("window.__copied[0]") == shared["url"]
    page.wait_for_selector("#detail-panel .detail-share:text('已复制')")
    # closing the panel leaves the view it was opened from (its topic kept), in the address and the link field
    page.locator("#detail-panel .detail-close").tap()
    page.wait_for_function("() => location.search === '?tab=talent&topic=skills'")
    page.wait_for_function("() => document.getElementById('view-link').value.endsWith('/?tab=talent&topic=skills')")
    assert not page.errors


def test_a_phone_chart_row_label_value_and_bar_is_one_44_px_target(phone, live_server):
    page = phone
    go_live(page, f"{live_server}/?tab=science_popularization", timeout=120000)
    cell = "#tab-content > .pane:not(.pane--hidden) [data-chart=science_popularization_events]"
    page.wait_for_selector(f"{cell}[data-layout=narrow] .main-svg")
    page.evaluate(f"() => window.scrollTo(0, document.querySelector('{cell}').getBoundingClientRect().top + scrollY)")
    page.wait_for_timeout(200)
    rows = page.evaluate(f"""() => {{
        const g = document.querySelector('{cell} .js-plotly-plot');
        return g._fullLayout.annotations.map((a, i) => [a.name || '', i]).filter(([n]) => n.startsWith('label:'))
          .map(([n, i]) => [n.slice(6), g.querySelector(`.annotation[data-index="${{i}}"]`).getBoundingClientRect().toJSON()]);
    }}""")
    tops = sorted(box["top"] for _, box in rows)
    assert min(b - a for a, b in zip(tops, tops[1:])) >= 44  # each row is a 44 px band
    for target in ("label", "value"):
        if target == "value":  # back to the chart
            page.locator("#detail-panel .detail-close").tap()
            page.wait_for_function("() => location.search === '?tab=science_popularization'")
            page.evaluate(f"() => window.scrollTo(0, document.querySelector('{cell}').getBoundingClientRect().top + scrollY)")
            page.wait_for_timeout(200)
        fid, box = rows[1]
        x = box["left"] + 10 if target == "label" else 390 - 40  # the label's start, the value at the right
        page.touchscreen.tap(x, box["top"] + box["height"] / 2)
        page.wait_for_function("want => new URLSearchParams(location.search).get('indicator') === want", arg=fid)
        page.wait_for_selector(f"#detail-panel [data-figure={fid}]")
    assert not page.errors


def test_each_view_has_open_graph_and_twitter_tags_with_a_chart_png_preview(live_server):
    import re
    from html import unescape
    from urllib.request import urlopen

    page = urlopen(f"{live_server}/?tab=jobs").read().decode("utf-8")
    tags = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', page))
    assert tags["og:title"].startswith("就业") and tags["twitter:card"] == "summary_large_image"
    assert tags["og:description"] == "城镇新增就业26.44万人"  # the view's headline figure
    # Addresses come from DASHBOARD_PUBLIC_URL, never from the request's Host: unset here, they are relative.
    assert tags["og:image"] == tags["twitter:image"] == "/preview.png?tab=jobs"
    english = urlopen(f"{live_server}/?tab=talent&lang=en").read().decode("utf-8")
    tags_en = {k: unescape(v) for k, v in re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', english)}
    assert tags_en["og:image"].endswith("/preview.png?tab=talent&lang=en")
    assert tags_en["og:description"].startswith("Professional and skilled talent")
    response = urlopen(live_server + tags["og:image"])
    png = response.read()
    assert response.headers["Content-Type"] == "image/png" and png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "max-age" in response.headers["Cache-Control"]
    width, height = Image.open(io.BytesIO(png)).size
    assert width >= 1200 and height >= 300  # a large-image card's picture
    assert urlopen(live_server + tags["og:image"]).read() == png  # kept: the same bytes again
