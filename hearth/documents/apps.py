from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "hearth.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from . import chronology  # noqa: F401  (registers documents in the chronology)
