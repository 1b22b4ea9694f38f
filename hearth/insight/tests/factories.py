"""Factories for records the shared factories do not cover yet (built on them)."""

from __future__ import annotations

import datetime as dt

import factory

from hearth.care import models as care
from hearth.casework import models as cw
from hearth.casework.tests.factories import CINEpisodeFactory
from hearth.people.tests.factories import ChildFactory
from hearth.workforce import models as wf
from hearth.workforce.tests.factories import TeamFactory, WorkerFactory


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cw.FrontDoorDecision

    outcome = cw.FrontDoorDecision.Outcome.REFERRAL


class StrategyDiscussionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cw.StrategyDiscussion

    cin_episode = factory.SubFactory(CINEpisodeFactory)
    child = factory.SelfAttribute("cin_episode.child")
    date = dt.date(2025, 4, 10)


class Section47Factory(factory.django.DjangoModelFactory):
    class Meta:
        model = cw.Section47Enquiry

    cin_episode = factory.SubFactory(CINEpisodeFactory)
    child = factory.SelfAttribute("cin_episode.child")
    start_date = dt.date(2025, 4, 10)


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = cw.ChildProtectionConference

    cin_episode = factory.SubFactory(CINEpisodeFactory)
    child = factory.SelfAttribute("cin_episode.child")
    kind = cw.ChildProtectionConference.Kind.INITIAL
    date = dt.date(2025, 5, 6)


class CareLeaverContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = care.CareLeaverContact

    child = factory.SubFactory(ChildFactory)
    in_touch = "YES"
    activity = "F2"
    accommodation = "B1"


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = wf.Post

    team = factory.SubFactory(TeamFactory)
    title = factory.Sequence(lambda n: f"Social worker post {n}")
    role = wf.Worker.Role.SOCIAL_WORKER
    start_date = dt.date(2020, 1, 1)


class PostHoldingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = wf.PostHolding

    post = factory.SubFactory(PostFactory)
    worker = factory.SubFactory(WorkerFactory)
    start_date = dt.date(2020, 1, 6)


class SupervisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = wf.Supervision

    worker = factory.SubFactory(WorkerFactory)
    supervisor = factory.SubFactory(WorkerFactory)
    date = dt.date(2026, 3, 20)
