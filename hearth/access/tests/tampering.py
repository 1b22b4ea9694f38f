"""Test-only: act as a database superuser who switches off the audit tables' append-only
triggers (migration 0006), to show that `audit.verify` still catches what they then change.
Hearth's own database role cannot do this in production (docs/security.md)."""

from __future__ import annotations

from contextlib import contextmanager
from importlib import import_module

from django.db import connection

TRIGGERS = import_module("hearth.access.migrations.0006_audit_key_ids_and_append_only")


@contextmanager
def bypassing_the_database():
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET session_replication_role = replica")
            try:
                yield cur
            finally:
                cur.execute("SET session_replication_role = DEFAULT")
        else:
            for statement in TRIGGERS.SQLITE_REMOVE:
                cur.execute(statement)
            try:
                yield cur
            finally:
                for statement in TRIGGERS.SQLITE_INSTALL:
                    cur.execute(statement)
