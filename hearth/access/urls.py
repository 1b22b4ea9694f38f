from django.urls import path

from hearth.access import account_views, views
from hearth.api import admin_views as api_admin

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/",
        views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("session/keep-alive/", views.keep_alive, name="keep_alive"),
    path("children/<int:pk>/break-glass/", views.break_glass_view, name="break_glass"),
    path("children/<int:pk>/viewers/", views.child_viewers, name="child_viewers"),
    path("children/<int:pk>/named-people/", views.named_people, name="named_people"),
    path(
        "children/<int:pk>/named-people/<int:grant_pk>/remove/",
        views.named_person_remove,
        name="named_person_remove",
    ),
    path(
        "access/named-access-requests/",
        views.named_access_requests,
        name="named_access_requests",
    ),
    path(
        "access/named-access-requests/<int:request_pk>/decide/",
        views.named_access_decide,
        name="named_access_decide",
    ),
    path("access/break-glass/", views.break_glass_report, name="break_glass_report"),
    path(
        "access/break-glass/<int:grant_pk>/review/",
        views.break_glass_review,
        name="break_glass_review",
    ),
    path("access/users/", views.users, name="users"),
    path("access/users/<int:pk>/role/", views.user_role, name="user_role"),
    path("access/users/new/", account_views.user_add, name="user_add"),
    path("access/api-tokens/", api_admin.api_tokens, name="api_tokens"),
    path("access/api-tokens/<int:pk>/revoke/", api_admin.api_token_revoke, name="api_token_revoke"),
    path("access/api-tokens/<int:pk>/rotate/", api_admin.api_token_rotate, name="api_token_rotate"),
    path("access/users/<int:pk>/", account_views.user_detail, name="user_detail"),
    path("access/users/<int:pk>/worker/", account_views.user_worker, name="user_worker"),
    path("access/users/<int:pk>/disable/", account_views.user_disable, name="user_disable"),
    path("access/users/<int:pk>/enable/", account_views.user_enable, name="user_enable"),
    path("access/users/<int:pk>/unlock/", account_views.user_unlock, name="user_unlock"),
    path(
        "access/users/<int:pk>/two-factor/reset/",
        account_views.user_two_factor_reset,
        name="user_two_factor_reset",
    ),
    path("access/restricted-records/", views.restricted_records, name="restricted_records"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_log_csv, name="audit_log_csv"),
    path("audit/verify/", views.audit_log_verify, name="audit_log_verify"),
]
