from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "hearth.education"
    label = "education"
    verbose_name = "Education of children in care"

    def ready(self) -> None:
        from . import chronology  # noqa: F401  (registers chronology sources)
