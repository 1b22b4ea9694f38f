from django.urls import include, path

urlpatterns = [
    path("", include("hearth.people.urls")),
    path("", include("hearth.access.urls")),
]
