"""The page's interactive layer over the tab layouts: filters, drill-down, panes, the sync callback's logic,
the answers route.js applies in the browser, what the request says, and the callbacks that wire them.
State lives in the URL; docs/architecture.md tells one pick's way through these modules."""
