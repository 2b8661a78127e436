from django.conf import settings
from django.urls import reverse


def kokken(request):
    """The demo flag and the navigation chapter apps contribute for this user's role.

    Dashboard panels render with this context too (four renders on a home page): it is
    built once per request (the unread count, the role checks, a reverse() per nav item).
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

        context["nav_items"] = [
            {"label": item.label,
             "url": reverse(item.url_name, kwargs=item.url_kwargs(user) if item.url_kwargs else None)}
            for item in contrib.nav_items() if access.in_roles(user, item.roles)
        ]
        if request is not None:
            request._kokken_context = context
    return context
