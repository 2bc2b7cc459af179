"""Shared fixtures: the project's paths, a copy of the data to break, a real gunicorn server, a real Chromium."""

from __future__ import annotations

import concurrent.futures
import csv
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
# No background drawer (dashboard/warm.py) from an app a test makes in its own process, or from the servers and CLI
# runs it starts: on a release not drawn yet, one would draw all 1,932 charts on the cores the other tests use.
# The tests of the drawer ask for it (DASHBOARD_WARM=1), or run it in-process on stand-ins (test_page_cache).
os.environ["DASHBOARD_WARM"] = "0"
SOURCE = ROOT.parent / "shared" / "seeds" / "000_198da177f3a96020.txt"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def figure_rows(data_dir: Path = DATA) -> int:
    """How many figures data/figures.csv holds, read with the csv module alone (not through the loader), so
    tests compare the app's counts with the file instead of a number written into the test."""
    import csv

    with open(data_dir / "figures.csv", encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/, for tests that break one file."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    """Poll url until it answers 200; fail with the server's output if it dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"server exited with {process.returncode}:\n{out}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


def stop_server(process: subprocess.Popen) -> None:
    """Stop a test server: gunicorn's graceful shutdown waits up to 30 s for busy workers, then kill."""
    stop_servers([process])


def stop_servers(processes: list[subprocess.Popen]) -> None:
    """stop_server for several servers at once: all are told to stop, then each is waited for."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def start_gunicorn(port: int, env: dict | None = None) -> subprocess.Popen:
    """The Procfile's command on a loopback port; without the background drawer unless env asks for it
    (DASHBOARD_WARM=1): it would draw all 1,932 charts on the test's cores while the test runs (see serving)."""
    procfile = (ROOT / "Procfile").read_text().split(":", 1)[1].strip()
    command = procfile.replace("$PORT", str(port)).replace("0.0.0.0", "127.0.0.1").split()
    command[0] = str(Path(sys.executable).with_name("gunicorn"))
    return subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, "DASHBOARD_WARM": "0", **(env or {})},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


@contextmanager
def serving(env: dict | None = None):
    """gunicorn as the Procfile runs it, with extra environment; yields its base URL once healthy.

    Without a background drawer unless env asks for one (DASHBOARD_WARM=1): each page draws the charts it lacks
    as it is asked for. A test server is asked for a few dozen views; the drawer would draw all 1,932 charts
    of every view on the test's cores (tests/test_page_cache.py and test_server.py test the drawer itself)."""
    port = free_port()
    process = start_gunicorn(port, env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", process)
        yield base
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def live_server():
    """The dashboard under gunicorn, as the Procfile runs it; yields its base URL."""
    with serving() as base:
        yield base


# Markup in the data (a figure's labels, a chart's title) that must stay characters wherever it is shown.
HOSTILE_ZH = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">城镇新增就业'
HOSTILE_EN = '<a href="javascript:window.__pwned=3">New urban jobs</a>'
HOSTILE_TITLE = '<b onmouseover="window.__pwned=4">就业成果</b><a href="javascript:window.__pwned=5">链接</a>'


def _rewrite(path, key, changes):
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    for row in rows:
        row.update(changes.get(row[key], {}))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def hostile_copy(data: Path) -> Path:
    """A copy of data/ at data whose figure jobs_new_urban has HOSTILE_ZH and HOSTILE_EN as labels and whose chart
    jobs_outcomes has HOSTILE_TITLE as its Chinese title."""
    shutil.copytree(DATA, data)
    _rewrite(data / "figures.csv", "id", {"jobs_new_urban": {"label_zh": HOSTILE_ZH, "label_en": HOSTILE_EN}})
    _rewrite(data / "charts.csv", "id", {"jobs_outcomes": {"title_zh": HOSTILE_TITLE}})
    return data


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory):
    """gunicorn as the Procfile runs it on a copy of data/ whose figure jobs_new_urban has HOSTILE_ZH and
    HOSTILE_EN as labels and whose chart jobs_outcomes has HOSTILE_TITLE as its Chinese title; one server
    for the session (test_security, test_first_paint); yields its base URL."""
    data = hostile_copy(tmp_path_factory.mktemp("hostile") / "data")
    with serving({"DASHBOARD_DATA_DIR": str(data)}) as base:
        yield base


@pytest.fixture(scope="session", autouse=True)
def early_lighthouse(request):
    """When this session runs tests/test_lighthouse.py, its audits start with the session's first test and run
    in a thread beside the other tests (test_lighthouse.EARLY); its tests judge them when their turn comes.
    Not under pytest-xdist, where every worker would start them."""
    chosen = any(Path(str(item.fspath)).name == "test_lighthouse.py" for item in request.session.items)
    if not chosen or os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    import test_lighthouse

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        test_lighthouse.start_early(pool, request.getfixturevalue("live_server"))
        yield


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


def go_live(page, url: str, **kwargs):
    """Open a page and bring in the app as a reader would: the first paint is server-rendered, and
    assets/boot.js loads Dash on the first pointer move; returns once the app has taken over."""
    response = page.goto(url, **kwargs)
    become_live(page)
    return response


def become_live(page) -> None:
    """After a full page load (a link to the other language, say): the reader's first move brings the app."""
    page.wait_for_selector("#first-paint, html.live", state="attached")
    page.mouse.move(3, 3)
    page.mouse.move(5, 5)
    page.wait_for_selector("html.live", state="attached", timeout=60_000)


class ReusedPage:
    """One tab that a module's tests share, navigating from view to view: a view loads faster in a warm tab
    than in a fresh context (no new renderer process; scripts compiled and fonts loaded once; measured on
    the shared 2-core machine: 0.6-1.3 s a view against 1.6-2.4 s).
    Each test still starts clean: its own page.errors, no listeners, cookies or permissions of the test
    before, Playwright's default timeout, no media emulation, the module's viewport, a page without scripts."""

    def __init__(self, tab, viewport: dict | None):
        object.__setattr__(self, "_tab", tab)
        object.__setattr__(self, "_viewport", viewport)
        object.__setattr__(self, "_added", [])

    def __getattr__(self, name):
        return getattr(self._tab, name)

    def on(self, event: str, handler) -> None:
        """page.on, remembered so that the listener goes at the end of the test."""
        self._tab.on(event, handler)
        self._added.append((event, handler))

    def reset(self) -> None:
        """Before a test: what a fresh page would be."""
        for event, handler in self._added:
            self._tab.remove_listener(event, handler)
        self._added.clear()
        self.errors = []
        self._tab.context.clear_cookies()
        self._tab.context.clear_permissions()
        self._tab.set_default_timeout(30_000)  # Playwright's default
        self._tab.emulate_media(media="null")
        if self._viewport and self._tab.viewport_size != self._viewport:
            self._tab.set_viewport_size(self._viewport)
        # Leave the last test's view before this test listens: nothing it does while unloading is counted here.
        # A page without scripts on the same server (its health check) keeps the tab's renderer process warm;
        # about:blank would be another site, and the next view a fresh process again.
        from playwright.sync_api import Error

        url = self._tab.url
        try:
            self._tab.goto("/".join(url.split("/")[:3]) + "/healthz" if url.startswith("http") else "about:blank")
        except Error:  # that server has stopped
            self._tab.goto("about:blank")
        self.errors = []


def save_data(page, on: bool = True) -> None:
    """The reader's browser asks to save data (navigator.connection.saveData, through the DevTools protocol;
    it holds for the tab's later pages until called with on=False): the app then mounts no other tab in the
    background (mountNext in assets/route.js), and fetches no script ahead of the reader's first move (assets/boot.js)."""
    tab = getattr(page, "_tab", page)  # a ReusedPage's own tab
    tab.context.new_cdp_session(tab).send("Emulation.setDataSaverOverride", {"dataSaverEnabled": on})


# Added to every test context before any page script runs: what settle() and the absence checks wait on.
# - window.__dashInFlight: Dash callback requests (_dash-update-component) sent and not yet answered;
# - window.__idleRan[name]: how often an idle callback of that function name has run (panes.js's `next`,
#   boot.js's `fetchAhead`): the scripts' own "I looked and decided" signal;
# - window.__fetched: every URL the page's scripts asked for with fetch.
IDLE_WATCH = """(() => {
  if (window.__idleRan) { return; }
  window.__dashInFlight = 0; window.__idleRan = {}; window.__fetched = [];
  const send = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : (input && input.url) || String(input);
    window.__fetched.push(url);
    if (!url.includes('_dash-update-component')) { return send(input, init); }
    window.__dashInFlight += 1;
    return send(input, init).finally(() => { window.__dashInFlight -= 1; });
  };
  if (window.requestIdleCallback) {
    const idle = window.requestIdleCallback.bind(window);
    window.requestIdleCallback = (fn, options) => idle((deadline) => {
      try { return fn(deadline); } finally { window.__idleRan[fn.name] = (window.__idleRan[fn.name] || 0) + 1; }
    }, options);
  }
})();"""
# Resolves once Dash's callbacks have settled: no callback request in flight at two idle moments in a row
# (a callback's answer may set off another; the page is idle only once Dash has dispatched it).
SETTLE = """() => new Promise((resolve, reject) => {
  if (window.__dashInFlight === undefined) { reject(new Error('IDLE_WATCH is not installed in this context')); return; }
  let quiet = 0;
  const check = () => {
    quiet = window.__dashInFlight === 0 ? quiet + 1 : 0;
    if (quiet >= 2) { resolve(true); } else { window.requestIdleCallback(check, {timeout: 1000}); }
  };
  window.requestIdleCallback(check, {timeout: 1000});
})"""


def settle(page, timeout: float = 30_000) -> None:
    """Until Dash's callbacks have settled (SETTLE): the idle signal before an absence check, not a timer."""
    page.wait_for_function(SETTLE, timeout=timeout)


def idle_runs(page, name: str) -> int:
    """How often the page's idle callback `name` has run (IDLE_WATCH)."""
    return page.evaluate("name => window.__idleRan[name] || 0", name)


def wait_idle_run(page, name: str, after: int = 0, timeout: float = 30_000) -> None:
    """Until the page's idle callback `name` has run more than `after` times."""
    page.wait_for_function("([name, after]) => (window.__idleRan[name] || 0) > after", arg=[name, after],
                           timeout=timeout)


@contextmanager
def reused_page(browser, record=("console", "pageerror"), saving_data: bool = False, **options):
    """A context and its one tab for a module's tests (see ReusedPage); page.errors collects the console's
    errors and uncaught exceptions, or those of the kinds named in record. saving_data: see save_data."""
    context = browser.new_context(**options)
    context.add_init_script(IDLE_WATCH)
    tab = ReusedPage(context.new_page(), options.get("viewport"))
    if saving_data:
        save_data(tab._tab)
    if "console" in record:
        tab._tab.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    if "pageerror" in record:
        tab._tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    try:
        yield tab
    finally:
        context.close()


def saves_data(request) -> bool:
    """Whether the test module says SAVING_DATA = True: its tests look at one view at a time, and the other
    tabs' panes, which the app mounts in the background of every view left open a second, would double
    the work of each visit (measured: 7 CPU-seconds for six views without them, 16 with)."""
    return bool(getattr(request.module, "SAVING_DATA", False))


@pytest.fixture(scope="module")
def module_page(browser, request):
    with reused_page(browser, viewport={"width": 1366, "height": 900}, saving_data=saves_data(request)) as tab:
        yield tab


@pytest.fixture
def page(module_page):
    """A page at 1366 x 900 that records console errors and uncaught exceptions in page.errors: the module's
    tab, reset to a fresh page's state (ReusedPage)."""
    module_page.reset()
    yield module_page


PHONE = (390, 844)  # a phone's screen, portrait


def tab_per_size(stack: ExitStack, browser, saving_data: bool):
    """tab(width, height): one tab (ReusedPage) for each viewport size, opened on first use and closed with the
    stack; each call resets it to a fresh page's state. page.errors collects uncaught exceptions."""
    tabs = {}

    def tab(width: int, height: int) -> ReusedPage:
        if (width, height) not in tabs:
            tabs[width, height] = stack.enter_context(reused_page(
                browser, record=("pageerror",), viewport={"width": width, "height": height}, saving_data=saving_data))
        tabs[width, height].reset()
        return tabs[width, height]

    return tab


@pytest.fixture(scope="module")
def sized_page(browser, request):
    """sized_page(width, height): a page of that viewport, reset to a fresh page's state (conftest.ReusedPage);
    page.errors collects uncaught exceptions. One tab per size serves a module's tests."""
    with ExitStack() as stack:
        tab = tab_per_size(stack, browser, saves_data(request))
        yield lambda width, height: nullcontext(tab(width, height))


@pytest.fixture(scope="session")
def visit(browser, live_server):
    """visit(size, lang, tab): the findings of this session's one visit of that view (tests/visits.py), made
    by whichever test asks first, in one tab per screen size of a reader whose browser saves data."""
    import visits

    found: dict[tuple, dict] = {}
    with ExitStack() as stack:
        tab_of = tab_per_size(stack, browser, saving_data=True)

        def seen(size: tuple, lang: str, tab: str) -> dict:
            size = tuple(size)
            if (size, lang, tab) not in found:
                found[size, lang, tab] = visits.observe(tab_of(*size), live_server, size, lang, tab)
            return found[size, lang, tab]

        yield seen


# --- one rule for missing inputs -----------------------------------------------------------------------------


def in_ci() -> bool:
    """CI=true (as .ci/run runs): everything a test needs is installed there."""
    return os.environ.get("CI", "").lower() in ("true", "1")


def require(present, reason: str) -> None:
    """A test's input (the seed article, the plotly bundle, npm tools, Redis, LibreOffice…) must be there:
    on a developer's machine its absence skips the test with the reason; under CI=true, where .ci/run installs
    everything, it fails the test, since a skip there would hide a broken install."""
    if present:
        return
    if in_ci():
        pytest.fail(f"missing under CI=true, where everything is installed: {reason}", pytrace=False)
    pytest.skip(reason)


# --- markers: set from what a test uses, so that a new test cannot forget its own --------------------------

# A test that asks for one of these fixtures (directly or through another fixture) gets the marker.
MARKED_BY_FIXTURE = {
    "browser": "browser",          # Playwright's Chromium: page, module_page, sized_page, visit, watched…
    "live_server": "server",       # gunicorn as the Procfile runs it
    "hostile_server": "server",
    "render": "render",            # kaleido's Chromium or LibreOffice
}
SLOW_MARKERS = ("browser", "server", "render")
# Programs the fast tier (-m "not browser and not server and not render") must never start: a test that starts
# one without its marker fails there, naming what it started (conftest.no_slow_processes).
SLOW_PROGRAM = re.compile(r"chrom|soffice|libreoffice|gunicorn|playwright|lighthouse|celery|redis-server|dashboard\.warm",
                          re.I)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        for fixture, marker in MARKED_BY_FIXTURE.items():
            if fixture in item.fixturenames and not item.get_closest_marker(marker):
                item.add_marker(getattr(pytest.mark, marker))
    # The longest work first (a stable sort: each file keeps its own order), so that no long file starts last
    # and runs alone at the end. Every worker sorts alike, as pytest-xdist requires.
    items.sort(key=lambda item: -COST.get(_scope(item.nodeid), 0))


# --- the slow tier on three workers: .ci/run's `-n 3 --dist loadfile --no-loadscope-reorder` --------------------

# Work units of several files, each run by one worker:
# - "visits": the files that share the session's visits (the `visit` fixture, tests/visits.py) and its hostile
#   server: each view is visited once, and one hostile gunicorn starts;
# - "exports": the files whose servers render exports. Renders take turns on the machine's render slot
#   (background.render_slot) in low-priority children: beside each other, and beside two busy workers, one
#   export waited out the slot and the client's 120 s.
UNITS = {
    "visits": ("test_a11y_browser.py", "test_screens_browser.py", "test_layout_browser.py", "test_first_paint.py",
               "test_security.py"),
    "exports": ("test_exports.py", "test_briefing_browser.py", "test_handout.py", "test_celery.py"),
}
UNIT_OF = {name: unit for unit, names in UNITS.items() for name in names}
# Seconds a work unit took in the slow tier on three workers (CI, a fresh clone), to start the longest first.
# An estimate for ordering only: a file missing here runs after those listed.
COST = {
    "exports": 200, "visits": 150, "tests/test_lighthouse.py": 110, "tests/test_publish_browser.py": 45,
    "tests/test_explore_browser.py": 45, "tests/test_worker_setup.py": 30, "tests/test_deck.py": 30,
    "tests/test_presentation_browser.py": 25, "tests/test_one_page_browser.py": 20,
}


def _scope(nodeid: str) -> str:
    """The work unit of a test: its file, or the unit (UNITS) its file belongs to."""
    path = nodeid.split("::", 1)[0]
    return UNIT_OF.get(Path(path).name, path)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Under --dist loadfile: a file per work unit, but the files of a unit of UNITS in one."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class Units(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _scope(nodeid)

    return Units(config, log)


@pytest.fixture(scope="session")
def render():
    """Ask for this in a test (or a fixture of any scope) that draws with kaleido (Chromium) or LibreOffice: it
    marks the test `render`."""


SEEN_SLOW: list[str] = []  # slow processes found under this session since the last test ended (fast tier only)


def _watch_descendants(stop) -> None:
    """Every 0.1 s, the command lines of this process's descendants that match SLOW_PROGRAM (a child Python,
    such as the CLI run as a subprocess, may start Chromium where subprocess.Popen is not guarded)."""
    import psutil

    me = psutil.Process()
    while not stop.wait(0.1):
        try:
            children = me.children(recursive=True)
        except psutil.Error:
            continue
        for child in children:
            try:
                line = " ".join(child.cmdline()[:3])
            except psutil.Error:
                continue
            if SLOW_PROGRAM.search(line) and line not in SEEN_SLOW:
                SEEN_SLOW.append(line)


@pytest.fixture(autouse=True)
def _no_slow_child(request):
    """In the fast tier, a test during which a slow process ran under this session fails (after it ends)."""
    SEEN_SLOW.clear()
    yield
    if FAST_TIER and SEEN_SLOW:
        seen = list(SEEN_SLOW)
        SEEN_SLOW.clear()
        pytest.fail(f"the fast tier ran {seen}: mark this test browser, server or render", pytrace=False)


FAST_TIER = False


@pytest.fixture(scope="session", autouse=True)
def no_slow_processes(request):
    """When the session runs no test marked browser, server or render (the fast tier), starting Chromium,
    LibreOffice, gunicorn, Playwright, Lighthouse, Celery or Redis fails the test that tries: every child
    process goes through subprocess.Popen (asyncio's and kaleido's too), and a watcher sees what a child
    process starts in turn."""
    global FAST_TIER
    slow = any(item.get_closest_marker(m) for item in request.session.items for m in SLOW_MARKERS)
    if slow:
        yield
        return
    import threading

    FAST_TIER = True
    # The app made in-process (create_app) would draw its first paint's charts with kaleido, at start (its warm-up
    # thread) and on request: here it draws none, as on a machine without Chromium (charts as text in their boxes).
    from dashboard.app import Drawer
    from dashboard.firstpaint import SvgCache

    patch = pytest.MonkeyPatch()
    patch.setattr(SvgCache, "draw_many", lambda self, keys, data=None: [None] * len(keys))
    patch.setattr(Drawer, "_run", lambda self: None)  # nor does the background drawer start (dashboard/warm.py)
    stop = threading.Event()
    watcher = threading.Thread(target=_watch_descendants, args=(stop,), daemon=True)
    watcher.start()
    original = subprocess.Popen.__init__

    def guarded(self, args, *rest, **kwargs):
        words = [str(args)] if isinstance(args, (str, bytes, os.PathLike)) else [str(a) for a in args]
        started = [w for w in words[:3] if SLOW_PROGRAM.search(w)]
        if started:
            SEEN_SLOW.append(started[0])  # fails the test even where the code under test catches the error
            raise RuntimeError(f"the fast tier started {started[0]}: mark this test browser, server or render "
                               "(or ask for the fixture that marks it, conftest.MARKED_BY_FIXTURE)")
        original(self, args, *rest, **kwargs)

    subprocess.Popen.__init__ = guarded
    try:
        yield
    finally:
        subprocess.Popen.__init__ = original
        patch.undo()
        stop.set()
        watcher.join()
        FAST_TIER = False


def markup_texts(markup: str) -> list[str]:
    """The text pieces of server-made markup (a StaticHtml component's html), entities decoded."""
    from html.parser import HTMLParser

    pieces: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = lambda data: pieces.append(data) if data.strip() else None
    parser.feed(markup)
    parser.close()
    return [piece.strip() for piece in pieces]


def markup_links(markup: str) -> list[tuple[str, str]]:
    """(href, text) of every link in server-made markup (a StaticHtml component's html)."""
    from html.parser import HTMLParser

    found: list[list[str]] = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "a":
                found.append([dict(attrs).get("href", ""), ""])

        def handle_data(self, data):
            if found:
                found[-1][1] += data

    parser = Links(convert_charrefs=True)
    parser.feed(markup)
    parser.close()
    return [(href, text.strip()) for href, text in found]


SHOWN = "#tab-content > .pane:not(.pane--hidden)"  # the pane of the view on screen (the others wait out of sight)


def wait_panes_mounted(page, timeout: float = 60_000) -> None:
    """Until mountNext in assets/route.js has mounted every tab's pane and each pane's charts are drawn."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('#tab-content > .pane')].every(p => p.querySelector('.view')"
        " && [...p.querySelectorAll('.chart-cell')].every(c => c.querySelector('.main-svg')))", timeout=timeout)


# --- a chart's highlight, read from its shapes (figures.marks: add_marks, highlight_updates) ----------------------------


def strengths(figure: dict) -> dict[str, float]:
    """Each figure's strength as drawn: 1 less its mark's opacity where the mark is a veil (a bar), or its
    tile's opacity."""
    out = {}
    for shape in figure["layout"].get("shapes", []):
        role, _, fid = (shape.get("name") or "").partition(":")
        if role == "mark":
            veiled = shape.get("fillcolor") == figure["layout"].get("plot_bgcolor", "white")
            out[fid] = round(1 - shape.get("opacity", 1), 2) if veiled else 1.0
        elif role == "tile":
            out[fid] = shape.get("opacity", 1.0)
    return out


def outlined(figure: dict) -> set[str]:
    """The figures drawn with an outline (a bar's mark as an outline, or a tile's line)."""
    return {shape["name"].partition(":")[2] for shape in figure["layout"].get("shapes", [])
            if (shape.get("name") or "").partition(":")[0] in ("mark", "tile")
            and shape.get("opacity", 1) > 0 and (shape.get("line") or {}).get("width")}


def chart_figure(page, chart: str) -> dict:
    """The shown pane's chart as the browser holds it: its layout's shapes and ground, for strengths and outlined."""
    return page.evaluate("chart => { const layout = document.querySelector("
                         f"'{SHOWN} [data-chart=' + chart + '] .js-plotly-plot').layout;"
                         " return {layout: {shapes: layout.shapes || [], plot_bgcolor: layout.plot_bgcolor}}; }", chart)
