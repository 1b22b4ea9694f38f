from django.apps import AppConfig


class SSDConfig(AppConfig):
    name = "hearth.ssd"
    label = "ssd"
    verbose_name = "Standard Safeguarding Dataset"
