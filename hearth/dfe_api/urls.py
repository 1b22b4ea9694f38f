from django.urls import path

from hearth.dfe_api import views

urlpatterns = [
    path("", views.submission_log, name="dfe_api_log"),
]
