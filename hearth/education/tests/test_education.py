"""The education of children in care: school year, where a child is educated (missing
education and home education included), personal education plans and when they fall due,
exclusions, the virtual school page and the indicators built on the same rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hearth.access.models import AuditEntry
from hearth.care.tests.factories import PeriodOfCareFactory
from hearth.casework import clocks
from hearth.casework.tests.conftest import date_parts
from hearth.core.chronology import chronology_for
from hearth.education import selectors, services
from hearth.education.models import EducationSetting, PersonalEducationPlan
from hearth.education.tests.factories import (
    EducationSettingFactory,
    ExclusionFactory,
    PersonalEducationPlanFactory,
)
from hearth.insight.indicators import REGISTRY
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
d = dt.date
DAY = d(2025, 3, 3)
SEPTEMBER = d(2024, 9, 2)


def _in_care(dob, start=SEPTEMBER, **child):
    c = ChildFactory(date_of_birth=dob, **child)
    PeriodOfCareFactory(child=c, start_date=start)
    return c


@pytest.mark.parametrize(
    ("dob", "day", "year"),
    [
        (d(2020, 8, 31), d(2025, 3, 3), 0),  # 4 on 31 Aug 2024: Reception
        (d(2019, 9, 1), d(2025, 3, 3), 0),
        (d(2019, 8, 31), d(2025, 3, 3), 1),
        (d(2009, 1, 5), d(2025, 3, 3), 11),
        (d(2009, 1, 5), d(2025, 9, 3), 12),
    ],
)
def test_school_year_follows_the_age_on_31_august(dob, day, year):
    assert selectors.school_year(dob, day) == year


def test_the_virtual_school_follows_children_in_care_in_reception_to_year_11():
    pupil = _in_care(d(2014, 2, 1))
    _in_care(d(2021, 2, 1))  # nursery age
    _in_care(d(2008, 2, 1))  # Year 12
    ChildFactory(date_of_birth=d(2014, 2, 1))  # not in care
    assert [p.child_id for p in selectors.pupils_on(day=DAY)] == [pupil.pk]


def test_a_pep_falls_due_10_working_days_into_care_then_each_term():
    c = _in_care(d(2014, 2, 1), start=d(2025, 2, 3))
    [p] = selectors.pupils_on(day=d(2025, 2, 10))
    assert p.pep_due == clocks.PEP_INITIAL.due(d(2025, 2, 3)) == d(2025, 2, 17)
    assert p.pep_in_date
    [p] = selectors.pupils_on(day=d(2025, 2, 18))
    assert not p.pep_in_date
    PersonalEducationPlanFactory(child=c, date=d(2025, 2, 14))
    [p] = selectors.pupils_on(day=d(2025, 3, 1))
    assert p.pep_due == d(2025, 6, 14) and p.pep_in_date


def test_a_pep_from_an_earlier_period_of_care_does_not_count():
    c = ChildFactory(date_of_birth=d(2014, 2, 1))
    PersonalEducationPlanFactory(child=c, date=d(2024, 6, 1))
    PeriodOfCareFactory(child=c, start_date=d(2025, 1, 6))
    [p] = selectors.pupils_on(day=DAY)
    assert p.pep is None and not p.pep_in_date


def test_attendance_exclusions_and_flags_come_from_the_latest_records():
    c = _in_care(d(2014, 2, 1))
    PersonalEducationPlanFactory(child=c, date=d(2024, 10, 1), attendance_percent=97)
    PersonalEducationPlanFactory(child=c, date=d(2025, 1, 20), attendance_percent=Decimal("88.5"))
    ExclusionFactory(child=c, start_date=d(2025, 2, 3))
    ExclusionFactory(child=c, start_date=d(2024, 6, 3))  # the academic year before
    EducationSettingFactory(child=c, kind="cme", school_name="", school_urn="")
    [p] = selectors.pupils_on(day=DAY)
    assert p.attendance == Decimal("88.5") and p.persistently_absent
    assert (p.suspensions, p.permanent) == (1, 0)
    assert p.missing_education and not p.home_educated


def test_a_new_education_setting_ends_the_last_and_both_appear_in_the_chronology(
    child, social_worker
):
    services.education_setting_change(
        child=child,
        kind="school",
        school_name="Jack Hunt School",
        school_urn="110822",
        start_date=d(2024, 9, 4),
        acting_user=social_worker.user,
    )
    services.education_setting_change(
        child=child, kind="ehe", start_date=d(2025, 1, 6), acting_user=social_worker.user
    )
    first, second = EducationSetting.objects.filter(child=child).order_by("start_date")
    assert first.end_date == d(2025, 1, 6) and second.end_date is None
    titles = [e.title for e in chronology_for(child=child)]
    assert "Education: on a school roll: Jack Hunt School" in titles
    assert "Education: electively home educated" in titles
    with pytest.raises(ValidationError):
        services.education_setting_change(
            child=child, kind="cme", start_date=d(2025, 1, 1), acting_user=social_worker.user
        )


def test_recording_a_pep_through_the_page(sw_client, child):
    page = sw_client.post(reverse("pep_add", args=[child.pk]), {})
    body = page.content.decode()
    assert "There is a problem" in body and "Enter the PEP&#x27;s targets" in body
    assert 'class="govuk-character-count"' in body or "govuk-character-count" in body
    response = sw_client.post(
        reverse("pep_add", args=[child.pk]),
        {
            **date_parts("date", d(2025, 1, 20)),
            "quality": "good",
            "attendance_percent": "92.5",
            "attainment": "expected",
            "sen_provision": "K",
            "targets": "Improve times tables <b>fluency</b>",
        },
    )
    assert response.status_code == 302
    pep = PersonalEducationPlan.objects.get(child=child)
    assert pep.attendance_percent == Decimal("92.5")
    chronology = sw_client.get(reverse("child_chronology", args=[child.pk])).content.decode()
    assert escape("Improve times tables <b>fluency</b>") in chronology


def test_the_virtual_school_page_lists_the_managers_children_and_is_audited(tm_client, child):
    PeriodOfCareFactory(child=child, start_date=d(2024, 9, 2))
    PersonalEducationPlanFactory(child=child, date=timezone.localdate(), attendance_percent=85)
    ChildFactory(first_name="Hidden", date_of_birth=d(2014, 1, 1))
    page = tm_client.get(reverse("virtual_school"))
    assert page.status_code == 200
    assert [p.child_id for p in page.context["pupils"]] == [child.pk]
    assert page.context["summary"]["persistently_absent"] == 1
    entry = AuditEntry.objects.get(what__startswith="Virtual school")
    assert entry.detail["children"] == [child.pk]


def test_the_education_indicators_count_the_virtual_schools_rows():
    good = _in_care(d(2014, 2, 1))
    PersonalEducationPlanFactory(child=good, date=d(2025, 1, 20), attendance_percent=96)
    late = _in_care(d(2013, 2, 1))
    PersonalEducationPlanFactory(
        child=late, date=d(2024, 9, 20), attendance_percent=80, quality="inadequate"
    )
    ExclusionFactory(child=late, start_date=d(2025, 2, 1))
    home = _in_care(d(2012, 2, 1))
    EducationSettingFactory(child=home, kind="ehe", school_name="", school_urn="")

    def value(key):
        return REGISTRY[key].compute(as_of=DAY, population=50_000)

    pep = value("pep-in-date")
    assert (pep.numerator, pep.denominator) == (1, 3)
    assert value("pep-attendance").value == 88
    absent = value("persistent-absence")
    assert (absent.numerator, absent.denominator) == (1, 2)
    assert value("cla-excluded").numerator == 1
    assert value("cla-cme-ehe").breakdown == [("Electively home educated", 1)]
    quality = value("pep-quality")
    assert (quality.numerator, quality.denominator) == (1, 2)
