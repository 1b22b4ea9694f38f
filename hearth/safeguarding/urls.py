from django.urls import path

from hearth.safeguarding import views

urlpatterns = [
    path("lado/", views.lado_list, name="lado_list"),
    path("lado/add/", views.lado_add, name="lado_add"),
    path("lado/<int:pk>/", views.lado_detail, name="lado_detail"),
    path("lado/<int:pk>/consideration/", views.lado_consideration, name="lado_consideration"),
    path("lado/<int:pk>/outcome/", views.lado_outcome, name="lado_outcome"),
    path("lado/<int:pk>/children/", views.lado_link_child, name="lado_link_child"),
    path("children/<int:pk>/private-fostering/", views.private_fostering, name="private_fostering"),
    path(
        "children/<int:pk>/private-fostering/visit/",
        views.private_fostering_visit,
        name="private_fostering_visit",
    ),
    path(
        "children/<int:pk>/private-fostering/assessment/",
        views.private_fostering_assess,
        name="private_fostering_assess",
    ),
    path(
        "children/<int:pk>/private-fostering/end/",
        views.private_fostering_end,
        name="private_fostering_end",
    ),
    path("children/<int:pk>/young-carer/", views.young_carer, name="young_carer"),
    path("children/<int:pk>/homeless/", views.homeless, name="homeless"),
]
