"""II-4 ① foundations, ② export control, ③ trade secrets and 図12 challenges: one record per
agency and year, saved by the agency's editors, refused with a message on the field."""

from security.models import Challenges, ExportControl, Foundations, TradeSecrets

BASE = "/security/agencies/riken/"


def test_the_editor_saves_the_foundations_and_the_change_is_in_the_history(client_for, cast):
    client = client_for(cast.editor)
    response = client.post(f"{BASE}foundations/?fy=2024", {
        "office": "on", "office_since_0": "2023", "office_since_1": "4", "office_since_2": "1",
        "follow_up": "yearly", "checked_against": "論文データベース、研究費データベース",
        "multilingual": "on", "languages": "英語"})
    assert response.status_code == 302
    record = Foundations.objects.get(agency=cast.agency, fiscal_year=2024)
    assert record.office and record.follow_up == "yearly" and not record.desk
    assert record.history.get().history_user == cast.editor
    history = client.get(f"{BASE}foundations/history/?fy=2024")
    assert history.status_code == 200 and len(history.context["entries"]) == 1


def test_foundations_refuse_inconsistent_answers_on_their_fields(client_for, cast):
    response = client_for(cast.editor).post(f"{BASE}foundations/?fy=2024", {
        "office": "on", "desk_since_0": "2023", "desk_since_1": "4", "desk_since_2": "1",
        "follow_up": "yearly", "multilingual": "on"})
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert {"office_since", "desk_since", "checked_against", "languages"} <= set(errors)
    assert not Foundations.objects.exists()


def test_export_control_refuses_negative_counts_and_dates_without_their_box(client_for, cast):
    client = client_for(cast.approver)
    response = client.post(f"{BASE}export-control/?fy=2024", {
        "classifications": "-1", "licences": "abc", "seminars": "2",
        "deemed_export_since_0": "2022", "deemed_export_since_1": "5",
        "deemed_export_since_2": "1"})
    errors = response.context["form"].errors
    assert {"classifications", "licences"} <= set(errors)
    assert not ExportControl.objects.exists()
    response = client.post(f"{BASE}export-control/?fy=2024", {
        "rules": "on", "deemed_export": "on", "deemed_export_since_0": "2022",
        "deemed_export_since_1": "5", "deemed_export_since_2": "1", "classifications": "120",
        "licences": "4", "seminars": "2", "screening": "on"})
    assert response.status_code == 302
    assert ExportControl.objects.get().classifications == 120


def test_trade_secrets_refuse_more_responsible_areas_than_areas(client_for, cast):
    response = client_for(cast.editor).post(f"{BASE}trade-secrets/?fy=2024", {
        "levels": "0", "areas": "3", "areas_with_responsible": "5", "network_by_level": "on",
        "guidelines": "handbook"})
    errors = response.context["form"].errors
    assert {"areas_with_responsible", "network_by_level"} <= set(errors)
    assert not TradeSecrets.objects.exists()


def test_challenges_with_no_box_ticked_are_an_answer(client_for, cast):
    client = client_for(cast.editor)
    assert client.post(f"{BASE}challenges/?fy=2024", {}).status_code == 302
    record = Challenges.objects.get()
    assert not record.specialists and record.other == ""
    client.post(f"{BASE}challenges/?fy=2024", {"specialists": "on", "system_budget": "on"})
    record.refresh_from_db()
    assert record.specialists and record.system_budget and Challenges.objects.count() == 1


def test_the_chapter_page_shows_incidents_only_to_those_who_may_see_them(client_for, cast):
    incidents = "/security/agencies/riken/incidents/"
    assert incidents not in client_for(cast.editor).get(BASE).content.decode()
    for user in (cast.approver, cast.reviewer, cast.secretariat):
        assert incidents in client_for(user).get(BASE).content.decode(), user.username


def test_the_chapter_page_links_the_yearly_forms_only_for_those_who_may_open_them(
        client_for, cast):
    """A reviewer reads the chapter page but may not open its forms: no link leads to a 403."""
    forms = [f"{BASE}{segment}/" for segment in
             ("foundations", "export-control", "trade-secrets", "challenges")]
    page = client_for(cast.editor).get(BASE).content.decode()
    assert all(url in page for url in forms)
    for user in (cast.reviewer, cast.secretariat):
        client = client_for(user)
        page = client.get(BASE).content.decode()
        assert not any(url in page for url in forms), user.username
        assert client.get(forms[0]).status_code == 403


def test_the_chapter_page_shows_each_entry_at_once_though_it_keeps_its_state_cached(
        client_for, cast):
    """The records entered, the checklist and the review count are cached under the II-4
    registers' version (security.selectors.chapter_state): read once, then shown again
    without a query, and every save shows on the next view."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from security.models import Measure
    from tests.security import factories as f

    client = client_for(cast.editor)
    url = f"{BASE}?fy=2024"
    cache.clear()
    before = client.get(url).content.decode()
    assert before.count("(not entered yet)") + before.count("（未入力）") == 4
    with CaptureQueriesContext(connection) as cached:
        client.get(url)
    assert not [q for q in cached.captured_queries if '"security_' in q["sql"]]
    f.yearly(Foundations, cast.agency)
    f.review(cast.agency)
    f.control(cast.agency, Measure.choices[0][0], evidence="監査報告書2024")
    after = client.get(url)
    page = after.content.decode()
    assert page.count("(not entered yet)") + page.count("（未入力）") == 3
    assert after.context["reviews"] == 1
    assert "監査報告書2024" in page
