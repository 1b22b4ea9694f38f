from django.urls import path

from hearth.core import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
