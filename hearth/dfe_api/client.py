"""HTTP to DfE's children's social care API: one POST per batch, retried with exponential
backoff on 429 and 5xx (and on a dropped connection), honouring ``Retry-After``.

Headers follow the reference client (data-to-insight/dfe-csc-api-data-flows, api_pipeline):
an OAuth2 bearer token (client-credentials grant against DfE's token endpoint, or a token given
directly) and, when DfE issued one, the ``SupplierKey`` header.
"""

from __future__ import annotations

import email.utils
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

RETRYABLE = {429, 500, 502, 503, 504}
MAX_WAIT = 300.0


@dataclass
class Response:
    status: int | None  # None: no answer (connection refused, timeout)
    body: str
    attempts: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def endpoint(*, base_url: str | None = None, la_code: int | None = None) -> str:
    base = (base_url if base_url is not None else settings.DFE_API_BASE_URL).rstrip("/")
    code = la_code if la_code is not None else settings.DFE_API_LA_CODE
    return f"{base}/children_social_care_data/{int(code)}/children"


def bearer_token() -> str:
    """The token from DFE_API_TOKEN, or fetched with the client-credentials grant."""
    if settings.DFE_API_TOKEN:
        return settings.DFE_API_TOKEN
    if not settings.DFE_API_TOKEN_URL:
        return ""
    form = urllib.parse.urlencode(
        {
            "client_id": settings.DFE_API_CLIENT_ID,
            "client_secret": settings.DFE_API_CLIENT_SECRET,
            "scope": settings.DFE_API_SCOPE,
            "grant_type": "client_credentials",
        }
    ).encode()
    req = urllib.request.Request(settings.DFE_API_TOKEN_URL, data=form, method="POST")
    with urllib.request.urlopen(req, timeout=settings.DFE_API_TIMEOUT_SECONDS) as resp:
        return json.loads(resp.read())["access_token"]


def headers(*, token: str) -> dict[str, str]:
    out = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        out["Authorization"] = f"Bearer {token}"
    if settings.DFE_API_SUPPLIER_KEY:
        out["SupplierKey"] = settings.DFE_API_SUPPLIER_KEY
    return out


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def post(
    *,
    url: str,
    body: bytes,
    headers: dict[str, str],
    max_retries: int | None = None,
    backoff: float | None = None,
    sleep=time.sleep,
) -> Response:
    """POST ``body``; retry up to ``max_retries`` times on 429/5xx/no answer.

    The wait is the server's Retry-After when given, else ``backoff * 2**n`` (n = 0, 1, ...),
    never more than five minutes."""
    max_retries = settings.DFE_API_MAX_RETRIES if max_retries is None else max_retries
    backoff = settings.DFE_API_BACKOFF_SECONDS if backoff is None else backoff
    attempt = 0
    while True:
        attempt += 1
        wait_hint = None
        req = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=settings.DFE_API_TIMEOUT_SECONDS) as resp:
                return Response(resp.status, resp.read().decode(errors="replace"), attempt)
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode(errors="replace")
            wait_hint = retry_after(e.headers.get("Retry-After"))
        except (urllib.error.URLError, TimeoutError, ConnectionError) as e:
            status, text = None, f"No answer: {getattr(e, 'reason', e)}"
        if (status is not None and status not in RETRYABLE) or attempt > max_retries:
            return Response(status, text, attempt)
        sleep(min(MAX_WAIT, wait_hint if wait_hint is not None else backoff * 2 ** (attempt - 1)))
