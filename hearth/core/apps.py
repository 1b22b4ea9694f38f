from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hearth.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from hearth.core import lookups  # noqa: F401  (registers `__among`)
