from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from hearth.api import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("children/", views.ChildList.as_view(), name="api_children"),
    path("children/<int:pk>/", views.ChildDetail.as_view(), name="api_child"),
    path(
        "children/<int:pk>/chronology/",
        views.ChildChronology.as_view(),
        name="api_child_chronology",
    ),
    path(
        "children/<int:pk>/allocations/",
        views.ChildAllocations.as_view(),
        name="api_child_allocations",
    ),
    path("children/<int:pk>/case-notes/", views.ChildCaseNotes.as_view(), name="api_case_notes"),
    path(
        "children/<int:pk>/case-notes/<int:note_pk>/",
        views.CaseNoteDraft.as_view(),
        name="api_case_note",
    ),
    path("indicators/", views.IndicatorList.as_view(), name="api_indicators"),
    path("indicators/<slug:key>/", views.IndicatorValue.as_view(), name="api_indicator"),
]
