"""Component ids, defined once and shared by layouts, callbacks and tests."""

URL = "url"
TABS = "tabs"
CONTENT = "tab-content"
NOTICE = "notice"
HEADER = "header"


def graph(chart_id: str) -> str:
    """The dcc.Graph id of a chart."""
    return f"graph-{chart_id}"


def kpi(figure_id: str) -> str:
    """The element id of a KPI card."""
    return f"kpi-{figure_id}"

# Briefing exports and presentation mode
TOOLBAR = "toolbar"
EXPORT_BUTTON = "export-pack"
EXPORT_PROGRESS = "export-progress"
EXPORT_STATUS = "export-status"
EXPORT_LINKS = "export-links"
PRESENT_BUTTON = "present-open"
PRESENT_LAYER = "present-layer"
PRESENT_GRAPH = "present-graph"
PRESENT_SLIDES = "present-slides"  # dcc.Store: the high-contrast figures of the view
PRESENT_INDEX = "present-index"  # dcc.Store: the slide on screen and the clicks already applied
PRESENT_COUNTER = "present-counter"
PRESENT_PREV = "present-prev"
PRESENT_NEXT = "present-next"
PRESENT_EXIT = "present-exit"
EXPORT_DOWNLOAD_ZIP = "export-download-zip"
EXPORT_DOWNLOAD_PPTX = "export-download-pptx"
