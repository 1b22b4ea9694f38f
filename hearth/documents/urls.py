from django.urls import path

from hearth.documents import views

urlpatterns = [
    path("children/<int:pk>/documents/", views.child_documents, name="child_documents"),
    path("children/<int:pk>/documents/new/", views.document_add, name="document_add"),
    path(
        "children/<int:pk>/documents/<int:document_pk>/download/",
        views.document_download,
        name="document_download",
    ),
    path(
        "children/<int:pk>/documents/<int:document_pk>/remove/",
        views.document_remove,
        name="document_remove",
    ),
]
