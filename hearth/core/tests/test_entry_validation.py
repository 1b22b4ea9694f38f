"""Names and postcodes are validated at entry, on every model and every form that takes them.

Generated: every CharField called ``*postcode*`` or ``name``/``*_name`` on a Hearth model, and
every form field of the same names on a Hearth form, must carry the matching validator (or be in
``EXEMPT`` with the reason). Values reaching Annex A and the SSDA903 tables start here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

import hearth
from hearth.core.validators import (
    validate_no_formula,
    validate_organisation_name,
    validate_person_name,
    validate_uk_postcode,
)

NAME_VALIDATORS = {validate_person_name, validate_organisation_name, validate_no_formula}
EXEMPT = {
    "access.User.first_name": "Django's user model; neutralised at every export",
    "access.User.last_name": "Django's user model; neutralised at every export",
    "returns.ReturnJob.result_name": "a file name Hearth makes",
    "insight.StatisticalNeighbour.la_name": "DfE's published statistical neighbours",
    "insight.InspectionOutcome.la_name": "Ofsted's published outcomes",
    "core.Authority.name": "the operator's configuration",
    "documents.Document.stored_name": "a random id Hearth makes",
    "documents.Document.original_name": "the uploaded file's name: shown escaped, sent back only "
    "as the download's file name, never written to a spreadsheet",
}


def _kind(name: str) -> str | None:
    if "postcode" in name:
        return "postcode"
    if name == "name" or name.endswith("_name"):
        return "name"
    return None


def _model_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("hearth."):
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.CharField) and not f.choices and _kind(f.name):
                yield f"{model._meta.label}.{f.name}", f


def _form_fields():
    for info in pkgutil.walk_packages(hearth.__path__, "hearth."):
        if not info.name.endswith(".forms"):
            continue
        module = importlib.import_module(info.name)
        for _n, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                for name, field in cls.base_fields.items():
                    if isinstance(field, forms.CharField) and _kind(name):
                        yield f"{cls.__module__}.{cls.__name__}.{name}", field


def _missing(fields):
    missing = []
    for label, f in fields:
        if label in EXEMPT:
            continue
        wanted = (
            {validate_uk_postcode}
            if _kind(label.rsplit(".", 1)[1]) == "postcode"
            else NAME_VALIDATORS
        )
        if not any(v is w for v in f.validators for w in wanted):
            missing.append(label)
    return missing


def test_every_model_name_and_postcode_field_is_validated():
    fields = list(_model_fields())
    assert len(fields) > 10
    assert not _missing(fields)


def test_every_form_name_and_postcode_field_is_validated():
    fields = list(_form_fields())
    assert any(label.endswith("ContactForm.first_name") for label, _f in fields)
    assert not _missing(fields)


def test_the_exemptions_are_still_fields():
    labels = {label for label, _f in _model_fields()}
    assert set(EXEMPT) <= labels


@pytest.mark.parametrize("value", ['=HYPERLINK("//evil")', '<meta http-equiv=refresh content="0">'])
def test_the_front_door_refuses_a_child_name_that_is_a_formula_or_markup(value):
    from hearth.casework.forms import ContactForm

    form = ContactForm(data={"first_name": value, "last_name": "Smith"})
    form.is_valid()
    assert "first_name" in form.errors


def test_a_placement_postcode_must_be_a_postcode_and_is_stored_in_the_standard_form():
    from hearth.care.forms import PlacementFields

    bad = PlacementFields(data={"place": "U1", "provider": "PR1", "postcode": "=1+1"})
    assert not bad.is_valid()
    assert "postcode" in bad.errors
    good = PlacementFields(data={"place": "U1", "provider": "PR1", "postcode": "pe1 1xx"})
    assert good.is_valid(), good.errors
    assert good.placement()["postcode"] == "PE1 1XX"


def test_a_worker_name_that_is_a_formula_is_refused():
    from hearth.workforce.forms import WorkerForm

    form = WorkerForm(data={"first_name": "+cmd", "last_name": "@SUM(A1)"})
    form.is_valid()
    assert {"first_name", "last_name"} <= set(form.errors)


@pytest.mark.django_db
def test_a_record_saved_through_full_clean_refuses_a_formula_home_postcode():
    from hearth.care.tests.factories import PeriodOfCareFactory

    period = PeriodOfCareFactory()
    period.home_postcode = "=1+1"
    with pytest.raises(ValidationError) as raised:
        period.full_clean()
    assert "home_postcode" in raised.value.message_dict
