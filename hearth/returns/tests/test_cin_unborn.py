"""An unborn child in the CIN census: a pre-birth referral and assessment are returned with the
expected date of birth (no date of birth, sex not known), and once the birth is recorded on the
same record the return carries the date of birth instead. DfE's package finds no errors in
either."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

from hearth.access.tests.factories import UserFactory
from hearth.casework.models import AssessmentFactor
from hearth.casework.tests.factories import AssessmentFactory, CINEpisodeFactory
from hearth.people.services import child_birth_record
from hearth.people.tests.factories import ChildFactory
from hearth.returns.cin import build_cin_xml
from hearth.returns.tests import builders
from hearth.returns.validate import validate_cin

YEAR = "2025-26"
d = dt.date

pytestmark = pytest.mark.django_db


def _unborn_with_pre_birth_assessment():
    builders.authority()
    child = ChildFactory(
        first_name="Baby",
        last_name="Okoro",
        date_of_birth=None,
        expected_date_of_birth=d(2026, 6, 20),
        sex="U",
        upn="",
        upn_unknown_reason="UN1",
    )
    episode = CINEpisodeFactory(
        child=child, referral_date=d(2026, 1, 12), referral_source="3F", primary_need="N1"
    )
    assessment = AssessmentFactory(
        cin_episode=episode,
        start_date=d(2026, 1, 12),
        completed_date=d(2026, 2, 20),
        authorised_date=d(2026, 2, 23),
        child_seen=False,
    )
    AssessmentFactor.objects.create(
        assessment=assessment, code="3A"
    )  # domestic abuse: concerns about the child
    return child


def _child_element(xml: bytes, la_child_id: str):
    root = etree.fromstring(xml)
    for child in root.iter("Child"):
        if child.findtext("ChildIdentifiers/LAchildID") == la_child_id:
            return child
    raise AssertionError(f"{la_child_id} not in the CIN census")


def test_an_unborn_child_is_returned_with_the_expected_date_of_birth_only():
    child = _unborn_with_pre_birth_assessment()
    ids = _child_element(build_cin_xml(year=YEAR), child.la_child_id).find("ChildIdentifiers")
    assert ids.findtext("ExpectedPersonBirthDate") == "2026-06-20"
    assert ids.find("PersonBirthDate") is None
    assert ids.findtext("Sex") == "U"


def test_after_the_birth_the_same_child_is_returned_with_the_date_of_birth():
    child = _unborn_with_pre_birth_assessment()
    child_birth_record(
        child=child,
        expected_version=child.version,
        date_of_birth=d(2026, 3, 30),
        sex="F",
        first_name="Grace",
        last_name="Okoro",
        acting_user=UserFactory(),
    )
    ids = _child_element(build_cin_xml(year=YEAR), child.la_child_id).find("ChildIdentifiers")
    assert ids.findtext("PersonBirthDate") == "2026-03-30"
    assert ids.findtext("Sex") == "F"


@pytest.mark.skipif(
    not Path(settings.VALIDATORS_PYTHON).exists(),
    reason="DfE validators' venv (.venv-validators) not built: run `make validators`",
)
def test_dfe_rules_find_no_error_in_an_unborn_childs_return():
    child = _unborn_with_pre_birth_assessment()
    report = validate_cin(year=YEAR)
    errors = [r.code for r in report.errors if any(f.child_pk == child.pk for f in r.failures)]
    assert errors == [], report.describe_failures()
    assert child.pk not in report.by_child(), report.describe_failures()
