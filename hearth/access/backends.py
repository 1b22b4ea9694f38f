"""Django's model backend, loading the signed-in user's worker record and team with the user.

Nearly every page asks for them (visibility, the menu, My work); one joined query per request
instead of two more."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from hearth.access.models import User


class UserWithWorkerBackend(ModelBackend):
    def get_user(self, user_id):
        user = User._default_manager.select_related("worker__team").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
