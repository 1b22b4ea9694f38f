from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "hearth.access"
    label = "access"
    verbose_name = "Access"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from . import checks, signals  # noqa: F401
        from .audit import connection_setup

        connection_created.connect(connection_setup, dispatch_uid="hearth_audit_sqlite")
