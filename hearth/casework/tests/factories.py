import datetime as dt

import factory
from django.utils import timezone

from hearth.casework import models
from hearth.people.tests.factories import ChildFactory


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contact

    child = factory.SubFactory(ChildFactory)
    received_at = factory.LazyFunction(lambda: timezone.make_aware(dt.datetime(2024, 1, 8, 10, 0)))
    source = "1A"
    reason = "School reports bruising on the child's arm."


class CINEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CINEpisode

    child = factory.SubFactory(ChildFactory)
    referral_date = dt.date(2024, 1, 8)
    referral_source = "1A"
    primary_need = "N1"


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Assessment

    cin_episode = factory.SubFactory(CINEpisodeFactory)
    child = factory.SelfAttribute("cin_episode.child")
    start_date = factory.SelfAttribute("cin_episode.referral_date")


class CPPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CPPlan

    cin_episode = factory.SubFactory(CINEpisodeFactory)
    child = factory.SelfAttribute("cin_episode.child")
    start_date = dt.date(2024, 2, 1)
    initial_category = "NEG"
    latest_category = "NEG"


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Visit

    child = factory.SubFactory(ChildFactory)
    kind = models.Visit.Kind.CIN
    date = dt.date(2024, 2, 5)
    child_seen = True
    seen_alone = True
    childs_views = "I like my new school but I miss my nan."


class SignificantEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SignificantEvent

    child = factory.SubFactory(ChildFactory)
    date = dt.date(2024, 3, 1)
    title = "Moved house"
