from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "hearth.workforce"
    label = "workforce"
    verbose_name = "Workforce"

    def ready(self) -> None:
        from . import chronology  # noqa: F401  (registers chronology sources)
