"""The static site's files besides its pages: each tab's table (CSV, XLSX), chart PNGs, deck and PDF handout.

A file that needs Chromium is made again only when its key (the release fingerprint and what it shows) differs
from the one the last build recorded; otherwise the old site's file is taken as it is."""

from __future__ import annotations

from pathlib import Path


def write(site, data_dir: str, release: str, old: dict, out: Path, files: dict[str, bytes], renders: bool,
          say) -> dict[str, str]:
    """Add the tabs' files to files ({name: bytes}); returns the key of each rendered file, for the manifest."""
    from ..exports.images import charts_zip, render_charts
    from ..exports.pack import export_view
    from ..view.strings import LANGUAGES
    from ..table import table_file
    from .site import tabs

    data = site.data
    keys: dict[str, str] = {}
    previous = old.get("renders", {}) if isinstance(old.get("renders"), dict) else {}

    def render(name: str, what: str, make) -> None:
        key = f"{release}:{what}"
        keys[name] = key
        if previous.get(name) == key and (out / name).is_file():
            files[name] = (out / name).read_bytes()
        else:
            files[name] = make()

    for view in tabs(data):
        stem = site.files(view)
        files[f"{stem}.csv"] = table_file(data, view, "csv")[0]
        render(f"{stem}.xlsx", f"xlsx{view.query()}", lambda view=view: table_file(data, view, "xlsx")[0])
    say(f"tables: CSV and XLSX of {len(tabs(data))} tabs")
    if not renders:
        return keys
    base = site.public or "./"
    for lang in LANGUAGES:
        names = {chart_id: f"files/charts.{lang}/{chart_id}.png" for chart_id in data.charts.index}
        if any(previous.get(n) != f"{release}:png:{lang}" or not (out / n).is_file() for n in names.values()):
            images = render_charts(data, [(chart_id, None) for chart_id in names], lang)
            made = {image.chart_id: image.png for image in images}
        else:
            made = {chart_id: (out / name).read_bytes() for chart_id, name in names.items()}
        for chart_id, name in names.items():
            files[name], keys[name] = made[chart_id], f"{release}:png:{lang}"
        render(f"files/charts.{lang}.zip", f"zip:{lang}", lambda made=made: charts_zip_of(data, made, charts_zip))  # dated entries
    say(f"chart PNGs: {len(data.charts)} charts in {len(LANGUAGES)} languages")
    for view in tabs(data):
        stem = site.files(view)
        render(f"{stem}.pptx", f"pptx{view.query()}", lambda view=view: _one(export_view(
            data, view, "pptx", lang=view.lang, base_url=base, data_dir=data_dir)))
        render(f"{stem}.pdf", f"pdf{view.query()}", lambda view=view: _one(export_view(
            data, view, "pdf", lang=view.lang, base_url=base, data_dir=data_dir)))
        say(f"deck and handout: {stem}")
    return keys


def charts_zip_of(data, made: dict[str, bytes], charts_zip) -> bytes:
    from ..figures.charts import export_filename
    from ..exports.images import ChartImage

    return charts_zip([ChartImage(c, export_filename(data, c) + ".png", png, 0, 0) for c, png in made.items()])


def _one(files: dict[str, bytes]) -> bytes:
    (content,) = files.values()
    return content
