from django.urls import path

from hearth.people import edit_views, merge_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("children/", views.child_search_view, name="child_search"),
    path("children/<int:pk>/", views.child_summary, name="child_summary"),
    path("children/<int:pk>/chronology/", views.child_chronology, name="child_chronology"),
    path("children/<int:pk>/identity/", edit_views.child_identity_edit, name="child_identity_edit"),
    path("children/<int:pk>/birth/", edit_views.child_birth_record, name="child_birth_record"),
    path("children/<int:pk>/merge/", merge_views.child_merge, name="child_merge"),
    path(
        "children/<int:pk>/chronology.csv", views.child_chronology_csv, name="child_chronology_csv"
    ),
]
