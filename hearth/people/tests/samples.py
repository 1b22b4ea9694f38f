"""Sample objects for the child-details URLs in the access matrix and audit completeness tests:
each takes the access tests' `world` and returns the URL kwargs for the sample child."""

from __future__ import annotations


def address(world):
    from hearth.people.tests.factories import AddressFactory

    return {"pk": world.child.pk, "address_pk": AddressFactory(child=world.child).pk}


def family_member(world):
    from hearth.people.tests.factories import FamilyMemberFactory

    return {"pk": world.child.pk, "member_pk": FamilyMemberFactory(child=world.child).pk}


def professional(world):
    from hearth.people.tests.factories import ProfessionalFactory

    return {"pk": world.child.pk, "professional_pk": ProfessionalFactory(child=world.child).pk}
