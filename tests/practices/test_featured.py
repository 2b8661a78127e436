"""Featured good practices: the secretariat and the council's curators (国研協) choose
published entries that every home page shows, in one query."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from practices import contrib, services
from practices.models import Practice
from tests.practices import factories as f

P = Practice.State.PUBLISHED
HOMES = [("editor", "/agencies/riken/"), ("approver", "/agencies/riken/"),
         ("reviewer", "/ministries/MEXT/"), ("other_reviewer", "/ministries/METI/"),
         ("secretariat", "/agencies/")]


def test_a_council_curator_may_feature_a_published_entry(cast):
    entry = f.practice(cast.agency, state=P)
    cast.other_editor.council_member = True
    cast.other_editor.save()
    services.practice_feature(practice=entry, featured=True, user=cast.other_editor)
    assert Practice.objects.get(pk=entry.pk).featured


@pytest.mark.parametrize("who", ["editor", "approver", "reviewer", "other_reviewer"])
def test_who_is_neither_secretariat_nor_curator_may_not_feature(cast, who):
    entry = f.practice(cast.agency, state=P)
    user = getattr(cast, who)
    if who == "other_reviewer":  # the flag on a ministry reviewer gives nothing
        user.council_member = True
        user.save()
    with pytest.raises(PermissionDenied):
        services.practice_feature(practice=entry, featured=True, user=user)
    assert not Practice.objects.get(pk=entry.pk).featured


def test_curator_features_through_the_page_and_sees_the_button(cast, client_for):
    entry = f.practice(cast.agency, state=P)
    cast.approver.council_member = True
    cast.approver.save()
    client = client_for(cast.approver)
    page = client.get(reverse("practices:detail", args=[entry.pk])).content.decode()
    assert reverse("practices:feature", args=[entry.pk]) in page
    response = client.post(reverse("practices:feature", args=[entry.pk]), {"featured": "on"})
    assert response.status_code == 302 and Practice.objects.get(pk=entry.pk).featured
    page = client_for(cast.editor).get(reverse("practices:detail", args=[entry.pk]))
    assert reverse("practices:feature", args=[entry.pk]) not in page.content.decode()


@pytest.mark.parametrize("who,url", HOMES)
def test_every_home_shows_the_featured_entries_only(cast, client_for, who, url):
    featured = f.practice(cast.other_agency, state=P, title_ja="注目の取組")
    services.practice_feature(practice=featured, featured=True, user=cast.secretariat)
    f.practice(cast.other_agency, state=P, title_ja="注目されていない取組")
    body = client_for(getattr(cast, who)).get(url).content.decode()
    assert 'id="featured-practices"' in body
    assert reverse("practices:detail", args=[featured.pk]) in body
    assert "注目されていない取組" not in body


def test_no_panel_when_nothing_is_featured(cast, client_for):
    f.practice(cast.other_agency, state=P)
    body = client_for(cast.editor).get("/agencies/riken/").content.decode()
    assert 'id="featured-practices"' not in body


def test_the_featured_panel_runs_one_query_whatever_the_number(cast, rf,
                                                               django_assert_num_queries):
    for i in range(contrib.MAX_FEATURED + 3):
        entry = f.practice(cast.other_agency, state=P, title_ja=f"注目{i}")
        services.practice_feature(practice=entry, featured=True, user=cast.secretariat)
    request = rf.get("/")
    request.user = cast.editor
    with django_assert_num_queries(1):
        rows = contrib.featured_panel(request=request)["featured_practices"]
        abbrs = [p.agency.abbr for p in rows]
    assert len(abbrs) == contrib.MAX_FEATURED


def test_the_cached_featured_panel_changes_on_the_next_view_for_every_viewer(cast, client_for):
    first = f.practice(cast.other_agency, state=P, title_ja="最初の注目")
    services.practice_feature(practice=first, featured=True, user=cast.secretariat)
    editor, secretariat = client_for(cast.editor), client_for(cast.secretariat)
    assert "最初の注目" in editor.get("/agencies/riken/").content.decode()
    assert "最初の注目" in secretariat.get("/agencies/").content.decode()
    second = f.practice(cast.agency, state=P, title_ja="次の注目")
    services.practice_feature(practice=second, featured=True, user=cast.secretariat)
    services.practice_feature(practice=first, featured=False, user=cast.secretariat)
    for client, url in ((editor, "/agencies/riken/"), (secretariat, "/agencies/")):
        body = client.get(url).content.decode()
        assert "次の注目" in body and "最初の注目" not in body


def test_the_cached_featured_panel_is_the_same_markup_for_every_viewer(cast, client_for):
    """Only published entries may be featured (a constraint), which every signed-in user
    sees: one entry serves every viewer, and each of them gets exactly that panel."""
    entry = f.practice(cast.other_agency, state=P, title_ja="公開の注目")
    services.practice_feature(practice=entry, featured=True, user=cast.secretariat)

    def panel(user, url):
        body = client_for(user).get(url).content.decode()
        return body[body.index('<section class="panel" id="featured-practices"'):].split(
            "</section>", 1)[0]

    panels = {panel(user, url) for user, url in (
        (cast.editor, "/agencies/riken/"), (cast.other_reviewer, "/ministries/METI/"),
        (cast.secretariat, "/agencies/"), (cast.editor, "/agencies/riken/"))}
    assert len(panels) == 1 and "公開の注目" in panels.pop()
