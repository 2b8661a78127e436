"""Who sees which good-practice entry: an unpublished entry of RIKEN is invisible to AIST and
to a ministry that does not supervise RIKEN, on every page, the search and the API;
published entries are everyone's."""

import pytest
from django.urls import reverse

from kokken import access
from practices.models import Practice
from tests.practices import factories as f

S = Practice.State
UNPUBLISHED = [S.DRAFT, S.SUBMITTED, S.WITHDRAWN]


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_unpublished_entry_of_riken_is_invisible_to_aist_and_a_non_supervising_ministry(
        cast, client_for, state):
    entry = f.practice(cast.agency, state=state, title_ja="理研の非公開の取組")
    for outsider in cast.outsiders:
        client = client_for(outsider)
        assert client.get(reverse("practices:detail", args=[entry.pk])).status_code == 404
        assert client.get(reverse("practices:practice_history", args=[entry.pk])
                          ).status_code == 404
        assert client.get(f"/api/v1/practices/entries/{entry.pk}/").status_code == 404
        page = client.get(reverse("practices:search"), {"q": "非公開"}).content.decode()
        assert "理研の非公開の取組" not in page
        listed = client.get("/api/v1/practices/entries/", {"q": "非公開"}).json()
        assert listed["count"] == 0
        assert not access.practices(outsider, Practice.objects.all()).exists()


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_unpublished_entry_is_seen_by_its_agency_its_ministry_and_the_secretariat(
        cast, client_for, state):
    entry = f.practice(cast.agency, state=state)
    for insider in (cast.editor, cast.approver, cast.reviewer, cast.secretariat):
        response = client_for(insider).get(reverse("practices:detail", args=[entry.pk]))
        assert response.status_code == 200


def test_published_entry_is_seen_by_every_signed_in_user(cast, client_for):
    entry = f.practice(cast.agency, state=S.PUBLISHED, title_ja="公開された年俸制の事例")
    for user in (*cast.outsiders, cast.editor, cast.secretariat):
        client = client_for(user)
        assert client.get(reverse("practices:detail", args=[entry.pk])).status_code == 200
        assert "公開された年俸制の事例" in client.get(
            reverse("practices:search"), {"q": "年俸制"}).content.decode()
        assert client.get(f"/api/v1/practices/entries/{entry.pk}/").status_code == 200


def test_published_entry_is_not_shown_to_anonymous_visitors(cast, client):
    entry = f.practice(cast.agency, state=S.PUBLISHED)
    response = client.get(reverse("practices:detail", args=[entry.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_council_curator_sees_submitted_entries_of_every_agency_but_not_drafts(cast, client_for):
    cast.other_editor.council_member = True
    cast.other_editor.save()
    submitted = f.practice(cast.agency, state=S.SUBMITTED)
    draft = f.practice(cast.agency, state=S.DRAFT)
    client = client_for(cast.other_editor)
    assert client.get(reverse("practices:detail", args=[submitted.pk])).status_code == 200
    assert client.get(reverse("practices:detail", args=[draft.pk])).status_code == 404


def test_council_flag_on_a_ministry_reviewer_gives_nothing(cast):
    cast.other_reviewer.council_member = True
    cast.other_reviewer.save()
    submitted = f.practice(cast.agency, state=S.SUBMITTED)
    assert not access.curates_practices(cast.other_reviewer)
    assert not access.practices(cast.other_reviewer, Practice.objects.filter(
        pk=submitted.pk)).exists()


def test_register_list_of_riken_shows_its_entries_to_riken_only(cast, client_for):
    f.practice(cast.agency, title_ja="理研の提案")
    url = reverse("practices:practices", kwargs={"agency": cast.agency.code}) + "?fy=2024"
    assert "理研の提案" in client_for(cast.editor).get(url).content.decode()
    assert client_for(cast.other_editor).get(url).status_code == 404
    assert client_for(cast.other_reviewer).get(url).status_code == 404
