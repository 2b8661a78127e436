"""Personal API tokens: ``Authorization: Bearer <token>`` (or ``Token <token>``)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from kokken import audit, lockout
from kokken.models import ApiToken, AuditEvent

KEYWORDS = {b"bearer", b"token"}
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenAuthentication(authentication.BaseAuthentication):
    """Looks the token up by the SHA-256 hash of the secret; refuses revoked and expired
    tokens and inactive users."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        token = (ApiToken.objects.active().select_related("user")
                 .filter(digest=ApiToken.hash(secret)).first())
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("This token has expired. Create a new one "
                                                    "on your profile page."))
        if lockout.is_locked(request._request, token.user):
            audit.record(AuditEvent.Action.TOKEN_REFUSED, user=token.user, succeeded=False,
                         what=f"{token.prefix}… (#{token.pk}): account locked from this address",
                         request=request._request)
            raise exceptions.AuthenticationFailed(_(
                "This account is locked after repeated failed sign-ins from this address. "
                "Try again later or ask an administrator to unlock it."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) to requests without credentials.
        return 'Bearer realm="api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents the token scheme in the OpenAPI schema."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "Personal API token from your profile page."}
