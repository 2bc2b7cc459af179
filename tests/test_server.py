"""The served app: health check and error shape under the Procfile's gunicorn."""

import json
import urllib.error
import urllib.request

from conftest import figure_rows


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_healthz(live_server):
    status, body = get(f"{live_server}/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok", "figures": figure_rows()}


def test_index_serves_the_app_shell_with_no_cdn(live_server):
    """Every script, stylesheet, image and font the page names comes from this server."""
    import re

    status, body = get(f"{live_server}/?tab=jobs")
    assert status == 200
    assert "_dash-renderer" in body or "dash_renderer" in body
    urls = re.findall(r'(?:src|href)="([^"]*)"', body) + re.findall(r"url\(([^)]*)\)", body)
    assert urls and not [u for u in urls if re.match(r"['\"]?(?:[a-z]+:)?//", u, re.I)]
    assert "cdn" not in " ".join(urls).lower() and "unpkg" not in body.lower()


def test_the_page_leaves_out_the_table_bundle_no_view_uses(live_server):
    """dash_table's bundle is not among the page's scripts, and no view's layout holds a dash_table component
    (so nothing would ask for it)."""
    import re

    from dash.development.base_component import Component

    from dashboard import DEFAULT_DATA_DIR
    from dashboard.app import create_app
    from dashboard.explore.panes import view_content
    from dashboard.data.dataset import load
    from dashboard.view.state import View, tab_ids

    status, body = get(f"{live_server}/?tab=jobs")
    scripts = re.findall(r'<script src="([^"]+)"', body)
    assert status == 200 and any("dash_renderer" in s for s in scripts) and any("/dcc/" in s for s in scripts)
    assert not [s for s in scripts if "dash_table" in s]

    def namespaces(node):
        if isinstance(node, Component):
            yield node._namespace
            yield from namespaces(getattr(node, "children", None))
        elif isinstance(node, (list, tuple)):
            for item in node:
                yield from namespaces(item)

    app = create_app()
    data = load(DEFAULT_DATA_DIR)
    with app.server.test_request_context("/"):
        layout = app.layout()
    used = set(namespaces(layout)).union(*(set(namespaces(view_content(data, View(tab=tab), "zh")))
                                           for tab in tab_ids(data)))
    assert "dash_html_components" in used and "dash_table" not in used


def test_the_page_icon_is_the_dashboards_own_small_one(live_server):
    """Not Dash's default favicon (15 kB, a third of a first view's bytes): assets/favicon.ico, about 1 kB,
    served to be kept (its URL changes with the file)."""
    import re

    status, body = get(f"{live_server}/?tab=talent")
    href = re.search(r'<link rel="icon"[^>]*href="([^"]+)"', body).group(1)
    assert status == 200 and href.startswith("/assets/favicon.ico?m=")
    with urllib.request.urlopen(f"{live_server}{href}") as response:
        icon = response.read()
        assert "immutable" in response.headers["Cache-Control"]
    assert icon[:4] == b"\x00\x00\x01\x00" and len(icon) <= 2048  # an ICO file


def test_the_start_up_drawing_of_every_chart_can_be_left_to_the_first_pages(monkeypatch):
    """By default a new server draws every tab's charts once, in a thread (app.warming); with DASHBOARD_WARM=0
    it starts none, and each chart is drawn by the first page that shows it."""
    from dashboard.app import create_app

    monkeypatch.setenv("DASHBOARD_WARM", "1")  # the default, which conftest turns off for the tests
    warming = create_app().warming
    assert warming is not None and warming.name == "svg-warm"
    warming.join(timeout=120)  # done at once when this data was drawn before (the session's server did)
    monkeypatch.setenv("DASHBOARD_WARM", "0")
    assert create_app().warming is None


def on_disk(src: str) -> bytes:
    """The file a fingerprinted URL of the page serves: an asset, assets joined, or a Dash component suite's file."""
    import importlib.util
    from pathlib import Path

    from dash.fingerprint import check_fingerprint

    path = src.split("?")[0]
    if path.startswith("/_scripts/"):  # scripts of assets/ joined, each ending on its own line and a semicolon
        names = path.removeprefix("/_scripts/").removesuffix(".js").split("+")
        return b"".join(on_disk(f"/assets/{name}.js") + b"\n;\n" for name in names)
    if path.startswith("/assets/"):
        return (Path(__file__).resolve().parent.parent / path.lstrip("/")).read_bytes()
    package, rest = check_fingerprint(path.removeprefix("/_dash-component-suites/"))[0].split("/", 1)
    return (Path(importlib.util.find_spec(package).origin).parent / rest).read_bytes()


def test_fingerprinted_files_are_compressed_once_whole_and_the_same_for_every_reader(monkeypatch):
    """Scripts go out brotli- or gzip-compressed with a Content-Length (whole, not a chunked stream), decode to
    the file itself (after V8's compile hint on its first line, for the three large scripts that run at once),
    and are compressed once per worker: a second reader gets the kept bytes, and made-up ?m= values (the same
    file) add nothing to what is kept."""
    import brotli
    import gzip
    import re

    from dashboard import server
    from dashboard.app import create_app

    monkeypatch.setenv("DASHBOARD_WARM", "0")
    client = create_app(first_paint_svg=False).server.test_client()
    scripts = re.findall(r'src="(/[^"]+\.js[^"]*)"', client.get("/").get_data(as_text=True))
    assert any("plotly" in s for s in scripts) and any("dash_renderer" in s for s in scripts)
    decode = {"br": brotli.decompress, "gzip": gzip.decompress}
    hinted = []
    for src in scripts:
        plain = client.get(src, headers={"Accept-Encoding": "identity"}).get_data()
        if re.search(r"/(plotly-basic\.min|dash_renderer\.[^/]*|react-dom@[^/]*)\.js", src.split("?")[0]):
            hint, _, plain_file = plain.partition(b"\n")
            assert hint == b"//# allFunctionsCalledOnLoad", src
            hinted.append(src)
        else:
            plain_file = plain
        assert plain_file == on_disk(src), src
        for encoding, unpack in decode.items():
            first, again = (client.get(src, headers={"Accept-Encoding": f"{encoding}, identity;q=0.5"}) for _ in "12")
            assert first.headers["Content-Encoding"] == encoding, src
            assert int(first.headers["Content-Length"]) == len(first.get_data()), src
            assert unpack(first.get_data()) == plain, src
            assert again.get_data() == first.get_data(), src
    assert len(hinted) == 3, hinted  # React DOM, Dash's renderer, plotly.js
    styles = ["/assets/style.css?m=1", "/assets/print.css?m=2"]  # in the page's own <style> too, but served
    assert all(client.get(s, headers={"Accept-Encoding": "identity"}).get_data() == on_disk(s)
                          for s in styles)  # the hint is for scripts only
    kept = len(server._ONCE)
    for made_up in range(5):
        response = client.get(f"{scripts[-1].split('?')[0]}?m={made_up}", headers={"Accept-Encoding": "br"})
        assert response.status_code == 200
    assert len(server._ONCE) == kept


def test_the_page_carries_its_stylesheets_inline(monkeypatch):
    """The assets' stylesheets come inside the page, whole and in Dash's order (by name), so its first paint
    waits for no other request; the page links none."""
    import re
    from pathlib import Path

    from dashboard.app import create_app

    monkeypatch.setenv("DASHBOARD_WARM", "0")
    head = create_app(first_paint_svg=False).server.test_client().get("/?lang=en").get_data(as_text=True)
    head = head.split("</head>")[0]
    assert 'rel="stylesheet"' not in head
    assets = Path(__file__).resolve().parent.parent / "assets"
    assert re.findall(r"<style>(.*?)</style>", head, re.S) == [p.read_text() for p in sorted(assets.glob("*.css"))]


def test_the_page_config_carries_ids_not_the_charts(monkeypatch):
    """Dash's renderer checks callbacks against the config's validation layout: it holds every callback id
    (the slide graph's too, which the page makes only when presenting) but no figure or server-made markup,
    which Dash would otherwise copy from the first layout into every page."""
    import re

    from dashboard import ids
    from dashboard.app import create_app

    monkeypatch.setenv("DASHBOARD_WARM", "0")
    page = create_app(first_paint_svg=False).server.test_client().get("/?tab=jobs").get_data(as_text=True)
    config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page,
                                  re.S).group(1))
    shown = json.dumps(config["validation_layout"])
    assert f'"{ids.PRESENT_GRAPH}"' in shown and f'"{ids.STORE_REQUEST}"' in shown
    assert '"data": [{' not in shown and '"figure": {}' in shown  # charts kept, their traces not
    assert len(shown) < 25_000
