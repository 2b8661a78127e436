"""Every URL the project has, for every kind of user who must not reach it.

URL patterns are enumerated from the resolver, so a new URL is covered the
moment it is added: it must declare an access rule (kokken/access.py) and have
samples for its parameters (tests/access_samples.py).
"""

import importlib
import pkgutil
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from kokken import access
from tests.access_samples import SAMPLES
from tests.conftest import sign_in


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


def test_every_url_declares_an_access_rule():
    undeclared = [route for route, pattern, _ in ROUTES if access.rule_of(pattern.callback) is None]
    assert undeclared == [], f"URLs without an access rule: {undeclared}"


def test_every_url_parameter_has_a_sample():
    unknown = sorted({p for route, _, _ in ROUTES for p in _params(route)} - set(SAMPLES))
    assert unknown == [], f"Add samples to tests/access_samples.py for: {unknown}"


@pytest.mark.parametrize(("route", "pattern", "ns"), ROUTES, ids=IDS)
def test_anonymous_users_are_sent_to_sign_in(client, cast, route, pattern, ns):
    rule = access.rule_of(pattern.callback)
    if rule.kind == "public":
        return
    url = _url(route, cast)
    for method in (client.get, client.post):
        response = method(url)
        if url.startswith("/api/"):
            assert response.status_code in (401, 403), url
        else:
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize(("route", "pattern", "ns"), ROUTES, ids=IDS)
def test_outsiders_learn_nothing(client, cast, route, pattern, ns):
    """Another agency's users and a non-supervising ministry get 403/404 for RIKEN's things."""
    rule = access.rule_of(pattern.callback)
    if rule.kind not in ("agency", "scoped", "ministry"):
        return
    url = _url(route, cast)
    outsiders = list(cast.outsiders)
    secrets = [cast.agency.name_ja, cast.agency.name_en]
    if rule.kind == "ministry":
        # A ministry's page is for its own reviewers and the secretariat only.
        outsiders += [cast.editor, cast.approver]
        secrets = ["物質・材料研究機構", "National Institute for Materials Science"]
    for user in outsiders:
        sign_in(client, user)
        for method in (client.get, client.post):
            response = method(url)
            # 405 (a POST-only URL asked with GET) is the same for every object: it tells
            # nothing; the POST that follows must then be refused.
            allowed = (403, 404, 405) if method.__name__ == "get" else (403, 404)
            assert response.status_code in allowed, f"{user.username} {method.__name__} {url}"
            body = response.content.decode()
            assert not [s for s in secrets if s in body], f"{user.username} learnt something at {url}"


@pytest.mark.parametrize(("route", "pattern", "ns"), ROUTES, ids=IDS)
def test_global_permissions_are_enforced(client, cast, route, pattern, ns):
    rule = access.rule_of(pattern.callback)
    if rule.kind != "global":
        return
    url = _url(route, cast)
    everyone = [cast.editor, cast.approver, cast.other_editor, cast.reviewer,
                cast.other_reviewer, cast.secretariat, cast.sysadmin]
    for user in everyone:
        if access.has_global(user, rule.perm):
            continue
        sign_in(client, user)
        for method in (client.get, client.post):
            assert method(url).status_code == 403, f"{user.username} {url}"


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
