"""The signed-in user and their second-factor device come from the cache, and every change
to them, or to their organisation, takes effect at the next request (kokken/signed_in.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kokken import signed_in
from kokken.models import Agency, Role

PAGE = "/agencies/riken/"


def _queries(client, url=PAGE):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries]


def test_a_page_reads_neither_the_user_nor_the_device_from_the_database(client_for, cast):
    client = client_for(cast.reviewer)  # a reviewer confirms a second factor
    client.get(PAGE)
    response, sql = _queries(client)
    assert response.status_code == 200 and response.wsgi_request.user == cast.reviewer
    assert response.wsgi_request.user.is_verified()
    assert not [q for q in sql if '"kokken_user"."password"' in q]
    assert not [q for q in sql if "otp_totp_totpdevice" in q]


def test_a_deactivated_user_is_signed_out_at_the_next_request(client_for, cast):
    client = client_for(cast.editor)
    assert client.get(PAGE).status_code == 200
    cast.editor.is_active = False
    cast.editor.save()
    response = client.get(PAGE)
    assert response.status_code == 302 and reverse("login") in response.url


def test_a_password_changed_elsewhere_ends_the_session(client_for, cast):
    client = client_for(cast.editor)
    assert client.get(PAGE).status_code == 200
    cast.editor.set_password("another-password-456")
    cast.editor.save()
    response = client.get(PAGE)
    assert response.status_code == 302 and reverse("login") in response.url


def test_a_user_moved_to_another_agency_loses_the_first_at_once(client_for, cast):
    client = client_for(cast.editor)
    assert client.get(PAGE).status_code == 200
    cast.editor.agency = cast.other_agency
    cast.editor.save()
    assert client.get(PAGE).status_code in (403, 404)
    assert client.get(f"/agencies/{cast.other_agency.code}/").status_code == 200


def test_a_role_change_takes_effect_at_the_next_request(client_for, cast):
    client = client_for(cast.editor)
    client.get(PAGE)
    assert client.get(PAGE).wsgi_request.user.role == Role.AGENCY_EDITOR
    cast.editor.role = Role.AGENCY_APPROVER
    cast.editor.save()
    assert client.get(PAGE).wsgi_request.user.role == Role.AGENCY_APPROVER


def test_a_renamed_agency_shows_in_the_header_at_the_next_request(client_for, cast):
    client = client_for(cast.editor)
    client.get(reverse("profile"))
    agency = Agency.objects.get(pk=cast.agency.pk)
    agency.name_ja = "改名した研究所"
    agency.save()
    header = client.get(reverse("profile")).content.decode().split("</header>")[0]
    assert '<span class="user-org">改名した研究所</span>' in header


def test_a_removed_device_must_be_set_up_again(client_for, cast):
    client = client_for(cast.reviewer)
    assert client.get(PAGE).status_code == 200
    TOTPDevice.objects.filter(user=cast.reviewer).get().delete()
    response = client.get(PAGE)
    assert response.status_code == 302 and "mfa" in response.url


def test_a_copy_read_before_a_change_and_stored_after_it_is_never_used(cast):
    def load_then_change():
        found = type(cast.editor).objects.get(pk=cast.editor.pk)
        cast.editor.first_name = "changed"
        cast.editor.save()  # meanwhile, another request changes the user
        return found

    stale = signed_in.user(cast.editor.pk, load_then_change)
    assert stale.first_name != "changed"
    fresh = signed_in.user(cast.editor.pk, lambda: type(cast.editor).objects.get(pk=cast.editor.pk))
    assert fresh.first_name == "changed"


def test_without_a_cache_the_user_is_read_from_the_database(client_for, cast, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    client = client_for(cast.editor)
    response, sql = _queries(client)
    assert response.status_code == 200 and response.wsgi_request.user == cast.editor
    assert [q for q in sql if '"kokken_user"."password"' in q]


def test_a_cache_of_this_process_only_keeps_nothing(client_for, cast, settings):
    """Without Redis each process has a cache of its own: a copy kept in one would outlive a
    deactivation made through another, so the user is read from the database every time."""
    settings.CACHE_IS_SHARED = False
    client = client_for(cast.editor)
    client.get(PAGE)
    response, sql = _queries(client)
    assert response.status_code == 200
    assert [q for q in sql if '"kokken_user"."password"' in q]
