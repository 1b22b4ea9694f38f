"""What each role may *do*: the one table of capabilities, and `may()` to ask it.

Reads go through `hearth.access.selectors` (who may see which child). Writes need more: the
role must hold the capability, and the user must be *involved* with the child (allocated to
them or their team, or holding a named or break-glass grant) unless the role holds that
capability authority-wide. A front-door practitioner may record a referral on any child they
can see, but may not move a placement or close the case of a child they are not working with.

Every POST to a child URL is checked here by `ChildWriteMiddleware` using `CHILD_WRITES`
(URL name → capability); a child URL missing from that table is refused (fail closed).
"""

from __future__ import annotations

from hearth.access.models import (
    PARTNER_ROLES,
    NamedAccessRequest,
    PartnerInvolvement,
    User,
)
from hearth.access.selectors import (
    TEAM_SCOPED,
    involvement_purposes,
    managed_team_ids,
    teams_of_child,
)

R = User.Role

# Capabilities ---------------------------------------------------------------------------------
RECORD = "child.record"  # notes, visits, events, documents, health, missing, plans
REFER = "child.refer"  # referrals, strategy discussions, starting early help
CLOSE = "child.close"  # closing a case, ending early help, a CP plan or care
PLACEMENT = "child.placement"  # starting care, changing placement or legal status, proceedings
REVIEW = "child.review"  # conferences and looked-after reviews (chaired by IROs)
MANAGE = "child.manage"  # authorising, management oversight, removing documents
ALLOCATE = "child.allocate"  # allocating a case (the view also limits which children)
APPROVE_NAMED_ACCESS = "grants.approve"  # approving a named person on a restricted record
REQUEST_NAMED_ACCESS = "grants.request"  # asking for someone to be named on a restricted record
RESOLVE_DUPLICATES = "frontdoor.resolve_duplicates"
CARERS = "carers.manage"  # foster carer and adopter households: `may_work_with_carers`
FOSTERING_SUFFICIENCY = "carers.sufficiency"  # the aggregate fostering sufficiency page
VIRTUAL_SCHOOL = "education.virtual_school"  # the virtual school head's list of children
# Multi-agency work (CWS Act 2026, Families First):
CONTRIBUTE = "child.contribute"  # an agency's contribution to a strategy discussion or S47
MACPT = "child.macpt"  # who is in a child's MACPT work and who is the lead CP practitioner
FAMILY_HELP_LEAD = "child.family_help_lead"  # run the family's Family Help plan as its lead
LADO = "lado.manage"  # the LADO register: allegations against people who work with children
REPORTS = "reports.read"  # corporate parenting and partnership reports (aggregates only)
REPORT_COMMENTARY = "reports.commentary"  # the director's commentary on a report
REPORT_GENERATE = "reports.generate"  # generating a new report for a period

_PRACTICE = {RECORD, REFER, CLOSE, PLACEMENT, REVIEW, CONTRIBUTE}

# role → capabilities held for children the user is involved with
INVOLVED: dict[str, frozenset[str]] = {
    R.SOCIAL_WORKER: frozenset(_PRACTICE),
    R.TEAM_MANAGER: frozenset(_PRACTICE | {MANAGE, ALLOCATE}),
    R.FRONT_DOOR: frozenset({RECORD, REFER, CLOSE}),
    R.IRO: frozenset({RECORD, REVIEW}),
    R.PERSONAL_ADVISER: frozenset({RECORD, REFER, CLOSE}),
    R.EARLY_HELP: frozenset({RECORD, REFER, CLOSE}),
    R.SENIOR_LEADER: frozenset(_PRACTICE | {MANAGE, ALLOCATE}),
    R.ADMIN: frozenset(),
    R.ANALYST: frozenset(),
    R.AUDITOR: frozenset(),
    # Partner agencies: contribute to the multi-agency work they are part of, and (as a Family
    # Help lead) run a family's plan; never close a case, change care or manage a record.
    # What they hold for a child is further limited by their involvement's purpose
    # (PURPOSE_CAPABILITIES below).
    R.PARTNER_POLICE: frozenset({CONTRIBUTE, FAMILY_HELP_LEAD}),
    R.PARTNER_HEALTH: frozenset({CONTRIBUTE, FAMILY_HELP_LEAD}),
    R.PARTNER_EDUCATION: frozenset({CONTRIBUTE, FAMILY_HELP_LEAD}),
    R.PARTNER_VOLUNTARY: frozenset({CONTRIBUTE, FAMILY_HELP_LEAD}),
    R.ELECTED_MEMBER: frozenset(),
}
for _role in (R.SOCIAL_WORKER, R.TEAM_MANAGER, R.SENIOR_LEADER):
    INVOLVED[_role] = INVOLVED[_role] | {MACPT, FAMILY_HELP_LEAD}
INVOLVED[R.EARLY_HELP] = INVOLVED[R.EARLY_HELP] | {FAMILY_HELP_LEAD}

_P = PartnerInvolvement.Purpose
# A partner's capabilities for a child are their role's, limited to what the purposes of their
# active involvements with that child need (a referrer's involvement gives none).
PURPOSE_CAPABILITIES: dict[str, frozenset[str]] = {
    _P.MACPT_MEMBER: frozenset({CONTRIBUTE}),
    _P.LEAD_CP_PRACTITIONER: frozenset({CONTRIBUTE}),
    _P.FAMILY_HELP_LEAD: frozenset({CONTRIBUTE, FAMILY_HELP_LEAD}),
    _P.REFERRER: frozenset(),
}

# The child pages (URL names) a partner may open at all, for a child their involvement opens;
# every other child URL is a 404 for them (`PartnerScopeMiddleware`), whatever the view does.
PARTNER_CHILD_URLS: set[str] = {
    "partner_child",
    "strategy_detail",
    "strategy_contribution_add",
    "section47_detail",
    "section47_contribution_add",
    # Family Help (`hearth.familyhelp`): the lead runs the family's assessment, plan and reviews.
    "family_help",
    "family_help_assessment",
    "family_help_plan",
    "family_help_review",
}

# role → capabilities held for every child the user may see, involved or not
AUTHORITY_WIDE: dict[str, frozenset[str]] = {
    R.FRONT_DOOR: frozenset({REFER}),  # the MASH takes referrals about any child
    R.TEAM_MANAGER: frozenset({ALLOCATE}),  # unallocated cases belong to no team yet
    R.SENIOR_LEADER: frozenset({MANAGE, ALLOCATE}),
}

# role → capabilities that are not about one child's record
GENERAL: dict[str, frozenset[str]] = {
    R.ADMIN: frozenset({REQUEST_NAMED_ACCESS}),
    # RESOLVE_DUPLICATES: for team managers, only those who manage a front-door team
    # (`hearth.casework.worklist.possible_duplicates_for`).
    R.TEAM_MANAGER: frozenset(
        {
            REQUEST_NAMED_ACCESS,
            APPROVE_NAMED_ACCESS,
            RESOLVE_DUPLICATES,
            FOSTERING_SUFFICIENCY,
            VIRTUAL_SCHOOL,
        }
    ),
    R.SENIOR_LEADER: frozenset(
        {
            REQUEST_NAMED_ACCESS,
            APPROVE_NAMED_ACCESS,
            RESOLVE_DUPLICATES,
            CARERS,
            FOSTERING_SUFFICIENCY,
            VIRTUAL_SCHOOL,
            LADO,
            REPORTS,
            REPORT_COMMENTARY,
            REPORT_GENERATE,
        }
    ),
    R.AUDITOR: frozenset({APPROVE_NAMED_ACCESS}),  # information governance
    # The LADO sits in the front door (MASH): the register is theirs; senior leaders oversee it.
    R.FRONT_DOOR: frozenset({LADO}),
    R.ANALYST: frozenset({FOSTERING_SUFFICIENCY, REPORTS, REPORT_GENERATE}),
    # Elected members read the corporate parenting report: aggregates, never a child.
    R.ELECTED_MEMBER: frozenset({REPORTS}),
}
# Social workers and team managers hold CARERS only in a fostering or adoption team
# (`may_work_with_carers`).
CARER_TEAM_KINDS = frozenset({"fostering", "adoption"})

# Roles that may allocate a case authority-wide (an unallocated case belongs to no team yet).
ALLOCATING_ROLES = frozenset(role for role, caps in AUTHORITY_WIDE.items() if ALLOCATE in caps)

# Named role sets -------------------------------------------------------------------------------
# Every set of roles a page or service checks is defined here (or, for who sees which child, in
# `hearth.access.selectors`) and imported, never written out again: the menu
# (`hearth.core.navigation`) and the pages read the same sets, so they cannot disagree.
# `hearth/access/tests/test_role_sets.py` fails on a role-set literal anywhere else.

# Managers: the roles holding MANAGE (authorising assessments, management oversight, returning
# work); the team page.
MANAGER_ROLES = frozenset(role for role, caps in INVOLVED.items() if MANAGE in caps)
# Who records contacts at the front door (and sees its queue).
FRONT_DOOR_ROLES = frozenset({R.FRONT_DOOR, R.SOCIAL_WORKER}) | MANAGER_ROLES
# Who holds a caseload of their own (My work).
CASELOAD_ROLES = TEAM_SCOPED | {R.IRO}
# Performance dashboards, inspection readiness (reading), the returns pages and data quality.
PERFORMANCE_ROLES = frozenset({R.ANALYST, R.SENIOR_LEADER, R.TEAM_MANAGER})
# Who sees the whole authority's figures (every team's page), not only the teams they manage.
AUTHORITY_FIGURES_ROLES = frozenset({R.ANALYST, R.SENIOR_LEADER})
# Who keeps the self-assessment and builds the inspection pack.
INSPECTION_LEAD_ROLES = AUTHORITY_FIGURES_ROLES
# Who administers the workforce (posts, workers, teams).
WORKFORCE_ADMIN_ROLES = frozenset({R.ADMIN, R.SENIOR_LEADER})
# Who reads the oversight logs (information sharing, break-glass accesses): managers for their
# teams, and the information-governance auditor.
OVERSIGHT_LOG_ROLES = MANAGER_ROLES | {R.AUDITOR}
# Who may lead a child's child protection work: a registered LA social worker (the guidance),
# or their manager (`hearth.macpt`).
LEAD_CP_PRACTITIONER_ROLES = frozenset({R.SOCIAL_WORKER, R.TEAM_MANAGER})
# Who may be chosen as a Family Help Lead Practitioner: LA practitioners and partner-agency users
# (a partner practitioner who does not sign in is recorded by name and agency).
FAMILY_HELP_LEAD_ROLES = (
    frozenset({R.SOCIAL_WORKER, R.TEAM_MANAGER, R.EARLY_HELP, R.FRONT_DOOR, R.PERSONAL_ADVISER})
    | PARTNER_ROLES
)
# Case audits and feedback (`hearth.quality`): who runs programmes and writes surveys, who may
# audit or moderate a case, who records feedback, complaints and survey links.
AUDIT_PROGRAMME_ROLES = frozenset({R.TEAM_MANAGER, R.SENIOR_LEADER})
CASE_AUDITOR_ROLES = AUDIT_PROGRAMME_ROLES | {R.IRO}
FEEDBACK_ROLES = CASE_AUDITOR_ROLES | {R.SOCIAL_WORKER}

# POST to a child URL (by URL name) → the capability it needs. Names in EXEMPT do their own,
# stricter checks and are listed so the generated test can tell a decision from an omission.
CHILD_WRITES: dict[str, str] = {
    "early_help_add": REFER,
    "referral_add": REFER,
    "strategy_add": REFER,
    "fgc_add": RECORD,
    "assessment_start": RECORD,
    "assessment_edit": RECORD,
    "cin_plan_add": RECORD,
    "cin_plan_review_add": RECORD,
    "section47_complete": RECORD,
    "visit_add": RECORD,
    "event_add": RECORD,
    "case_note_add": RECORD,
    "case_note_edit": RECORD,
    "health_check_add": RECORD,
    "missing_add": RECORD,
    "return_interview": RECORD,
    "exploitation_add": RECORD,
    "pathway_plan_add": RECORD,
    "care_leaver_contact_add": RECORD,
    "entitlements_add": RECORD,
    "document_add": RECORD,
    "sharing_add": RECORD,
    # Family Help: the family's pages sit under each child's URL; the views also require the
    # user to see every child of the family and hold the capability for each before they change
    # the family's records. Running the plan is the lead's (an LA practitioner or a partner).
    "family_help_start": REFER,
    "family_help_assessment": FAMILY_HELP_LEAD,
    "family_help_plan": FAMILY_HELP_LEAD,
    "family_help_review": FAMILY_HELP_LEAD,
    "family_help_event": REFER,
    "family_help_end": CLOSE,
    "macpt_member_add": MACPT,
    "macpt_member_end": MACPT,
    "macpt_lead": MACPT,
    "strategy_contribution_add": CONTRIBUTE,
    "section47_contribution_add": CONTRIBUTE,
    "child_identity_edit": RECORD,
    "child_birth_record": RECORD,
    "child_details_edit": RECORD,
    "child_address_add": RECORD,
    "child_address_edit": RECORD,
    "family_member_add": RECORD,
    "family_member_edit": RECORD,
    "professional_add": RECORD,
    "professional_edit": RECORD,
    "adoption_add": PLACEMENT,
    "early_help_end": CLOSE,
    "case_close": CLOSE,
    "cp_plan_end": CLOSE,
    "care_end": CLOSE,
    "care_start": PLACEMENT,
    "placement_change": PLACEMENT,
    "legal_status_change": PLACEMENT,
    "proceedings_add": PLACEMENT,
    "deprivation_of_liberty": PLACEMENT,
    "kinship": PLACEMENT,
    "education_setting": RECORD,
    "pep_add": RECORD,
    "exclusion_add": RECORD,
    "pre_proceedings": PLACEMENT,
    # Wider safeguarding (issue 18): notifications and presentations are taken like referrals
    # (the front door receives them about any child); the follow-up is casework.
    "private_fostering": REFER,
    "private_fostering_visit": RECORD,
    "private_fostering_assess": RECORD,
    "private_fostering_end": CLOSE,
    "young_carer": RECORD,
    "homeless": REFER,
    "conference_add": REVIEW,
    "lac_review_add": REVIEW,
    "assessment_authorise": MANAGE,
    "assessment_return": MANAGE,
    "oversight_add": MANAGE,
    "child_merge": MANAGE,  # and MANAGE on the duplicate, checked in the view
    "document_remove": RECORD,  # the view further limits it to the author or a manager
    "allocate": ALLOCATE,
    # Moving an entry recorded on the wrong child is a manager's act (and the right child must
    # be one they may see: `casework.corrections.entry_move`).
    "entry_move": MANAGE,
    # The REST API checks these in its views (`hearth.api.views._child_to_change`).
    "api_case_notes": RECORD,
    "api_case_note": RECORD,
}
EXEMPT: dict[str, str] = {
    "break_glass": "for people not involved, by design; needs a recorded reason",
    "named_people": "restricted-record administration: its own request/approval rules",
    "named_person_remove": "restricted-record administration: administrators only",
    "named_access_decide": "approval of a named person: APPROVE_NAMED_ACCESS, checked in view",
    # Either of two capabilities: the author holding RECORD, or a manager overseeing the child
    # holding MANAGE (an authorised entry: the manager only). `casework.corrections.
    # correction_refusal` decides, in the view and again in the action.
    "entry_correct": "author with RECORD or overseeing manager with MANAGE, checked in action",
    "entry_strike": "author with RECORD or overseeing manager with MANAGE, checked in action",
}


def role_capabilities(role: str) -> frozenset[str]:
    return INVOLVED.get(role, frozenset()) | GENERAL.get(role, frozenset())


def is_involved(*, user: User, child) -> bool:
    """Whether the user works with the child: allocated to them (or, for team roles, to a team
    they belong to or manage), leading the child's open Family Help, or holding an active named
    or break-glass grant (a case-audit grant lets an auditor read the record, not change it)."""
    from hearth.access.selectors import scope_of

    if user.role in PARTNER_ROLES:
        return bool(
            involvement_purposes(user=user, child=child) - {PartnerInvolvement.Purpose.REFERRER}
        )
    # Worked out with the user's visibility and kept with it (`access.selectors.Scope`).
    return child.pk in scope_of(user=user).involved


def may(user: User, capability: str, *, child=None) -> bool:
    """Whether the user may do `capability` (to `child`, for capabilities about one child).

    The child must already be visible to the user (callers fetch it through `access_child`)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if child is None:
        return capability in GENERAL.get(user.role, frozenset())
    if capability in AUTHORITY_WIDE.get(user.role, frozenset()):
        return True
    if capability not in INVOLVED.get(user.role, frozenset()):
        return False
    if user.role in PARTNER_ROLES:
        return any(
            capability in PURPOSE_CAPABILITIES.get(purpose, frozenset())
            for purpose in involvement_purposes(user=user, child=child)
        )
    return is_involved(user=user, child=child)


def may_decide_named_access(*, user: User, item: NamedAccessRequest) -> bool:
    """A second person with the approval capability: a manager of one of the child's teams, a
    senior leader or information governance; never the requester or the person to be named."""
    if not may(user, APPROVE_NAMED_ACCESS):
        return False
    if user.pk in {item.requested_by_id, item.user_id}:
        return False
    if user.role == User.Role.TEAM_MANAGER:
        return bool(managed_team_ids(user=user) & teams_of_child(child=item.child))
    return True


def named_access_requests_to_decide(*, user: User) -> list[NamedAccessRequest]:
    """Pending requests this user may approve or refuse (never their own)."""
    pending = NamedAccessRequest.objects.filter(
        status=NamedAccessRequest.Status.PENDING
    ).select_related("child", "user", "requested_by")
    return [item for item in pending if may_decide_named_access(user=user, item=item)]


PREPARE_RETURNS_ROLES = AUTHORITY_FIGURES_ROLES
"""Who prepares statutory returns and their feeds (exports, validation, the DfE API log)."""


def holder_of(capability: str):
    """A test of a user: whether their role holds ``capability`` (for the menu)."""

    def holds(user: User) -> bool:
        return capability in role_capabilities(user.role)

    return holds


def may_prepare_returns(user: User) -> bool:
    return user.is_authenticated and user.role in PREPARE_RETURNS_ROLES


def may_work_with_carers(user: User) -> bool:
    """Foster carer and adopter households are the fostering and adoption teams' work: their
    social workers and managers, and senior leaders. No child's record is reached through them
    (a placement is made from the child's record, by the child's social worker)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if CARERS in GENERAL.get(user.role, frozenset()):
        return True
    if user.role not in (R.SOCIAL_WORKER, R.TEAM_MANAGER):
        return False
    worker = getattr(user, "worker", None)
    return worker is not None and worker.team.kind in CARER_TEAM_KINDS


def may_see_fostering_sufficiency(user: User) -> bool:
    return may_work_with_carers(user) or may(user, FOSTERING_SUFFICIENCY)
