from datetime import date, timedelta

from django.core import mail

from agreements import services
from agreements.models import Reminder
from kokken.models import Notification
from tests.agreements.factories import make_questionnaire, open_round, submit


def test_reminders_go_n_days_before_the_due_date_to_laggards_only(cast):
    round = open_round(cast, make_questionnaire())  # due 2024-07-31, remind 7 days before
    submit(round.sheets.get(agency=cast.other_agency), {"Q1-1": "done", "N1": "1"})
    assert services.reminders_send(today=date(2024, 7, 23)) == 0
    assert services.reminders_send(today=date(2024, 7, 24)) == 26
    assert not Reminder.objects.filter(agency=cast.other_agency).exists()


def test_reminders_never_go_twice_on_the_same_day(cast):
    round = open_round(cast, make_questionnaire())
    today = round.due_on + timedelta(days=3)
    assert services.reminders_send(today=today) == 27
    before = Notification.objects.filter(user=cast.editor).count()
    assert services.reminders_send(today=today) == 0
    assert services.reminders_send(round=round, kind="manual", today=today) == 0
    assert Notification.objects.filter(user=cast.editor).count() == before
    assert services.reminders_send(today=today + timedelta(days=1)) == 27


def test_overdue_reminders_say_so(cast):
    round = open_round(cast, make_questionnaire())
    mail.outbox.clear()
    services.reminders_send(today=round.due_on + timedelta(days=1))
    note = Notification.objects.filter(user=cast.editor).first()
    assert "提出期限" in note.body or "was due" in note.body


def test_the_daily_task_is_scheduled():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["send-reminders"]["task"] == "agreements.tasks.send_reminders"
