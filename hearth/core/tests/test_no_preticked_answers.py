"""No statutory answer is pre-ticked: a practitioner must choose "Was the child seen?" and every
other radio question themselves, so a default can never be recorded as their answer.

Generated: every radio field on every Hearth form starts with no value, unless it is listed in
``NOT_STATUTORY`` with the reason a default is harmless."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from django import forms

import hearth

NOT_STATUTORY: dict[str, str] = {}


def _radio_fields():
    for info in pkgutil.walk_packages(hearth.__path__, "hearth."):
        if not info.name.endswith(".forms"):
            continue
        module = importlib.import_module(info.name)
        for _n, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                for name, field in cls.base_fields.items():
                    if isinstance(field.widget, forms.RadioSelect):
                        yield f"{cls.__module__}.{cls.__name__}.{name}", field


def test_the_forms_have_radio_questions_to_check():
    assert len(list(_radio_fields())) > 10


def test_no_radio_question_starts_answered():
    preticked = [
        label
        for label, field in _radio_fields()
        if field.initial not in (None, "") and label not in NOT_STATUTORY
    ]
    assert preticked == []


def test_the_exemptions_are_still_radio_questions():
    labels = {label for label, _ in _radio_fields()}
    assert set(NOT_STATUTORY) <= labels


def test_a_new_assessment_does_not_pre_tick_was_the_child_seen(client, db):
    """The model's default (child seen) is not offered as the worker's answer."""
    from django.urls import reverse

    from hearth.access.tests.signin import force_login_verified
    from hearth.casework.tests.factories import AssessmentFactory, CINEpisodeFactory
    from hearth.people.tests.factories import ChildFactory
    from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

    worker = WorkerFactory()
    child = ChildFactory()
    AllocationFactory(child=child, worker=worker)
    a = AssessmentFactory(cin_episode=CINEpisodeFactory(child=child))
    assert a.child_seen is True  # the stored default the form must not show as an answer
    force_login_verified(client, worker.user)
    response = client.get(reverse("assessment_edit", args=[child.pk, a.pk]))
    form = response.context["form"]
    assert form["child_seen"].value() is None
    assert form["seen_alone"].value() is None
