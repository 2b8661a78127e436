"""Issue 13's "Done when": the demo has a living catalogue (open programmes from several
agencies, seat requests in every state) and every demo role can use the II-2 pages that
concern it; the demo strategies carry a small generated document marked as demo."""

import pytest

from kokken import wareki
from kokken.models import User
from training.models import Programme, SeatRequest, Strategy


@pytest.fixture
def demo(demo_data, settings):
    return {u.username: u for u in User.objects.all()}


def test_the_catalogue_lives_with_open_programmes_of_several_agencies_and_every_state(demo):
    year = wareki.fiscal_year()
    for fy in (year - 1, year):
        providers = set(Programme.objects.filter(fiscal_year=fy, open_to_others=True)
                        .values_list("agency__code", flat=True))
        assert len(providers) >= 5 and {"riken", "aist", "jst"} <= providers, providers
    assert set(SeatRequest.objects.values_list("state", flat=True)) == set(
        SeatRequest.State.values)
    for code in ("riken", "aist", "jst"):       # the named demo agencies act on both sides
        assert SeatRequest.objects.filter(providing_agency__code=code,
                                          state="requested").exists(), code
        assert SeatRequest.objects.filter(requesting_agency__code=code).exists(), code


def test_the_demo_strategies_carry_a_generated_document_marked_as_demo(demo, client_for):
    documented = Strategy.objects.exclude(document="")
    assert documented.exists()
    assert all(s.exists and s.document_name.startswith("【デモ】") for s in documented)
    strategy = documented.filter(agency__ministries__code="MEXT").first()
    response = client_for(demo["mext-reviewer"]).get(
        f"/training/strategies/{strategy.pk}/document/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def _pages(user, demo_users) -> list[str]:
    year = wareki.fiscal_year()
    common = [f"/training/catalogue/?fy={year}", f"/training/indicators/?fy={year}"]
    if user.agency_id:
        code = user.agency.code
        pages = [f"/training/agencies/{code}/?fy={year}",
                 f"/training/agencies/{code}/programmes/?fy={year}",
                 f"/training/agencies/{code}/needs/?fy={year}",
                 f"/training/agencies/{code}/uptake/?fy={year}",
                 f"/training/agencies/{code}/strategy/?fy={year}"]
        mine = SeatRequest.objects.filter(requesting_agency=user.agency_id).first()
        theirs = SeatRequest.objects.filter(providing_agency=user.agency_id).first()
        pages += [f"/training/seat-requests/{r.pk}/" for r in (mine, theirs) if r]
        other = Programme.objects.filter(fiscal_year=year, open_to_others=True).exclude(
            agency=user.agency_id).exclude(agency=None).first()
        pages.append(f"/training/programmes/{other.pk}/request/")
        return common + pages
    if user.ministry_id:
        supervised = user.ministry.agencies.order_by("code").first()
        return common + [f"/training/agencies/{supervised.code}/?fy={year}",
                         f"/training/agencies/{supervised.code}/programmes/?fy={year}"]
    return common + [f"/training/agencies/riken/?fy={year}"]


@pytest.mark.parametrize("username", ["secretariat", "mext-reviewer", "meti-reviewer",
                                      "mhlw-reviewer", "riken-editor", "riken-approver",
                                      "aist-editor", "aist-approver", "jst-editor",
                                      "jst-approver"])
def test_every_demo_role_can_use_the_pages_that_concern_it(demo, client_for, username):
    user = demo[username]
    client = client_for(user)
    for url in _pages(user, demo):
        if "/needs/" in url or "/uptake/" in url or "/strategy/" in url:
            expected = 200 if user.role == "agency_editor" or user.role == "agency_approver" \
                else 403
        else:
            expected = 200
        assert client.get(url).status_code == expected, url
