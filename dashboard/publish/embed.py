"""One chart as a page of its own, to be framed in another site: /embed/<chart id>?lang=zh|en.

The page is the chart's cell of the dashboard (its drawing in the wide and phone layouts, which style.css picks by
the frame's width), with its title, unit and notes, source line and a link back to its view. No script runs."""

from __future__ import annotations

from urllib.parse import parse_qs

from dash import dcc, html
from markupsafe import Markup

from .. import ids
from ..figures.charts import cached_chart, chart_spec
from ..firstpaint import SvgCache, chart_boxes
from ..view.strings import HTML_LANG, t
from ..data.dataset import Dataset
from ..markup import to_html
from ..page import notice_box
from ..view.state import View
from ..view.wording import chart_summary
from ..view.url import parse_view
from ..markup import document

EMBED_PARAMS = ("lang",)  # an embed page reads only its language; anything else is dropped and named


def embed_view(data: Dataset, query: str) -> View:
    """The language an embed's query asks for, with whatever else it holds dropped and named (the usual notice)."""
    view = parse_view(query, data)
    other = ("other",) if set(parse_qs(query.lstrip("?"), keep_blank_values=True)) - set(EMBED_PARAMS) else ()
    ignored = tuple(name for name in view.ignored if name in ("lang", "query")) + other
    return View(lang=view.lang, ignored=ignored)


def source_line(data: Dataset, chart_id: str, lang: str) -> str:
    spec = chart_spec(data, chart_id)
    return t("source", lang, orgs=("、" if lang == "zh" else "; ").join(spec[f"sources_{lang}"]), period=spec["period"])


def embed_tree(data: Dataset, chart_id: str, lang: str, back: str, notice: str = "") -> html.Div:
    """The embed page's component tree: a figure holding the chart's graph, captioned, and the link back."""
    area = data.charts.at[chart_id, "area"]
    figure = cached_chart(data, chart_id, lang, None, False)
    notes = figure["layout"].get("meta", {}).get("notes", [])
    return html.Div(className="page embed", lang=HTML_LANG[lang], children=[
        notice_box(notice) if notice else None,
        html.Figure(className="embed-figure", children=[
            html.H1(data.charts.at[chart_id, f"title_{lang}"], className="embed-title"),
            html.P((" · " if lang == "en" else "　").join(notes), className="embed-notes") if notes else None,
            html.Div(dcc.Graph(id=ids.chart(chart_id, area)), className="chart-cell", role="img",
                     **{"aria-label": chart_summary(data, chart_id, lang)}),
            html.Figcaption([html.Span(source_line(data, chart_id, lang), className="embed-source"),
                             html.A(t("embed_open", lang), href=back, target="_top", className="embed-back")]),
        ]),
    ])


def embed_page(data: Dataset, chart_id: str, lang: str, svgs: SvgCache | None, *, back: str, styles: Markup,
               notice: str = "", missing: list | None = None) -> str:
    """The whole embed document of a chart (the caller has checked that the chart exists)."""
    view = View(tab=data.charts.at[chart_id, "area"], lang=lang)
    body = to_html(embed_tree(data, chart_id, lang, back, notice),
                   graph=lambda props: chart_boxes(data, view, chart_id, None, svgs, missing))
    title = f"{data.charts.at[chart_id, f'title_{lang}']} · {t('app_title', lang)}"
    return document(lang, title, body, styles, body_class="embed-body")


def register(app, data: Dataset) -> None:
    """GET /embed/<chart id>: the page, framable by the sites DASHBOARD_EMBED_ANCESTORS names (server.py)."""
    import flask

    from ..server import problem_response
    from ..settings import embed_ancestors, link_base
    from ..explore.request import notice_text
    from .document import inline_css

    ancestors = embed_ancestors()  # a bad setting stops the start, as a bad public address does

    @app.server.route("/embed/<chart_id>")
    def embed(chart_id: str):
        if chart_id not in data.charts.index:
            return problem_response(404, t("not_found", "en"), column="chart")
        view = embed_view(data, flask.request.query_string.decode("utf-8", "replace"))
        back = link_base() + View(tab=data.charts.at[chart_id, "area"], lang=view.lang).query()
        text = embed_page(data, chart_id, view.lang, app.svgs, back=back, styles=inline_css(),
                          notice=notice_text(view, view.lang))
        response = flask.make_response(text)
        response.headers["Content-Type"] = "text/html; charset=utf-8"
        response.headers["Cache-Control"] = "no-cache"
        response.frame_ancestors = ancestors  # server.security_headers: framable here, and only here
        return response
