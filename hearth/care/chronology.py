"""How looked-after, leaving-care and adoption records appear in a child's chronology."""

from hearth.care import models as m
from hearth.core.chronology import Kind, register


def _period(p: m.PeriodOfCare):
    yield p.start_date, "Became looked after", p.get_category_of_need_display()
    if p.end_date:
        yield p.end_date, "Ceased to be looked after", p.get_reason_ceased_display()


def _legal(s: m.LegalStatus):
    yield s.start_date, f"Legal status: {s.get_code_display()}", ""


def _placement(p: m.Placement):
    household = p.carer_household
    name = f"{household.name} ({household.reference})" if household else p.carer_name
    where = f" — {name}" if name else ""
    yield p.start_date, f"Placed: {p.get_place_display()}{where}", p.get_provider_display()
    if p.end_date and p.reason_changed:
        yield p.end_date, "Placement ended", p.get_reason_changed_display()


def _missing(e: m.MissingEpisode):
    yield (
        e.started_at,
        f"{e.get_kind_display()} from {'placement' if e.from_placement else 'home'}",
        "",
    )
    yield e.returned_at, "Returned", ""
    if e.return_interview_offered_at:
        yield e.return_interview_offered_at, "Return interview offered", ""
    if e.return_interview_completed_at:
        yield (
            e.return_interview_completed_at,
            "Return interview completed",
            "\n".join(line for line in _interview_findings(e) if line),
        )


def _interview_findings(e: m.MissingEpisode):
    push = dict(m.MissingEpisode.PUSH_FACTORS)
    pull = dict(m.MissingEpisode.PULL_FACTORS)
    yield e.interview_summary
    if e.push_factors:
        yield "Push factors: " + ", ".join(push.get(f, f) for f in e.push_factors).lower()
    if e.pull_factors:
        yield "Pull factors: " + ", ".join(pull.get(f, f) for f in e.pull_factors).lower()
    if e.exploitation_concern:
        yield "Concern about exploitation"


def _proceedings(p: m.CareProceedings):
    yield p.pre_proceedings_date, "Pre-proceedings (PLO) meeting", ""
    yield p.issued_date, "Care proceedings issued", ""
    if p.final_order_date:
        yield p.final_order_date, f"Final order: {p.get_final_order_display()}", ""


def _adoption(a: m.Adoption):
    yield a.decision_date, "Decision: should be placed for adoption", ""
    yield a.placement_order_date, "Placement order made", ""
    yield a.ffa_date, "Placed in fostering for adoption", ""
    yield a.match_date, "Matched with adopters", ""
    yield a.placed_date, "Placed for adoption", ""
    yield a.adoption_order_date, "Adoption order made", ""
    if a.no_longer_placed_date:
        yield (
            a.no_longer_placed_date,
            "No longer to be placed for adoption",
            a.get_no_longer_reason_display(),
        )


def _dolo(o: m.DeprivationOfLibertyOrder):
    yield o.start_date, "Deprivation of liberty order made", o.court
    if o.end_date:
        yield o.end_date, "Deprivation of liberty order ended", ""


def _pre_proceedings(p: m.PreProceedings):
    yield p.start_date, "Decision to begin pre-proceedings", ""
    yield p.letter_date, "Letter before proceedings sent", ""
    yield p.fgdm_offered_date, "Family network meeting offered", ""
    yield p.fgdm_declined_date, "Family network meeting declined", ""
    yield p.fgdm_held_date, "Family network meeting held", p.fgdm_outcome
    yield p.first_meeting_date, "Pre-proceedings meeting", ""
    if p.decision_date:
        yield p.decision_date, "Pre-proceedings decision", p.get_outcome_display()
    yield p.court_application_date, "Application to court", ""
    yield p.letter_of_issue_date, "Letter to parents: care proceedings begun", ""


def _leaver(c: m.CareLeaverContact):
    parts = [c.get_in_touch_display()]
    if c.activity:
        parts.append(c.get_activity_display())
    if c.accommodation:
        parts.append(c.get_accommodation_display())
    yield c.date, "Care leaver contact", "; ".join(parts)


register(m.PeriodOfCare, kind=Kind.LOOKED_AFTER, events=_period)
register(m.LegalStatus, kind=Kind.LOOKED_AFTER, events=_legal)
register(
    m.Placement, kind=Kind.LOOKED_AFTER, events=_placement, select_related=("carer_household",)
)
register(
    m.LACReview,
    kind=Kind.LOOKED_AFTER,
    events=lambda r: [(r.date, "Looked-after review", r.get_participation_display())],
)
register(
    m.HealthCheck,
    kind=Kind.HEALTH,
    events=lambda h: [
        (h.date, h.get_kind_display(), f"Score {h.sdq_score}" if h.sdq_score is not None else "")
    ],
)
register(
    m.Offence,
    kind=Kind.COURT,
    events=lambda o: [(o.date, f"Youth justice: {o.get_outcome_display().lower()}", "")],
)
register(m.MissingEpisode, kind=Kind.MISSING, events=_missing)
register(
    m.ExploitationRiskAssessment,
    kind=Kind.MISSING,
    events=lambda a: [
        (
            a.date,
            "Exploitation risk assessment",
            f"CSE {a.get_sexual_exploitation_display().lower()}, "
            f"CCE {a.get_criminal_exploitation_display().lower()}; "
            f"review by {a.review_date:%-d %b %Y}",
        )
    ],
)
register(m.CareProceedings, kind=Kind.COURT, events=_proceedings)
register(m.Adoption, kind=Kind.COURT, events=_adoption)
register(m.DeprivationOfLibertyOrder, kind=Kind.COURT, events=_dolo)
register(m.PreProceedings, kind=Kind.COURT, events=_pre_proceedings)


def _kinship(a: m.KinshipArrangement):
    carer = a.carer
    parts = [f"With {carer.first_name} {carer.last_name} ({carer.relationship})"]
    if a.order_date:
        parts.append(f"order made {a.order_date:%-d %b %Y}")
    if a.weekly_allowance is not None:
        parts.append(f"allowance £{a.weekly_allowance} a week")
    detail = "; ".join(parts)
    if a.support_plan:
        detail += f"\n\nSupport plan: {a.support_plan}"
    yield a.start_date, f"Kinship arrangement started: {a.get_kind_display().lower()}", detail
    if a.end_date:
        yield a.end_date, "Kinship arrangement ended", ""


register(m.KinshipArrangement, kind=Kind.LOOKED_AFTER, events=_kinship, select_related=("carer",))
register(
    m.PathwayPlan,
    kind=Kind.CARE_LEAVER,
    events=lambda p: [(p.date, "Pathway plan", f"Review due {p.review_due:%-d %b %Y}")],
)
register(m.CareLeaverContact, kind=Kind.CARE_LEAVER, events=_leaver)
register(
    m.EntitlementsInformation,
    kind=Kind.CARE_LEAVER,
    events=lambda e: [
        (
            e.date,
            "Rights and entitlements explained",
            "Acknowledged by the young person" if e.acknowledged_by_young_person else "",
        )
    ],
)
