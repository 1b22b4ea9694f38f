"""A stand-in for DfE's children's social care API, on loopback in a thread (http.server).

It enforces what the published OpenAPI says a client must respect: the bearer token (401),
the CSC schema for the body (400, checked with jsonschema against schema/openapi.json), at
most 100 children per call (413), and a rate limit (429 with Retry-After). Tests can make it
answer 500 from the Nth request on, to fail a run midway. Accepted calls answer 200 with one
receipt per child, ``<date>_<time>_<uuid>`` as the reference client expects.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from jsonschema import Draft202012Validator, FormatChecker

from hearth.dfe_api.schema import openapi

PATH = re.compile(r"^/children_social_care_data/(\d{1,3})/children$")


class Clock:
    """Time that passes only when the client sleeps (so Retry-After costs nothing in tests)."""

    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class StubDfE:
    def __init__(self, *, token="test-token", clock=None, per_window=None, window=60):
        self.token = token
        self.clock = clock or Clock()
        self.per_window = per_window  # requests allowed per window (None: no limit)
        self.window = window
        self.fail_from: int | None = None  # answer 500 from this request number on
        self.requests: list[int] = []  # status of every request, in order
        self.accepted: list[list[dict]] = []  # bodies of accepted requests
        self._window_start = 0.0
        self._window_count = 0
        body_schema = openapi()["components"]["schemas"]["CSC"]
        self.validator = Draft202012Validator(body_schema, format_checker=FormatChecker())
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def accepted_children(self) -> list[str]:
        return [child["la_child_id"] for body in self.accepted for child in body]

    def _answer(self, handler) -> tuple[int, dict, object]:
        if handler.path == "/token":  # OAuth2 client-credentials grant
            length = int(handler.headers.get("Content-Length") or 0)
            form = dict(
                pair.split("=", 1) for pair in handler.rfile.read(length).decode().split("&")
            )
            if form.get("grant_type") != "client_credentials" or form.get("client_secret") != "s":
                return 401, {}, {"error": "invalid_client"}
            return 200, {}, {"access_token": self.token, "token_type": "Bearer"}
        if not PATH.match(handler.path):
            return 404, {}, {"detail": "Not found"}
        if handler.headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {}, {"detail": "Unauthorized Access"}
        number = len(self.requests) + 1
        if self.per_window is not None:
            if self.clock.now - self._window_start >= self.window:
                self._window_start, self._window_count = self.clock.now, 0
            if self._window_count >= self.per_window:
                wait = int(self._window_start + self.window - self.clock.now) + 1
                return 429, {"Retry-After": str(wait)}, {"detail": "Too many requests"}
            self._window_count += 1
        length = int(handler.headers.get("Content-Length") or 0)
        try:
            body = json.loads(handler.rfile.read(length))
        except ValueError:
            return 400, {}, {"detail": "Payload was malformed"}
        if isinstance(body, list) and len(body) > 100:
            return 413, {}, {"detail": "Too many records"}
        errors = [
            f"[{'/'.join(str(p) for p in e.absolute_path)}] {e.message[:200]}"
            for e in self.validator.iter_errors(body)
        ]
        if errors:
            return 400, {}, {"detail": "Payload was malformed", "errors": errors}
        if self.fail_from is not None and number >= self.fail_from:
            return 500, {}, {"detail": "Internal error"}
        self.accepted.append(body)
        return 200, {}, [f"2026-11-29_03:00:00.000000_{uuid.uuid4()}" for _ in body]

    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                status, headers, payload = stub._answer(self)
                stub.requests.append(status)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler
