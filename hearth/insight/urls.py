from django.urls import path

from hearth.insight import views

urlpatterns = [
    path("", views.overview, name="insight_overview"),
    path("report/", views.report, name="insight_report"),
    path("theme/<slug:theme>/", views.theme, name="insight_theme"),
    path("indicator/<slug:key>/", views.indicator, name="insight_indicator"),
    path("indicator/<slug:key>/children/", views.drill_down, name="insight_children"),
    path("teams/", views.teams, name="insight_teams"),
    path("team/<int:pk>/", views.team, name="insight_team"),
]
