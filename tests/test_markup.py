"""The component tree written as HTML (dashboard/markup.py): elements, controls, ids and escaping."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from dash import dcc, html
from markupsafe import Markup

from dashboard.markup import dom_id, style_text, to_html
from dashboard.static_html import StaticHtml

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">"\''


class Elements(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_components_become_their_elements_with_react_attribute_names():
    tree = html.Div([html.A("go", href="/x", className="link", tabIndex="-1", hrefLang="en"),
                     html.Img(src="/a.png", alt="A")], id="box", className="outer", hidden=True,
                    **{"aria-label": "Box", "data-chart": "c1"})
    out = to_html(tree)
    expected = ('<div id="box" class="outer" hidden aria-label="Box" data-chart="c1">'
                '<a class="link" href="/x" hreflang="en" tabindex="-1">go</a><img alt="A" src="/a.png"></div>')
    assert Elements(out).tags == Elements(expected).tags  # the same elements and attributes, in any attribute order
    assert out.endswith('>go</a><img alt="A" src="/a.png"></div>')  # the text, and a void element left unclosed


def test_text_and_attributes_are_escaped_everywhere():
    tree = html.Div([HOSTILE, html.Span(HOSTILE, title=HOSTILE)], **{"aria-label": HOSTILE})
    tags = Elements(to_html(tree)).tags
    assert [tag for tag, _ in tags] == ["div", "span"], "hostile text must not open elements"
    assert tags[1][1]["title"] == HOSTILE and tags[0][1]["aria-label"] == HOSTILE


def test_a_dict_id_is_written_as_dashs_renderer_writes_it():
    assert dom_id({"type": "pane", "tab": "jobs"}) == '{"tab":"jobs","type":"pane"}'
    assert dom_id({"b": 1, "a": "事"}) == '{"a":"事","b":1}'
    assert dom_id("plain") == "plain"


def test_ids_and_the_references_to_them_get_the_prefix():
    tree = html.Div([html.A("skip", href="#main"), html.Label("L", htmlFor="field"),
                     html.Main(id="main", **{"aria-labelledby": "title sub"})])
    tags = dict(Elements(to_html(tree, id_prefix="fp-")).tags)
    assert tags["a"]["href"] == "#fp-main"
    assert tags["label"]["for"] == "fp-field"
    assert tags["main"]["id"] == "fp-main" and tags["main"]["aria-labelledby"] == "fp-title fp-sub"


def test_styles_are_css_with_pixels_for_numbers():
    assert style_text({"minHeight": 10, "height": "auto", "opacity": 0.5, "x": None}) == \
        "min-height: 10px; height: auto; opacity: 0.5"


def test_controls_become_native_form_fields_named_for_the_url():
    tree = html.Form([
        dcc.Checklist(id="sector-filter", options=[{"label": "就业", "value": "jobs"}, {"label": "人才", "value": "talent"}],
                      value=["talent"], className="opts"),
        dcc.Dropdown(id="topic-filter", options=[{"label": "A", "value": "a"}, {"label": "B", "value": "b"}],
                     value="b", placeholder="All topics"),
        dcc.Input(id="link", type="text", value="/?tab=jobs", readOnly=True),
    ])
    tags = Elements(to_html(tree, names={"sector-filter": "sector", "topic-filter": "topic"})).tags
    boxes = [attrs for tag, attrs in tags if tag == "input" and attrs.get("type") == "checkbox"]
    assert [(b["name"], b["value"], "checked" in b) for b in boxes] == [("sector", "jobs", False), ("sector", "talent", True)]
    options = [attrs for tag, attrs in tags if tag == "option"]
    assert [(o["value"], "selected" in o) for o in options] == [("", False), ("a", False), ("b", True)]
    assert dict(tags)["select"]["name"] == "topic"
    link = [attrs for tag, attrs in tags if tag == "input" and attrs.get("type") == "text"][0]
    assert link["value"] == "/?tab=jobs" and "readonly" in link and "name" not in link


def test_script_only_components_write_nothing_and_a_graph_writes_what_it_is_given():
    tree = html.Div([dcc.Store(id="s", data={"x": 1}), dcc.Location(id="url"), dcc.Download(id="d"),
                     dcc.Graph(id="g", className="chart", figure={"data": []})])
    assert to_html(tree) == '<div><div id="g" class="chart"></div></div>'
    drawn = to_html(tree, graph=lambda props: Markup(f"<svg data-for=\"{props['id']}\"></svg>"))
    assert drawn == '<div><div id="g" class="chart"><svg data-for="g"></svg></div></div>'


def test_server_made_markup_goes_in_as_it_is():
    tree = StaticHtml(Markup("<li><a href='?tab=jobs'>就业</a></li>"), element="ul", className="links",
                      **{"aria-label": "Figures"})
    assert to_html(tree) == "<ul class=\"links\" aria-label=\"Figures\"><li><a href='?tab=jobs'>就业</a></li></ul>"


def test_a_component_with_no_writing_is_refused_not_dropped():
    with pytest.raises(TypeError, match="Slider"):
        to_html(html.Div(dcc.Slider(id="x", min=0, max=1)))
