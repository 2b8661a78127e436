"""Signing in with a username and password (Django's ModelBackend), the user loaded per
request with the organisation every page shows.

The header names the user's agency or ministry and the navigation links to it, so every
signed-in page read the user and then their agency or ministry: two queries where one does
(issue 18's sixth pass).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("agency", "ministry").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
