from django.urls import path

from hearth.core import authority_views, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("access/local-authority/", authority_views.local_authority, name="local_authority"),
]
