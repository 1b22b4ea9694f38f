"""How case audits, their actions and complaints appear in a child's chronology."""

from hearth.core.chronology import Kind, register
from hearth.quality import models as m


def _audit(a: m.CaseAudit):
    if a.completed_date:
        parts = [
            f"Strengths: {a.strengths}" if a.strengths else "",
            f"Learning: {a.learning}" if a.learning else "",
            f"Themes: {a.themes}" if a.themes else "",
        ]
        yield (
            a.completed_date,
            f"Case audit ({a.programme}): {a.get_overall_grade_display()}",
            "\n\n".join(p for p in parts if p),
        )
    moderation = getattr(a, "moderation", None)
    if moderation is not None and moderation.archived_at is None:
        verdict = (
            "agreed" if moderation.agrees else f"graded {moderation.get_moderated_grade_display()}"
        )
        yield moderation.date, f"Case audit moderated: {verdict}", moderation.comment


def _action(a: m.AuditAction):
    owner = a.owner.get_full_name() or a.owner.username
    yield a.set_date, f"Audit action for {owner}, due {a.due_date:%-d %b %Y}", a.description
    if a.completed_date:
        yield a.completed_date, "Audit action completed", a.completion_note


def _complaint(c: m.Complaint):
    yield c.received_date, f"{c.get_kind_display()} received ({c.get_made_by_display()})", c.summary


register(
    m.CaseAudit,
    kind=Kind.OVERSIGHT,
    events=_audit,
    select_related=("programme", "moderation"),
)
register(m.AuditAction, kind=Kind.OVERSIGHT, events=_action, select_related=("owner",))
register(m.Complaint, kind=Kind.SIGNIFICANT, events=_complaint)
