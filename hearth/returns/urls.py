from django.urls import path

from hearth.returns import quarantine_views, views

urlpatterns = [
    path("", views.home, name="returns_home"),
    path("start/", views.start, name="returns_start"),
    path("jobs/<int:pk>/", views.job_page, name="returns_job"),
    path("jobs/<int:pk>/status.json", views.job_status, name="returns_job_status"),
    path("jobs/<int:pk>/download/", views.download, name="returns_download"),
    path("jobs/<int:pk>/report/", views.report, name="returns_report"),
    path("data-quality/", views.data_quality, name="returns_data_quality"),
    path("data-quality/run/", views.data_quality_run, name="returns_data_quality_run"),
    path("quarantine/", quarantine_views.quarantine, name="returns_quarantine"),
    path(
        "quarantine/<int:pk>/resolve/",
        quarantine_views.quarantine_resolve,
        name="returns_quarantine_resolve",
    ),
]
