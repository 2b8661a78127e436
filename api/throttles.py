"""API throttles whose rates come from settings at each request (``API_THROTTLE_RATES``),
so tests and deployments can change them without re-importing DRF."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _FromSettings:
    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class UserThrottle(_FromSettings, UserRateThrottle):
    """Per signed-in user (a token or the session)."""


class AnonThrottle(_FromSettings, AnonRateThrottle):
    """Per address, for requests without credentials."""
