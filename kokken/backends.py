"""Signing in with a username and password (Django's ModelBackend), the user loaded per
request with the organisation every page shows.

The header names the user's agency or ministry and the navigation links to it, so every
signed-in page read the user and then their agency or ministry: two queries where one does
(issue 18's sixth pass); since the seventh, the cache keeps it (kokken/signed_in.py).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from . import signed_in


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()

        def load():
            return (model._default_manager.select_related("agency", "ministry")
                    .filter(pk=user_id).first())

        # Kept in the cache until the user or an organisation changes (kokken/signed_in.py).
        user = signed_in.user(user_id, load)
        return user if user is not None and self.user_can_authenticate(user) else None
