"""Notifications: an in-app entry for every e-mail, so nobody depends on mail delivery.

E-mails carry links only, never the confidential content itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from .models import Notification, User


def notify(*, users: Iterable[User], subject: str, body: str, url: str = "") -> list[Notification]:
    """Record a notification for each user and e-mail it once the transaction commits."""
    users = [u for u in users if u.is_active]
    notes = Notification.objects.bulk_create(
        [Notification(user=u, subject=subject[:200], body=body, url=url) for u in users]
    )
    link = f"{settings.SITE_URL.rstrip('/')}{url}" if url else settings.SITE_URL
    messages = [
        (subject, f"{body}\n\n{link}\n", settings.DEFAULT_FROM_EMAIL, [u.email])
        for u in users if u.email
    ]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return notes


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
