"""The served app: health check and error shape under the Procfile's gunicorn."""

import json
import urllib.error
import urllib.request

from conftest import figure_rows


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_healthz(live_server):
    status, body = get(f"{live_server}/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok", "figures": figure_rows()}


def test_index_serves_the_app_shell_with_no_cdn(live_server):
    status, body = get(f"{live_server}/?tab=jobs")
    assert status == 200
    assert "_dash-renderer" in body or "dash_renderer" in body
    assert "cdn" not in body.lower() and "unpkg" not in body.lower()
