"""How education records appear in a child's chronology."""

from hearth.core.chronology import Kind, register
from hearth.education import models as m


def _setting(s: m.EducationSetting):
    where = f": {s.school_name}" if s.school_name else ""
    urn = f"School URN {s.school_urn}" if s.school_urn else ""
    yield s.start_date, f"Education: {s.get_kind_display().lower()}{where}", urn


def _pep(p: m.PersonalEducationPlan):
    parts = [f"Quality: {p.get_quality_display().lower()}", p.get_attainment_display()]
    if p.attendance_percent is not None:
        parts.append(f"attendance {p.attendance_percent}%")
    parts.append(p.get_sen_provision_display())
    yield p.date, "Personal education plan", "; ".join(parts) + f"\n\nTargets: {p.targets}"


def _exclusion(e: m.Exclusion):
    days = f"{e.days} school days" if e.days else ""
    where = f" from {e.school_name}" if e.school_name else ""
    yield e.start_date, f"{e.get_kind_display()}{where}", days


register(m.EducationSetting, kind=Kind.EDUCATION, events=_setting)
register(m.PersonalEducationPlan, kind=Kind.EDUCATION, events=_pep)
register(m.Exclusion, kind=Kind.EDUCATION, events=_exclusion)
