"""Exports under a crowd: rendered once per release and view, identical requests joined, jobs capped in all
and per client with 429 and Retry-After, a render-slot wait that ends, finished job processes reaped."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import DATA


@pytest.fixture
def app(monkeypatch, tmp_path):
    """The app in this process, its own cache folder, and a stand-in renderer that counts (and can be slowed)."""
    from dashboard import app as app_module
    from dashboard import briefing

    monkeypatch.setenv("DASHBOARD_WARM", "0")
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path / "cache"))
    log = tmp_path / "rendered.txt"  # renders run in a child process: counted in a file
    log.touch()
    delay = {"seconds": 0.0}

    def export_view(data, view, kind, *, lang="zh", base_url="", progress=None, data_dir=None):
        with open(log, "a") as handle:
            handle.write(f"{kind} {view.query()} {lang}\n")
        time.sleep(delay["seconds"])
        return {f"x.{kind}": f"{kind} {view.query()} {base_url}".encode()}

    monkeypatch.setattr(briefing, "export_view", export_view)
    dashboard = app_module.create_app(DATA, first_paint_svg=False)
    dashboard.rendered = lambda: log.read_text().splitlines()
    dashboard.delay = delay
    return dashboard


def test_an_export_is_rendered_once_then_served_from_the_cache_by_every_worker(app):
    """In a low-priority process of its own (the pages keep the cores), once; then from the shared cache."""
    from dashboard import app as app_module

    client = app.server.test_client()
    first = client.get("/export/briefing.pptx?tab=jobs")
    again = client.get("/export/briefing.pptx?tab=jobs&utm=1")  # the same view: refused, not rendered
    second = client.get("/export/briefing.pptx?tab=jobs")
    other_worker = app_module.create_app(DATA, first_paint_svg=False).server.test_client()
    third = other_worker.get("/export/briefing.pptx?tab=jobs")
    assert first.status_code == second.status_code == third.status_code == 200 and again.status_code == 400
    assert first.data == second.data == third.data
    assert app.rendered() == ["pptx ?tab=jobs zh"]


def test_identical_requests_join_the_running_render(app):
    """The second request waits for the first one's render: it takes no place in the queue (one is left here)."""
    from dashboard.background import JobQueue

    app.delay["seconds"] = 1.0
    queue = JobQueue(str(DATA.resolve()))
    others = [queue.take(f"192.0.2.{n}") for n in range(3)]  # 3 of the machine's 4 places taken
    client = app.server.test_client()
    try:
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda _: client.get("/export/charts.zip?tab=talent"), range(2)))
    finally:
        for ticket in others:
            queue.give_back(ticket)
    assert [a.status_code for a in answers] == [200, 200] and answers[0].data == answers[1].data
    assert app.rendered() == ["zip ?tab=talent zh"]


def test_beyond_the_queue_or_a_clients_share_an_export_is_429_with_retry_after(app, tmp_path):
    from dashboard.background import JobQueue

    queue = JobQueue(str(DATA.resolve()))
    queue.folder = tmp_path / "q"
    mine = [queue.take("10.0.0.1") for _ in range(3)]
    assert mine[0] and mine[1] and mine[2] is None  # two per client
    others = [queue.take(f"10.0.0.{n}") for n in range(2, 5)]
    assert others[0] and others[1] and others[2] is None  # four in all
    queue.give_back(mine[0])
    assert queue.take("10.0.0.9")

    from dashboard import background

    full = JobQueue(str(DATA.resolve()))
    tickets = [full.take(f"192.0.2.{n}") for n in range(4)]  # the machine's queue, full
    try:
        response = app.server.test_client().get("/export/briefing.pptx?tab=overview")
        assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
        assert response.json["status"] == 429 and app.rendered() == []
    finally:
        for ticket in tickets:
            full.give_back(ticket)
    assert background.JobQueue(str(DATA.resolve())).held() == 0
    assert app.server.test_client().get("/export/briefing.pptx?tab=overview").status_code == 200


def test_waiting_for_the_render_slot_ends_with_a_clear_answer(app, tmp_path):
    from dashboard.background import SlotBusy, render_slot

    held, release = threading.Event(), threading.Event()

    def hold():
        with render_slot(str(DATA.resolve())):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        held.wait(10)
        started = time.monotonic()
        with pytest.raises(SlotBusy), render_slot(str(DATA.resolve()), timeout=0.5):
            pass
        assert time.monotonic() - started < 5
    finally:
        release.set()
        holder.join()


def test_finished_job_processes_are_reaped_and_give_their_tickets_back(app):
    """A job process forked by the export callback's manager is waited for once it ends (no zombie) and its
    queue ticket is returned."""
    import flask
    import psutil

    from dashboard.background import JobQueue
    from dashboard.briefing import EXPORT_OUTPUT

    manager = app.callback_map[EXPORT_OUTPUT]["manager"]
    queue = JobQueue(str(DATA.resolve()))
    with app.server.test_request_context("/_dash-update-component", method="POST"):
        flask.g.export_ticket = queue.take("127.0.0.1")
        pid = manager.call_job_fn("k", lambda *args: None, (), {})
    assert queue.held() == 1
    deadline = time.monotonic() + 20
    while psutil.Process(pid).status() != psutil.STATUS_ZOMBIE and time.monotonic() < deadline:
        time.sleep(0.1)
    app.server.test_client().post("/_dash-update-component", json={})  # any callback request reaps
    assert not psutil.pid_exists(pid) and queue.held() == 0


def test_an_export_renders_in_a_low_priority_process_of_its_own(app, monkeypatch):
    """Not on the worker's thread: the pages keep the worker and, on a busy machine, the cores."""
    import os

    from dashboard import briefing

    monkeypatch.setattr(briefing, "export_view", lambda data, view, kind, **_: {
        "x.zip": f"{os.getpid()} {os.nice(0)}".encode()})
    pid, nice = app.server.test_client().get("/export/charts.zip?tab=science_popularization").data.split()
    assert int(pid) != os.getpid() and int(nice) >= os.nice(0) + 10
