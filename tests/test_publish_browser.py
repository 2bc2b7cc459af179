"""The published writings in a real Chromium: the static site served by `python -m http.server` under a sub-path
(every tab reached by links with JavaScript off, every figure of its area on it, no request to Dash with JavaScript
on, and from file://), and an embed page framed by a page of another origin while `/` still refuses frames."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, free_port, wait_for

SUB = "reports/2023/dashboard"  # the sub-path the site is published under


def figures_by_area() -> dict[str, list[dict]]:
    """figures.csv read with the csv module (not through the app's loader)."""
    with open(DATA / "figures.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    areas: dict[str, list[dict]] = {}
    for row in rows:
        areas.setdefault(row["area"], []).append(row)
    return areas


@pytest.fixture(scope="module")
def static_site(tmp_path_factory):
    """The whole site (charts as their text stand-ins: no kaleido), served by http.server from a parent folder."""
    from dashboard.publish.site import build

    root = tmp_path_factory.mktemp("www")
    out = root / SUB
    build(DATA, out, drawings=False, renders=False, say=lambda _: None)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/{SUB}/index.html", server)
        yield f"http://127.0.0.1:{port}/{SUB}/", out
    finally:
        server.terminate()
        server.wait(10)


def test_without_javascript_every_tab_is_reached_from_index_and_shows_its_figures(browser, static_site):
    base, _ = static_site
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        todo, seen, texts = [base + "index.html"], set(), {}
        while todo:  # follow the tab bar and the language switch from index.html
            url = todo.pop()
            if url in seen:
                continue
            seen.add(url)
            assert page.goto(url).status == 200, url
            texts[url.rsplit("/", 1)[1]] = page.inner_text("body")
            links = page.eval_on_selector_all(".tab-nav a.tab, a.lang-link", "els => els.map(e => e.href)")
            todo += [link for link in links if link not in seen]
        areas = figures_by_area()
        tabs = {f"{tab}{'' if lang == 'zh' else '.en'}.html" for tab in areas for lang in ("zh", "en")}
        assert tabs | {"index.html", "index.en.html"} <= set(texts), sorted(texts)
        for area, rows in areas.items():
            for row in rows:  # each figure named, with its number as printed (Chinese); named in English too
                chinese = texts[f"{area}.html"]
                assert row["label_zh"] in chinese and row["value"] in chinese.replace(",", ""), (area, row["id"])
                assert row["label_en"] in texts[f"{area}.en.html"], (area, row["id"])
    finally:
        context.close()


def test_with_javascript_no_page_asks_for_dash(browser, static_site):
    base, _ = static_site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    try:
        for name in ("index.html", "jobs.en.html", "talent--talent_postdocs.html", "embed/jobs_outcomes.en.html"):
            page.goto(base + name)
            page.mouse.move(5, 5)  # the move that brings the app in the dashboard itself
            page.wait_for_load_state("networkidle")
        assert asked and not [url for url in asked if "/_dash-" in url]
        assert not [url for url in asked if not url.startswith(base)], "a request outside the site's sub-path"
    finally:
        context.close()


def test_the_site_works_from_file(browser, static_site):
    _, folder = static_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto((Path(folder) / "index.html").as_uri())
        page.click(".tab-nav a.tab >> nth=1")
        assert page.url.endswith("/jobs.html")
        assert "26.44万人" in page.inner_text("main")
    finally:
        context.close()


HOST = """<!DOCTYPE html><html><body>
<iframe id="phone" src="{app}/embed/jobs_outcomes" width="390" height="600"></iframe>
<iframe id="wide" src="{app}/embed/jobs_outcomes?lang=en" width="900" height="600"></iframe>
<iframe id="whole" src="{app}/" width="900" height="400"></iframe>
</body></html>"""


@pytest.fixture(scope="module")
def other_origin(tmp_path_factory, live_server):
    """A page on another origin (another port) that frames two embeds and the dashboard's own page."""
    root = tmp_path_factory.mktemp("host")
    (root / "host.html").write_text(HOST.format(app=live_server), encoding="utf-8")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/host.html", server)
        yield f"http://127.0.0.1:{port}/host.html"
    finally:
        server.terminate()
        server.wait(10)


def test_an_embed_is_drawn_in_another_sites_frame_and_the_dashboard_is_not(page, other_origin, tmp_path):
    page.goto(other_origin)  # waits for the load event, which waits for every frame (drawn or refused)
    frames = {frame.name or frame.url: frame for frame in page.frames}
    phone = page.frame_locator("#phone")
    wide = page.frame_locator("#wide")
    assert phone.locator(".embed-figure .fp-narrow").is_visible()  # a phone-wide frame shows the phone layout
    assert not phone.locator(".embed-figure .fp-wide").is_visible()
    assert wide.locator(".embed-figure .fp-wide").is_visible()
    assert wide.locator(".embed-back").inner_text() == "Open in the dashboard"
    box = page.locator("#wide").bounding_box()
    drawn = wide.locator(".fp-wide").bounding_box()
    assert drawn["height"] > 200 and drawn["width"] > 0.9 * box["width"] - 40
    whole = page.frame_locator("#whole")
    assert whole.locator("#first-paint").count() == 0, f"the dashboard's page was drawn in a frame: {list(frames)}"
    page.locator("#phone").screenshot(path=str(tmp_path / "embed-phone.png"))
    page.locator("#wide").screenshot(path=str(tmp_path / "embed-wide.png"))
    if __import__("os").environ.get("TEST_SCREENSHOTS"):
        import shutil

        target = Path(__file__).resolve().parent.parent / "out" / "screens"
        target.mkdir(parents=True, exist_ok=True)
        for name in ("embed-phone.png", "embed-wide.png"):
            shutil.copy(tmp_path / name, target / name)
