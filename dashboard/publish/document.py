"""The document around a written tree: <html lang>, title, styles. Shared by the static site, embeds and handout."""

from __future__ import annotations

from html import escape
from pathlib import Path

from markupsafe import Markup

from ..bundle import asset_bytes
from ..view.strings import HTML_LANG, t

HERE = Path(__file__).resolve().parent
STYLESHEETS = ("briefing.css", "print.css", "style.css")  # the app's own, in the order Dash links them
PUBLISH_CSS = "publish.css"  # what embeds, the handout and the static site add (dashboard/publish/)


def publish_css() -> str:
    return (HERE / PUBLISH_CSS).read_text(encoding="utf-8")


def inline_css(extra: str = "") -> Markup:
    """The app's stylesheets and the publishing rules as <style> elements (a page that stands alone)."""
    texts = [asset_bytes(name).decode("utf-8") for name in STYLESHEETS] + [publish_css(), extra]
    return Markup("").join(Markup("<style>{}</style>").format(Markup(text.replace("</", "<\\/"))) for text in texts if text)


def linked_css(prefix: str) -> Markup:
    """The same stylesheets as links to the static site's copies (prefix: '' or '../')."""
    return Markup("").join(Markup('<link rel="stylesheet" href="{}assets/{}">').format(prefix, name)
                           for name in (*STYLESHEETS, PUBLISH_CSS))


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
