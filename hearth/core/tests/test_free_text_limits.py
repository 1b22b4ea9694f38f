"""Free text has a length limit, shown as a GOV.UK character count as the user types.

Generated: every multi-line answer on every Hearth form has a ``max_length``; a GOV.UK form
renders it with the character-count component."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from django import forms

import hearth
from hearth.casework.forms import VisitForm
from hearth.core.forms import LONG_TEXT_LIMIT


def _textareas():
    for info in pkgutil.walk_packages(hearth.__path__, "hearth."):
        if not info.name.endswith("forms"):
            continue
        module = importlib.import_module(info.name)
        for _n, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                for name, field in cls.base_fields.items():
                    if isinstance(field.widget, forms.Textarea):
                        yield f"{cls.__module__}.{cls.__name__}.{name}", field


def test_there_are_free_text_answers_to_check():
    assert len(list(_textareas())) > 15


def test_every_free_text_answer_has_a_length_limit():
    assert [label for label, f in _textareas() if not getattr(f, "max_length", None)] == []


def test_a_long_answer_is_rendered_with_a_character_count():
    from crispy_forms.utils import render_crispy_form

    html = render_crispy_form(VisitForm())
    assert html.count('data-module="govuk-character-count"') == 2
    assert f'data-maxlength="{LONG_TEXT_LIMIT}"' in html


def test_an_answer_over_the_limit_is_refused():
    form = VisitForm(data={"observations": "x" * (LONG_TEXT_LIMIT + 1)})
    form.is_valid()
    assert "observations" in form.errors
