from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hearth.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from hearth.core import lookups  # noqa: F401  (registers `__among`)
        from hearth.core.authority import ensure_authority

        post_migrate.connect(ensure_authority, sender=self, dispatch_uid="hearth_authority")
