from django.apps import AppConfig


class PartnershipConfig(AppConfig):
    name = "hearth.partnership"
    label = "partnership"
    verbose_name = "Corporate parenting and partnership reporting"
