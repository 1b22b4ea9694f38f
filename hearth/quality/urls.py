from django.urls import path

from hearth.quality import views

urlpatterns = [
    path("quality/", views.home, name="quality_home"),
    path("quality/programmes/new/", views.programme_add, name="quality_programme_add"),
    path("quality/programmes/<int:pk>/", views.programme, name="quality_programme"),
    path(
        "quality/programmes/<int:pk>/sample/",
        views.programme_sample,
        name="quality_programme_sample",
    ),
    path("quality/audits/<int:pk>/", views.audit_page, name="quality_audit"),
    path("quality/audits/<int:pk>/moderate/", views.audit_moderate, name="quality_moderate"),
    path("quality/audits/<int:pk>/actions/new/", views.action_add, name="quality_action_add"),
    path(
        "quality/actions/<int:pk>/complete/",
        views.action_complete,
        name="quality_action_complete",
    ),
    path("quality/surveys/", views.surveys, name="quality_surveys"),
    path("quality/surveys/new/", views.survey_add, name="quality_survey_add"),
    path("quality/surveys/<int:pk>/", views.survey, name="quality_survey"),
    path("quality/surveys/<int:pk>/paper/", views.survey_enter, name="quality_survey_enter"),
    path("quality/complaints/", views.complaints, name="quality_complaints"),
    path("quality/complaints/<int:pk>/", views.complaint, name="quality_complaint"),
    # No sign-in: a young person's one-use survey link (hearth.access.middleware.OPEN_PREFIXES).
    path("have-your-say/<str:token>/", views.survey_answer, name="survey_answer"),
]
