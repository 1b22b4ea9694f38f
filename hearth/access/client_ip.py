"""The real client's address, for the audit log and the sign-in lockout alike.

Behind HEARTH_PROXY_COUNT trusted reverse proxies, each proxy appends the address it received
the connection from to X-Forwarded-For, so the client is the HEARTH_PROXY_COUNT-th entry from
the right; anything to the left of it was written by the client and is not trusted. With no
proxy configured (the default) X-Forwarded-For is ignored and REMOTE_ADDR is the client.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR"))
    proxies = int(getattr(settings, "HEARTH_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        # Fewer hops than proxies: the request did not come through them all. Trust nothing
        # the client could have written.
        return remote
    return _valid(forwarded[-proxies]) or remote
