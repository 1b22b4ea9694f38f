from django.urls import path

from hearth.workforce import views

urlpatterns = [
    path("children/<int:pk>/allocate/", views.allocate, name="allocate"),
    path("team/supervision/<int:worker_pk>/new/", views.supervision_add, name="supervision_add"),
    path("workforce/", views.workforce_index, name="workforce"),
    path("workforce/teams/new/", views.team_add, name="team_add"),
    path("workforce/teams/<int:team_pk>/posts/new/", views.post_add, name="post_add"),
    path("workforce/posts/<int:post_pk>/fill/", views.post_fill, name="post_fill"),
    path("workforce/workers/new/", views.worker_add, name="worker_add"),
    path("workforce/workers/<int:worker_pk>/", views.worker_edit, name="worker_edit"),
]
