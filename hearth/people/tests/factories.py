import datetime as dt

import factory

from hearth.people import models
from hearth.people.upn import make_upn


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Child

    # "T" so a sequence number never meets the "C…" IDs some tests give their sample children.
    la_child_id = factory.Sequence(lambda n: f"T{n:07d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = dt.date(2015, 6, 1)
    sex = "M"
    ethnicity = "WBRI"
    upn = factory.Sequence(
        lambda n: make_upn(la_number=874, establishment=2001, year=15, serial=n % 1000)
    )


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Address

    child = factory.SubFactory(ChildFactory)
    postcode = "PE1 1XX"
    start_date = dt.date(2015, 6, 1)


class FamilyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FamilyMember

    child = factory.SubFactory(ChildFactory)
    first_name = factory.Faker("first_name_female", locale="en_GB")
    last_name = factory.SelfAttribute("child.last_name")
    relationship = models.FamilyMember.Relationship.MOTHER
    parental_responsibility = True
    lives_with_child = True


class ProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Professional

    child = factory.SubFactory(ChildFactory)
    name = factory.Faker("name", locale="en_GB")
    role = "Class teacher"
    agency = models.Professional.Agency.SCHOOL
    organisation = "Fenwick Primary School"
    start_date = dt.date(2023, 9, 1)
