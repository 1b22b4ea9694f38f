"""Realistic mixes of signed-in practitioners for `make bench` (headless, loopback only).

Session cookies are minted by the bench before the run (a signed-in, two-factor-verified
session per synthetic user) and passed in HEARTH_BENCH_SESSIONS, so the load measures the pages,
not the sign-in form."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re

from locust import HttpUser, between, constant, task

SESSIONS = json.loads(os.environ.get("HEARTH_BENCH_SESSIONS", "[]"))
TRIVIAL = os.environ.get("HEARTH_BENCH_TRIVIAL") == "1"
# Seconds a user pauses between pages: "0" (the default) sends the next request as soon as the
# last answered (saturation); "1-5" is a brisk working pace (reading a record takes longer).
PAUSE = os.environ.get("HEARTH_BENCH_PAUSE", "0")


class Practitioner(HttpUser):
    wait_time = (
        between(*(float(x) for x in PAUSE.split("-"))) if "-" in PAUSE else constant(float(PAUSE))
    )

    def on_start(self) -> None:
        if TRIVIAL:
            return
        me = random.choice(SESSIONS)
        self.client.cookies.set("sessionid", me["session"])
        self.children = me["children"]  # never empty: the bench skips users with none
        self.surnames = me["surnames"] or ["Smith"]
        self.manager = me.get("role") == "team_manager"

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

    @task(2)
    def dashboard(self) -> None:
        # A manager's team page (due and overdue work, caseloads); a worker's own work list.
        if not TRIVIAL:
            if self.manager:
                self._get("/team/", "dashboard (team / my work)")
            else:
                self._get("/my-work/", "dashboard (team / my work)")

    @task(1)
    def form_submit(self) -> None:
        """Open the significant-event form, then submit it (CSRF token from the page)."""
        if TRIVIAL:
            return
        url = f"/children/{self._child()}/events/add/"
        with self.client.get(url, name="form (open)", catch_response=True) as page:
            match = CSRF.search(page.text or "")
            if page.status_code != 200 or match is None:
                page.failure(f"{page.status_code}: no form at {page.url}")
                return
        day = dt.date.today() - dt.timedelta(days=random.randint(0, 30))
        data = {
            "csrfmiddlewaretoken": match.group(1),
            "title": "Load test: school reported a concern",
            "date_0": str(day.day),
            "date_1": str(day.month),
            "date_2": str(day.year),
        }
        with self.client.post(
            url, data=data, name="form submit", catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code != 302:
                response.failure(f"{response.status_code}: not saved")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
