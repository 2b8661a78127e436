import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def kokken(request):
    """The demo flag and the navigation chapter apps contribute for this user's role.

    Dashboard panels render with this context too (four renders on a home page): it is
    built once per request (the unread count, the role checks, the navigation links).
    """
    known = getattr(request, "_kokken_context", None)
    if known is not None:
        return known
    context = {"DEMO_MODE": settings.DEMO_MODE}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from . import access, contrib
        from .notifications import unread_count

        context["unread_notifications"] = unread_count(user)
        context["can_audit"] = access.has_global(user, access.Perm.MANAGE)
        # Whose home and which links the navigation shows: decided in kokken.access.
        context["audience"] = access.audience(user)
        context["is_system_admin"] = access.has_global(user, access.Perm.ADMIN)

        urls = (get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
        context["nav_items"] = [
            {"label": item.label,
             "url": _url(*urls, item.url_name,
                         tuple(item.url_kwargs(user).items()) if item.url_kwargs else ())}
            for item in contrib.nav_items() if access.in_roles(user, item.roles)
        ]
        if request is not None:
            request._kokken_context = context
    return context


@functools.lru_cache(maxsize=512)
def _url(prefix: str, urlconf: str, name: str, kwargs: tuple) -> str:
    """A navigation link, reversed once per process (a dozen reverse() calls were 0.3 ms of
    every signed-in page). ``prefix`` and ``urlconf`` are part of the key only."""
    return reverse(name, urlconf=urlconf, kwargs=dict(kwargs) or None)
