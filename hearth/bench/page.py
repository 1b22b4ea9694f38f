"""Time one page in a fresh process: the first request (cold: empty cache, nothing loaded) and
then repeated requests (warm: the cache filled by the first).

    python -m hearth.bench.page /insight/ --role senior_leader --warm 5

The last line of stdout is JSON: {"url", "status", "cold": seconds, "warm": [seconds, ...]}.
The request goes through the whole middleware stack as a signed-in, two-factor-verified user
of the role (DEBUG off), exactly as the browser's would, minus the network.
"""

from __future__ import annotations

import argparse
import json
import os
import time


def signed_in_client(*, role: str = "", user=None):
    """A test client signed in (and two-factor verified) as ``user``, or the first active user
    with ``role``."""
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from hearth.access.models import User

    if user is None:
        user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
    if user is None:
        raise SystemExit(f"no active user with role {role}")
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--role", default="senior_leader")
    parser.add_argument("--warm", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache

    cache.clear()
    client = signed_in_client(role=args.role)
    start = time.perf_counter()
    response = client.get(args.url, HTTP_HOST="127.0.0.1")
    cold = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{args.url} answered {response.status_code}")
    warm = []
    for _ in range(args.warm):
        start = time.perf_counter()
        client.get(args.url, HTTP_HOST="127.0.0.1")
        warm.append(time.perf_counter() - start)
    print(json.dumps({"url": args.url, "status": response.status_code, "cold": cold, "warm": warm}))


if __name__ == "__main__":
    main()
