"""Security headers, dev tools off under gunicorn, the request-size cap, and data rendered as text."""

from __future__ import annotations

import json
import os
import pathlib
import re
import stat
import tempfile
import urllib.error
import urllib.request

import pytest

from playwright.sync_api import expect

from conftest import DATA, free_port, go_live, start_gunicorn, wait_for

PAGES = ["/", "/_dash-layout", "/_dash-dependencies", "/healthz", "/assets/style.css"]


def fetch(url: str, data: bytes | None = None, headers: dict | None = None):
    """(status, headers, body text) without raising on 4xx/5xx."""
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8", "replace")


def csp_directives(header: str) -> dict[str, list[str]]:
    parts = [p.split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


# The whole policy, directive by directive: nothing from another origin, no eval, no inline script but Dash's own
# by hash, no plugins, no framing by other sites. Only styles may be inline (Plotly and React set style
# attributes), and images may be data: or blob: (Plotly's PNG download draws through them).
WHOLE_CSP = {
    "default-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}


def csp_problems(header: str) -> list[str]:
    """Every way the header's policy differs from WHOLE_CSP (script-src: 'self' then sha256 hashes only)."""
    csp = csp_directives(header)
    problems = [f"{name}: {csp.get(name)} instead of {want}" for name, want in WHOLE_CSP.items() if csp.get(name) != want]
    script = csp.get("script-src", [])
    if not script or script[0] != "'self'" or not all(s.startswith("'sha256-") for s in script[1:]):
        problems.append(f"script-src: {script}")
    problems += [f"unexpected directive {name}" for name in csp if name not in WHOLE_CSP and name != "script-src"]
    return problems


@pytest.mark.parametrize("path", ["/", "/?tab=jobs&lang=en", "/_dash-layout", "/healthz", "/assets/style.css", "/nowhere"])
def test_the_whole_csp_on_every_response(path):
    """Every directive, on pages, data, assets and errors alike (the app's own server, no gunicorn)."""
    from dashboard.app import create_app

    response = create_app().server.test_client().get(path)
    assert csp_problems(response.headers["Content-Security-Policy"]) == []


def test_the_csp_check_catches_a_wildcard():
    good = "default-src 'self'; script-src 'self' 'sha256-x'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " \
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
    assert csp_problems(good) == []
    assert csp_problems(good.replace("default-src 'self'", "default-src *"))
    assert csp_problems(good.replace("connect-src 'self'", "connect-src *"))
    assert csp_problems(good.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'"))
    assert csp_problems(good + "; worker-src *")


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_response(live_server, path):
    status, headers, _ = fetch(live_server + path)
    assert status == 200
    assert csp_problems(headers["Content-Security-Policy"]) == []
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] in ("SAMEORIGIN", "DENY")
    assert headers["Referrer-Policy"] == "same-origin"


def test_csp_hashes_cover_every_inline_script(live_server):
    """Every inline executable script of the page is allowed by a hash, so nothing is blocked."""
    import base64
    import hashlib

    _, headers, page = fetch(live_server + "/")
    allowed = set(csp_directives(headers["Content-Security-Policy"])["script-src"])
    page = re.sub(r"<!--.*?-->", "", page, flags=re.S)  # e.g. Dash's <!--[if IE]> warning
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", page, re.S)
    executable = [body for attrs, body in inline if "application/json" not in attrs]
    assert executable, "expected Dash's inline renderer script"
    for body in executable:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed


def test_error_responses_share_one_shape_without_traceback(live_server):
    status, _, body = fetch(live_server + "/_dash-component-suites/nope/nothing.js")
    assert status == 404
    problem = json.loads(body)
    assert problem["status"] == 404 and problem["problems"][0]["message"]
    assert "Traceback" not in body


def test_request_size_is_capped(live_server):
    from dashboard.server import MAX_REQUEST_BYTES

    # Just over the cap: the server answers 413 before reading the body, and a much larger body would
    # still be on its way when the server closes (the client then sees a broken pipe, not the answer).
    huge = json.dumps({"output": "tab-content.children", "inputs": [{"id": "tabs", "property": "value",
                                                                     "value": "x" * (MAX_REQUEST_BYTES + 4096)}]})
    for attempt in range(3):
        try:
            status, _, body = fetch(live_server + "/_dash-update-component", huge.encode(),
                                    {"Content-Type": "application/json"})
            break
        except urllib.error.URLError as exc:  # the refusal outran the upload: ask again
            if attempt == 2 or not isinstance(exc.reason, (BrokenPipeError, ConnectionResetError)):
                raise
    assert status == 413
    assert json.loads(body)["status"] == 413


@pytest.mark.server
def test_dev_tools_stay_off_under_gunicorn_whatever_the_environment():
    """DASH_DEBUG and FLASK_DEBUG in the environment do not turn on dev tools or tracebacks."""
    port = free_port()
    env = {"DASH_DEBUG": "true", "DASH_UI": "true", "DASH_PROPS_CHECK": "true", "DASH_HOT_RELOAD": "true",
           "DASH_SERVE_DEV_BUNDLES": "true", "FLASK_DEBUG": "1"}
    process = start_gunicorn(port, env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", process)
        _, _, page = fetch(base + "/")
        config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page).group(1))
        assert config["ui"] is False and config["props_check"] is False
        assert "hot_reload" not in config
        assert ".dev.js" not in page
        status, _, body = fetch(base + "/_dash-update-component", b"[1,", {"Content-Type": "application/json"})
        assert status == 400 and "Traceback" not in body
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.browser
def test_markup_in_the_data_is_shown_as_text(hostile_server, browser):
    """A label with <script>, an onerror image and a javascript: link renders as characters and runs nothing."""
    base = hostile_server
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        # Each language's hostile label, and the Chinese chart title, must show up as the characters typed.
        for query, shown in (("?tab=overview", ["<script>window.__pwned=1</script>", "<b onmouseover"]),
                             ("?tab=jobs", ["<script>window.__pwned=1</script>", "<b onmouseover"]),
                             ("?tab=jobs&lang=en", ['<a href="javascript:window.__pwned=3">New urban jobs</a>'])):
            go_live(page, f"{base}/{query}")
            chart = page.locator("#tab-content > .pane:not(.pane--hidden) [data-chart=jobs_outcomes]")
            # Plotly draws titles and tick labels after the SVG appears: wait (polling) until the drawing has
            # the figure's label (English) or the title's plain words (Chinese), then read what it shows.
            if "lang=en" in query:
                # (the chart wraps the long label over lines; the card beside it shows it whole)
                expect(chart.locator(".main-svg").first).to_contain_text("javascript:window.__pwned=3", timeout=20_000)
            else:
                expect(chart.locator(".gtitle")).to_contain_text("就业成果", timeout=20_000)
            text = page.text_content("body") + chart.text_content()
            for literal in shown:
                assert literal in text, (query, literal)
            for link in page.locator("a").all():
                assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
                assert not (link.get_attribute("xlink:href") or "").lower().startswith("javascript:")
            page.hover("#tab-content > .pane:not(.pane--hidden) [data-chart=jobs_outcomes] .main-svg")
            assert page.evaluate("window.__pwned") is None
            assert page.locator("img[src='x']").count() == 0
        assert not dialogs
    finally:
        context.close()


@pytest.mark.browser
def test_page_renders_under_the_csp(live_server, page):
    """No CSP violation or script error in the console while charts render and tabs switch."""
    go_live(page, live_server + "/")
    page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .js-plotly-plot .main-svg")
    page.click("#tab-jobs")
    page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) [data-chart=jobs_funds] .main-svg")
    assert page.locator(".js-plotly-plot .main-svg").count() >= 3
    assert not page.errors, page.errors


@pytest.mark.parametrize("argv, debug", [(["serve"], False), (["serve", "--debug"], True)])
def test_only_serve_debug_turns_on_dev_tools(monkeypatch, argv, debug):
    """create_app leaves dev tools off; `dashboard serve --debug` is the one switch that turns them on."""
    import dash

    from dashboard import cli

    calls = []
    monkeypatch.setattr(dash.Dash, "run", lambda self, **kwargs: calls.append((self, kwargs)))
    assert cli.main(argv) == 0
    app, kwargs = calls[0]
    assert kwargs["debug"] is debug
    assert app._dev_tools["ui"] is False and app._dev_tools["props_check"] is False  # until run() decides


@pytest.mark.browser
def test_chart_png_download_works_under_the_csp(live_server, page):
    """Plotly's 'download as PNG' draws through data:/blob: images, which the CSP must allow."""
    go_live(page, live_server + "/")
    graph = page.locator("#tab-content > .pane:not(.pane--hidden) [data-chart=jobs_outcomes]")
    graph.locator(".main-svg").first.wait_for()
    graph.hover()
    with page.expect_download(timeout=60_000) as download:
        graph.locator(".modebar-btn[data-title*='PNG' i]").click()
    assert download.value.suggested_filename == "jobs-outcomes-2023.png"
    assert not page.errors, page.errors


FORGED = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https",
          "Forwarded": "host=evil.example;proto=https"}


@pytest.mark.parametrize("path", ["/?tab=jobs", "/_dash-layout"])
def test_links_never_take_the_requests_host(live_server, path):
    """Without DASHBOARD_PUBLIC_URL the copy-link field and the panes' facts hold relative addresses; a forged Host
    or X-Forwarded-* header reaches no link."""
    status, _, body = fetch(live_server + path, headers={**FORGED, "Referer": live_server + "/?tab=jobs"})
    assert status == 200
    assert "evil.example" not in body
    if path.startswith("/?"):
        assert re.search(r'id="fp-view-link"[^>]*value="/\?tab=jobs"', body), "the copy-link field is relative"


def test_the_public_url_setting_is_where_links_point(monkeypatch):
    from dashboard.app import create_app

    monkeypatch.setenv("DASHBOARD_PUBLIC_URL", "https://data.example.cn/dash")
    client = create_app(DATA, first_paint_svg=False).server.test_client()
    page = client.get("/?tab=jobs", headers=FORGED).get_data(as_text=True)
    assert 'value="https://data.example.cn/dash/?tab=jobs"' in page and "evil.example" not in page
    layout = client.get("/_dash-layout", headers={**FORGED, "Referer": "http://evil.example/?tab=jobs"}).get_data(as_text=True)
    facts = json.loads(re.search(r'"data-facts":("(?:[^"\\]|\\.)*")', layout).group(1))  # a JSON string in the JSON
    links = json.dumps(json.loads(facts))  # "/" unescaped
    assert "https://data.example.cn/dash/?tab=jobs" in links and "evil.example" not in links


# ---------------------------------------------------------------- a private cache

class Planted:
    """A pickle that leaves a mark when it is loaded: what another user could plant in a shared cache."""

    def __init__(self, mark: str) -> None:
        self.mark = mark

    def __reduce__(self):
        return (pathlib.Path.touch, (pathlib.Path(self.mark),))


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    """The default cache under a fresh XDG cache folder (no DASHBOARD_CACHE_DIR)."""
    monkeypatch.delenv("DASHBOARD_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "chengdu-dashboard"


def test_the_default_cache_is_per_user_and_private(own_cache, monkeypatch):
    from dashboard.background import cache_dir

    folder = cache_dir(str(DATA))
    assert folder.parent == own_cache
    for path in (own_cache, folder):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, "no other user may list, read or enter it"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert not str(cache_dir(str(DATA))).startswith(tempfile.gettempdir()), "not in the shared temp folder"


def test_a_world_writable_cache_folder_is_refused_and_nothing_is_unpickled(tmp_path, monkeypatch):
    import diskcache

    from dashboard.app import create_app
    from dashboard.background import cache_dir
    from dashboard.errors import UnsafeFolder

    shared = tmp_path / "shared"
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(shared))
    folder = cache_dir(str(DATA))  # made while the folder was still safe
    mark = tmp_path / "pickle-ran"
    for store in ("jobs", "figures", "packs"):
        with diskcache.Cache(str(folder / store)) as cache:
            cache.set("__dash_background_signing_secret__", Planted(str(mark)))
    os.chmod(shared, 0o777)
    with pytest.raises(UnsafeFolder) as refused:
        create_app(DATA, first_paint_svg=False)
    assert "writable by other users (mode 0777)" in str(refused.value) and str(shared) in str(refused.value)
    assert "\n" not in refused.value.report(), "one line"
    assert not mark.exists(), "a planted pickle was loaded"
    os.chmod(shared, 0o755)
    os.chmod(folder, 0o777)
    with pytest.raises(UnsafeFolder, match="writable by other users"):
        cache_dir(str(DATA))


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_cache_folder_owned_by_another_user_is_refused(tmp_path, monkeypatch):
    from dashboard.background import cache_dir
    from dashboard.errors import UnsafeFolder

    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, 4242, 4242)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(theirs))
    with pytest.raises(UnsafeFolder, match="belongs to uid 4242, not to this user"):
        cache_dir(str(DATA))


def test_serve_refuses_an_unsafe_cache_in_one_line(tmp_path, monkeypatch, capsys):
    from dashboard.cli import main

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(shared))
    monkeypatch.setattr("dash.Dash.run", lambda *args, **kwargs: None)  # were it accepted, serve nothing
    assert main(["--data-dir", str(DATA), "serve", "--port", "1"]) == 1
    err = capsys.readouterr().err
    assert "writable by other users" in err and "Traceback" not in err and err.count("\n") == 1


def test_a_public_url_that_is_no_http_address_stops_the_start_in_one_line(monkeypatch, capsys):
    from dashboard.cli import main

    monkeypatch.setenv("DASHBOARD_PUBLIC_URL", "javascript:alert(1)//")
    monkeypatch.setattr("dash.Dash.run", lambda *args, **kwargs: None)
    assert main(["--data-dir", str(DATA), "serve"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("DASHBOARD_PUBLIC_URL: ") and "not an http(s) address" in err and err.count("\n") == 1
