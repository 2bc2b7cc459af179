"""StaticHtml: markup the server made (firstpaint.py's templates, autoescaped) as one Dash component.

A tab's KPI cards and a chart's figure links are many small elements. As Dash components each one is
watched by the renderer on every update of every callback, so the panes kept mounted for quick tab
switches (explore/panes.py) would slow down every click; as one component they cost one. The markup is never
built from strings here: only templates with autoescape produce it, so data text stays text."""

from __future__ import annotations

from dash.development.base_component import Component
from markupsafe import Markup

from .dash_seam import declare_props

NAMESPACE = "dashboard"  # the package: Dash serves its _js_dist (static_html.js) as a component suite
ELEMENTS = ("div", "section", "ul", "nav")


class StaticHtml(Component):
    """One element (div, section or ul) whose content is the given server-made markup."""

    _children_props: list[str] = []
    _base_nodes: list[str] = []
    _namespace = NAMESPACE
    _type = "StaticHtml"

    def __init__(self, html: Markup | None = None, id=None, element: str = "div", className=None, role=None,
                 **kwargs):
        if html is not None and not isinstance(html, Markup):
            raise TypeError("StaticHtml takes Markup from an autoescaped template, not a plain string")
        if element not in ELEMENTS:
            raise ValueError(f"StaticHtml element must be one of {ELEMENTS}")
        declare_props(self, ["id", "html", "element", "className", "role", "aria-*"], ["aria-"])
        props = {"html": str(html) if html is not None else None, "id": id, "element": element,
                 "className": className, "role": role}
        super().__init__(**{k: v for k, v in props.items() if v is not None}, **kwargs)
