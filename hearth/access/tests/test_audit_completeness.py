"""Every child-facing URL (a pattern under children/<pk>/), hit by someone allowed, writes exactly
one audit entry, and it names that child. Generated from the URLconf like the access matrix."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.access.models import AuditEntry, User
from hearth.access.tests.test_access_matrix import ALL_PATTERNS
from hearth.casework.tests import access_samples as _samples
from hearth.familyhelp.tests import samples as _familyhelp_samples
from hearth.macpt.tests import samples as _macpt_samples
from hearth.people.tests import samples as _people_samples
from hearth.safeguarding.tests import samples as _safeguarding_samples

pytestmark = pytest.mark.django_db

R = User.Role

# url name → (who, method, sample child, extra kwargs, form data, expected action)
ALLOWED_HIT = {
    "child_summary": (R.SOCIAL_WORKER, "get", "child", None, None, "view"),
    "child_chronology": (R.SOCIAL_WORKER, "get", "child", None, None, "view"),
    "child_chronology_csv": (R.SOCIAL_WORKER, "get", "child", None, None, "export"),
    "break_glass": ("team_b_social_worker", "get", "child", None, None, "refused"),
    "child_viewers": (R.TEAM_MANAGER, "get", "child", None, None, "view"),
    "named_people": (R.ADMIN, "get", "restricted", None, None, "view"),
    "named_person_remove": (R.ADMIN, "post", "restricted", "named_grant", None, "permission"),
    # Practice (issue 5): each form shown is one "view" entry naming the child.
    **{
        name: (who, "get", "child", extra, None, "view")
        for name, who, extra in [
            ("child_work", R.SOCIAL_WORKER, None),
            ("early_help_add", R.SOCIAL_WORKER, None),
            ("fgc_add", R.SOCIAL_WORKER, _samples.with_early_help),
            ("early_help_end", R.SOCIAL_WORKER, _samples.with_early_help),
            ("referral_add", R.SOCIAL_WORKER, None),
            ("assessment_start", R.SOCIAL_WORKER, _samples.with_cin),
            ("assessment_edit", R.SOCIAL_WORKER, _samples.assessment),
            ("assessment_authorise", R.TEAM_MANAGER, _samples.assessment),
            ("assessment_return", R.TEAM_MANAGER, _samples.assessment),
            ("cin_plan_add", R.SOCIAL_WORKER, _samples.with_cin),
            ("cin_plan_review_add", R.SOCIAL_WORKER, _samples.with_cin_plan),
            ("case_close", R.SOCIAL_WORKER, _samples.with_cin),
            ("strategy_add", R.SOCIAL_WORKER, _samples.with_cin),
            ("section47_complete", R.SOCIAL_WORKER, _samples.section47),
            ("conference_add", R.SOCIAL_WORKER, _samples.with_cin),
            ("cp_plan_end", R.SOCIAL_WORKER, _samples.with_cp_plan),
            ("visit_add", R.SOCIAL_WORKER, None),
            ("oversight_add", R.TEAM_MANAGER, None),
            ("event_add", R.SOCIAL_WORKER, None),
            ("care_start", R.SOCIAL_WORKER, None),
            ("care_end", R.SOCIAL_WORKER, _samples.with_care),
            ("placement_change", R.SOCIAL_WORKER, _samples.with_care),
            ("legal_status_change", R.SOCIAL_WORKER, _samples.with_care),
            ("lac_review_add", R.SOCIAL_WORKER, _samples.with_care),
            ("health_check_add", R.SOCIAL_WORKER, None),
            ("missing_add", R.SOCIAL_WORKER, None),
            ("return_interview", R.SOCIAL_WORKER, _samples.missing),
            ("exploitation_add", R.SOCIAL_WORKER, None),
            ("pathway_plan_add", R.SOCIAL_WORKER, None),
            ("care_leaver_contact_add", R.SOCIAL_WORKER, None),
            ("entitlements_add", R.SOCIAL_WORKER, None),
            ("proceedings_add", R.SOCIAL_WORKER, None),
            ("adoption_add", R.SOCIAL_WORKER, None),
            ("deprivation_of_liberty", R.SOCIAL_WORKER, None),
            ("kinship", R.SOCIAL_WORKER, None),
            ("pre_proceedings", R.SOCIAL_WORKER, None),
            ("allocate", R.TEAM_MANAGER, None),
            ("child_identity_edit", R.SOCIAL_WORKER, None),
            ("child_birth_record", R.SOCIAL_WORKER, None),
            ("child_merge", R.TEAM_MANAGER, None),
            ("child_details_edit", R.SOCIAL_WORKER, None),
            ("child_address_add", R.SOCIAL_WORKER, None),
            ("child_address_edit", R.SOCIAL_WORKER, _people_samples.address),
            ("family_member_add", R.SOCIAL_WORKER, None),
            ("family_member_edit", R.SOCIAL_WORKER, _people_samples.family_member),
            ("professional_add", R.SOCIAL_WORKER, None),
            ("professional_edit", R.SOCIAL_WORKER, _people_samples.professional),
            ("child_notes", R.SOCIAL_WORKER, None),
            ("case_note_add", R.SOCIAL_WORKER, None),
            ("case_note_edit", R.SOCIAL_WORKER, _samples.own_draft_note),
            ("child_documents", R.SOCIAL_WORKER, None),
            ("document_add", R.SOCIAL_WORKER, None),
            ("child_sharing", R.SOCIAL_WORKER, None),
            ("sharing_add", R.SOCIAL_WORKER, None),
            ("document_remove", R.TEAM_MANAGER, _samples.document),
            ("entry_correct", R.SOCIAL_WORKER, _samples.visit_by_social_worker),
            ("entry_strike", R.SOCIAL_WORKER, _samples.visit_by_social_worker),
            ("entry_move", R.TEAM_MANAGER, _samples.visit_by_social_worker),
            # Multi-agency child protection and partner access (issue 16).
            ("macpt_child", R.SOCIAL_WORKER, None),
            ("macpt_member_add", R.SOCIAL_WORKER, _samples.with_cin),
            ("macpt_member_end", R.SOCIAL_WORKER, _macpt_samples.member),
            ("macpt_lead", R.SOCIAL_WORKER, _samples.with_cin),
            ("strategy_detail", R.SOCIAL_WORKER, _macpt_samples.strategy_discussion),
            ("strategy_contribution_add", R.SOCIAL_WORKER, _macpt_samples.strategy_discussion),
            ("section47_detail", R.SOCIAL_WORKER, _samples.section47),
            ("section47_contribution_add", R.SOCIAL_WORKER, _samples.section47),
            ("partner_child", R.PARTNER_POLICE, _macpt_samples.police_involved),
            # Family Help (issue 16): the child's list, the family page and its forms.
            ("child_family_help", R.SOCIAL_WORKER, None),
            ("family_help_start", R.SOCIAL_WORKER, None),
            ("family_help", R.SOCIAL_WORKER, _familyhelp_samples.family_help),
            ("family_help_assessment", R.SOCIAL_WORKER, _familyhelp_samples.family_help),
            ("family_help_plan", R.SOCIAL_WORKER, _familyhelp_samples.family_help),
            ("family_help_review", R.SOCIAL_WORKER, _familyhelp_samples.family_help_with_plan),
            ("family_help_event", R.SOCIAL_WORKER, _familyhelp_samples.family_help),
            ("family_help_end", R.SOCIAL_WORKER, _familyhelp_samples.family_help),
            # Education of children in care and wider safeguarding (issue 18).
            ("education_setting", R.SOCIAL_WORKER, None),
            ("pep_add", R.SOCIAL_WORKER, None),
            ("exclusion_add", R.SOCIAL_WORKER, None),
            ("private_fostering", R.SOCIAL_WORKER, None),
            (
                "private_fostering_visit",
                R.SOCIAL_WORKER,
                _safeguarding_samples.private_fostering_open,
            ),
            (
                "private_fostering_assess",
                R.SOCIAL_WORKER,
                _safeguarding_samples.private_fostering_open,
            ),
            (
                "private_fostering_end",
                R.SOCIAL_WORKER,
                _safeguarding_samples.private_fostering_open,
            ),
            ("young_carer", R.SOCIAL_WORKER, None),
            ("homeless", R.SOCIAL_WORKER, None),
        ]
    },
    # A download is an export of part of the record.
    "document_download": (R.SOCIAL_WORKER, "get", "child", _samples.document, None, "export"),
}
# A child-facing URL lives under children/<pk>/ (a team's or worker's pk is not a child).
CHILD_URLS = sorted(
    name for name, route, kwargs in ALL_PATTERNS if "pk" in kwargs and route.startswith("children/")
)


def test_every_child_facing_url_has_an_allowed_hit():
    missing = set(CHILD_URLS) - set(ALLOWED_HIT)
    assert not missing, (
        f"Child-facing URLs with no entry in ALLOWED_HIT: {sorted(missing)}. Add who may use "
        "each, so the audit completeness test covers it."
    )


@pytest.mark.parametrize("name", CHILD_URLS)
def test_child_facing_url_writes_exactly_one_audit_entry_naming_the_child(world, name):
    if name not in ALLOWED_HIT:
        pytest.fail(f"{name} is child-facing but has no entry in ALLOWED_HIT: add one")
    who, method, sample, extra, data, action = ALLOWED_HIT[name]
    child = getattr(world, sample)
    kwargs = {"pk": child.pk}
    if extra == "named_grant":
        kwargs["grant_pk"] = world.named_grant.pk
    elif callable(extra):
        kwargs = extra(world)
    client = world.client_for(who)
    before = AuditEntry.objects.count()
    last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = getattr(client, method)(reverse(name, kwargs=kwargs), data or {})
    assert response.status_code in (200, 302), response.status_code
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    new = list(AuditEntry.objects.filter(id__gt=last_id))
    assert AuditEntry.objects.count() - before == len(new) == 1, [str(e) for e in new]
    assert new[0].child_id == child.pk
    assert new[0].action == action


def test_breaking_the_glass_writes_exactly_one_entry_with_the_reason(world):
    client = world.client_for("team_b_social_worker")
    url = reverse("break_glass", kwargs={"pk": world.child.pk})
    last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.post(url, {"reason": "Out-of-hours call from police about Amelia"})
    assert response.status_code == 302
    new = list(AuditEntry.objects.filter(id__gt=last_id))
    assert len(new) == 1
    assert (new[0].action, new[0].child_id) == ("break_glass", world.child.pk)
    assert new[0].reason == "Out-of-hours call from police about Amelia"
