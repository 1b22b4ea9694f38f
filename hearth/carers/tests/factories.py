import datetime as dt

import factory

from hearth.carers import models


class CarerHouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CarerHousehold

    reference = factory.Sequence(lambda n: f"FC{n + 1:05d}")
    name = factory.Sequence(lambda n: f"The Okafor household {n}")
    kind = models.CarerHousehold.Kind.MAINSTREAM
    postcode = "PE3 6AB"
    enquiry_date = dt.date(2024, 1, 10)
    assessment_start_date = dt.date(2024, 2, 1)
    status = models.CarerHousehold.Status.APPROVED
    approval_date = dt.date(2024, 7, 1)
    approved_places = 2
    age_from = 0
    age_to = 18
    care_types = factory.LazyFunction(lambda: ["short_term", "long_term"])


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.HouseholdMember

    household = factory.SubFactory(CarerHouseholdFactory)
    role = models.HouseholdMember.Role.CARER
    first_name = "Grace"
    last_name = "Okafor"
    sex = "F"
    ethnicity = "BAFR"
    disability = False


class CarerReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CarerReview

    household = factory.SubFactory(CarerHouseholdFactory)
    date = dt.date(2025, 6, 20)
    outcome = models.CarerReview.Outcome.CONTINUE
