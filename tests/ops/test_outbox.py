"""Nothing that was to be sent is lost to an outage: e-mails that could not be sent after
their commit wait in the outbox (the notification row) and the sweeper sends them once;
a daily reminder run that the beat missed is made up by the sweep, once.

The same with a real worker and a Redis stopped and started again: tests/ops/test_faults.py.
"""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from agreements import services
from agreements.models import Reminder
from kokken import notifications
from kokken.models import Notification
from kokken.tasks import mail_sweep
from tests.agreements.factories import make_questionnaire, open_round
from tests.conftest import postgres_only

pytestmark = pytest.mark.django_db

JST = ZoneInfo("Asia/Tokyo")
LOCMEM = "django.core.mail.backends.locmem.EmailBackend.send_messages"


def notify_editor(cast, subject="件名"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        [note] = notifications.notify(users=[cast.editor], subject=subject, body="本文",
                                      url="/notifications/")
    return note


def test_a_mail_that_cannot_be_sent_waits_and_the_sweeper_sends_it_once(cast):
    mail.outbox.clear()
    with mock.patch(LOCMEM, side_effect=smtplib.SMTPServerDisconnected("mail server gone")):
        note = notify_editor(cast)  # the caller (a page, a task) sees no error
    note.refresh_from_db()
    assert note.emailed_at is None and note.email_attempts == 1 and mail.outbox == []

    later = timezone.now() + timedelta(minutes=5)
    assert notifications.mail_send(notifications.mail_pending(
        older_than=timedelta(minutes=1), now=later)) == 1
    assert [m.to for m in mail.outbox] == [[cast.editor.email]]
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<notification-{note.pk}@")
    # Sent is sent: a second sweep, or the first sender retried, sends nothing more.
    assert notifications.mail_send([note.pk]) == 0
    assert notifications.mail_pending(older_than=timedelta(0), now=later) == []
    assert len(mail.outbox) == 1


def test_a_mail_sent_after_its_commit_is_not_sent_again_by_the_sweeper(cast):
    mail.outbox.clear()
    note = notify_editor(cast)
    note.refresh_from_db()
    assert note.emailed_at is not None and len(mail.outbox) == 1
    assert mail_sweep() == 0
    assert len(mail.outbox) == 1


def test_the_sweeper_leaves_fresh_mails_to_their_sender(cast, settings):
    with mock.patch(LOCMEM, side_effect=OSError("connection refused")):
        note = notify_editor(cast)
    assert notifications.mail_pending(older_than=timedelta(seconds=settings.SWEEP_SECONDS)) == []
    assert notifications.mail_pending(older_than=timedelta(seconds=-1)) == [note.pk]


def test_an_address_that_keeps_failing_is_given_up_on(cast):
    with mock.patch(LOCMEM, side_effect=smtplib.SMTPRecipientsRefused({})):
        note = notify_editor(cast)
        for _ in range(notifications.MAX_ATTEMPTS):
            notifications.mail_send([note.pk])
    later = timezone.now() + timedelta(minutes=5)
    assert notifications.mail_pending(older_than=timedelta(0), now=later) == []
    assert Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).exists()


def test_notifications_without_an_address_or_from_before_the_outbox_are_never_mailed(cast):
    Notification.objects.create(user=cast.editor, subject="昔の通知", body="…")  # email_to ""
    mail.outbox.clear()
    assert mail_sweep() == 0 and mail.outbox == []


def test_a_rolled_back_change_mails_nothing(cast):
    mail.outbox.clear()
    with pytest.raises(RuntimeError), TestCase.captureOnCommitCallbacks(execute=True):
        from django.db import transaction

        with transaction.atomic():
            notifications.notify(users=[cast.editor], subject="件名", body="本文")
            raise RuntimeError("the change failed")
    assert mail.outbox == [] and not Notification.objects.filter(subject="件名").exists()


# --- The daily reminders, made up by the sweep --------------------------------------------

def test_a_missed_daily_reminder_run_is_made_up_by_the_sweep_once(cast, settings):
    settings.REMINDER_HOUR = 9
    round = open_round(cast, make_questionnaire())  # due 2024-07-31, remind 7 days before
    day = round.due_on - timedelta(days=round.reminder_days_before)
    early = datetime(day.year, day.month, day.day, 8, 59, tzinfo=JST)
    late = datetime(day.year, day.month, day.day, 10, 30, tzinfo=JST)

    assert services.reminders_catch_up(now=early) == 0  # before the hour: the beat's turn
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = services.reminders_catch_up(now=late)  # the 9:00 run never happened
    assert sent == round.sheets.count()
    assert Reminder.objects.filter(round=round, day=day, kind="before_due").count() == sent
    assert sum(cast.editor.email in m.to for m in mail.outbox) == 1
    assert services.reminders_catch_up(now=late + timedelta(minutes=1)) == 0
    assert services.reminders_catch_up(now=late + timedelta(days=1)) == 0  # not a reminder day


def test_the_sweep_does_not_remind_again_after_the_beats_run(cast, settings):
    settings.REMINDER_HOUR = 9
    round = open_round(cast, make_questionnaire())
    today = round.due_on + timedelta(days=2)  # overdue: reminded every day
    assert services.reminders_send(today=today) == round.sheets.count()  # the beat's run
    late = datetime(today.year, today.month, today.day, 15, 0, tzinfo=JST)
    assert services.reminders_catch_up(now=late) == 0


def test_the_mail_sweep_is_scheduled():
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["mail-sweep"]["task"] == "kokken.tasks.mail_sweep"
    assert schedule["mail-sweep"]["schedule"] == timedelta(seconds=settings.SWEEP_SECONDS)


@pytest.mark.postgres
@pytest.mark.skipif(not postgres_only(), reason="needs PostgreSQL (.ci/run)")
@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_send_each_mail_once(cast):
    """The sender after a commit and the sweeper (or two sweepers) racing: row locks."""
    import threading
    import time

    from django.core.mail.backends.locmem import EmailBackend
    from django.db import connection

    notes = Notification.objects.bulk_create(
        [Notification(user=cast.editor, subject=f"件名{i}", body="本文", email_to=cast.editor.email)
         for i in range(6)])
    ids = [n.pk for n in notes]
    slow = EmailBackend.send_messages

    def send_slowly(self, messages):
        time.sleep(0.05)  # the mail server takes its time: the other sender catches up
        return slow(self, messages)

    mail.outbox.clear()
    barrier = threading.Barrier(2)
    counts = []

    def sender(order):
        try:
            barrier.wait()
            counts.append(notifications.mail_send(order))
        finally:
            connection.close()

    with mock.patch.object(EmailBackend, "send_messages", send_slowly):
        threads = [threading.Thread(target=sender, args=(order,))
                   for order in (ids, list(reversed(ids)))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sum(counts) == len(ids)
    assert sorted(m.subject for m in mail.outbox) == sorted(n.subject for n in notes)
    assert not Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).exists()
