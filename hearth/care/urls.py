from django.urls import path

from hearth.care import views

urlpatterns = [
    path("children/<int:pk>/care/start/", views.care_start, name="care_start"),
    path("children/<int:pk>/care/end/", views.care_end, name="care_end"),
    path("children/<int:pk>/placements/move/", views.placement_change, name="placement_change"),
    path(
        "children/<int:pk>/legal-status/change/",
        views.legal_status_change,
        name="legal_status_change",
    ),
    path("children/<int:pk>/lac-reviews/new/", views.lac_review_add, name="lac_review_add"),
    path("children/<int:pk>/health/new/", views.health_check_add, name="health_check_add"),
    path("children/<int:pk>/missing/new/", views.missing_add, name="missing_add"),
    path(
        "children/<int:pk>/missing/<int:episode_pk>/return/",
        views.return_interview,
        name="return_interview",
    ),
    path("children/<int:pk>/exploitation/new/", views.exploitation_add, name="exploitation_add"),
    path("children/<int:pk>/pathway-plan/new/", views.pathway_plan_add, name="pathway_plan_add"),
    path(
        "children/<int:pk>/care-leaver-contact/new/",
        views.care_leaver_contact_add,
        name="care_leaver_contact_add",
    ),
    path("children/<int:pk>/entitlements/new/", views.entitlements_add, name="entitlements_add"),
    path("children/<int:pk>/proceedings/", views.proceedings_add, name="proceedings_add"),
    path("children/<int:pk>/adoption/new/", views.adoption_add, name="adoption_add"),
    path("children/<int:pk>/pre-proceedings/", views.pre_proceedings, name="pre_proceedings"),
    path(
        "children/<int:pk>/deprivation-of-liberty/",
        views.deprivation_of_liberty,
        name="deprivation_of_liberty",
    ),
    path("children/<int:pk>/kinship/", views.kinship, name="kinship"),
]
