from django.urls import path

from hearth.people import details_views, edit_views, merge_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("children/", views.child_search_view, name="child_search"),
    path("children/<int:pk>/", views.child_summary, name="child_summary"),
    path("children/<int:pk>/chronology/", views.child_chronology, name="child_chronology"),
    path("children/<int:pk>/identity/", edit_views.child_identity_edit, name="child_identity_edit"),
    path("children/<int:pk>/birth/", edit_views.child_birth_record, name="child_birth_record"),
    path("children/<int:pk>/merge/", merge_views.child_merge, name="child_merge"),
    path("children/<int:pk>/details/", details_views.child_details_edit, name="child_details_edit"),
    path(
        "children/<int:pk>/addresses/add/",
        details_views.child_address_add,
        name="child_address_add",
    ),
    path(
        "children/<int:pk>/addresses/<int:address_pk>/",
        details_views.child_address_edit,
        name="child_address_edit",
    ),
    path(
        "children/<int:pk>/family/add/", details_views.family_member_add, name="family_member_add"
    ),
    path(
        "children/<int:pk>/family/<int:member_pk>/",
        details_views.family_member_edit,
        name="family_member_edit",
    ),
    path(
        "children/<int:pk>/professionals/add/",
        details_views.professional_add,
        name="professional_add",
    ),
    path(
        "children/<int:pk>/professionals/<int:professional_pk>/",
        details_views.professional_edit,
        name="professional_edit",
    ),
    path(
        "children/<int:pk>/chronology.csv", views.child_chronology_csv, name="child_chronology_csv"
    ),
]
