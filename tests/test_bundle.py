"""The partial plotly.js bundle: used when installed and sufficient, ignored otherwise (full bundle fallback)."""

from __future__ import annotations

import dash
import pytest

from dashboard import DEFAULT_DATA_DIR, bundle
from dashboard.figures.charts import trace_types
from dashboard.data.dataset import load
from conftest import go_live, require


def require_bundle() -> None:
    require(bundle.PARTIAL.is_file(), "partial bundle not installed (bin/fetch-plotly-basic)")


def test_every_chart_uses_only_trace_types_of_the_partial_bundle():
    """If this fails, a new trace type makes the app fall back to the full bundle: pick a bigger partial one."""
    data_dir = str(DEFAULT_DATA_DIR.resolve())
    used = trace_types(load(data_dir), load(data_dir).charts.index)
    assert used and used <= bundle.PARTIAL_TRACES, used


@pytest.mark.parametrize("traces, installed, env, served", [
    ({"bar", "scatter"}, True, None, True),
    ({"bar", "treemap"}, True, None, False),
    ({"bar"}, False, None, False),
    ({"bar"}, True, "full", False),
])
def test_partial_bundle_is_ignored_unless_it_covers_every_chart(tmp_path, monkeypatch, traces, installed, env, served):
    partial = tmp_path / bundle.PARTIAL_NAME
    if installed:
        partial.write_text("/* stub */")
    monkeypatch.setattr(bundle, "PARTIAL", partial)
    if env:
        monkeypatch.setenv("DASHBOARD_PLOTLY", env)
    app = dash.Dash(__name__, assets_folder=str(tmp_path))
    assert bundle.choose_plotly_bundle(app, traces) is served
    assert bool(app.config.assets_ignore) is not served


@pytest.mark.parametrize("env, served", [(None, True), ("full", False)])
def test_the_app_serves_the_bundle_it_chose(monkeypatch, env, served):
    """The choice holds in the page the app serves (Dash scans assets once: the choice must come first)."""
    require_bundle()
    from dashboard.app import create_app

    if env:
        monkeypatch.setenv("DASHBOARD_PLOTLY", env)
    page = create_app().server.test_client().get("/").get_data(as_text=True)
    assert (bundle.PARTIAL_NAME in page) is served


@pytest.mark.browser
def test_page_uses_the_partial_bundle_and_draws_every_chart(live_server, page):
    require_bundle()
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if r.resource_type == "script" else None)
    go_live(page, live_server + "/")
    page.wait_for_selector("#tab-content > .pane:not(.pane--hidden) .js-plotly-plot .main-svg")
    for tab in ("jobs", "labor_relations", "talent", "social_security", "science_popularization"):
        page.click(f"#tab-{tab}")
        page.wait_for_function(  # a function, not an expression: evaluating strings would need unsafe-eval
            "tab => document.querySelector('.view-' + tab) && [...document.querySelectorAll('.view-' + tab + ' .js-plotly-plot')]"
            ".every(g => g.querySelector('.main-svg g.trace'))", arg=tab, timeout=90_000)
    assert any(bundle.PARTIAL_NAME in url for url in scripts)
    assert not any("plotly.min.js" in url for url in scripts), scripts
    # Dash's polyfill is left out; the regenerator runtime its lazy loaders use (the graphs above) is there.
    assert not any("polyfill@" in url for url in scripts), scripts
    assert any(bundle.REGENERATOR.name in url for url in scripts), scripts
    assert page.evaluate("typeof regeneratorRuntime.mark") == "function"
    assert not page.errors, page.errors


@pytest.mark.parametrize("installed", [True, False])
def test_the_polyfill_is_left_out_only_when_the_regenerator_runtime_is_installed(tmp_path, monkeypatch, installed):
    """The page's template of Dash scripts never lists dash_table's bundle; it lists Dash's polyfill only when
    regenerator-runtime (the part of it the page needs) is not installed."""
    from dashboard.app import create_app

    runtime = tmp_path / "regenerator-runtime.js"
    if installed:
        runtime.write_text("regeneratorRuntime = {};")
    monkeypatch.setattr(bundle, "REGENERATOR", runtime)
    page = create_app().server.test_client().get("/").get_data(as_text=True)
    template = page.split('id="dash-scripts"', 1)[1].split("</template>", 1)[0]
    assert "dash_renderer" in template and "dash_table" not in template
    assert ("/deps/polyfill@" in template) is not installed


def test_the_apps_own_scripts_go_out_as_one_file_in_dashs_order(monkeypatch):
    """Where Dash lists assets/*.js one tag each, the page lists one tag at the first one's place; that file is
    the scripts joined in the same order, compressed and cached for a year (immutable) like any fingerprinted
    file. The npm files under assets/vendor/ keep their own tags."""
    import re

    import brotli

    from dashboard.app import create_app

    monkeypatch.setenv("DASHBOARD_WARM", "0")
    app = create_app(first_paint_svg=False)
    client = app.server.test_client()
    template = client.get("/").get_data(as_text=True).split('id="dash-scripts"', 1)[1].split("</template>", 1)[0]
    expected = sorted(p.name for p in bundle.ASSETS.glob("*.js") if p.name != "boot.js")  # Dash's order: by name
    assert len(expected) >= 2
    srcs = re.findall(r'<script src="([^"]+)"></script>', template)
    own = [s for s in srcs if "/_scripts/" in s]
    assert len(own) == 1 and not [s for s in srcs if re.search(r"/assets/[\w-]+\.js", s)], srcs
    assert any("/assets/vendor/" in s for s in srcs)
    names = own[0].split("/_scripts/", 1)[1].split(".js?", 1)[0].split("+")
    assert [f"{n}.js" for n in names] == expected
    # In the place of the first of them: after the component suites Dash lists before the assets.
    assert srcs.index(own[0]) == min(i for i, s in enumerate(srcs) if "/assets/" in s or "/_scripts/" in s)
    response = client.get(own[0], headers={"Accept-Encoding": "br"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "br"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    body = brotli.decompress(response.get_data())
    assert body == b"".join((bundle.ASSETS / name).read_bytes() + b"\n;\n" for name in expected)


def test_the_joined_scripts_url_changes_with_any_of_its_files(tmp_path, monkeypatch):
    """The URL's m= follows every file (the file is cached for a year): touching one gives a new URL."""
    import os

    for name in ("a", "b"):
        (tmp_path / f"{name}.js").write_text(f"var {name} = 1;")
    monkeypatch.setattr(bundle, "ASSETS", tmp_path)
    tags = '<script src="/assets/a.js?m=1"></script><script src="/assets/b.js?m=2"></script>'
    before = bundle.own_scripts_as_one(tags)
    assert before.count("<script") == 1 and "/_scripts/a+b.js?m=" in before
    stamp = (tmp_path / "b.js").stat().st_mtime_ns + 10**9
    os.utime(tmp_path / "b.js", ns=(stamp, stamp))
    assert bundle.own_scripts_as_one(tags) != before
    assert bundle.own_scripts_as_one('<script src="/assets/a.js?m=1"></script>').count("a.js?m=1") == 1  # one alone


@pytest.mark.parametrize("path", ["/_scripts/nope.js", "/_scripts/nav+nav.js", "/_scripts/..%2Fdashboard%2Fapp.js",
                                  "/_scripts/vendor%2Fregenerator-runtime.js", "/_scripts/a11y+.js"])
def test_a_joined_scripts_url_naming_anything_else_is_a_404_in_the_error_shape(monkeypatch, path):
    from dashboard.app import create_app

    monkeypatch.setenv("DASHBOARD_WARM", "0")
    response = create_app(first_paint_svg=False).server.test_client().get(path)
    assert response.status_code == 404
    assert response.get_json()["problems"][0]["file"].startswith("/_scripts/")
