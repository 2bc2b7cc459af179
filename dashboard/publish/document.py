"""The stylesheets a published page carries (static site, embeds, handout); the document is markup.document."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..bundle import asset_bytes

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
