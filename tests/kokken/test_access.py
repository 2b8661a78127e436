import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from kokken import access
from kokken.access import Perm
from kokken.models import Agency, Ministry, Role
from tests.conftest import make_user


def codes(qs):
    return set(qs.values_list("code", flat=True))


def test_agency_users_see_only_their_own_agency(cast):
    assert codes(access.agencies(cast.editor)) == {"riken"}
    assert codes(access.agencies(cast.other_editor)) == {"aist"}


def test_reviewer_sees_exactly_the_agencies_the_ministry_supervises(cast):
    mext = Ministry.objects.get(code="MEXT")
    assert codes(access.agencies(cast.reviewer)) == codes(Agency.objects.filter(ministries=mext))
    assert "riken" in codes(access.agencies(cast.reviewer))
    assert "aist" not in codes(access.agencies(cast.reviewer))


@pytest.mark.parametrize("ministry", ["CAO", "MEXT", "MHLW", "METI"])
def test_an_agency_with_several_ministries_is_visible_to_each(db, ministry):
    reviewer = make_user(f"r-{ministry}", Role.MINISTRY_REVIEWER, ministry=ministry)
    assert "amed" in codes(access.agencies(reviewer))


def test_secretariat_sees_every_body_but_edits_and_reviews_none(cast):
    assert access.agencies(cast.secretariat).count() == Agency.objects.count() == 28
    for perm in (Perm.EDIT, Perm.APPROVE, Perm.REVIEW):
        assert not access.agencies(cast.secretariat, perm).exists()
    assert access.can(cast.secretariat, Perm.MANAGE)


def test_system_administrator_sees_no_agency_data(cast):
    assert not access.agencies(cast.sysadmin).exists()
    assert access.can(cast.sysadmin, Perm.ADMIN)
    assert not access.can(cast.sysadmin, Perm.MANAGE)


def test_rights_by_role_on_own_agency(cast):
    riken = cast.agency
    assert access.can(cast.editor, Perm.EDIT, riken)
    assert not access.can(cast.editor, Perm.APPROVE, riken)
    assert access.can(cast.approver, Perm.APPROVE, riken)
    assert access.can(cast.reviewer, Perm.REVIEW, riken)
    assert not access.can(cast.reviewer, Perm.EDIT, riken)
    assert not access.can(cast.other_reviewer, Perm.REVIEW, riken)
    assert not access.can(cast.other_editor, Perm.VIEW, riken)


def test_outsiders_get_404_and_insiders_without_the_right_get_403(cast):
    with pytest.raises(Http404):
        access.check(cast.other_editor, Perm.EDIT, cast.agency)
    with pytest.raises(Http404):
        access.check(cast.other_reviewer, Perm.REVIEW, cast.agency)
    with pytest.raises(PermissionDenied):
        access.check(cast.editor, Perm.APPROVE, cast.agency)
    with pytest.raises(PermissionDenied):
        access.check(cast.secretariat, Perm.EDIT, cast.agency)


def test_inactive_and_anonymous_users_have_no_rights(cast):
    from django.contrib.auth.models import AnonymousUser

    cast.editor.is_active = False
    assert not access.agencies(cast.editor).exists()
    assert not access.agencies(AnonymousUser()).exists()
    assert not access.can(AnonymousUser(), Perm.VIEW, cast.agency)


def test_scope_filters_any_queryset_by_agency(cast):
    from kokken.models import User

    assert set(access.scope(User.objects.all(), cast.editor)) == {cast.editor, cast.approver}


def test_the_secretariats_scope_is_every_owned_row_without_a_subquery_of_agencies(cast):
    from kokken.models import User

    users = User.objects.all()
    owned = set(users.filter(agency__in=Agency.objects.all()))
    assert owned and owned != set(users)  # the secretariat and the reviewers have no agency
    scoped = access.scope(users, cast.secretariat)
    assert set(scoped) == owned
    assert "kokken_agency" not in str(scoped.query)  # no join of every row with every agency
    assert not access.scope(users, cast.secretariat, Perm.EDIT).exists()


def test_every_right_of_a_role_reaches_the_agencies_it_views_or_none(cast):
    # holds_where_viewing lets the homes read the viewed agencies once for every right.
    users = [cast.editor, cast.approver, cast.reviewer, cast.secretariat, cast.sysadmin]
    for user in users:
        viewed = codes(access.agencies(user))
        for perm in Perm:
            expected = viewed if access.holds_where_viewing(user, perm) else set()
            assert codes(access.agencies(user, perm)) == expected, (user.role, perm)
    assert access.holds_where_viewing(cast.reviewer, Perm.REVIEW)
    assert not access.holds_where_viewing(cast.secretariat, Perm.REVIEW)
    assert not access.holds_where_viewing(cast.editor, Perm.RESTRICTED)
