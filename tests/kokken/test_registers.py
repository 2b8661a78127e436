"""The register kit (kokken/registers.py): one declaration, every page, each with its rule."""

from django.urls import reverse

from hr.registers import REGISTERS
from kokken import access
from kokken.access import Perm
from tests.hr import factories as f


def test_a_register_declaration_gives_its_eight_pages_each_with_an_access_rule():
    for register in REGISTERS:
        rules = {p.name: access.rule_of(p.callback) for p in register.urls()}
        k = register.key
        assert set(rules) == {f"{k}s", f"{k}_create", f"{k}_edit", f"{k}_delete",
                              f"{k}_import", f"{k}_template", f"{k}_export", f"{k}_history"}
        assert isinstance(rules[f"{k}s"], access.AgencyRule) and rules[f"{k}s"].perm == Perm.VIEW
        assert rules[f"{k}_export"].perm == Perm.VIEW
        for name in (f"{k}_create", f"{k}_import", f"{k}_template"):
            assert isinstance(rules[name], access.AgencyRule) and rules[name].perm == Perm.EDIT
        for name in (f"{k}_edit", f"{k}_delete"):  # the rule loads the row: no view forgets
            assert isinstance(rules[name], access.Scoped) and rules[name].objects == (k,)
            assert rules[name].perm == Perm.EDIT
        history = rules[f"{k}_history"]  # a row's history: VIEW, through the row's rule
        assert isinstance(history, access.Scoped) and history.objects == (k,)
        assert history.perm == Perm.VIEW


def test_the_list_filters_through_the_registers_filterset(client_for, cast):
    f.crossappointment(cast.agency, partner_name="東京の大学", direction="inbound")
    f.crossappointment(cast.agency, partner_name="大阪の会社", direction="outbound")
    client = client_for(cast.editor)
    url = reverse("hr:crossappointments", kwargs={"agency": "riken"})
    response = client.get(url, {"fy": 2024, "direction": "inbound"})
    assert [r.partner_name for r in response.context["page"].object_list] == ["東京の大学"]
    assert response.context["total"] == 1


def test_a_filter_value_that_is_not_a_choice_is_ignored_not_a_500(client_for, cast):
    f.crossappointment(cast.agency)
    url = reverse("hr:crossappointments", kwargs={"agency": "riken"})
    response = client_for(cast.editor).get(url, {"fy": 2024, "direction": "<script>"})
    assert response.status_code == 200
    assert response.context["total"] == 1


def test_each_row_of_a_list_links_its_own_edit_delete_and_history_pages(client_for, cast):
    rows = [f.crossappointment(cast.agency, partner_name=f"大学{i}") for i in range(3)]
    html = client_for(cast.editor).get(
        "/hr/agencies/riken/cross-appointments/?fy=2024").content.decode()
    for row in rows:
        for name in ("hr:crossappointment_edit", "hr:crossappointment_delete",
                     "hr:crossappointment_history"):
            assert f'"{reverse(name, args=[row.pk])}"' in html
    assert "9876543210123" not in html


def _list(client) -> str:
    return client.get("/hr/agencies/riken/cross-appointments/?fy=2024").content.decode()


def test_a_lists_rows_show_a_change_at_once_and_edit_buttons_only_to_editors(cast):
    from django.core.cache import cache
    from django.test import Client

    from tests.conftest import sign_in

    cache.clear()
    row = f.crossappointment(cast.agency, partner_name="最初の大学")
    editor, reviewer = sign_in(Client(), cast.editor), sign_in(Client(), cast.reviewer)
    edit = f'"{reverse("hr:crossappointment_edit", args=[row.pk])}"'
    assert "最初の大学" in _list(editor) and edit in _list(editor)
    shown = _list(reviewer)
    assert "最初の大学" in shown and edit not in shown
    row.partner_name = "改めた大学"
    row.save()
    assert "改めた大学" in _list(reviewer) and "最初の大学" not in _list(editor)


def test_each_viewer_gets_their_own_csrf_token_in_the_cached_rows_and_can_delete(cast):
    import re

    from django.core.cache import cache
    from django.test import Client

    from hr.models import CrossAppointment
    from tests.conftest import sign_in

    cache.clear()
    row = f.crossappointment(cast.agency)
    first = sign_in(Client(enforce_csrf_checks=True), cast.editor)
    second = sign_in(Client(enforce_csrf_checks=True), cast.approver)
    tokens = {}
    for client in (first, second):
        html = _list(client)
        assert "csrf-token" not in html
        tokens[client] = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[-1]
    assert tokens[first] != tokens[second]
    response = second.post(reverse("hr:crossappointment_delete", args=[row.pk]),
                           {"csrfmiddlewaretoken": tokens[second]})
    assert response.status_code == 302
    assert not CrossAppointment.objects.filter(pk=row.pk).exists()
