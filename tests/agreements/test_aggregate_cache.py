"""The aggregate page's figures and charts are cached until a sheet changes (issue 18)."""

import pytest

from agreements import aggregation, services
from agreements.models import Sheet
from tests.agreements.factories import make_questionnaire, open_round, submit


def _done_count(client, round) -> int:
    response = client.get(f"/rounds/{round.pk}/aggregate/")
    assert response.status_code == 200
    agg = next(q["agg"] for q in response.context["questions"] if q["agg"].code == "Q1-1")
    return next(o.count for o in agg.rows if o.code == "done")


@pytest.fixture
def submitted(cast):
    round = open_round(cast, make_questionnaire())
    submit(round.sheets.get(agency=cast.agency), {"Q1-1": "done", "N1": "1"})
    return round


def test_an_unchanged_round_is_not_aggregated_again(client_for, cast, submitted, monkeypatch):
    client = client_for(cast.secretariat)
    assert _done_count(client, submitted) == 1

    def refuse(**kwargs):
        raise AssertionError("aggregated again although no sheet changed")

    monkeypatch.setattr(aggregation, "aggregate", refuse)
    assert _done_count(client, submitted) == 1
    assert "<svg" in client.get(f"/rounds/{submitted.pk}/aggregate/").content.decode()


def test_a_changed_answer_shows_at_once(client_for, cast, submitted):
    client = client_for(cast.secretariat)
    assert _done_count(client, submitted) == 1
    sheet = submitted.sheets.get(agency=cast.agency)
    services.sheet_transition(sheet=sheet, user=cast.reviewer, action="return", comment="直して")
    assert _done_count(client, submitted) == 0  # a returned sheet is not counted
    sheet.refresh_from_db()
    services.answers_save(sheet=sheet, user=cast.editor, raw={"Q1-1": "not_done", "Q1-2": "considering", "Q1-3": "検討中"},
                          base_version=sheet.version)
    services.sheet_transition(sheet=sheet, user=cast.approver, action="submit")
    assert Sheet.objects.get(pk=sheet.pk).state == Sheet.State.SUBMITTED
    assert _done_count(client, submitted) == 0
    response = client.get(f"/rounds/{submitted.pk}/aggregate/")
    agg = next(q["agg"] for q in response.context["questions"] if q["agg"].code == "Q1-1")
    assert agg.n == 1 and sum(o.count for o in agg.rows) == 1  # counted, now as not done


def test_another_agencys_submission_shows_at_once(client_for, cast, submitted):
    client = client_for(cast.secretariat)
    assert _done_count(client, submitted) == 1
    submit(submitted.sheets.get(agency=cast.other_agency), {"Q1-1": "done", "N1": "2"})
    assert _done_count(client, submitted) == 2


def test_the_cache_is_per_scope_a_reviewer_sees_only_supervised_agencies(client_for, cast,
                                                                          submitted):
    assert _done_count(client_for(cast.secretariat), submitted) == 1
    assert _done_count(client_for(cast.other_reviewer), submitted) == 0


def test_the_tables_and_the_count_shown_change_at_once(client_for, cast, submitted):
    client = client_for(cast.secretariat)
    first = client.get(f"/rounds/{submitted.pk}/aggregate/")
    assert first.context["responses"] == 1
    submit(submitted.sheets.get(agency=cast.other_agency), {"Q1-1": "done", "N1": "2"})
    second = client.get(f"/rounds/{submitted.pk}/aggregate/")
    assert second.context["responses"] == 2
    table = second.content.decode().split('id="basis-statement"')[1]
    assert table != first.content.decode().split('id="basis-statement"')[1]


def test_the_questions_are_aggregated_again_when_their_entry_is_gone(client_for, cast,
                                                                    submitted, monkeypatch):
    client = client_for(cast.secretariat)
    assert _done_count(client, submitted) == 1
    # The page's HTML is kept apart from its questions: without the latter, they are
    # computed again when read, with the same figures.
    from django.core.cache import cache

    read = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: None if key.startswith(
        "aggregate-questions:") else read(key, *args, **kwargs))
    assert _done_count(client, submitted) == 1
