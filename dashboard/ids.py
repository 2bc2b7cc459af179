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
