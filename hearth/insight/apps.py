from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "hearth.insight"
    label = "insight"
    verbose_name = "Insight and inspection readiness"
    default_auto_field = "django.db.models.BigAutoField"
