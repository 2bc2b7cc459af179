"""Pages under a crowd: each view's page made once and compressed once, an ETag for repeat visits, stand-ins
instead of a queue behind kaleido, and nothing from a request's headers kept for another reader."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import shutil

import brotli
import pytest
from dashboard.page import notice_html

from conftest import DATA


@pytest.fixture
def app(monkeypatch, tmp_path):
    """The app in this process with its own cache folder, no background drawer, and page renders counted."""
    from dashboard import app as app_module

    monkeypatch.setenv("DASHBOARD_WARM", "0")
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path / "cache"))
    made = []
    real = app_module.first_paint

    def counted(*args, **kwargs):
        made.append(args[1].query())
        return real(*args, **kwargs)

    monkeypatch.setattr(app_module, "first_paint", counted)
    dashboard = app_module.create_app(DATA, first_paint_svg=False)
    made.clear()  # create_app's own start-up request
    dashboard.made = made
    return dashboard


def test_a_page_is_made_once_compressed_once_and_sent_whole_with_an_etag(app):
    client = app.server.test_client()
    first = client.get("/?tab=jobs", headers={"Accept-Encoding": "br"})
    second = client.get("/?tab=jobs", headers={"Accept-Encoding": "br"})
    plain = client.get("/?tab=jobs")
    assert app.made == ["?tab=jobs"]
    assert first.status_code == second.status_code == 200
    assert first.headers["Content-Encoding"] == "br" and first.headers["Cache-Control"] == "no-cache"
    assert int(first.headers["Content-Length"]) == len(first.data)
    assert first.data == second.data and brotli.decompress(first.data) == plain.data
    assert first.headers["ETag"] == second.headers["ETag"] == plain.headers["ETag"]
    assert "Accept-Encoding" in first.headers["Vary"]


def test_a_repeat_visit_with_its_etag_is_304_without_a_render_even_on_another_worker(app, monkeypatch, tmp_path):
    from dashboard import app as app_module

    etag = app.server.test_client().get("/?tab=talent&lang=en").headers["ETag"]
    other = app_module.create_app(DATA, first_paint_svg=False)  # a fresh worker: nothing kept yet
    app.made.clear()
    again = other.server.test_client().get("/?tab=talent&lang=en", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert app.made == []
    layout = other.server.test_client().get("/_dash-layout", headers={"Referer": "http://x/?tab=talent"})
    assert layout.status_code == 200 and layout.headers["ETag"]
    assert other.server.test_client().get("/_dash-layout", headers={
        "Referer": "http://x/?tab=talent", "If-None-Match": layout.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize("header", ["garbage", '"', '"nope"', 'W/"nope"', ",,,", '"' + "a" * 5000 + '"'])
def test_a_bad_if_none_match_gets_the_page(app, header):
    response = app.server.test_client().get("/?tab=jobs", headers={"If-None-Match": header})
    assert response.status_code == 200 and b'id="first-paint"' in response.data


def link_value(page: str) -> str:
    """The value of the first paint's copy-link field."""
    return re.search(r'<input id="fp-view-link" class="view-link"[^>]* value="([^"]*)"', page).group(1)


def test_made_up_query_values_map_to_the_views_one_entry_and_are_named_in_the_notice(app):
    client = app.server.test_client()
    clean = client.get("/?tab=jobs").get_data(as_text=True)
    for query in ["?tab=jobs&utm_source=news", "?tab=jobs&x=1&y=2", "?tab=jobs&indicator=nope", "?tab=jobs&topic=zz",
                  "?tab=jobs&sector=nope&utm=3"]:
        page = client.get("/" + query).get_data(as_text=True)
        empty = notice_html()
        assert empty not in page, query  # the notice names what was ignored
        opening = empty.removesuffix("</div>")
        start = page.index(opening) + len(opening)
        assert page[:start] + page[page.index("</div>", start):] == clean  # and nothing else differs
    assert app.made == ["?tab=jobs"] and len(app.pages) == 1


def test_no_request_header_reaches_a_kept_page(app, monkeypatch):
    forged = {"Host": "evil.example", "X-Forwarded-Host": "evil2.example", "X-Forwarded-Proto": "javascript",
              "Referer": "http://evil3.example/?tab=jobs", "Accept-Language": "evil4"}
    client = app.server.test_client()
    first = client.get("/?tab=jobs", headers=forged).get_data(as_text=True)
    layout = client.get("/_dash-layout", headers=forged).get_data(as_text=True)
    later = client.get("/?tab=jobs").get_data(as_text=True)
    assert first == later
    for text in (later, layout):
        assert "evil" not in text
    assert link_value(later) == "/?tab=jobs"  # relative: the browser completes it
    assert '"value":"/?tab=jobs"' in json.dumps(json.loads(layout), separators=(",", ":"))  # Dash writes "/" as \\u002f


def test_the_link_field_takes_the_public_address_setting(app, monkeypatch):
    from dashboard import app as app_module

    monkeypatch.setenv("DASHBOARD_PUBLIC_URL", "https://data.example.gov/dashboard")
    page = app_module.create_app(DATA, first_paint_svg=False).server.test_client().get(
        "/?tab=jobs", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert link_value(page) == "https://data.example.gov/dashboard/?tab=jobs" and "evil" not in page


def test_new_data_or_a_new_release_changes_the_etag(app, data_copy, monkeypatch, tmp_path):
    from dashboard import app as app_module
    from dashboard import pagecache

    etag = app.server.test_client().get("/?tab=jobs").headers["ETag"]
    figures = data_copy / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # the same rows, new bytes
    assert app_module.create_app(data_copy, first_paint_svg=False).server.test_client().get(
        "/?tab=jobs").headers["ETag"] != etag
    package = tmp_path / "package"
    shutil.copytree(pagecache.PACKAGE / "templates", package / "templates")
    shutil.copytree(pagecache.PACKAGE.parent / "assets", tmp_path / "assets",
                    ignore=shutil.ignore_patterns("vendor"))
    monkeypatch.setattr(pagecache, "PACKAGE", package)
    release = pagecache.release_tag("data")
    parts = package / "templates" / "parts.html"
    parts.write_text(parts.read_text(encoding="utf-8").replace("</ol>", "</ol> "), encoding="utf-8")
    assert pagecache.release_tag("data") != release


def test_every_kept_page_cache_is_bounded():
    from dashboard.pagecache import PageCache

    pages = PageCache("tag", entries=3)
    for n in range(10):
        pages.put(("page", f"?tab={n}", False), b"x", "text/html")
    assert len(pages) == 3 and pages.get(("page", "?tab=9", False)) and not pages.get(("page", "?tab=0", False))
    pages = PageCache("tag", size=1000)
    for n in range(10):
        pages.put(("page", f"?tab={n}", False), b"x" * 300, "text/html")
    assert pages.bytes() <= 1000 and pages.get(("page", "?tab=9", False))


def test_a_busy_worker_answers_at_once_with_stand_ins_and_queues_the_view(tmp_path):
    """No kaleido call while the worker serves others: a picked view gets its charts' unpicked drawings (every
    number and title), one never drawn gets text in the same box; both views are queued for the drawer."""
    from dashboard.firstpaint import SvgCache
    from dashboard.page import first_paint
    from dashboard.data.dataset import load
    from dashboard.view.selection import mark_of, shown_charts
    from dashboard.view.state import View
    from dashboard.view.url import parse_view

    data = load(DATA)
    svgs = SvgCache(data, tmp_path / "svg", "k")
    svgs.may_draw = lambda: False
    drawn = []
    svgs.draw_many = lambda keys, data=None: drawn.append(keys)
    picked = parse_view("?tab=jobs&indicator=" + data.figures.index[data.figures["area"] == "jobs"][0], data)
    chart_id, subset = shown_charts(data, picked)[0]
    assert mark_of(data, picked)[0] is not None
    unpicked = svgs._key(data, chart_id, "zh", subset, False, None, None)
    svgs._disk.set(repr(unpicked), "<svg>unpicked</svg>")
    missing: list = []
    assert svgs.svg(chart_id, "zh", subset, False, picked, missing) == "<svg>unpicked</svg>"
    assert missing and missing[0][-1] == picked.indicator
    page = first_paint(data, View(tab="talent"), svgs, missing=missing)
    assert 'class="fp-fallback"' in page and drawn == []
    assert {svgs.next_wanted(), svgs.next_wanted()} == {picked.query(), "?tab=talent"}
    assert svgs.next_wanted() is None


def test_a_page_with_stand_ins_is_tagged_apart_and_made_again_once_a_lacked_drawing_is_drawn(monkeypatch):
    from dashboard import pagecache

    monkeypatch.setattr(pagecache, "PARTIAL_CHECK", 0.0)
    drawn: set = set()
    pages = pagecache.PageCache("tag", drawn=lambda key: key in drawn)
    entry = pages.put(("page", "?tab=jobs", False), b"stand-ins", "text/html", missing=["chart-a", "chart-b"])
    assert entry.etag.endswith('-p"') and entry.etag != pages.etag(("page", "?tab=jobs", False))
    assert pages.get(("page", "?tab=jobs", False)) is entry  # nothing drawn since: kept, not made again
    drawn.add("chart-b")
    assert pages.get(("page", "?tab=jobs", False)) is entry  # one drawn of two, just now: not made again yet
    drawn.add("chart-a")
    assert pages.get(("page", "?tab=jobs", False)) is None  # all drawn: made again
    entry = pages.put(("page", "?tab=jobs", False), b"stand-ins", "text/html", missing=["chart-c", "chart-d"])
    drawn.add("chart-c")
    entry.made -= 60  # some drawn, and a while has passed
    assert pages.get(("page", "?tab=jobs", False)) is None


def test_readers_asking_at_once_for_a_page_not_kept_wait_for_one_making():
    import threading
    import time

    from dashboard.pagecache import PageCache
    from flask import Flask

    pages, made = PageCache("tag"), []

    def make():
        made.append(1)
        time.sleep(0.5)
        return b"page", []

    app = Flask(__name__)

    def ask():
        with app.test_request_context("/"):
            pages.respond(("page", "?tab=jobs", False), make, "text/html")

    readers = [threading.Thread(target=ask) for _ in range(4)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert made == [1]


def test_the_drawer_draws_queued_views_first_then_every_tab_and_figure_view_in_both_languages_and_layouts(
        monkeypatch, tmp_path):
    from dashboard import firstpaint, warm
    from dashboard.data.dataset import load
    from dashboard.view.selection import shown_figure_ids
    from dashboard.view.state import View, tab_ids
    from dashboard.view.url import parse_view

    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(warm.os, "nice", lambda _: 0)  # the drawer lowers its own priority; not this test's
    batches: list = []

    def draw_many(self, keys, data=None):  # no Chromium here: each drawing recorded and kept as a stand-in SVG
        batches.append(keys)
        for key in keys:
            self._disk.set(repr(key), "<svg></svg>")
        return ["<svg></svg>"] * len(keys)

    monkeypatch.setattr(firstpaint.SvgCache, "draw_many", draw_many)
    data = load(DATA)
    svgs = firstpaint.svg_cache(data, firstpaint.fingerprint(DATA))
    queued = parse_view("?tab=talent&topic=postdoc&lang=en", data)
    svgs.want(queued)
    stats = warm.run(str(DATA))
    assert set(svgs.view_keys(queued)) <= set(batches[0])
    drawn = {key for batch in batches for key in batch}
    for lang in ("zh", "en"):
        for tab in tab_ids(data):
            views = [View(tab=tab, lang=lang)] + [View(tab=tab, indicator=f, lang=lang)
                                                  for f in shown_figure_ids(data, View(tab=tab))]
            for view in views:
                keys = svgs.view_keys(view)
                assert {key[5] for key in keys} == {False, True} and set(keys) <= drawn, view.query()
    assert stats["drawn"] == len(drawn) and stats["stored_bytes"] > 0
    batches.clear()
    assert warm.run(str(DATA))["drawn"] == 0 and batches == []  # drawn once per data and release


def test_a_drawer_whose_starter_is_gone_draws_nothing(monkeypatch, tmp_path):
    """The drawer watches the process that started it (its PID on the command line), not whatever parent it has
    when it begins: a CLI run or a server stopped in the seconds the drawer takes to start leaves nothing drawing."""
    from dashboard import firstpaint, warm

    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(warm.os, "nice", lambda _: 0)
    batches: list = []
    monkeypatch.setattr(firstpaint.SvgCache, "draw_many", lambda self, keys, data=None: batches.append(keys) or [])
    from dashboard.app import Drawer

    command = Drawer(str(DATA), None).command()
    assert command[-3:] == ["dashboard.warm", str(DATA), str(os.getpid())]  # a server's drawer watches the server
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a PID that is nobody's parent now
    assert warm.run(str(DATA), parent=gone.pid) == {"drawn": 0, "stopped": "worker gone, or another drawer took over"}
    assert batches == []


def test_one_drawer_per_machine_and_a_lapsed_lease_is_taken_again(tmp_path):
    import os

    import diskcache

    from dashboard import warm

    disk = diskcache.Cache(str(tmp_path / "svg"))
    assert warm.holds(disk, "k") and disk.get(warm.lease_key("k")) == os.getpid()  # free: claimed
    disk.delete(warm.lease_key("k"))  # lapsed while a slow batch drew
    assert warm.holds(disk, "k")
    disk.set(warm.lease_key("k"), os.getpid() + 1)  # another drawer took it meanwhile
    assert not warm.holds(disk, "k")


def test_the_release_key_changes_with_a_module_in_any_subpackage(tmp_path, monkeypatch):
    """Kept pages and drawings are keyed by the data and the code (firstpaint.fingerprint): an edit to a module
    inside a package of dashboard/ (a figure builder in figures/, say) makes a new key, as one at the top does."""
    from dashboard import firstpaint

    package = tmp_path / "dashboard"
    (package / "figures").mkdir(parents=True)
    (package / "app.py").write_text("TOP = 1\n")
    builder = package / "figures" / "builders.py"
    builder.write_text("WIDTH = 1\n")
    monkeypatch.setattr(firstpaint, "PACKAGE", package)
    before = firstpaint.fingerprint(DATA)
    builder.write_text("WIDTH = 2\n")
    assert firstpaint.fingerprint(DATA) != before


def test_two_data_folders_of_one_release_share_their_drawings_and_keep_their_own_jobs(monkeypatch, tmp_path):
    """Drawings are kept by release for the whole machine (a fresh clone or a redeploy starts with them); jobs,
    packs and figure builds stay per data folder. A folder with other data is another release."""
    from dashboard import firstpaint
    from dashboard.background import cache_dir
    from dashboard.data.dataset import load

    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path / "cache"))
    first, second, other = (shutil.copytree(DATA, tmp_path / name) for name in ("a", "b", "c"))
    with open(other / "figures.csv", "a", encoding="utf-8") as handle:
        handle.write("\n")  # the same figures, another file: another release
    data = load(first)
    mine = firstpaint.svg_cache(data, firstpaint.fingerprint(first))
    key = mine.view_keys(firstpaint.every_view(data)[0])[0]
    mine._disk.set(repr(key), "<svg>drawn once</svg>")  # noqa: SLF001 (a drawing, without Chromium)
    theirs = firstpaint.svg_cache(load(second), firstpaint.fingerprint(second))
    assert theirs.cached(key) == "<svg>drawn once</svg>"
    assert cache_dir(str(first)) != cache_dir(str(second))
    assert firstpaint.fingerprint(other) != firstpaint.fingerprint(first)
    stranger = firstpaint.svg_cache(load(other), firstpaint.fingerprint(other))
    assert not stranger.has(stranger.view_keys(firstpaint.every_view(data)[0])[0])
