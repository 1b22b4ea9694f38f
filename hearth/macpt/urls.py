from django.urls import path

from hearth.macpt import views

_SD = "children/<int:pk>/strategy/<int:sd_pk>"
_S47 = "children/<int:pk>/section-47/<int:s47_pk>"

urlpatterns = [
    path("partner/", views.partner_home, name="partner_home"),
    path("children/<int:pk>/partner/", views.partner_child, name="partner_child"),
    path("children/<int:pk>/macpt/", views.macpt_child, name="macpt_child"),
    path("children/<int:pk>/macpt/members/new/", views.macpt_member_add, name="macpt_member_add"),
    path(
        "children/<int:pk>/macpt/members/<int:member_pk>/end/",
        views.macpt_member_end,
        name="macpt_member_end",
    ),
    path("children/<int:pk>/macpt/lead/", views.macpt_lead, name="macpt_lead"),
    path(f"{_SD}/", views.strategy_detail, name="strategy_detail"),
    path(
        f"{_SD}/contributions/new/",
        views.strategy_contribution_add,
        name="strategy_contribution_add",
    ),
    path(f"{_S47}/", views.section47_detail, name="section47_detail"),
    path(
        f"{_S47}/contributions/new/",
        views.section47_contribution_add,
        name="section47_contribution_add",
    ),
]
