"""The unread count in every page's navigation is a cache read (kokken/notifications.py,
issue 18), and every change to it shows on the next page at once: a new notification, one
opened, all marked read. Each user's count is their own."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kokken import notifications
from kokken.models import Notification

pytestmark = pytest.mark.django_db


def _badge(client) -> int:
    body = client.get("/notifications/?page=1").content.decode()
    found = re.search(r'class="count-badge">(\d+)<', body)
    return int(found.group(1)) if found else 0


def test_the_count_is_not_queried_once_cached(cast):
    cache.clear()
    notifications.unread_count(cast.editor)
    with CaptureQueriesContext(connection) as queries:
        notifications.unread_count(cast.editor)
    assert not queries.captured_queries


def test_every_change_to_the_unread_count_shows_on_the_next_page(client_for, cast):
    cache.clear()
    client = client_for(cast.editor)
    assert _badge(client) == 0
    notifications.notify(users=[cast.editor, cast.other_editor], subject="一", body="")
    notifications.notify(users=[cast.editor], subject="二", body="")
    assert _badge(client) == 2
    first = Notification.objects.filter(user=cast.editor).earliest("pk")
    assert client.get(f"/notifications/{first.pk}/").status_code == 302
    assert _badge(client) == 1
    assert client.post("/notifications/", {"action": "read_all"}).status_code == 302
    assert _badge(client) == 0
    other = client_for(cast.other_editor)
    assert _badge(other) == 1


def test_a_count_taken_before_a_write_commits_is_dropped_at_commit(
        cast, django_capture_on_commit_callbacks):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notifications.notify(users=[cast.editor], subject="一", body="")
        # Another request counted now, before the commit, and kept its count.
        cache.set(notifications._unread_key(cast.editor.pk), 0)
    for callback in callbacks:
        callback()
    assert notifications.unread_count(cast.editor) == 1
