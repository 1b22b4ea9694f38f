from django.urls import path

from hearth.education import views

urlpatterns = [
    path("children/<int:pk>/education/", views.education_setting, name="education_setting"),
    path("children/<int:pk>/pep/new/", views.pep_add, name="pep_add"),
    path("children/<int:pk>/exclusions/new/", views.exclusion_add, name="exclusion_add"),
    path("virtual-school/", views.virtual_school, name="virtual_school"),
]
