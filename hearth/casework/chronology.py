"""How casework records appear in a child's chronology."""

from hearth.casework import models as m
from hearth.core.chronology import Kind, register


def _contact(c: m.Contact):
    flag = " (child protection)" if c.child_protection else ""
    yield c.received_at, f"Contact from {c.get_source_display().lower()}{flag}", c.reason
    decision = getattr(c, "decision", None)
    if decision is not None:
        yield (
            decision.decided_at,
            f"Front door decision: {decision.get_outcome_display()}",
            decision.rationale,
        )


def _early_help(e: m.EarlyHelpEpisode):
    yield (
        e.start_date,
        "Early help started",
        f"Lead professional {e.lead_professional} ({e.get_lead_agency_display()})",
    )
    yield e.assessment_completed, "Early help assessment completed", ""
    if e.end_date:
        yield e.end_date, f"Early help ended: {e.get_end_reason_display().lower()}", ""


def _cin(e: m.CINEpisode):
    nfa = " — no further action" if e.referral_nfa else ""
    yield (
        e.referral_date,
        f"Referral from {e.get_referral_source_display().lower()}{nfa}",
        (e.get_primary_need_display() if e.primary_need else ""),
    )
    if e.closure_date:
        yield e.closure_date, "Case closed", e.get_closure_reason_display()


def _assessment(a: m.Assessment):
    yield a.start_date, "Assessment started", ""
    if a.completed_date:
        seen = "seen alone" if a.seen_alone else ("seen" if a.child_seen else "not seen")
        yield (
            a.completed_date,
            f"Assessment completed (child {seen})",
            _labelled(("The child's views", a.childs_views), ("Analysis", a.analysis)),
        )
    if a.authorised_date:
        factors = ", ".join(f.get_code_display() for f in a.factors.all())
        yield a.authorised_date, "Assessment authorised", f"Factors: {factors}" if factors else ""


def _assessment_return(r: m.AssessmentReturn):
    yield r.returned_at, "Assessment returned for more work", r.comments


def _cin_plan(p: m.CINPlan):
    yield p.start_date, "Child in need plan started", ""
    yield p.end_date, "Child in need plan ended", ""


def _cin_plan_review(r: m.CINPlanReview):
    yield r.date, f"Child in need plan review: {r.get_outcome_display().lower()}", r.childs_views


def _strategy(s: m.StrategyDiscussion):
    outcome = "section 47 enquiry agreed" if s.section47_agreed else "no section 47 enquiry"
    yield s.date, f"Strategy discussion: {outcome}", s.notes


def _s47(s: m.Section47Enquiry):
    yield s.start_date, "Section 47 enquiry started", ""
    if s.end_date:
        outcome = s.get_outcome_display() if s.outcome else ""
        yield s.end_date, "Section 47 enquiry completed", outcome


def _conference(c: m.ChildProtectionConference):
    result = (
        "plan made"
        if c.kind == c.Kind.INITIAL and c.plan_required
        else ("plan continued" if c.plan_required else "no plan needed")
    )
    yield c.date, f"{c.get_kind_display()}: {result}", ""


def _cp_plan(p: m.CPPlan):
    yield (
        p.start_date,
        f"Child protection plan started ({p.get_initial_category_display().lower()})",
        "",
    )
    if p.end_date:
        yield (
            p.end_date,
            "Child protection plan ended",
            p.get_end_reason_display() if p.end_reason else "",
        )


def _visit(v: m.Visit):
    seen = "seen alone" if v.seen_alone else ("seen" if v.child_seen else "not seen")
    by = f" by {v.worker}" if v.worker_id else ""
    yield (
        v.date,
        f"{v.get_kind_display()}{by}: child {seen}",
        _labelled(
            ("The child's views", v.childs_views), ("What was seen and done", v.observations)
        ),
    )


def _note(n: m.CaseNote):
    if n.status == m.CaseNote.Status.DRAFT:
        return  # a draft is its author's, not yet part of the record
    yield n.occurred_at, f"{n.get_kind_display()}: {n.subject}", n.text


def _oversight(o: m.ManagementOversight):
    yield (
        o.date,
        f"Management oversight by {o.manager}",
        _labelled(("Summary", o.summary), ("Decisions and actions", o.decisions)),
    )


def _labelled(*parts: tuple[str, str]) -> str:
    """Join the non-empty free-text fields of a record, each under its label, so none is hidden."""
    filled = [(label, text.strip()) for label, text in parts if text and text.strip()]
    if len(filled) == 1 and filled[0][0] in ("The child's views", "Summary"):
        return filled[0][1]
    return "\n\n".join(f"{label}: {text}" for label, text in filled)


def _significant(e: m.SignificantEvent):
    yield e.date, e.title, e.detail


register(m.Contact, kind=Kind.FRONT_DOOR, events=_contact, select_related=("decision",))
register(m.EarlyHelpEpisode, kind=Kind.EARLY_HELP, events=_early_help)
register(
    m.FamilyGroupConference,
    kind=Kind.EARLY_HELP,
    events=lambda f: [
        (f.date, "Family group conference", "Family plan agreed" if f.family_plan_agreed else "")
    ],
)
register(m.CINEpisode, kind=Kind.REFERRAL, events=_cin)
register(m.Assessment, kind=Kind.REFERRAL, events=_assessment, prefetch_related=("factors",))
register(m.AssessmentReturn, kind=Kind.REFERRAL, events=_assessment_return)
register(m.CINPlan, kind=Kind.REFERRAL, events=_cin_plan)
register(m.CINPlanReview, kind=Kind.REFERRAL, events=_cin_plan_review)
register(m.StrategyDiscussion, kind=Kind.CHILD_PROTECTION, events=_strategy)
register(m.Section47Enquiry, kind=Kind.CHILD_PROTECTION, events=_s47)
register(m.ChildProtectionConference, kind=Kind.CHILD_PROTECTION, events=_conference)
register(m.CPPlan, kind=Kind.CHILD_PROTECTION, events=_cp_plan)
register(m.Visit, kind=Kind.VISIT, events=_visit, select_related=("worker",))
register(m.CaseNote, kind=Kind.NOTE, events=_note)
register(m.ManagementOversight, kind=Kind.OVERSIGHT, events=_oversight, select_related=("manager",))
register(m.SignificantEvent, kind=Kind.SIGNIFICANT, events=_significant)
