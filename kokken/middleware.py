import logging
import time

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware

from . import access, mfa, signed_in
from .errors import ExportsHeld

logger = logging.getLogger(__name__)


def _second_factor_first(request):
    """Signed in with a password only, where a second factor is needed: nothing but the
    verify / set-up pages (and sign-out) until it is confirmed."""
    if request.path.startswith("/api/"):
        message = _("Confirm your second factor (authenticator app) first: sign in again "
                    "in the browser, or use a personal API token.")
        return JsonResponse({"error": {"code": "mfa_required", "message": str(message),
                                       "fields": {}, "details": {}}}, status=403)
    return redirect(f"{reverse('mfa_verify')}?{urlencode({'next': request.get_full_path()})}")


class AccessMiddleware:
    """Deny by default: a view runs only if it declared an access rule.

    Anonymous users are sent to sign-in; the Django admin is for system
    administrators only. Object-level checks happen in the rule's decorator.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.namespace == "admin":
            rule = access.ADMIN_RULE
        else:
            rule = access.rule_of(view_func)
        if rule is None:
            logger.error("View %s has no access rule; refused.", getattr(view_func, "__name__", view_func))
            raise PermissionDenied
        if rule.public:
            return None
        if not request.user.is_authenticated:
            if request.path.startswith("/api/"):
                return None  # DRF answers 401/403 in JSON through its own permission classes
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if rule.kind != "mfa_step" and mfa.must_verify(request):
            return _second_factor_first(request)
        rule.admit(request.user)  # objects are loaded and checked by the view's rule itself
        return None

    def process_exception(self, request, exception):
        # A page whose export is refused because the user's exports are held says why.
        if isinstance(exception, ExportsHeld):
            return render(request, "kokken/exports_held.html", {"message": exception.message},
                          status=exception.status)
        return None


class ContentSecurityPolicyMiddleware:
    """A strict CSP: scripts and styles only from our own static files."""

    POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(("/admin/",)):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        return response


class JapaneseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Japanese unless the user chose English with the switch (a cookie).

    An official's browser may well announce English; the product is Japanese first.
    The API follows Accept-Language, as API clients expect.
    """

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SecondFactorMiddleware(OTPMiddleware):
    """django-otp's middleware, with the device the session confirmed kept in the cache
    under its owner's token (kokken/signed_in.py) instead of read on every request. The
    device's owner and confirmation are still checked on every request (``_finalize_device``);
    the method below is django-otp's own ``_verify_user_sync`` (1.7) with that one change."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            device = signed_in.device(
                user.pk, persistent_id,
                lambda: self._device_from_persistent_id(persistent_id)) if persistent_id else None
            user.otp_device = self._finalize_device(request, user, device)
        return user


class SessionIdleMiddleware:
    """The idle timeout (SESSION_COOKIE_AGE) without a session write on every request.

    A session's expiry moves forward only when it is saved. Saving it on every request
    (SESSION_SAVE_EVERY_REQUEST) cost four queries per page; this saves it at most once per
    ``REFRESH_SECONDS`` of activity instead, so a session still ends after SESSION_COOKIE_AGE
    without a request (give or take that one minute) and a busy user is never signed out.
    Sessions without a signed-in user are left alone (no session row for anonymous visits).
    """

    REFRESH_SECONDS = 60
    KEY = "_kokken_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or not session.session_key:
            return response  # no cookie yet: sign-in creates and saves the session itself
        if session.get("_auth_user_id") is None:
            return response
        now = int(time.time())
        if now - session.get(self.KEY, 0) >= self.REFRESH_SECONDS:
            session[self.KEY] = now  # modified: SessionMiddleware saves it and resets the cookie
        return response
