"""The registers' version (kokken/figures.py): a token per app in the cache, replaced by every
write to the app's registers, at once and again at commit; read in one cache read per request,
without a query. Every cached figure and fragment of the homes, the sheet and the section
pages is keyed by it, so a version that did not change after a write would show stale figures.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from ip.models import CoiCase
from kokken import figures
from tests.ip import factories as ip_f

pytestmark = pytest.mark.django_db

NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def _version(app="ip"):
    return figures.registers_version(None, [app])


def test_the_version_is_read_without_a_query():
    _version()
    with CaptureQueriesContext(connection) as queries:
        assert _version() == _version()
    assert not queries.captured_queries


@pytest.mark.parametrize("change", ["create", "edit", "delete", "bulk create"])
def test_a_register_write_changes_its_apps_version_and_no_other(cast, change):
    case = ip_f.case(cast.agency)
    before, other = _version("ip"), _version("security")
    if change == "create":
        ip_f.case(cast.other_agency)
    elif change == "edit":
        case.recusal = True
        case.save()
    elif change == "delete":
        CoiCase.objects.get(pk=case.pk).delete()
    else:
        CoiCase.objects.bulk_create([CoiCase(
            agency=cast.other_agency, fiscal_year=2024, case_type="equity",
            counterpart="own_startup", received_on=case.received_on)])
    assert _version("ip") != before
    assert _version("security") == other


def test_the_version_changes_again_when_the_write_commits(cast, django_capture_on_commit_callbacks):
    """A reader that took the version while the write was uncommitted may have cached figures
    of the old rows under it: the version after the commit is another one."""
    before = _version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ip_f.case(cast.agency)
        during = _version()
    assert during != before
    for callback in callbacks:
        callback()
    assert _version() not in (before, during)


def test_a_lost_token_is_a_new_version_never_an_old_one():
    before = _version()
    cache.clear()
    assert _version() != before


@override_settings(CACHES=NO_CACHE)
def test_without_a_working_cache_the_version_is_read_from_the_history_tables(cast):
    with CaptureQueriesContext(connection) as queries:
        before = _version()
    assert len(queries.captured_queries) == 1
    assert "ip_historicalcoicase" in queries.captured_queries[0]["sql"]
    ip_f.case(cast.agency)
    assert _version() != before
