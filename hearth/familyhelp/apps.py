from django.apps import AppConfig


class FamilyHelpConfig(AppConfig):
    name = "hearth.familyhelp"
    label = "familyhelp"
    verbose_name = "Family Help"

    def ready(self) -> None:
        from . import chronology  # noqa: F401  (registers Family Help in each child's chronology)
