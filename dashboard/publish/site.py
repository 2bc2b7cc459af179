"""`dashboard build --out DIR`: the whole dashboard as static files, written from the same page (page.first_paint).

Every tab and every figure's view, in both languages, with its drawings, detail panel and filled table; each
chart's embed page; each tab's table as CSV and XLSX, chart PNGs, briefing deck and PDF handout. Links are
relative, so the folder works under any sub-path and from file://, and no page runs a script. The filter form is
left out (docs/features.md says why). The site is written to a temporary folder beside DIR, then swapped in."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from dash.development.base_component import Component
from dash import html
from markupsafe import Markup

from ..dash_seam import descendants
from .. import ids
from ..firstpaint import SvgCache, every_view, fingerprint
from ..view.strings import LANGUAGES, t
from ..data.dataset import Dataset, load
from ..view.state import View, tab_ids
from ..view.url import parse_view
from ..markup import document
from .document import PUBLISH_CSS, STYLESHEETS, linked_css
from .links import embed_file, page_file

MARKER = ".dashboard-site.json"  # what makes a folder one this command built (and may replace)
GENERATOR = "dashboard build"
DRAW_BATCH = 8  # drawings handed to kaleido at once
LEFT_OUT = ("filter-form", "share")  # classes of what needs a server or a script: the filter form, the copy-link field
Say = Callable[[str], None]


class BuildError(Exception):
    """The build cannot start or did not finish; the folder it was asked to write is as it was."""


def check_target(out: Path) -> dict:
    """The manifest of the site already in out ({} if out is missing or empty); BuildError for a folder that holds
    anything this command did not make."""
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} is a file, not a folder: nothing written")
    if not out.exists() or not any(out.iterdir()):
        return {}
    try:
        manifest = json.loads((out / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("generator") != GENERATOR:
        raise BuildError(f"{out} is not empty and was not made by `{GENERATOR}` (no {MARKER}): nothing written; "
                         "choose an empty or new folder")
    return manifest


def without(node, classes: tuple[str, ...]):
    """The tree with every component of one of these classes left out, and a note where the filters were."""
    if isinstance(node, list | tuple):
        return [without(child, classes) for child in node if not _dropped(child, classes)]
    if isinstance(node, Component) and getattr(node, "children", None) is not None:
        node.children = without(node.children, classes)
    return node


def _dropped(node, classes) -> bool:
    return isinstance(node, Component) and (getattr(node, "className", None) or "") in classes


def site_views(data: Dataset) -> list[View]:
    """Every page of the site: each tab, then each figure picked on its tab, in both languages."""
    return every_view(data)


class Site:
    """One build: the data, its drawings, and where every view's page and files are."""

    def __init__(self, data: Dataset, svgs: SvgCache | None, public: str = "", renders: bool = True,
                 views: list[View] | None = None) -> None:
        self.data, self.svgs, self.public, self.renders = data, svgs, public, renders
        self.views = site_views(data) if views is None else views
        self.written = {(v.tab, v.indicator, v.lang) for v in self.views}

    def nearest(self, view: View) -> View:
        """The written view closest to one a link asks for: filters dropped, the pick kept where it is written."""
        picked = View(tab=view.tab, indicator=view.indicator, lang=view.lang)
        return picked if (view.tab, view.indicator, view.lang) in self.written else View(tab=view.tab, lang=view.lang)

    def link(self, href: str, prefix: str = "") -> str:
        """A link of the app (?tab=…) as the relative file of its nearest written view."""
        parts = urlsplit(unescape(href))
        if parts.path not in ("", "/") or not href.startswith(("?", "/?")):
            return href
        return prefix + page_file(self.nearest(parse_view(parts.query, self.data)))

    def files(self, view: View) -> str:
        """The stem of a tab's files (table, deck, handout) in files/."""
        return f"files/{view.tab}.{view.lang}"

    def page(self, view: View) -> str:
        from ..app import page_title
        from ..explore.panes import view_footer_css
        from ..page import first_paint

        stem = self.files(View(tab=view.tab, lang=view.lang))
        actions = {ids.EXPORT_BUTTON: f"{stem}.pptx", ids.HANDOUT_BUTTON: f"{stem}.pdf",
                   ids.DOWNLOAD_CSV: f"{stem}.csv", ids.DOWNLOAD_XLSX: f"{stem}.xlsx"}
        note = html.P(t("site_filters_note", view.lang), className="site-note")

        def edit(tree):
            tree = without(tree, LEFT_OUT)
            for node in descendants(tree):
                if getattr(node, "id", None) == ids.FILTERS:
                    node.children = [note, *node.children]
                elif getattr(node, "id", None) == ids.PRESENT_BUTTON or (
                        not self.renders and getattr(node, "id", None) in (ids.EXPORT_BUTTON, ids.HANDOUT_BUTTON)):
                    node.hidden = True  # presenting needs the app; a build without renders has no deck or handout
            return tree

        body = first_paint(self.data, view, self.svgs, actions=actions, edit=edit)
        body = Markup(f'<div id="{ids.FIRST_PAINT}">{self.relative(str(body))}</div>')
        footer = Markup('<style media="print">{}</style>').format(
            Markup(view_footer_css(self.data, view, view.lang).replace("</", "<\\/")))
        return document(view.lang, page_title(self.data, view), body, linked_css("") + footer)

    def relative(self, text: str, prefix: str = "") -> str:
        """Every app link in written HTML made relative; embed snippets point at the site's embed pages."""
        import re

        text = re.sub(r'href="([^"]*)"', lambda m: f'href="{self.link(m.group(1), prefix)}"', text)
        return re.sub(r"(?<=src=&#34;)[^&]*?embed/(\w+)(?:\?lang=(\w+))?(?=&#34;)",
                      lambda m: self.public + embed_file(m.group(1), m.group(2) or "zh"), text)

    def embed(self, chart_id: str, lang: str) -> str:
        from .embed import embed_page

        back = "../" + page_file(View(tab=self.data.charts.at[chart_id, "area"], lang=lang))
        return embed_page(self.data, chart_id, lang, self.svgs, back=back, styles=linked_css("../"))


def draw_all(svgs: SvgCache, views: list[View], say: Say) -> int:
    """Every drawing the views show, drawn where the cache lacks it, a batch at a time; how many were drawn."""
    keys = list(dict.fromkeys(k for view in views for k in svgs.view_keys(view)))
    missing = [k for k in keys if not svgs.has(k)]
    say(f"drawings: {len(keys) - len(missing)} of {len(keys)} in the cache, {len(missing)} to draw")
    for start in range(0, len(missing), DRAW_BATCH):
        svgs.draw_many(missing[start:start + DRAW_BATCH])
        done = min(start + DRAW_BATCH, len(missing))
        if done % (DRAW_BATCH * 10) == 0 or done == len(missing):
            say(f"drawings: {done}/{len(missing)} drawn")
    return len(missing)


def build(data_dir: str | Path, out: str | Path, *, drawings: bool = True, renders: bool = True,
          say: Say = print, public: str = "", views: list[View] | None = None) -> dict:
    """Write the site into out (see the module's note); returns counts and seconds. renders=False leaves out the
    files that need Chromium (PNGs, decks, handouts); drawings=False writes each chart as its text stand-in;
    views limits the pages to those (tests)."""
    started = time.monotonic()
    out = Path(out).resolve()
    old = check_target(out)
    data_dir = str(Path(data_dir).resolve())
    data = load(data_dir)
    release = fingerprint(data_dir)
    svgs = None
    if drawings:
        from ..firstpaint import svg_cache

        svgs = svg_cache(data, release)
    site = Site(data, svgs, public, renders, views)
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        if svgs is not None:
            draw_all(svgs, site.views, say)
        files: dict[str, bytes] = {}
        for view in site.views:
            files[page_file(view)] = site.page(view).encode("utf-8")
        say(f"pages: {len(site.views)} views (every tab and every figure's view, both languages)")
        for chart_id in data.charts.index:
            for lang in LANGUAGES:
                files[embed_file(chart_id, lang)] = site.embed(chart_id, lang).encode("utf-8")
        say(f"embeds: {len(data.charts) * len(LANGUAGES)} chart pages")
        renders_key = {}
        from . import site_files

        renders_key = site_files.write(site, data_dir, release, old, out, files, renders, say)
        for name in (*STYLESHEETS, "favicon.ico"):
            files[f"assets/{name}"] = (Path(__file__).resolve().parents[2] / "assets" / name).read_bytes()
        files[f"assets/{PUBLISH_CSS}"] = (Path(__file__).resolve().parent / PUBLISH_CSS).read_bytes()
        files[MARKER] = json.dumps({"generator": GENERATOR, "release": release, "renders": renders_key},
                                   indent=1, sort_keys=True).encode()
        written, kept = _write_keeping(temp, out, files)
        say(f"files: {written} written, {kept} unchanged")
        _swap(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    size = sum(len(content) for content in files.values())
    stats = {"pages": len(site.views), "files": len(files), "bytes": size, "written": written, "unchanged": kept,
             "seconds": round(time.monotonic() - started, 1)}
    say(f"built {out}: {stats['files']} files, {size / 1e6:.1f} MB in {stats['seconds']} s")
    return stats


def _write_keeping(temp: Path, out: Path, files: dict[str, bytes]) -> tuple[int, int]:
    """Write files under temp; a file the old site has with the same bytes is linked (its date kept), not rewritten."""
    written = kept = 0
    for name, content in files.items():
        target = temp / name
        target.parent.mkdir(parents=True, exist_ok=True)
        before = out / name
        if before.is_file() and before.stat().st_size == len(content) and before.read_bytes() == content:
            try:
                os.link(before, target)
            except OSError:
                shutil.copy2(before, target)
            kept += 1
        else:
            target.write_bytes(content)
            written += 1
    return written, kept


def _swap(temp: Path, out: Path) -> None:
    """The new site in place of the old: the old one is moved aside, the new one renamed in, the old one removed."""
    aside = None
    if out.exists():
        aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.replace(out, aside / "site")
    os.replace(temp, out)
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


def tabs(data: Dataset) -> list[View]:
    return [View(tab=tab, lang=lang) for lang in LANGUAGES for tab in tab_ids(data)]
