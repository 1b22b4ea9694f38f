from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "hearth.sharing"
    label = "sharing"
    verbose_name = "Information sharing"

    def ready(self) -> None:
        from . import chronology  # noqa: F401  (registers sharing decisions in the chronology)
