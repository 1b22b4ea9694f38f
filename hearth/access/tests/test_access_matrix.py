"""Every URL by every role → the response the table says, generated from the URLconf.

Adding a URL without adding it to EXPECTED fails the suite: decide who may use it first.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hearth.access import permissions
from hearth.access.models import User
from hearth.casework.tests import access_samples as _samples
from hearth.familyhelp.tests import samples as _familyhelp_samples
from hearth.insight.tests import samples as _insight_samples
from hearth.macpt.tests import samples as _macpt_samples
from hearth.people.tests import samples as _people_samples
from hearth.quality.tests import samples as _quality_samples
from hearth.returns.tests import samples as _returns_samples
from hearth.safeguarding.tests import samples as _sg_samples

pytestmark = pytest.mark.django_db

R = User.Role
ROLES = list(R)
ANON = "anonymous"
SIGN_IN = 302  # anonymous users are sent to sign in

CASE_ROLES = {R.SOCIAL_WORKER, R.TEAM_MANAGER, R.FRONT_DOOR, R.IRO, R.PERSONAL_ADVISER}
CHILD_A_VISIBLE = CASE_ROLES | {R.SENIOR_LEADER}  # the sample child is allocated in team A


def row(default: int, anonymous: int = SIGN_IN, **by_role: int) -> dict:
    """One table row: every role gets `default` unless named; role names are User.Role values."""
    table = {role: by_role.get(role.value, default) for role in ROLES}
    table[ANON] = anonymous
    return table


_FRONT_DOOR = ("front_door", "social_worker", "team_manager", "senior_leader")
_INSIGHT = {"analyst": 200, "senior_leader": 200, "team_manager": 200}
_RETURNS = {"analyst": 200, "senior_leader": 200}
_LEADS = {"team_manager": 200, "senior_leader": 200}
_AUDITORS = {**_LEADS, "iro": 200}
_FEEDBACK = {**_AUDITORS, "social_worker": 200}
_PARTNERS = ("partner_police", "partner_health", "partner_education", "partner_voluntary")
_LADO = {"front_door": 200, "senior_leader": 200}
_REPORTS = {"elected_member": 200, "senior_leader": 200, "analyst": 200}


def child_page(allowed: int = 200) -> dict:
    return row(404, **{role.value: allowed for role in CHILD_A_VISIBLE})


# url name → (sample object for the pattern's kwargs, expected status by role)
EXPECTED: dict[str, tuple[str | None, dict]] = {
    "healthz": (None, row(200, anonymous=200)),
    "login": (None, row(302, anonymous=200)),  # signed-in users are sent on
    "logout": (None, row(405)),  # POST only
    "two_factor_setup": (None, row(302)),  # already set up and verified: sent on
    "two_factor_recovery_codes": (None, row(302)),  # shown once, straight after set-up
    "two_factor_verify": (None, row(302)),  # already verified: sent on
    "keep_alive": (None, row(405)),  # POST only
    "home": (None, row(302)),  # each role is sent to its own work (core.navigation.LANDING)
    "child_search": (
        None,
        row(200, admin=403, auditor=403, analyst=403, elected_member=403),
    ),
    "child_summary": ("child", child_page()),
    "child_chronology": ("child", child_page()),
    "child_chronology_csv": ("child", child_page()),
    # Those who can already see the child are sent to the record; no glass for other roles.
    "break_glass": ("child", child_page(allowed=302)),
    "child_viewers": (
        "child",
        row(
            404,
            social_worker=403,
            front_door=403,
            iro=403,
            personal_adviser=403,
            team_manager=200,
            senior_leader=200,
        ),
    ),
    "named_people": ("restricted", row(404, admin=200)),
    "named_person_remove": ("named_grant", row(405)),  # POST only
    # A second person approves naming someone on a restricted record (managers, IG).
    "named_access_requests": (None, row(403, team_manager=200, senior_leader=200, auditor=200)),
    "named_access_decide": (lambda world: {"request_pk": 1}, row(405)),  # POST only
    "break_glass_report": (None, row(403, team_manager=200, senior_leader=200, auditor=200)),
    "restricted_records": (None, row(403, admin=200)),
    "users": (None, row(403, admin=200)),
    # POST-only actions: a GET is refused for every signed-in role (their POST paths are tested
    # in test_break_glass_and_oversight.py).
    "user_role": (lambda world: {"pk": world.named_grant.user_id}, row(405)),
    "break_glass_review": (lambda world: {"grant_pk": world.named_grant.pk}, row(405)),
    # Account administration (issue 14): administrators only; POST-only actions refuse a GET.
    "user_add": (None, row(403, admin=200)),
    "user_detail": (lambda world: {"pk": world.named_grant.user_id}, row(403, admin=200)),
    "user_worker": (lambda world: {"pk": world.named_grant.user_id}, row(403, admin=200)),
    "user_disable": (lambda world: {"pk": world.named_grant.user_id}, row(403, admin=200)),
    "user_enable": (lambda world: {"pk": world.named_grant.user_id}, row(405)),
    "user_unlock": (lambda world: {"pk": world.named_grant.user_id}, row(405)),
    "user_two_factor_reset": (lambda world: {"pk": world.named_grant.user_id}, row(405)),
    "api_tokens": (None, row(403, admin=200)),
    "local_authority": (None, row(403, admin=200)),
    "api_token_revoke": (lambda world: {"pk": 1}, row(405)),
    "api_token_rotate": (lambda world: {"pk": 1}, row(405)),
    # The REST API (issue 17), with a signed-in session: the same rules as the pages; no session
    # is 401 (problem+json), never a redirect to a page.
    "api_schema": (None, row(200, anonymous=200)),
    "api_children": (None, row(200, anonymous=401)),
    "api_child": ("child", child_page() | {ANON: 401}),
    "api_child_chronology": ("child", child_page() | {ANON: 401}),
    "api_child_allocations": ("child", child_page() | {ANON: 401}),
    "api_case_notes": ("child", child_page() | {ANON: 401}),
    "api_case_note": (_samples.own_draft_note, row(405, anonymous=401)),  # PATCH only
    # A child's journey records: as the child's pages.
    **{
        name: ("child", child_page() | {ANON: 401})
        for name in (
            "api_child_cin_episodes",
            "api_child_assessments",
            "api_child_cin_plans",
            "api_child_strategy_discussions",
            "api_child_section47s",
            "api_child_cp_plans",
            "api_child_conferences",
            "api_child_periods_of_care",
            "api_child_lac_reviews",
            "api_child_missing_episodes",
            "api_child_pathway_plans",
        )
    },
    # Returns jobs: as the Returns pages' exports.
    "api_return_jobs": (None, row(403, anonymous=401, **_RETURNS)),
    "api_return_job": (_returns_samples.job_for_matrix, row(403, anonymous=401, **_RETURNS)),
    "api_return_job_download": (
        _returns_samples.job_for_matrix,
        row(403, anonymous=401, **_RETURNS),
    ),
    "api_indicators": (None, row(403, anonymous=401, **_INSIGHT)),
    "api_indicator": (lambda world: {"key": "referrals"}, row(403, anonymous=401, **_INSIGHT)),
    "audit_log": (None, row(403, auditor=200)),
    # Managers see the children they may see; the IG auditor sees LA child IDs only.
    "sharing_log": (None, row(403, team_manager=200, senior_leader=200, auditor=200)),
    "audit_log_csv": (None, row(403, auditor=200)),
    "audit_log_verify": (None, row(403, auditor=200)),
    # Practice (issue 5). Samples that are functions create what the page needs first.
    **{
        name: (sample, expected)
        for name, sample, expected in [
            ("my_work", None, row(200)),
            ("iro_diary", None, row(403, iro=200)),
            ("care_leavers_mine", None, row(403, personal_adviser=200)),
            ("early_help_families", None, row(403, early_help=200)),
            ("my_team", None, row(403, team_manager=200, senior_leader=200)),
            ("front_door", None, row(403, **dict.fromkeys(_FRONT_DOOR, 200))),
            ("contact_add", None, row(403, **dict.fromkeys(_FRONT_DOOR, 200))),
            # Held contacts that may duplicate a child the recorder cannot see (issue 12).
            ("possible_duplicates", None, row(403, team_manager=200, senior_leader=200)),
            ("possible_duplicate_resolve", lambda world: {"item_pk": 1}, row(405)),
            (
                "contact_decide",
                _samples.contact,
                row(403, **dict.fromkeys(_FRONT_DOOR, 200)),
            ),
            ("child_work", "child", child_page()),
            ("early_help_add", "child", child_page()),
            ("fgc_add", _samples.with_early_help, child_page()),
            ("early_help_end", _samples.with_early_help, child_page()),
            ("referral_add", "child", child_page()),
            ("assessment_start", _samples.with_cin, child_page()),
            ("assessment_edit", _samples.assessment, child_page()),
            (
                "assessment_authorise",
                _samples.assessment,
                row(
                    404,
                    social_worker=403,
                    front_door=403,
                    iro=403,
                    personal_adviser=403,
                    team_manager=200,
                    senior_leader=200,
                ),
            ),
            (
                "assessment_return",
                _samples.assessment,
                row(
                    404,
                    social_worker=403,
                    front_door=403,
                    iro=403,
                    personal_adviser=403,
                    team_manager=200,
                    senior_leader=200,
                ),
            ),
            ("cin_plan_add", _samples.with_cin, child_page()),
            ("cin_plan_review_add", _samples.with_cin_plan, child_page()),
            ("case_close", _samples.with_cin, child_page()),
            ("strategy_add", _samples.with_cin, child_page()),
            ("section47_complete", _samples.section47, child_page()),
            ("conference_add", _samples.with_cin, child_page()),
            ("cp_plan_end", _samples.with_cp_plan, child_page()),
            ("visit_add", "child", child_page()),
            (
                "oversight_add",
                "child",
                row(
                    404,
                    social_worker=403,
                    front_door=403,
                    iro=403,
                    personal_adviser=403,
                    team_manager=200,
                    senior_leader=200,
                ),
            ),
            ("event_add", "child", child_page()),
            ("child_identity_edit", "child", child_page()),
            ("child_birth_record", "child", child_page()),
            (
                "child_merge",
                "child",
                row(
                    404,
                    social_worker=403,
                    front_door=403,
                    iro=403,
                    personal_adviser=403,
                    team_manager=200,
                    senior_leader=200,
                ),
            ),
            ("child_details_edit", "child", child_page()),
            ("child_address_add", "child", child_page()),
            ("child_address_edit", _people_samples.address, child_page()),
            ("family_member_add", "child", child_page()),
            ("family_member_edit", _people_samples.family_member, child_page()),
            ("professional_add", "child", child_page()),
            ("professional_edit", _people_samples.professional, child_page()),
            ("child_notes", "child", child_page()),
            ("case_note_add", "child", child_page()),
            # Only the author opens their draft: everyone else gets 404, as for no draft.
            ("case_note_edit", _samples.draft_note, row(404)),
            ("child_documents", "child", child_page()),
            ("document_add", "child", child_page()),
            ("child_sharing", "child", child_page()),
            ("sharing_add", "child", child_page()),
            # Family Help (issue 16): under each child's URL; changes also need every child of
            # the family visible to the user (checked in the views).
            ("child_family_help", "child", child_page()),
            ("family_help_start", "child", child_page()),
            *[
                (name, _familyhelp_samples.family_help, child_page())
                for name in (
                    "family_help",
                    "family_help_assessment",
                    "family_help_plan",
                    "family_help_event",
                    "family_help_end",
                )
            ],
            ("family_help_review", _familyhelp_samples.family_help_with_plan, child_page()),
            ("document_download", _samples.document, child_page()),
            (
                "document_remove",
                _samples.document,
                row(
                    404,
                    social_worker=403,
                    front_door=403,
                    iro=403,
                    personal_adviser=403,
                    team_manager=200,
                    senior_leader=200,
                ),
            ),
            # Correcting an entry (issue 14): its author or the child's managers; moving it to
            # another child, the managers only. Others who see the child are refused (403).
            *[
                (
                    name,
                    _samples.visit_by_social_worker,
                    child_page(403)
                    | {R.TEAM_MANAGER: 200, R.SENIOR_LEADER: 200}
                    | ({R.SOCIAL_WORKER: 200} if name != "entry_move" else {}),
                )
                for name in ("entry_correct", "entry_strike", "entry_move")
            ],
            ("care_start", "child", child_page()),
            ("care_end", _samples.with_care, child_page()),
            ("placement_change", _samples.with_care, child_page()),
            ("legal_status_change", _samples.with_care, child_page()),
            ("lac_review_add", _samples.with_care, child_page()),
            ("health_check_add", "child", child_page()),
            ("missing_add", "child", child_page()),
            ("return_interview", _samples.missing, child_page()),
            ("exploitation_add", "child", child_page()),
            ("pathway_plan_add", "child", child_page()),
            ("care_leaver_contact_add", "child", child_page()),
            ("entitlements_add", "child", child_page()),
            ("proceedings_add", "child", child_page()),
            ("adoption_add", "child", child_page()),
            ("deprivation_of_liberty", "child", child_page()),
            ("kinship", "child", child_page()),
            ("pre_proceedings", "child", child_page()),
            (
                "allocate",
                "child",
                row(
                    404,
                    social_worker=403,
                    front_door=403,
                    iro=403,
                    personal_adviser=403,
                    team_manager=200,
                    senior_leader=200,
                ),
            ),
            ("supervision_add", _samples.supervisee, row(403, team_manager=200, senior_leader=200)),
            ("worker_caseload", _samples.supervisee, row(403, team_manager=200, senior_leader=200)),
            ("workforce", None, row(403, admin=200, senior_leader=200)),
            ("team_add", None, row(403, admin=200, senior_leader=200)),
            ("post_add", _samples.team, row(403, admin=200, senior_leader=200)),
            ("post_fill", _samples.post, row(403, admin=200, senior_leader=200)),
            ("worker_add", None, row(403, admin=200, senior_leader=200)),
            ("worker_edit", _samples.supervisee, row(403, admin=200, senior_leader=200)),
            # Insight (issue 7): dashboards for analysts, senior leaders and team managers;
            # drill-down lists are further filtered by children_visible_to (analysts see
            # pseudonyms); a team page only for that team's manager, leaders and analysts.
            ("insight_overview", None, row(403, **_INSIGHT)),
            ("insight_report", None, row(403, **_INSIGHT)),
            ("insight_teams", None, row(403, **_INSIGHT)),
            ("insight_theme", lambda w: {"theme": "cin-cp"}, row(403, **_INSIGHT)),
            ("insight_indicator", lambda w: {"key": "referrals"}, row(403, **_INSIGHT)),
            ("insight_children", lambda w: {"key": "referrals"}, row(403, **_INSIGHT)),
            (
                "insight_team",
                lambda w: {"pk": w.users["team_manager"].worker.team_id},
                row(403, **_INSIGHT),
            ),
            # Inspection readiness (issue 7): read as the dashboards; the self-assessment is
            # written by senior leaders and analysts (an action's owner may also record progress
            # on it); the inspection pack holds Annex A, so as the returns.
            ("insight_inspection", None, row(403, **_INSIGHT)),
            ("insight_register", None, row(403, **_INSIGHT)),
            ("insight_pack", None, row(403, **_RETURNS)),
            ("insight_self_assessment", None, row(403, **_INSIGHT)),
            ("insight_entry_add", None, row(403, **_RETURNS)),
            ("insight_entry_edit", _insight_samples.entry_for_matrix, row(403, **_RETURNS)),
            ("insight_action_add", _insight_samples.entry_for_matrix, row(403, **_RETURNS)),
            ("insight_action", _insight_samples.action_for_matrix, row(403, **_INSIGHT)),
            # Returns (issue 6): exports, job pages, downloads and validation reports for
            # analysts and senior leaders; data quality also for team managers (their teams).
            ("returns_home", None, row(403, **_INSIGHT)),
            ("returns_start", None, row(405)),  # POST only
            ("returns_job", _returns_samples.job_for_matrix, row(403, **_RETURNS)),
            ("returns_job_status", _returns_samples.job_for_matrix, row(403, **_RETURNS)),
            ("returns_download", _returns_samples.job_for_matrix, row(403, **_RETURNS)),
            ("returns_report", _returns_samples.job_for_matrix, row(403, **_RETURNS)),
            ("returns_data_quality", None, row(403, **_INSIGHT)),
            ("returns_data_quality_run", None, row(405)),  # POST only
            ("returns_quarantine", None, row(403, **_RETURNS)),
            ("returns_quarantine_resolve", lambda w: {"pk": 1}, row(405)),  # POST only
            # DfE API feed (issue 17): its submission log, as the returns exports.
            ("dfe_api_log", None, row(403, **_RETURNS)),
            # Quality assurance and feedback (issue 18): programmes for managers, leaders and
            # IROs; an audit for its auditor, moderator and programme lead only; an action for
            # its owner and auditor; feedback for practitioners and managers.
            ("quality_home", None, row(403, **_FEEDBACK)),
            ("quality_programme_add", None, row(403, **_LEADS)),
            ("quality_programme", _quality_samples.programme, row(403, **_AUDITORS)),
            ("quality_programme_sample", _quality_samples.programme, row(405)),  # POST only
            ("quality_audit", _quality_samples.audit, row(403, **_LEADS)),
            ("quality_moderate", _quality_samples.completed_audit, row(403, iro=200)),
            (
                "quality_action_add",
                _quality_samples.completed_audit,
                row(403, team_manager=200, iro=200),
            ),
            (
                "quality_action_complete",
                _quality_samples.action,
                row(403, social_worker=200, team_manager=200),
            ),
            ("quality_surveys", None, row(403, **_FEEDBACK)),
            ("quality_survey_add", None, row(403, **_LEADS)),
            ("quality_survey", _quality_samples.survey, row(403, **_FEEDBACK)),
            ("quality_survey_enter", _quality_samples.survey, row(403, **_FEEDBACK)),
            ("quality_complaints", None, row(403, **_FEEDBACK)),
            ("quality_complaint", _quality_samples.complaint, row(403, **_FEEDBACK)),
            # A young person's survey link: no sign-in, shows only the questions.
            ("survey_answer", _quality_samples.survey_link, row(200, anonymous=200)),
            # Multi-agency child protection and partner access (issue 16). The LA's MACPT pages
            # as the record; changing who is in the work needs MACPT (the child's social
            # worker and team manager), a contribution needs CONTRIBUTE. Partners reach only
            # their own pages (`test_partner_access.py` covers them involved and restricted).
            ("partner_home", None, row(403, **dict.fromkeys(_PARTNERS, 200))),
            ("partner_child", "child", row(404)),
            ("macpt_child", "child", child_page()),
            ("strategy_detail", _macpt_samples.strategy_discussion, child_page()),
            ("section47_detail", _samples.section47, child_page()),
            *[
                (name, sample, child_page(403) | {R.SOCIAL_WORKER: 200, R.TEAM_MANAGER: 200})
                for name, sample in [
                    ("macpt_member_add", _samples.with_cin),
                    ("macpt_member_end", _macpt_samples.member),
                    ("macpt_lead", _samples.with_cin),
                    ("strategy_contribution_add", _macpt_samples.strategy_discussion),
                    ("section47_contribution_add", _samples.section47),
                ]
            ],
            # Wider safeguarding (issue 18). The LADO register is about adults, not a child's
            # page: the front door (where the LADO sits) and senior leaders.
            ("lado_list", None, row(403, **_LADO)),
            ("lado_add", None, row(403, **_LADO)),
            ("lado_detail", _sg_samples.lado_referral, row(403, **_LADO)),
            ("lado_consideration", _sg_samples.lado_referral, row(403, **_LADO)),
            ("lado_outcome", _sg_samples.lado_referral, row(403, **_LADO)),
            ("lado_link_child", _sg_samples.lado_referral, row(403, **_LADO)),
            ("private_fostering", "child", child_page()),
            # With no arrangement open, the follow-up pages send back to the notification.
            ("private_fostering_visit", "child", child_page(302)),
            ("private_fostering_assess", "child", child_page(302)),
            ("private_fostering_end", "child", child_page(302)),
            ("young_carer", "child", child_page()),
            ("homeless", "child", child_page()),
            # Corporate parenting and partnership reports: aggregates only, so elected members
            # (who see no child) read them; the director's commentary is senior leaders'.
            ("partnership_reports", None, row(403, **_REPORTS)),
            ("partnership_report", _sg_samples.report, row(403, **_REPORTS)),
            ("partnership_report_pdf", _sg_samples.report, row(403, **_REPORTS)),
            ("partnership_commentary", _sg_samples.report_section, row(403, senior_leader=200)),
        ]
    },
}


def _household(world) -> dict:
    from hearth.carers.tests.factories import CarerHouseholdFactory

    return {"pk": CarerHouseholdFactory().pk}


# Foster carers and adopters, fostering sufficiency, the virtual school (issue 18). Household
# pages are the fostering and adoption teams' (the sample workers are in a safeguarding team, so
# only the senior leader; a fostering team's worker is tested in hearth/carers/tests); the
# sufficiency page is aggregates only; the virtual school lists children by visibility.
_CARERS = row(403, senior_leader=200)
EXPECTED.update(
    {
        "carer_households": (None, _CARERS),
        "carer_household_add": (None, _CARERS),
        "fostering_sufficiency": (
            None,
            row(403, senior_leader=200, team_manager=200, analyst=200),
        ),
        **dict.fromkeys(
            (
                "carer_household",
                "carer_household_edit",
                "carer_member_add",
                "carer_assessment",
                "carer_approve",
                "carer_status",
                "carer_review_add",
            ),
            (_household, _CARERS),
        ),
        "virtual_school": (None, row(403, team_manager=200, senior_leader=200)),
        "education_setting": ("child", child_page()),
        "pep_add": ("child", child_page()),
        "exclusion_add": ("child", child_page()),
    }
)
PARTNER_ROLES = [R.PARTNER_POLICE, R.PARTNER_HEALTH, R.PARTNER_EDUCATION, R.PARTNER_VOLUNTARY]


def partner_scoped(expected: dict, *, name: str, route: str, kwarg_names: set[str]) -> dict:
    """Partners reach no child URL but their own pages (`PartnerScopeMiddleware`): a 404 before
    the view runs, whatever the method, so a POST-only page is a 404 to them, not a 405."""
    child_url = route.startswith("children/") and "pk" in kwarg_names
    if child_url and name not in permissions.PARTNER_CHILD_URLS:
        return expected | dict.fromkeys(PARTNER_ROLES, 404)
    # The REST API serves the full record: closed to partners (`hearth.api.auth.HasScope`).
    if route.startswith("api/") and name != "api_schema":
        return expected | dict.fromkeys(PARTNER_ROLES, 403)
    return expected


def url_patterns(patterns=None, prefix=""):
    """(name, route, kwarg names) for every named pattern in the URLconf."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry.name, prefix + str(entry.pattern), set(entry.pattern.converters)


ALL_PATTERNS = list(url_patterns())

# The table as every test reads it: partner roles' rows follow the partner scope (above), so the
# generated tests that fetch each page "for every role that may" (injection, restricted) agree.
for _name, _route, _kw in ALL_PATTERNS:
    if _name in EXPECTED:
        _sample, _row = EXPECTED[_name]
        EXPECTED[_name] = (
            _sample,
            partner_scoped(_row, name=_name, route=_route, kwarg_names=_kw),
        )


def sample_url(world, name: str, sample: str | None, kwarg_names: set[str]) -> str:
    kwargs = {}
    if callable(sample):
        kwargs = sample(world)
    elif sample == "named_grant":
        kwargs = {"pk": world.restricted.pk, "grant_pk": world.named_grant.pk}
    elif sample is not None:
        kwargs = {"pk": getattr(world, sample).pk}
    assert set(kwargs) == kwarg_names, f"{name}: sample kwargs {kwargs} do not fit {kwarg_names}"
    return reverse(name, kwargs=kwargs)


def test_every_url_pattern_has_an_entry_in_the_access_table():
    missing = [(name, route) for name, route, _ in ALL_PATTERNS if name not in EXPECTED]
    assert not missing, (
        f"URL patterns with no entry in the access matrix: {missing}. Add each to EXPECTED in "
        "hearth/access/tests/test_access_matrix.py with the status every role should get."
    )
    unnamed = [route for name, route, _ in ALL_PATTERNS if not name]
    assert not unnamed, f"Name these URL patterns so the access matrix can cover them: {unnamed}"


def test_the_access_table_has_no_stale_entries():
    names = {name for name, _, _ in ALL_PATTERNS}
    assert not set(EXPECTED) - names


@pytest.mark.parametrize(("name", "route", "kwarg_names"), ALL_PATTERNS, ids=lambda v: str(v))
def test_every_role_gets_what_the_table_says(world, name, route, kwarg_names):
    if name not in EXPECTED:
        pytest.fail(f"{name} ({route}) has no entry in EXPECTED: add one")
    sample, expected = EXPECTED[name]
    expected = partner_scoped(expected, name=name, route=route, kwarg_names=kwarg_names)
    url = sample_url(world, name, sample, kwarg_names)
    actual = {}
    for role in [*ROLES, ANON]:
        response = world.client_for(role).get(url)
        actual[role] = response.status_code
        if role == ANON and response.status_code == 302 and expected[ANON] == SIGN_IN:
            assert response.url.startswith(reverse("login")), (
                f"{name}: anonymous not sent to sign in"
            )
    assert actual == expected


# Object-level: a social worker in team B and team A's child ---------------------------------


@pytest.mark.parametrize(
    "name",
    sorted(
        n for n, _, kw in ALL_PATTERNS if kw == {"pk"} and EXPECTED.get(n, (None,))[0] == "child"
    ),
)
def test_team_b_social_worker_cannot_see_team_a_child_on_any_child_url(world, name):
    client = world.client_for("team_b_social_worker")
    response = client.get(reverse(name, kwargs={"pk": world.child.pk}))
    content = response.content.decode(errors="replace")
    if name == "child_summary":
        # The record's front door offers to break the glass: 403 and nothing from the record.
        assert response.status_code == 403
        assert "You are not working with this child" in content
        assert "Date of birth" not in content
    elif name == "break_glass":
        assert response.status_code == 200
        assert "Date of birth" not in content
    else:
        assert response.status_code == 404


def test_team_b_social_worker_does_not_find_team_a_child_in_search_or_caseload(world):
    client = world.client_for("team_b_social_worker")
    for q in ("Hartley", "C0000101", "Amelia"):
        rows = client.get(reverse("child_search"), {"q": q}).context["rows"]
        assert world.child not in [r["child"] for r in rows]
    assert world.child not in [
        r["child"] for r in client.get(reverse("my_work")).context["caseload"]
    ]


def test_restricted_record_is_a_plain_404_for_everyone_not_named(world):
    for role in ROLES:
        response = world.client_for(role).get(
            reverse("child_summary", kwargs={"pk": world.restricted.pk})
        )
        assert response.status_code == 404, role
        assert b"You are not working with this child" not in response.content
        response = world.client_for(role).get(
            reverse("break_glass", kwargs={"pk": world.restricted.pk})
        )
        assert response.status_code == 404, role
    named = world.client_for("team_b_social_worker")
    assert (
        named.get(reverse("child_summary", kwargs={"pk": world.restricted.pk})).status_code == 200
    )


def test_the_elected_member_reaches_no_child_page_search_or_drill_down():
    """0 leaks for elected members: every child URL, the search, the API's children and every
    dashboard drill-down refuse them in the table (which the test above checks against the
    running site); what they may open is the corporate parenting reports and the common pages."""
    member = R.ELECTED_MEMBER
    opened = {name for name, (_s, expected) in EXPECTED.items() if expected[member] == 200}
    for name, route, kwargs in ALL_PATTERNS:
        one_child = route.startswith("api/v1/children/") and kwargs  # the list itself is empty
        if (
            route.startswith("children/")
            or one_child
            or name
            in {
                "child_search",
                "insight_children",
            }
        ):
            assert name not in opened, f"{name} is open to elected members"
    assert opened <= {
        "healthz",
        "my_work",
        "api_schema",
        "api_children",
        "partnership_reports",
        "partnership_report",
        "partnership_report_pdf",
        "survey_answer",  # the young person's survey link: open to anyone, reveals no record
    }
