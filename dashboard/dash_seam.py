"""Every use of Dash's internals (not its public API) in one place: what to recheck on a Dash upgrade.

Dash's own setup, its component tree's traversal and props, a hand-written component's declared props, and the
format of the script and stylesheet tags its index writes. pyproject caps Dash below 5 for these.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import dash
from dash.development.base_component import Component


def finish_setup(app: dash.Dash) -> None:
    """Dash's setup (registering the JS bundles it may serve), done now instead of on a worker's first request.

    Dash marks that setup done before finishing it, so a second thread of a fresh worker could serve a bundle
    before registration and answer 500; with the layout a function, the setup takes long enough for a page
    load's parallel bundle requests to hit that gap. Done before the worker serves anything, it cannot."""
    if hasattr(app, "_setup_server"):
        app._setup_server()


def descendants(layout: Component) -> Iterator[Any]:
    """Every item below a component, depth first (components, and strings or numbers among children)."""
    return layout._traverse()


def component_type(node: Component) -> tuple[str, str]:
    """(namespace, type) of a component: ("dash_html_components", "Div"), ("dash_core_components", "Graph")."""
    return node._namespace, node._type


def given_props(node: Component) -> dict:
    """The props a component was given (None ones left out), wildcard data-* and aria-* props included."""
    props = {name: getattr(node, name) for name in node._prop_names if getattr(node, name, None) is not None}
    props.update({k: v for k, v in vars(node).items() if k.startswith(("data-", "aria-"))})
    return props


def declare_props(component: Component, names: Iterable[str], wildcards: Iterable[str]) -> None:
    """What a generated component class declares in its __init__, for one written by hand (static_html.py):
    its prop names and the prefixes of its wildcard props."""
    component._prop_names = list(names)
    component._valid_wildcard_attributes = list(wildcards)
    component.available_properties = list(names)
    component.available_wildcard_properties = list(wildcards)


# The tags Dash's index writes: <script src="…"></script> and <link rel="stylesheet" href="…">, the app's
# assets as …/assets/<name>?m=<modified time>, component suites' files under /_dash-component-suites/.
_ASSET_SCRIPT = re.compile(r'<script src="([^"]*)assets/([\w-]+\.js)\?m=[^"]*"></script>\s*')
_ASSET_STYLESHEET = re.compile(r'<link rel="stylesheet" href="[^"]*/assets/([\w.-]+\.css)\?m=[^"]*">')


def without_suite_scripts(scripts: str, suites: Iterable[str]) -> str:
    """Dash's script tags less those of the component-suite files whose path starts with one of `suites`
    ("dash/dash_table/", "dash/deps/polyfill@")."""
    for suite in suites:
        scripts = re.sub(rf'<script src="[^"]*/_dash-component-suites/{re.escape(suite)}[^"]*"></script>\s*', "",
                         scripts)
    return scripts


def asset_script_tags(scripts: str) -> list[re.Match]:
    """The tags of the app's top-level assets/*.js, in page order: group 1 the URL up to assets/, group 2 the
    file's name."""
    return list(_ASSET_SCRIPT.finditer(scripts))


def without_asset_scripts(scripts: str) -> str:
    """Dash's script tags less those of the app's top-level assets/*.js."""
    return _ASSET_SCRIPT.sub("", scripts)


def with_asset_stylesheets(links: str, replace: Callable[[str], str]) -> str:
    """Dash's stylesheet links with each of the app's assets/*.css replaced by replace(its file name)."""
    return _ASSET_STYLESHEET.sub(lambda m: replace(m.group(1)), links)
