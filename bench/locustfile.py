"""Locust users replaying a recorded browser session (bench/record.py): first load, then tab switches.

Run through bench/load.py, which records the session, starts the Procfile's gunicorn on loopback and
runs locust headless for a bounded time. LOAD_RECORDING names the recording file.
"""

from __future__ import annotations

import json
import os
import random
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

with open(os.environ["LOAD_RECORDING"], encoding="utf-8") as recording:
    RECORDING = json.load(recording)
STEPS = RECORDING["steps"]


@events.test_start.add_listener
def loopback_only(environment, **_):
    host = urlsplit(environment.host or "").hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"load test refuses a non-loopback host: {host}")


class Browser(HttpUser):
    """One person: opens the dashboard (every file a browser with an empty cache fetches), then clicks."""

    wait_time = between(1, 3)

    def on_start(self):
        for path in RECORDING["gets"]:
            name = path.split("?")[0] if path.startswith(("/_dash-component-suites", "/assets")) else path
            self.client.get(path, name=f"load {name}")
        self.replay("start", RECORDING["start"])

    def replay(self, step: str, bodies: list[dict]):
        for body in bodies:
            with self.client.post("/_dash-update-component", json=body, name=f"{step} → {body['output']}",
                                  catch_response=True) as response:
                if response.status_code == 204:
                    response.success()
                elif response.status_code != 200:
                    response.failure(f"HTTP {response.status_code}")
                elif "response" not in response.json():
                    response.failure("no callback response in the body")

    @task
    def interact(self):
        name = random.choice(list(STEPS))
        self.replay(name.split(":")[0], STEPS[name])
