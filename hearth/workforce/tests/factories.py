import datetime as dt

import factory

from hearth.access.tests.factories import UserFactory
from hearth.workforce import models


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Team

    name = factory.Sequence(lambda n: f"Safeguarding team {n}")
    kind = models.Team.Kind.SAFEGUARDING


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Worker

    user = factory.SubFactory(UserFactory)
    staff_id = factory.Sequence(lambda n: f"S{n:05d}")
    first_name = factory.SelfAttribute("user.first_name")
    last_name = factory.SelfAttribute("user.last_name")
    role = models.Worker.Role.SOCIAL_WORKER
    qualification = models.Worker.Qualification.SOCIAL_WORK
    employment = models.Worker.Employment.PERMANENT
    team = factory.SubFactory(TeamFactory)
    start_date = dt.date(2020, 1, 6)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Allocation

    child = factory.SubFactory("hearth.people.tests.factories.ChildFactory")
    worker = factory.SubFactory(WorkerFactory)
    team = factory.SelfAttribute("worker.team")
    start_date = dt.date(2024, 1, 8)
