from django.urls import path

from hearth.carers import views

urlpatterns = [
    path("carers/", views.households, name="carer_households"),
    path("carers/new/", views.household_add, name="carer_household_add"),
    path("carers/sufficiency/", views.sufficiency, name="fostering_sufficiency"),
    path("carers/<int:pk>/", views.household, name="carer_household"),
    path("carers/<int:pk>/details/", views.household_edit, name="carer_household_edit"),
    path("carers/<int:pk>/members/new/", views.member_add, name="carer_member_add"),
    path("carers/<int:pk>/assessment/", views.assessment, name="carer_assessment"),
    path("carers/<int:pk>/approval/", views.approve, name="carer_approve"),
    path("carers/<int:pk>/status/", views.status, name="carer_status"),
    path("carers/<int:pk>/reviews/new/", views.review_add, name="carer_review_add"),
]
