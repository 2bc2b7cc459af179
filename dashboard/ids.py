"""Component ids, defined once and shared by layouts, callbacks and tests."""

URL = "url"  # no component (the address is the browser's own: assets/route.js): the source of an event in explore/sync.py
# The page shell (app.py's index, read by assets/boot.js and nav.js)
FIRST_PAINT = "first-paint"  # the server-rendered view, shown until Dash takes over
DASH_SCRIPTS = "dash-scripts"  # <template> holding Dash's script tags until boot.js loads them
DASH_ENTRY = "react-entry-point"  # Dash's own app container (named by Dash, not by us)
TABS = "tabs"


def tab_link(tab: str) -> str:
    """The element id of a tab's link in the tab bar."""
    return f"tab-{tab}"


CONTENT = "tab-content"
NOTICE = "notice"
HEADER = "header"


def graph(chart_id: str, pane: str | None = None) -> str:
    """The element id of a chart's cell: graph-<chart> in its own area's pane (the foundation's id), and
    graph-<pane>-<chart> in another pane that shows it too (the overview), so ids stay unique."""
    return f"graph-{chart_id}" if pane is None else f"graph-{pane}-{chart_id}"


def kpi(figure_id: str, pane: str | None = None) -> str:
    """The element id of a KPI card: kpi-<figure> in its own area's pane, kpi-<pane>-<figure> in another
    pane that shows it too (the overview), so ids stay unique while every tab stays mounted."""
    return f"kpi-{figure_id}" if pane is None else f"kpi-{pane}-{figure_id}"

# Briefing exports and presentation mode
TOOLBAR = "toolbar"
EXPORT_BUTTON = "export-pack"
HANDOUT_BUTTON = "export-handout"  # the PDF handout of the view (a link without scripts)
EXPORT_PROGRESS = "export-progress"
EXPORT_STATUS = "export-status"
EXPORT_LINKS = "export-links"
PRESENT_BUTTON = "present-open"
PRESENT_LAYER = "present-layer"
PRESENT_GRAPH = "present-graph"
PRESENT_STAGE = "present-stage"  # holds PRESENT_GRAPH once presenting has begun
PRESENT_REQUEST = "present-request"  # dcc.Store: the URL search and the screen, passed on only when presenting
PRESENT_SLIDES = "present-slides"  # dcc.Store: the high-contrast figures of the view
PRINT_FOOTER = "print-footer"  # <style> of the printed pages' footer (the view's references, page number)
PRESENT_COUNTER = "present-counter"
PRESENT_PREV = "present-prev"
PRESENT_NEXT = "present-next"
PRESENT_EXIT = "present-exit"
EXPORT_DOWNLOAD_ZIP = "export-download-zip"
EXPORT_DOWNLOAD_PPTX = "export-download-pptx"
# Filters, drill-down and the view table (issue 3).
FILTERS = "filters"
SECTOR = "sector-filter"
TOPIC = "topic-filter"
BREADCRUMB = "breadcrumb"
DETAIL = "detail-panel"
LINK = "view-link"
COPY_LINK = "copy-link"
TABLE = "view-table"  # the view's table: it exists only once the table section is opened
TABLE_SORT = "view-table-sort"  # dcc.Store: the table's sort column and direction
TABLE_SORT_BUTTON = "table-sort"  # pattern-matching type of the column headers' sort buttons


def table_sort(column: str) -> dict:
    """The pattern id of a column header's sort button (ALL of them match nothing before the table opens)."""
    return {"type": TABLE_SORT_BUTTON, "column": column}

TABLE_WRAP = "view-table-wrap"
TABLE_COUNT = "view-table-count"
DOWNLOAD_CSV = "download-csv"
DOWNLOAD_XLSX = "download-xlsx"
DOWNLOAD = "download"
STORE_VIEW = "store-view"  # the view the page shows and its query: its scope (cards, charts, table), the link field
STORE_PANES = "store-panes"  # the view each mounted tab pane shows ({tab: view}), so a switch can reuse it
# What the sync callback must answer, one at a time: a URL ({"search", "at"}), a filter's value ({"sector"} or
# {"topic"}) or a chart's click ({"click", "at"}), passed on by route.js; a tab pane to mount ({"mount"}), by route.js (mountNext);
# a new screen size ({"relayout"}), by boot.js. Each says the window's "screen": "narrow", charts take their phone
# layout; "wide"; none, the screen cookie decides (explore/request.py)
STORE_REQUEST = "store-request"
STORE_MOUNT = "store-mount"  # assets/route.js's ask (mountNext) for another tab's pane, mounted out of sight, then its answer
STORE_PUSH = "store-push"  # every sync answer: its values by name and the URL to push; route.js sets them
CHART = "chart"  # pattern-matching type of every dashboard graph
PANE = "pane"  # pattern-matching type of the tab panes inside CONTENT (one per tab, the current one shown)


def chart(chart_id: str, tab: str) -> dict:
    """The pattern-matching id of a chart's dcc.Graph in a tab's pane (clicks and highlight patches
    address all of them; the overview's pane shows some area charts too, hence the tab)."""
    return {"type": CHART, "chart": chart_id, "tab": tab}


def pane(tab: str) -> dict:
    """The pattern-matching id of a tab's pane."""
    return {"type": PANE, "tab": tab}
# Language switch (issue 5).
LANG_SWITCH = "lang-switch"
LANG_LINK = "lang-link"  # the link to the other language's view
