"""The signed-in user is read with their agency or ministry, which every page's header and
navigation show, in one query when the cache does not keep it (kokken/backends.py); sessions made by Django's own backend
before it stay signed in."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kokken import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who, table", [("editor", "kokken_agency"),
                                        ("reviewer", "kokken_ministry")])
def test_the_user_and_their_organisation_are_one_query(client_for, cast, who, table):
    client = client_for(getattr(cast, who))
    client.get("/notifications/")
    signed_in.forget()  # not the kept copy (kokken/signed_in.py): read from the database
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/notifications/").status_code == 200
    sql = [q["sql"] for q in queries]
    assert [s for s in sql if 'FROM "kokken_user"' in s and table in s]
    assert not [s for s in sql if s.lstrip().startswith(f'SELECT "{table}"."id"')]


def test_a_session_of_djangos_own_backend_stays_signed_in(client_for, cast):
    client = client_for(cast.editor)
    session = client.session
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session.save()
    assert client.get("/notifications/").status_code == 200
