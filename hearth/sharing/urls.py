from django.urls import path

from hearth.sharing import views

urlpatterns = [
    path("children/<int:pk>/sharing/", views.child_sharing, name="child_sharing"),
    path("children/<int:pk>/sharing/new/", views.sharing_add, name="sharing_add"),
    path("sharing/", views.sharing_log, name="sharing_log"),
]
