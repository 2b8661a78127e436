"""Every URL the project has, against an explicit table of who gets what.

URL patterns are enumerated from the resolver. Each must declare an access rule
(kokken/access.py), have samples for its parameters (tests/access_samples.py or
tests/<app>/samples.py) and a row in ``EXPECTED`` below: the status each kind of
user gets for RIKEN's sample object, by GET and by POST. A new URL without a row,
or a row for a URL that is gone, fails the test. The expectations are written
out by hand; nothing here asks kokken.access what they should be.
"""

import importlib
import pkgutil
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from kokken import access
from tests.access_samples import SAMPLES
from tests.conftest import sign_in
from tests.kokken.access_table import EXPECTED, LOGIN, ROLES


def _load_app_samples():
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.endswith(".samples"):
            importlib.import_module(module.name)


_load_app_samples()


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry, namespace


def project_urls():
    """(route, pattern, namespace) for every project URL except Django admin's."""
    return [
        (route, pattern, ns)
        for route, pattern, ns in _walk(get_resolver().url_patterns)
        if ns != "admin"
    ]


def _params(route: str) -> list[str]:
    found = re.findall(r"<(?:\w+:)?(\w+)>", route)
    found += re.findall(r"\(\?P<(\w+)>", route)
    return found


def _url(route: str, cast) -> str:
    def fill(match):
        name = match.group(1)
        return str(SAMPLES[name](cast))

    path = re.sub(r"<(?:\w+:)?(\w+)>", fill, route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", fill, path)
    path = path.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\.", ".")
    return "/" + path


ROUTES = project_urls()
IDS = [route or "/" for route, _, _ in ROUTES]


def prepare(cast):
    """Finished reports of the sample round, so that report downloads have a file to refuse."""
    from django.core.files.base import ContentFile

    from agreements.models import ReportJob
    from kokken.models import Ministry
    from tests.agreements.samples import riken_sheet

    round = riken_sheet(cast).round
    for kind, agency, ministry in [("annual", None, None), ("agency", cast.agency, None),
                                   ("ministry", None, Ministry.objects.get(code="MEXT"))]:
        job = ReportJob.objects.create(kind=kind, round=round, agency=agency, ministry=ministry,
                                       status=ReportJob.Status.DONE, requested_by=cast.secretariat)
        job.file.save(f"reports/matrix-{kind}.pdf", ContentFile(b"%PDF-1.4 RIKEN"))


def test_every_url_declares_an_access_rule():
    undeclared = [route for route, pattern, _ in ROUTES if access.rule_of(pattern.callback) is None]
    assert undeclared == [], f"URLs without an access rule: {undeclared}"


def test_every_url_parameter_has_a_sample():
    unknown = sorted({p for route, _, _ in ROUTES for p in _params(route)} - set(SAMPLES))
    assert unknown == [], f"Add samples to tests/access_samples.py for: {unknown}"


def test_every_url_has_a_row_in_the_table_and_every_row_a_url():
    routes = {route for route, _, _ in ROUTES}
    assert sorted(routes - set(EXPECTED)) == [], "Add these URLs to tests/kokken/access_table.py"
    assert sorted(set(EXPECTED) - routes) == [], "These rows name URLs that no longer exist"


def test_the_table_names_every_role_for_both_methods():
    malformed = [route for route, row in EXPECTED.items()
                 if set(row) != {"GET", "POST"} or any(len(v) != len(ROLES) for v in row.values())]
    assert malformed == []


def _user(cast, role):
    return None if role == "anonymous" else getattr(cast, role)


SECRETS = ["理化学研究所", "RIKEN", "物質・材料研究機構", "National Institute for Materials Science"]


@pytest.mark.parametrize(("route", "pattern", "ns"), ROUTES, ids=IDS)
def test_each_kind_of_user_gets_what_the_table_says(cast, route, pattern, ns):
    prepare(cast)
    row = EXPECTED.get(route)
    assert row is not None, f"{route!r} has no row in tests/kokken/access_table.py"
    wrong = []
    # One browser session per kind of user, signed in once: its GET, then its POST (a POST
    # is the last request of each session, so one that signs out or rotates the session
    # cannot affect another request).
    clients: dict[str, Client] = {}
    for method in ("GET", "POST"):
        for role, expected in zip(ROLES, row[method]):
            if role not in clients:
                clients[role] = Client()
                user = _user(cast, role)
                if user is not None:
                    sign_in(clients[role], user)
            client = clients[role]
            url = _url(route, cast)  # fresh samples for each request (a POST may delete one)
            response = getattr(client, method.lower())(url)
            got = response.status_code
            if expected == LOGIN:
                if got != 302 or not response.url.startswith(reverse("login")):
                    wrong.append(f"{method} {role}: {got}, expected the sign-in page")
                continue
            if got not in (expected if isinstance(expected, frozenset) else {expected}):
                wrong.append(f"{method} {role}: {got}, expected {expected}")
            if got in (403, 404) and role in ("other_editor", "other_reviewer"):
                body = response.content.decode(errors="replace")
                leaked = [s for s in SECRETS if s in body]
                if leaked:
                    wrong.append(f"{method} {role}: the refusal names {leaked}")
    assert wrong == [], f"{url}: " + "; ".join(wrong)


def test_only_system_administrators_reach_django_admin(client, cast):
    for user in [cast.editor, cast.approver, cast.reviewer, cast.secretariat]:
        sign_in(client, user)
        assert client.get("/admin/").status_code == 403, user.username
        assert client.get("/admin/kokken/agency/").status_code == 403, user.username
    sign_in(client, cast.sysadmin)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/kokken/agency/").status_code == 200


def test_a_view_without_a_rule_is_refused(rf, cast):
    from kokken.middleware import AccessMiddleware
    from django.core.exceptions import PermissionDenied

    def undeclared_view(request):
        raise AssertionError("must not run")

    request = rf.get("/anything")
    request.user = cast.secretariat
    request.resolver_match = None
    middleware = AccessMiddleware(lambda r: None)
    with pytest.raises(PermissionDenied):
        middleware.process_view(request, undeclared_view, (), {})


def test_the_audit_trail_of_transfers_is_read_only_in_admin(client, cast):
    from kokken.models import DataTransfer

    DataTransfer.record(user=cast.editor, direction="export", what="x", filename="x.xlsx", size=1)
    sign_in(client, cast.sysadmin)
    assert client.get("/admin/kokken/datatransfer/").status_code == 200
    assert client.get("/admin/kokken/datatransfer/add/").status_code == 403
