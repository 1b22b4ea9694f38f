from django.urls import path

from hearth.insight import inspection_views, views

urlpatterns = [
    path("", views.overview, name="insight_overview"),
    path("report/", views.report, name="insight_report"),
    path("theme/<slug:theme>/", views.theme, name="insight_theme"),
    path("indicator/<slug:key>/", views.indicator, name="insight_indicator"),
    path("indicator/<slug:key>/children/", views.drill_down, name="insight_children"),
    path("teams/", views.teams, name="insight_teams"),
    path("team/<int:pk>/", views.team, name="insight_team"),
    # Inspection readiness
    path("inspection/", inspection_views.inspection, name="insight_inspection"),
    path("inspection/register/", inspection_views.register, name="insight_register"),
    path("inspection/pack/", inspection_views.pack, name="insight_pack"),
    path("self-assessment/", inspection_views.self_assessment, name="insight_self_assessment"),
    path("self-assessment/add/", inspection_views.entry_add, name="insight_entry_add"),
    path("self-assessment/<int:pk>/edit/", inspection_views.entry_edit, name="insight_entry_edit"),
    path(
        "self-assessment/<int:pk>/actions/add/",
        inspection_views.action_add,
        name="insight_action_add",
    ),
    path("self-assessment/actions/<int:pk>/", inspection_views.action, name="insight_action"),
]
