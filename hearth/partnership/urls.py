from django.urls import path

from hearth.partnership import views

urlpatterns = [
    path("reports/", views.reports, name="partnership_reports"),
    path("reports/<int:pk>/", views.report, name="partnership_report"),
    path("reports/<int:pk>/pdf/", views.report_pdf_view, name="partnership_report_pdf"),
    path(
        "reports/<int:pk>/commentary/<slug:section>/",
        views.commentary,
        name="partnership_commentary",
    ),
]
