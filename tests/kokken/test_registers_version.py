"""The registers' version (kokken/figures.py): a token per app in the cache, replaced by every
write to the app's registers, at once and again at commit; read in one cache read per request,
without a query. Every cached figure and fragment of the homes, the sheet and the section
pages is keyed by it, so a version that did not change after a write would show stale figures.
"""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
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


def test_a_transaction_reads_its_own_writes_under_a_token_nobody_else_reads(
        cast, django_capture_on_commit_callbacks):
    """Inside a transaction the writer's reads see its uncommitted rows: they are keyed by a
    private token, and everybody's version changes only when it commits."""
    before = _version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            ip_f.case(cast.agency)
            during = _version()
            shared = figures._read_tokens()["ip"][1]
    assert during != before and ("token", shared) == dict(before)["ip"]
    for callback in callbacks:
        callback()
    assert _version() not in (before, during)


def test_a_rolled_back_write_leaves_nothing_cached_under_a_shared_token(cast):
    before = _version()
    seen = []
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            ip_f.case(cast.agency)
            seen.append(_version())
            figures.cached("rolled-back", (), seen[0], lambda: "figures of rows rolled back")
            raise RuntimeError
    after = _version()
    assert after not in (before, *seen)
    assert figures.cached("rolled-back", (), after, lambda: "fresh") == "fresh"


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
