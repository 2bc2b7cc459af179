"""A Dash component tree written as HTML: the page's one definition, readable before any script runs.

html.* components become their elements; controls become native form controls (a GET form then works
without JavaScript); stores, Location and Download become nothing; a graph becomes what `graph` draws for
it (the cached SVG of its figure). Text is escaped, so data text stays text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from dash.development.base_component import Component
from markupsafe import Markup, escape

from .dash_seam import component_type, given_props
from .view.strings import HTML_LANG, t

HTML = "dash_html_components"
CORE = "dash_core_components"
VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
NOTHING = frozenset({"Store", "Location", "Download", "Interval", "Clipboard"})  # no markup without a script
# Props that are Dash's own bookkeeping, never attributes.
INTERNAL = frozenset({"children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "loading_state",
                      "setProps", "persistence", "persisted_props", "persistence_type", "key",
                      "data-facts"})  # a pane's facts (explore/facts.py) are for the app's scripts
RENAMED = {"className": "class", "htmlFor": "for"}
REFERENCES = frozenset({"id", "htmlFor", "aria-labelledby", "aria-describedby", "aria-controls"})  # name ids
UNITLESS = frozenset({"opacity", "zIndex", "flexGrow", "flexShrink", "order", "lineHeight", "fontWeight"})
_CAMEL = re.compile(r"(?<!^)([A-Z])")
_MARKUP_ID = re.compile(r'(\sid=")')  # an id within server-made markup (attribute values are escaped: no stray quotes)

Graph = Callable[[Component], Markup]


def dom_id(value: Any) -> str:
    """An id as Dash's renderer writes it into the DOM: a dict id is its JSON with the keys sorted."""
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{json.dumps(value[k], ensure_ascii=False)}"
                              for k in sorted(value)) + "}"
    return str(value)


def style_text(style: dict) -> str:
    """A React style object as CSS text (numbers are pixels, as React writes them, unless unitless)."""
    parts = []
    for name, value in style.items():
        if value is None:
            continue
        css = _CAMEL.sub(r"-\1", name).lower()
        if isinstance(value, int | float) and not isinstance(value, bool) and name not in UNITLESS:
            value = f"{value}px"
        parts.append(f"{css}: {value}")
    return "; ".join(parts)


def attributes(props: dict, id_prefix: str = "") -> str:
    """The element's attributes from a component's props (escaped; boolean props as bare attributes)."""
    out = []
    for name, value in props.items():
        if name in INTERNAL or value is None or value is False:
            continue
        if name in REFERENCES:
            value = " ".join(id_prefix + part for part in dom_id(value).split(" ")) if name != "id" \
                else id_prefix + dom_id(value)
        elif name == "href" and isinstance(value, str) and value.startswith("#"):
            value = "#" + id_prefix + value[1:]  # a link within the page points at this writing's ids
        elif name == "style":
            value = style_text(value)
        attr = RENAMED.get(name) or (name if "-" in name else name.lower())
        out.append(f" {attr}" if value is True else f' {attr}="{escape(value)}"')
    return "".join(out)


def to_html(node: Any, *, graph: Graph | None = None, id_prefix: str = "", names: dict | None = None,
            actions: dict | None = None) -> Markup:
    """The HTML of a component tree (or a string, number, list or None within one).

    `names`: a control's form field name (the URL's parameter) by its id; `actions`: for a button that only a
    script can run, by its id, the address that does the same without one (it is written as a link there);
    `id_prefix` keeps ids unique beside the app's own."""
    write = _Writer(graph, id_prefix, names or {}, actions or {})
    return Markup(write(node))


class _Writer:
    def __init__(self, graph: Graph | None, id_prefix: str, names: dict, actions: dict) -> None:
        self.graph = graph
        self.id_prefix = id_prefix
        self.names = names
        self.actions = actions

    def __call__(self, node: Any) -> str:
        if node is None or isinstance(node, bool):
            return ""
        if isinstance(node, list | tuple):
            return "".join(self(child) for child in node)
        if not isinstance(node, Component):
            return str(escape(node))
        namespace, kind = component_type(node)
        props = given_props(node)
        if namespace == HTML:
            tag = kind.lower()
            if tag == "button" and dom_id(props.get("id")) in self.actions:
                tag, props = "a", {**props, "href": self.actions[dom_id(props["id"])], "data-button": "1"}
            inner = "" if tag in VOID else self(props.get("children"))
            close = "" if tag in VOID else f"</{tag}>"
            return f"<{tag}{attributes(props, self.id_prefix)}>{inner}{close}"
        if namespace == CORE:
            return self.control(kind, props)
        if kind == "StaticHtml":  # server-made markup from an autoescaped template (static_html.py)
            tag = props.get("element", "div")
            shown = {k: v for k, v in props.items() if k not in ("html", "element")}
            inner = _MARKUP_ID.sub(rf'\1{self.id_prefix}', props.get("html") or "") if self.id_prefix else props.get("html") or ""
            return f"<{tag}{attributes(shown, self.id_prefix)}>{inner}</{tag}>"
        raise TypeError(f"no HTML writing for {namespace}.{kind}")

    def control(self, kind: str, props: dict) -> str:
        """dcc components: native controls that submit with a GET form; nothing for script-only ones."""
        if kind in NOTHING:
            return ""
        name = self.names.get(dom_id(props.get("id"))) or props.get("name")
        base = {"id": props.get("id"), "className": props.get("className"), "style": props.get("style")}
        # A control's visible name is the element with its id and "-label" (explore.filters.controls names them so).
        label = {"aria-labelledby": f"{dom_id(props.get('id'))}-label"} if props.get("id") else {}
        if kind == "Graph":
            inner = self.graph(props) if self.graph else ""
            return f"<div{attributes(base, self.id_prefix)}>{inner}</div>"
        if kind == "Input":
            return "<input" + attributes({**base, "type": props.get("type", "text"), "name": name,
                                          "value": props.get("value"), "readOnly": props.get("readOnly"),
                                          "placeholder": props.get("placeholder")}, self.id_prefix) + ">"
        if kind == "Checklist":
            chosen = set(props.get("value") or [])
            items = "".join(
                f"<label><input{attributes({'type': 'checkbox', 'name': name, 'value': o['value'], 'checked': o['value'] in chosen})}>"
                f"{self(o['label'])}</label>" for o in _options(props))
            return f"<div{attributes({**base, 'role': 'group', **label}, self.id_prefix)}>{items}</div>"
        if kind == "Dropdown":
            chosen = props.get("value")
            empty = f'<option value="">{escape(props.get("placeholder") or "")}</option>' if props.get("clearable", True) else ""
            items = "".join(f"<option{attributes({'value': o['value'], 'selected': o['value'] == chosen})}>"
                            f"{self(o['label'])}</option>" for o in _options(props))
            native = {**base, "className": f"{base['className'] or ''} native-select".strip(), "name": name, **label}
            return f"<select{attributes(native, self.id_prefix)}>{empty}{items}</select>"
        raise TypeError(f"no HTML writing for dcc.{kind}")


def _options(props: dict) -> list[dict]:
    """A control's options as {label, value} dicts (Dash also takes a list of values or a dict)."""
    options = props.get("options") or []
    if isinstance(options, dict):
        return [{"label": label, "value": value} for value, label in options.items()]
    return [o if isinstance(o, dict) else {"label": o, "value": o} for o in options]


def document(lang: str, title: str, body: Markup, styles: Markup, *, head: str = "",
             body_class: str = "") -> str:
    """A whole HTML document around body (already written, escaped markup)."""
    return f"""<!DOCTYPE html>
<html lang="{HTML_LANG[lang]}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{escape(t("meta_description", lang))}">
<title>{escape(title)}</title>
{styles}
{head}
</head>
<body{f' class="{escape(body_class)}"' if body_class else ''}>
{body}
</body>
</html>
"""
