"""Realistic mixes of signed-in practitioners for `make bench` (headless, loopback only).

Session cookies are minted by the bench before the run (a signed-in, two-factor-verified
session per synthetic user) and passed in HEARTH_BENCH_SESSIONS, so the load measures the pages,
not the sign-in form."""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, between, task

SESSIONS = json.loads(os.environ.get("HEARTH_BENCH_SESSIONS", "[]"))
TRIVIAL = os.environ.get("HEARTH_BENCH_TRIVIAL") == "1"


class Practitioner(HttpUser):
    wait_time = between(0, 0)

    def on_start(self) -> None:
        if TRIVIAL:
            return
        me = random.choice(SESSIONS)
        self.client.cookies.set("sessionid", me["session"])
        self.children = me["children"]  # never empty: the bench skips users with none
        self.surnames = me["surnames"] or ["Smith"]

    @task(1)
    def trivial(self) -> None:
        if TRIVIAL:
            self.client.get("/healthz", name="trivial /healthz")

    def _get(self, url: str, name: str) -> None:
        # A page that bounced to sign-in is a failure, not a fast page.
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200 or "/sign-in" in response.url:
                response.failure(f"{response.status_code} at {response.url}")

    def _child(self) -> int:
        return random.choice(self.children)

    @task(4)
    def caseload(self) -> None:
        if not TRIVIAL:
            self._get("/", "caseload /")

    @task(6)
    def child_record(self) -> None:
        if not TRIVIAL:
            self._get(f"/children/{self._child()}/", "child record")

    @task(3)
    def chronology(self) -> None:
        if not TRIVIAL:
            self._get(f"/children/{self._child()}/chronology/", "chronology")

    @task(2)
    def search(self) -> None:
        if not TRIVIAL:
            self._get(f"/children/?q={random.choice(self.surnames)}", "search")
