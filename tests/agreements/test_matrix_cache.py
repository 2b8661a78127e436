"""The round matrix's rows are rendered once per state of the rows shown and kept in the cache
(issue 18): a viewer never gets rows outside their scope from another viewer's entry, and
every change shows on the very next view."""

import re

import pytest

from agreements import selectors, services
from kokken.models import Agency, Ministry
from tests.agreements.factories import make_questionnaire, open_round, submit


@pytest.fixture
def round(cast):
    return open_round(cast, make_questionnaire(code="qmatrix"))


def _rows(client, round, query="") -> dict[int, str]:
    """Each row of the matrix by its sheet's id."""
    response = client.get(f"/rounds/{round.pk}/{query}")
    assert response.status_code == 200
    body = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    return {int(pk): row for pk, row in re.findall(
        r'<tr>\s*<th scope="row"><a href="/sheets/(\d+)/">(.*?)</tr>', body, re.DOTALL)}


def _supervised_sheets(round, ministry: str) -> set[int]:
    return set(round.sheets.filter(agency__ministries__code=ministry).values_list(
        "pk", flat=True))


def test_a_reviewer_of_another_ministry_sees_only_its_agencies_after_the_secretariat(
        client_for, cast, round):
    everyone = _rows(client_for(cast.secretariat), round)
    assert set(everyone) == set(round.sheets.values_list("pk", flat=True))
    rows = _rows(client_for(cast.other_reviewer), round)
    assert set(rows) == _supervised_sheets(round, "METI")
    assert round.sheets.get(agency=cast.agency).pk not in rows
    assert f"{cast.agency.abbr} " not in "".join(rows.values())


def test_the_secretariat_sees_every_agency_after_a_reviewer(client_for, cast, round):
    assert set(_rows(client_for(cast.reviewer), round)) == _supervised_sheets(round, "MEXT")
    assert set(_rows(client_for(cast.secretariat), round)) == set(
        round.sheets.values_list("pk", flat=True))


def test_a_filter_shows_only_its_rows_after_the_whole_matrix(client_for, cast, round):
    client = client_for(cast.secretariat)
    _rows(client, round)
    assert set(_rows(client, round, "?ministry=METI")) == _supervised_sheets(round, "METI")


def test_a_saved_answer_and_a_submission_show_at_once(client_for, cast, round):
    client = client_for(cast.secretariat)
    sheet = round.sheets.get(agency=cast.agency)
    assert '<td class="num">0%</td>' in _rows(client, round)[sheet.pk]
    editor = cast.editor
    services.answers_save(sheet=sheet, user=editor, raw={"Q1-1": "done"},
                          base_version=sheet.version)
    row = _rows(client, round)[sheet.pk]
    assert '<td class="num">0%</td>' not in row and "status-in_progress" in row
    sheet.refresh_from_db()
    submit(sheet, {"N1": "3"})
    row = _rows(client, round)[sheet.pk]
    assert '<td class="num">100%</td>' in row and "status-submitted" in row


def test_a_renamed_agency_or_ministry_shows_at_once(client_for, cast, round):
    client = client_for(cast.secretariat)
    sheet = round.sheets.get(agency=cast.agency)
    _rows(client, round)
    Agency.objects.filter(pk=cast.agency.pk).update(abbr="理研X")
    # Ministries are kept in the cache (kokken/reference.py) until one is saved, as the
    # admin and load_organisations do.
    mext = Ministry.objects.get(code="MEXT")
    mext.name_ja = "文部科学省X"
    mext.save()
    row = _rows(client, round)[sheet.pk]
    assert "理研X" in row and "文部科学省X" in row


def test_an_unchanged_matrix_does_not_compute_progress_again(client_for, cast, round,
                                                              monkeypatch):
    client = client_for(cast.secretariat)
    first = _rows(client, round)

    def refuse(*args, **kwargs):
        raise AssertionError("progress computed again although no sheet changed")

    monkeypatch.setattr(selectors, "progress_by_sheet", refuse)
    assert _rows(client, round) == first


def test_a_changed_sheet_makes_only_its_own_row_again(client_for, cast, round, monkeypatch):
    client = client_for(cast.secretariat)
    _rows(client, round)
    sheet = round.sheets.get(agency=cast.agency)
    services.answers_save(sheet=sheet, user=cast.editor, raw={"Q1-1": "done"},
                          base_version=sheet.version)
    asked = []
    progress = selectors.progress_by_sheet

    def recorded(sheet_ids, questionnaire_id):
        asked.extend(sheet_ids)
        return progress(sheet_ids, questionnaire_id)

    monkeypatch.setattr(selectors, "progress_by_sheet", recorded)
    rows = _rows(client, round)
    assert asked == [sheet.pk]
    assert "status-in_progress" in rows[sheet.pk] and len(rows) == round.sheets.count()
