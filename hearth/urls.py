from django.urls import include, path

urlpatterns = [
    path("", include("hearth.core.urls")),
    path("", include("hearth.access.urls")),
    path("", include("hearth.people.urls")),
]
