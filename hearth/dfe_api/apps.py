from django.apps import AppConfig


class DfeApiConfig(AppConfig):
    name = "hearth.dfe_api"
    label = "dfe_api"
    verbose_name = "DfE children's social care API feed"
