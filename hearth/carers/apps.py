from django.apps import AppConfig


class CarersConfig(AppConfig):
    name = "hearth.carers"
    label = "carers"
    verbose_name = "Foster carers and adopters"
