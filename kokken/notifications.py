"""Notifications: an in-app entry for every e-mail, so nobody depends on mail delivery.

E-mails carry links only, never the confidential content itself.

The notification row is the e-mail's outbox entry: it is written in the same transaction
as the change it reports (a round opened, a reminder, a sheet returned), so a mail is
never announced for a change that was rolled back, nor lost for one that was committed.
After the commit this process sends it; whatever could not be sent then (the mail server
down, the process killed) is sent by the sweeper (``kokken.tasks.mail_sweep``) later.
Each row is sent under its row lock and marked in the same short transaction, so two
senders never send it twice; a stable Message-ID lets mail software drop the one
duplicate a crash between the server's "OK" and our commit could cause.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from .models import Notification, User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10  # then the address is given up on (the in-app notification stays)
# The unread count in every page's navigation is kept in the cache per user, dropped by every
# write that changes it (unread_changed). A count read just before a write committed and
# stored just after it would stand until this expires.
UNREAD_SECONDS = 5 * 60


def notify(*, users: Iterable[User], subject: str, body: str, url: str = "") -> list[Notification]:
    """Record a notification for each user; e-mail it once the transaction commits."""
    return notify_each([(users, subject, body, url)])


def notify_each(messages: Iterable[tuple[Iterable[User], str, str, str]]) -> list[Notification]:
    """``notify`` for several messages at once, each ``(users, subject, body, url)``: one
    insert for all of them (opening a round tells every agency of its own sheet)."""
    notes = Notification.objects.bulk_create(
        [Notification(user=u, subject=subject[:200], body=body, url=url, email_to=u.email)
         for users, subject, body, url in messages for u in users if u.is_active])
    unread_changed(n.user_id for n in notes)
    ids = [n.pk for n in notes if n.email_to]
    if ids:
        transaction.on_commit(lambda: mail_send(ids))
    return notes


def mail_send(ids: Iterable[int]) -> int:
    """Send the given notifications' e-mails that are still pending; never raises (what
    fails stays pending for the sweeper). Returns how many were sent."""
    sent = 0
    connection = None
    try:
        for pk in ids:
            with transaction.atomic():
                note = (Notification.objects.select_for_update(skip_locked=True)
                        .filter(pk=pk, emailed_at__isnull=True).exclude(email_to="").first())
                if note is None:  # sent already, or another sender has it right now
                    continue
                if connection is None:
                    connection = get_connection()
                    connection.open()
                try:
                    connection.send_messages([_message(note)])
                except Exception:
                    Notification.objects.filter(pk=pk).update(
                        email_attempts=note.email_attempts + 1)
                    logger.warning("e-mail of notification %s not sent; kept for the sweeper",
                                   pk, exc_info=True)
                    return sent
                Notification.objects.filter(pk=pk).update(emailed_at=timezone.now(),
                                                          email_attempts=note.email_attempts + 1)
                sent += 1
    except Exception:  # the database or the mail server went away: the sweeper resends
        logger.warning("e-mail sending interrupted; pending mails kept for the sweeper",
                       exc_info=True)
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:  # closing a broken connection
                logger.debug("mail connection close failed", exc_info=True)
    return sent


def mail_pending(*, older_than: timedelta, now: datetime | None = None) -> list[int]:
    """Notifications whose e-mail is still to be sent (oldest first)."""
    now = now or timezone.now()
    return list(Notification.objects.filter(
        emailed_at__isnull=True, created_at__lt=now - older_than,
        email_attempts__lt=MAX_ATTEMPTS).exclude(email_to="")
        .order_by("created_at", "id").values_list("pk", flat=True)[:500])


def _message(note: Notification) -> EmailMessage:
    link = f"{settings.SITE_URL.rstrip('/')}{note.url}" if note.url else settings.SITE_URL
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return EmailMessage(note.subject, f"{note.body}\n\n{link}\n", settings.DEFAULT_FROM_EMAIL,
                        [note.email_to],
                        headers={"Message-ID": f"<notification-{note.pk}@{domain}>"})


def _unread_key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user: User) -> int:
    """The user's unread notifications (every page's navigation shows it): a cache read."""
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(user=user, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_SECONDS)
    return count


def unread_changed(user_ids: Iterable[int]) -> None:
    """The users' unread counts changed: dropped now and again at commit (a page of another
    request may have counted the rows as they were before the commit, and kept that)."""
    keys = [_unread_key(pk) for pk in set(user_ids)]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def mark_all_read(user: User) -> None:
    user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    unread_changed([user.pk])


def mark_read(note: Notification) -> None:
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
        unread_changed([note.user_id])
