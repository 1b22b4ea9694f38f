from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "hearth.safeguarding"
    label = "safeguarding"
    verbose_name = "Wider safeguarding"

    def ready(self) -> None:
        from . import chronology  # noqa: F401  (registers chronology sources)
