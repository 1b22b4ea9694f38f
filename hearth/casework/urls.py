from django.urls import path

from hearth.casework import corrections_views, notes_views, rolework_views, views

urlpatterns = [
    path("my-work/", views.my_work, name="my_work"),
    path("my-diary/", rolework_views.iro_diary, name="iro_diary"),
    path("my-care-leavers/", rolework_views.care_leavers_mine, name="care_leavers_mine"),
    path("my-families/", rolework_views.early_help_families, name="early_help_families"),
    path("team/", views.team, name="my_team"),
    path("team/workers/<int:worker_pk>/", rolework_views.worker_caseload, name="worker_caseload"),
    path("front-door/", views.front_door, name="front_door"),
    path("front-door/contacts/new/", views.contact_add, name="contact_add"),
    path("front-door/possible-duplicates/", views.possible_duplicates, name="possible_duplicates"),
    path(
        "front-door/possible-duplicates/<int:item_pk>/resolve/",
        views.possible_duplicate_resolve,
        name="possible_duplicate_resolve",
    ),
    path(
        "front-door/contacts/<int:contact_pk>/decide/", views.contact_decide, name="contact_decide"
    ),
    path("children/<int:pk>/work/", views.child_work, name="child_work"),
    path("children/<int:pk>/early-help/new/", views.early_help_add, name="early_help_add"),
    path("children/<int:pk>/early-help/fgc/", views.fgc_add, name="fgc_add"),
    path("children/<int:pk>/early-help/end/", views.early_help_end, name="early_help_end"),
    path("children/<int:pk>/referrals/new/", views.referral_add, name="referral_add"),
    path("children/<int:pk>/assessments/new/", views.assessment_start, name="assessment_start"),
    path(
        "children/<int:pk>/assessments/<int:assessment_pk>/",
        views.assessment_edit,
        name="assessment_edit",
    ),
    path(
        "children/<int:pk>/assessments/<int:assessment_pk>/authorise/",
        views.assessment_authorise,
        name="assessment_authorise",
    ),
    path(
        "children/<int:pk>/assessments/<int:assessment_pk>/return/",
        views.assessment_return,
        name="assessment_return",
    ),
    path("children/<int:pk>/cin-plan/new/", views.cin_plan_add, name="cin_plan_add"),
    path(
        "children/<int:pk>/cin-plan/review/", views.cin_plan_review_add, name="cin_plan_review_add"
    ),
    path("children/<int:pk>/close/", views.case_close, name="case_close"),
    path("children/<int:pk>/strategy/new/", views.strategy_add, name="strategy_add"),
    path(
        "children/<int:pk>/section-47/<int:s47_pk>/complete/",
        views.section47_complete,
        name="section47_complete",
    ),
    path("children/<int:pk>/conferences/new/", views.conference_add, name="conference_add"),
    path("children/<int:pk>/cp-plan/end/", views.cp_plan_end, name="cp_plan_end"),
    path("children/<int:pk>/visits/new/", views.visit_add, name="visit_add"),
    path("children/<int:pk>/oversight/new/", views.oversight_add, name="oversight_add"),
    path("children/<int:pk>/events/add/", views.event_add, name="event_add"),
    path("children/<int:pk>/notes/", notes_views.child_notes, name="child_notes"),
    path("children/<int:pk>/notes/new/", notes_views.case_note_add, name="case_note_add"),
    path(
        "children/<int:pk>/notes/<int:note_pk>/edit/",
        notes_views.case_note_edit,
        name="case_note_edit",
    ),
]

_ENTRY = "children/<int:pk>/entries/<str:model>/<int:entry_pk>"
urlpatterns += [
    path(f"{_ENTRY}/correct/", corrections_views.entry_correct, name="entry_correct"),
    path(f"{_ENTRY}/strike/", corrections_views.entry_strike, name="entry_strike"),
    path(f"{_ENTRY}/move/", corrections_views.entry_move, name="entry_move"),
]
