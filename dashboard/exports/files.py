"""What an export is called: its formats and their media types, its files' names, and the link back to the
view it was made from."""

from __future__ import annotations

from .. import PERIOD
from ..data.dataset import Dataset
from ..view.strings import DEFAULT_LANGUAGE
from ..view.url import language_href

FORMATS = ("png", "zip", "pptx", "pdf")
MIMETYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "zip": "application/zip",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def pack_name(data: Dataset, view, kind: str) -> str:
    """'chengdu-2023-jobs-charts.zip', 'chengdu-2023-jobs-briefing.pptx'."""
    what = {"zip": "charts.zip", "pptx": "briefing.pptx", "pdf": "handout.pdf"}[kind]
    return f"chengdu-{data.period or PERIOD}-{view.tab.replace('_', '-')}-{what}"


def view_url(base_url: str, view, lang: str = DEFAULT_LANGUAGE) -> str:
    """The dashboard address of exactly this view, in the export's language (a view that names a language
    other than the default keeps its own)."""
    return base_url.rstrip("/") + "/" + language_href(view, view.lang if view.lang != DEFAULT_LANGUAGE else lang)
