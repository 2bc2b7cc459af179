"""Publishing without a browser: the embed route's answers and headers, 嵌入代码 in the detail panel, and
`dashboard build`'s folder rules (refusal, swap, rebuild)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import DATA

EMBED = "/embed/jobs_outcomes"


@pytest.fixture(scope="module")
def client():
    from dashboard.app import create_app

    return create_app(DATA, first_paint_svg=False).server.test_client()


def directives(header: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


def test_an_unknown_chart_id_is_a_404_in_the_apps_error_shape(client):
    response = client.get("/embed/no_such_chart")
    assert response.status_code == 404
    body = response.get_json()
    assert set(body) == {"status", "title", "problems"} and body["status"] == 404
    assert body["problems"][0]["column"] == "chart"


def test_an_embed_page_is_one_chart_with_its_words_and_a_link_back(client):
    text = client.get(EMBED + "?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in text
    assert "New urban jobs" in text and "264,400" in text  # a figure of the chart, as its stand-in shows it
    assert "Source: Chengdu HRSS" in text  # the source line
    assert "Unit: people" in text  # its unit note
    assert re.search(r'<a[^>]*href="/\?tab=jobs&amp;lang=en"[^>]*target="_top"', text)
    assert "<script" not in text  # readable before (and without) any script
    assert "labor_relations" not in text  # one chart, not the overview


def test_unknown_query_values_are_dropped_with_the_usual_notice(client):
    text = client.get(EMBED + "?lang=fr&colour=red").get_data(as_text=True)
    assert '<html lang="zh-CN">' in text
    notice = re.search(r'class="notice"[^>]*>([^<]*)<', text).group(1)
    assert "语言" in notice and "无法识别的参数" in notice
    clean = client.get(EMBED).get_data(as_text=True)
    assert 'class="notice"' not in clean


def test_only_embed_pages_may_be_framed_by_other_sites(client):
    embed = client.get(EMBED)
    assert directives(embed.headers["Content-Security-Policy"])["frame-ancestors"] == "*"
    assert "X-Frame-Options" not in embed.headers
    assert directives(embed.headers["Content-Security-Policy"])["script-src"] == "'none'"
    for path in ("/", "/?tab=jobs", "/healthz", "/embed/no_such_chart"):
        response = client.get(path)
        assert directives(response.headers["Content-Security-Policy"])["frame-ancestors"] == "'self'", path
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN", path


def test_the_framing_sites_come_from_the_setting(monkeypatch):
    from dashboard.app import create_app
    from dashboard.errors import SetupError

    monkeypatch.setenv("DASHBOARD_EMBED_ANCESTORS", "https://news.example.cn https://*.gov.cn")
    client = create_app(DATA, first_paint_svg=False).server.test_client()
    header = client.get(EMBED).headers["Content-Security-Policy"]
    assert directives(header)["frame-ancestors"] == "https://news.example.cn https://*.gov.cn"
    monkeypatch.setenv("DASHBOARD_EMBED_ANCESTORS", "* ; script-src *")
    with pytest.raises(SetupError):
        create_app(DATA, first_paint_svg=False)


def test_the_detail_panel_offers_the_charts_embed_code(client):
    text = client.get("/?tab=jobs&indicator=jobs_new_urban&lang=en").get_data(as_text=True)
    snippet = re.search(r'<textarea[^>]*class="embed-snippet"[^>]*>([^<]*)</textarea>', text)
    assert snippet, "no embed snippet in the panel"
    assert "Embed" in text
    assert snippet.group(1).startswith("&lt;iframe src=&#34;/embed/jobs_outcomes?lang=en&#34;")
    zh = client.get("/?tab=jobs&indicator=jobs_new_urban").get_data(as_text=True)
    assert "嵌入代码" in zh and "/embed/jobs_outcomes&#34;" in zh


# --- dashboard build -------------------------------------------------------------------------------------------


def small_site(out: Path, **options) -> dict:
    """A build of three views (overview in Chinese, a tab and a pick in English), without Chromium."""
    from dashboard.publish.site import build
    from dashboard.view.state import View

    views = [View(), View(tab="jobs", lang="en"), View(tab="jobs", indicator="jobs_new_urban", lang="en")]
    return build(DATA, out, drawings=False, renders=False, say=lambda _: None, views=views, **options)


def test_a_build_refuses_a_folder_it_did_not_make_and_writes_nothing(tmp_path):
    from dashboard.publish.site import BuildError

    out = tmp_path / "site"
    out.mkdir()
    (out / "report.docx").write_text("someone's work")
    with pytest.raises(BuildError, match="not made by"):
        small_site(out)
    assert [p.name for p in out.iterdir()] == ["report.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary folder left behind


def test_the_site_links_relatively_and_asks_no_server(tmp_path):
    out = tmp_path / "site"
    small_site(out)
    index = (out / "index.html").read_text(encoding="utf-8")
    english = (out / "jobs.en.html").read_text(encoding="utf-8")
    assert 'href="jobs.en.html"' in (out / "jobs--jobs_new_urban.en.html").read_text(encoding="utf-8")
    for text in (index, english):
        links = re.findall(r'(?:href|src|action)="([^"]*)"', text)
        assert not [link for link in links if link.startswith(("/", "?", "http"))], "a link that needs the server"
        assert "<script" not in text and "_dash-" not in text
        assert 'class="filter-form"' not in text  # filters are left out of the static site
    assert 'href="files/jobs.en.csv"' in english
    assert (out / "files" / "jobs.en.csv").read_bytes().decode("utf-8-sig").count("\n") > 3
    assert (out / "embed" / "jobs_outcomes.en.html").is_file()
    assert json.loads((out / ".dashboard-site.json").read_text())["generator"] == "dashboard build"


def test_a_rebuild_rewrites_only_what_changed(tmp_path):
    out = tmp_path / "site"
    small_site(out)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    stats = small_site(out)
    assert stats["written"] == 0 and stats["unchanged"] == len(before)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_a_build_that_fails_halfway_leaves_the_previous_site_whole(tmp_path, monkeypatch):
    from dashboard.publish import site

    out = tmp_path / "site"
    small_site(out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(self, chart_id, lang):
        raise RuntimeError("disk full")

    monkeypatch.setattr(site.Site, "embed", broken)  # after the pages are written, before the swap
    with pytest.raises(RuntimeError):
        small_site(out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
