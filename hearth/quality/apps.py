from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "hearth.quality"
    label = "quality"
    verbose_name = "Quality assurance and feedback"

    def ready(self) -> None:
        from . import chronology  # noqa: F401  (registers chronology sources)
