from django.urls import path

from hearth.familyhelp import views

urlpatterns = [
    path("children/<int:pk>/family-help/", views.child_family_help, name="child_family_help"),
    path("children/<int:pk>/family-help/start/", views.family_help_start, name="family_help_start"),
    path("children/<int:pk>/family-help/<int:fh>/", views.family_help, name="family_help"),
    path(
        "children/<int:pk>/family-help/<int:fh>/assessment/",
        views.family_help_assessment,
        name="family_help_assessment",
    ),
    path(
        "children/<int:pk>/family-help/<int:fh>/plan/",
        views.family_help_plan,
        name="family_help_plan",
    ),
    path(
        "children/<int:pk>/family-help/<int:fh>/review/",
        views.family_help_review,
        name="family_help_review",
    ),
    path(
        "children/<int:pk>/family-help/<int:fh>/step/",
        views.family_help_event,
        name="family_help_event",
    ),
    path(
        "children/<int:pk>/family-help/<int:fh>/end/", views.family_help_end, name="family_help_end"
    ),
]
