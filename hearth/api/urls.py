from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from hearth.api import returns_views, views

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
    # A child's journey records (read only), as the pages show them.
    path(
        "children/<int:pk>/cin-episodes/",
        views.ChildCINEpisodes.as_view(),
        name="api_child_cin_episodes",
    ),
    path(
        "children/<int:pk>/assessments/",
        views.ChildAssessments.as_view(),
        name="api_child_assessments",
    ),
    path("children/<int:pk>/cin-plans/", views.ChildCINPlans.as_view(), name="api_child_cin_plans"),
    path(
        "children/<int:pk>/strategy-discussions/",
        views.ChildStrategyDiscussions.as_view(),
        name="api_child_strategy_discussions",
    ),
    path(
        "children/<int:pk>/section47-enquiries/",
        views.ChildSection47s.as_view(),
        name="api_child_section47s",
    ),
    path("children/<int:pk>/cp-plans/", views.ChildCPPlans.as_view(), name="api_child_cp_plans"),
    path(
        "children/<int:pk>/cp-conferences/",
        views.ChildConferences.as_view(),
        name="api_child_conferences",
    ),
    path(
        "children/<int:pk>/periods-of-care/",
        views.ChildPeriodsOfCare.as_view(),
        name="api_child_periods_of_care",
    ),
    path(
        "children/<int:pk>/lac-reviews/",
        views.ChildLACReviews.as_view(),
        name="api_child_lac_reviews",
    ),
    path(
        "children/<int:pk>/missing-episodes/",
        views.ChildMissingEpisodes.as_view(),
        name="api_child_missing_episodes",
    ),
    path(
        "children/<int:pk>/pathway-plans/",
        views.ChildPathwayPlans.as_view(),
        name="api_child_pathway_plans",
    ),
    path("indicators/", views.IndicatorList.as_view(), name="api_indicators"),
    path("returns/jobs/", returns_views.ReturnJobs.as_view(), name="api_return_jobs"),
    path("returns/jobs/<int:pk>/", returns_views.ReturnJobDetail.as_view(), name="api_return_job"),
    path(
        "returns/jobs/<int:pk>/download/",
        returns_views.ReturnJobDownload.as_view(),
        name="api_return_job_download",
    ),
    path("indicators/<slug:key>/", views.IndicatorValue.as_view(), name="api_indicator"),
]
