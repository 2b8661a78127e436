"""The chapter pages' "How others do it" aside is kept as rendered HTML under the practices'
version, every agency's abbreviation and whether the viewer may propose an entry (issue 18):
a published, withdrawn or renamed entry and a renamed agency show on the next view, and the
proposal link stays with those who may propose."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from practices.models import Practice
from tests.conftest import sign_in
from tests.practices import factories as f

P = Practice.State.PUBLISHED


@pytest.fixture
def page(cast):
    cache.clear()
    clients = {}

    def get(user) -> str:
        client = clients.get(user.pk) or clients.setdefault(user.pk, sign_in(Client(), user))
        html = client.get(reverse("hr:register", kwargs={"agency": cast.agency.code}))
        html = html.content.decode()
        return html[html.index('id="practices-chapter"'):]

    return get


def test_a_published_changed_or_withdrawn_entry_shows_on_the_next_view(cast, page):
    assert "よその好事例" not in page(cast.editor)
    entry = f.practice(cast.other_agency, state=P, title_ja="よその好事例")
    assert "よその好事例" in page(cast.editor)
    entry.title_ja = "改めた好事例"
    entry.save()
    assert "改めた好事例" in page(cast.editor) and "よその好事例" not in page(cast.editor)
    entry.state = Practice.State.WITHDRAWN
    entry.save()
    assert "改めた好事例" not in page(cast.editor)


def test_a_renamed_agency_shows_at_once(cast, page):
    f.practice(cast.other_agency, state=P, title_ja="よその好事例")
    assert "AIST" in page(cast.editor)
    cast.other_agency.abbr = "産総研X"
    cast.other_agency.save()
    assert "産総研X" in page(cast.editor)


def test_only_who_may_propose_gets_the_proposal_link(cast, page):
    f.practice(cast.other_agency, state=P, title_ja="よその好事例")
    create = reverse("practices:practice_create", kwargs={"agency": cast.agency.code})
    assert create in page(cast.editor)
    reviewer = page(cast.reviewer)
    assert "よその好事例" in reviewer and create not in reviewer
    assert create in page(cast.approver)


def test_an_agencys_own_draft_is_never_in_the_shared_aside(cast, page):
    f.practice(cast.agency, title_ja="自法人の下書き")
    assert "自法人の下書き" not in page(cast.editor)
    assert "自法人の下書き" not in page(cast.reviewer)
