from django.apps import AppConfig


class MacptConfig(AppConfig):
    name = "hearth.macpt"
    label = "macpt"
    verbose_name = "Multi-agency child protection"

    def ready(self) -> None:
        from . import chronology  # noqa: F401  (registers agency contributions in the chronology)
