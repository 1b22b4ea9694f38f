"""“Not archived” is written once: `RecordQuerySet.live()` (and `core.models.live` for a queryset
whose class is not a RecordQuerySet). A filter on a *related* record's archive date
(``assessment__archived_at__isnull=True``, in an aggregate's ``filter=Q(...)``) has no manager
to call and is allowed; an inline ``archived_at__isnull=True`` on the record itself, or another
``_live`` helper, is not (issue #15)."""

from __future__ import annotations

import re
from pathlib import Path

import hearth

ROOT = Path(hearth.__file__).parent
KERNEL = "core/models.py"
INLINE = re.compile(r"(?<![\w_])archived_at__isnull\s*=\s*True")
HELPER = re.compile(r"^\s*def _?live\(", re.MULTILINE)


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        rel = path.relative_to(ROOT).as_posix()
        if rel != KERNEL:
            yield rel, path.read_text()


def test_the_pattern_tells_a_record_filter_from_a_related_one():
    assert INLINE.search("Child.objects.filter(archived_at__isnull=True)")
    assert not INLINE.search("filter(assessment__archived_at__isnull=True)")
    assert HELPER.search("def _live(qs):\n")


def test_no_inline_live_filter_outside_the_kernel():
    offenders = [
        f"{rel}:{text.count(chr(10), 0, m.start()) + 1}"
        for rel, text in _sources()
        for m in INLINE.finditer(text)
        # a database constraint's condition (Meta) is not a read: there is no queryset to call
        if "condition=Q(" not in text[text.rfind(chr(10), 0, m.start()) : m.end()]
    ]
    assert offenders == [], "use .live() (or hearth.core.models.live) instead"


def test_no_second_live_helper():
    assert [rel for rel, text in _sources() if HELPER.search(text)] == []
