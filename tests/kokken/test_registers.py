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
