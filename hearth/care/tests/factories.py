import datetime as dt

import factory

from hearth.care import models
from hearth.people.tests.factories import ChildFactory


class PeriodOfCareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PeriodOfCare

    child = factory.SubFactory(ChildFactory)
    start_date = dt.date(2024, 4, 2)
    category_of_need = "N1"
    home_postcode = "PE1 1XX"


class LegalStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LegalStatus

    period = factory.SubFactory(PeriodOfCareFactory)
    child = factory.SelfAttribute("period.child")
    code = "C2"
    start_date = factory.SelfAttribute("period.start_date")


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Placement

    period = factory.SubFactory(PeriodOfCareFactory)
    child = factory.SelfAttribute("period.child")
    place = "U4"
    provider = "PR1"
    postcode = "PE2 5XX"
    urn = "SC123456"
    start_date = factory.SelfAttribute("period.start_date")


class DeprivationOfLibertyOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DeprivationOfLibertyOrder

    child = factory.SubFactory(ChildFactory)
    start_date = dt.date(2026, 5, 1)
    court = "High Court (inherent jurisdiction)"


class PreProceedingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PreProceedings

    child = factory.SubFactory(ChildFactory)
    start_date = dt.date(2026, 9, 9)
