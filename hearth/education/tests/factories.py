import datetime as dt

import factory

from hearth.education import models
from hearth.people.tests.factories import ChildFactory


class EducationSettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EducationSetting

    child = factory.SubFactory(ChildFactory)
    kind = models.EducationSetting.Kind.SCHOOL
    school_name = "Orton Longueville School"
    school_urn = "110821"
    start_date = dt.date(2024, 9, 4)


class PersonalEducationPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PersonalEducationPlan

    child = factory.SubFactory(ChildFactory)
    date = dt.date(2025, 1, 20)
    quality = models.PersonalEducationPlan.Quality.GOOD
    attendance_percent = 95
    attainment = models.PersonalEducationPlan.Attainment.EXPECTED
    sen_provision = models.SenProvision.NONE
    targets = "Read for 20 minutes every evening."


class ExclusionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Exclusion

    child = factory.SubFactory(ChildFactory)
    kind = models.Exclusion.Kind.SUSPENSION
    start_date = dt.date(2025, 2, 3)
    days = 2
