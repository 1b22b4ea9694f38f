from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "hearth.care"
    label = "care"
    verbose_name = "Care"

    def ready(self) -> None:
        from . import chronology  # noqa: F401  (registers chronology sources)
