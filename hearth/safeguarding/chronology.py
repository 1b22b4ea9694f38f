"""How the wider safeguarding records appear in a child's chronology."""

from hearth.core.chronology import Kind, register
from hearth.safeguarding import models as m


def _lado(link: m.LadoChild):
    r = link.referral
    # The child's chronology names the allegation's category and the employer's sector, never the
    # adult's name: the LADO register holds that.
    yield (
        r.received_date,
        f"LADO referral about a person working with children ({r.get_sector_display().lower()})",
        f"{r.get_category_display()}. Reference {r.reference}.",
    )
    if r.strategy_meeting_date:
        yield r.strategy_meeting_date, f"LADO strategy meeting ({r.reference})", ""
    if r.outcome:
        yield r.outcome_date, f"LADO outcome: {r.get_outcome_display().lower()} ({r.reference})", ""


def _private_fostering(p: m.PrivateFostering):
    yield (
        p.notified_date,
        f"Private fostering notified by {p.get_notifier_display().lower()}",
        f"Private foster carer: {p.carer_name}"
        + (f", {p.carer_postcode}" if p.carer_postcode else ""),
    )
    if p.assessment_date:
        yield p.assessment_date, f"Private fostering assessed: {p.get_assessment_display()}", ""
    if p.end_date:
        yield p.end_date, f"Private fostering ended: {p.get_end_reason_display().lower()}", ""


def _pf_visit(v: m.PrivateFosteringVisit):
    alone = "spoken to alone" if v.child_seen_alone else "not spoken to alone"
    yield v.date, f"Private fostering visit: child {alone}", v.notes


def _young_carer(y: m.YoungCarer):
    yield (
        y.identified_date,
        f"Identified as a young carer (caring for {y.get_cares_for_display().lower()})",
        y.caring_role,
    )
    if y.assessment_date:
        needs = "support needs identified" if y.needs_identified else "no support needs"
        yield y.assessment_date, f"Young carer's needs assessment: {needs}", y.support
    if y.end_date:
        yield y.end_date, "No longer a young carer", ""


def _homeless(h: m.HomelessPresentation):
    yield (
        h.presented_date,
        f"Presented as homeless to {h.get_presented_to_display().lower()}",
        h.circumstances,
    )
    if h.joint_assessment_date:
        yield h.joint_assessment_date, "Joint housing and children's services assessment", ""
    if h.outcome or h.decision_notes:
        title = (
            f"Homelessness outcome: {h.get_outcome_display()}"
            if h.outcome
            else "Homelessness: decision notes"
        )
        day = h.outcome_date or h.joint_assessment_date or h.presented_date
        yield day, title, h.decision_notes


register(m.LadoChild, kind=Kind.CHILD_PROTECTION, events=_lado, select_related=("referral",))
register(m.PrivateFostering, kind=Kind.SIGNIFICANT, events=_private_fostering)
register(m.PrivateFosteringVisit, kind=Kind.VISIT, events=_pf_visit)
register(m.YoungCarer, kind=Kind.SIGNIFICANT, events=_young_carer)
register(m.HomelessPresentation, kind=Kind.REFERRAL, events=_homeless)
