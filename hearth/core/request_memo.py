"""Answers worked out once per request (who may see which children), forgotten when it ends.

`RequestMemoMiddleware` opens a fresh memo for each request; outside a request (commands, tests
calling selectors directly) there is none, so nothing is remembered there. A write to what the
answers are made of (an allocation, an access grant, a partner's involvement, a Family Help
lead) empties the memo at once, so a request that changes access and reads it again sees the
change.
"""

from __future__ import annotations

from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("hearth_request_memo", default=None)


def get() -> dict | None:
    return _memo.get()


def forget(**_kwargs) -> None:
    memo = _memo.get()
    if memo:
        memo.clear()


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
