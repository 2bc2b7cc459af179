"""Record what a real browser sends: first load, then every interaction (tab switches now).

The load test replays the recording, so it always matches the callbacks the app has when it runs.
To cover a new interaction (filters, drill-down), add a step to INTERACTIONS: a name, the selector
to click and the root whose charts must be painted afterwards.
"""

from __future__ import annotations

import json
import sys
from urllib.parse import urlsplit

from bench.browser import new_page, wait_ready


def tab_steps(page) -> list[tuple[str, str, str]]:
    """(name, selector to click, root painted afterwards) for every tab of the page, overview last."""
    ids = page.eval_on_selector_all("[id^='tab-']", "els => els.map(e => e.id)")
    tabs = [i.removeprefix("tab-") for i in ids if i != "tab-content"]
    if not tabs:
        return []
    return [(f"tab:{t}", f"#tab-{t}", f".view-{t}") for t in [*tabs[1:], tabs[0]]]


INTERACTIONS = [tab_steps]  # each returns steps for the loaded page


def record(base: str, browser) -> dict:
    """{"gets": [paths of the first load], "start": [callback bodies], "steps": {name: [callback bodies]}}."""
    context, page = new_page(browser)
    sent: list[tuple[str, str, str | None]] = []
    page.on("request", lambda r: sent.append((r.method, r.url, r.post_data)))
    try:
        page.goto(base + "/")
        page.mouse.move(3, 3)  # the reader's first move: the dashboard's app takes over (boot.js)
        wait_ready(page)
        origin = urlsplit(base).netloc
        gets = [urlsplit(u)._replace(scheme="", netloc="").geturl() for m, u, _ in sent
                if m == "GET" and urlsplit(u).netloc == origin]
        start = [json.loads(body) for m, u, body in sent if m == "POST" and "_dash-update-component" in u]
        steps: dict[str, list[dict]] = {}
        for make in INTERACTIONS:
            for name, selector, root in make(page):
                sent.clear()
                page.click(selector)
                wait_ready(page, root)
                steps[name] = [json.loads(body) for m, u, body in sent
                               if m == "POST" and "_dash-update-component" in u]
        return {"gets": gets, "start": start, "steps": steps}
    finally:
        context.close()


def main(argv: list[str]) -> int:
    """python -m bench.record BASE_URL OUT.json"""
    from bench.common import chromium

    base, out = argv
    with chromium() as browser:
        data = record(base, browser)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
    print(f"{out}: {len(data['gets'])} GETs, {len(data['start'])} start callbacks, {len(data['steps'])} steps")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
