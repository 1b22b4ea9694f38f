from django.urls import include, path

urlpatterns = [
    path("", include("hearth.core.urls")),
    path("", include("hearth.access.urls")),
    path("", include("hearth.people.urls")),
    path("", include("hearth.casework.urls")),
    path("", include("hearth.care.urls")),
    path("", include("hearth.carers.urls")),
    path("", include("hearth.education.urls")),
    path("", include("hearth.workforce.urls")),
    path("", include("hearth.documents.urls")),
    path("", include("hearth.sharing.urls")),
    path("", include("hearth.quality.urls")),
    path("", include("hearth.familyhelp.urls")),
    path("", include("hearth.macpt.urls")),
    path("", include("hearth.safeguarding.urls")),
    path("", include("hearth.partnership.urls")),
    path("insight/", include("hearth.insight.urls")),
    path("returns/dfe-api/", include("hearth.dfe_api.urls")),
    path("returns/", include("hearth.returns.urls")),
    path("api/v1/", include("hearth.api.urls")),
]

handler404 = "hearth.api.problems.api_aware_404"
