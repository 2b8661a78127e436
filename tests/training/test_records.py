"""The one-record-per-year forms: needs, uptake, strategy: saved once per year, nonsense
refused on its field, other agencies and ministries refused by the service."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from training import services
from training.models import Strategy, TrainingNeeds, Uptake

pytestmark = pytest.mark.django_db


def test_a_need_met_outside_without_using_outside_training_is_refused_on_the_field(cast):
    with pytest.raises(ValidationError) as caught:
        services.needs_save(agency=cast.agency, fiscal_year=2024, user=cast.editor,
                            values={"ip": "outside", "uses_external": False})
    assert "uses_external" in caught.value.message_dict
    assert not TrainingNeeds.objects.exists()


def test_a_strategy_needs_its_date_and_a_date_needs_a_strategy(cast):
    for values, field in (({"exists": True}, "adopted_on"),
                          ({"exists": False, "adopted_on": datetime.date(2024, 4, 1)}, "exists")):
        with pytest.raises(ValidationError) as caught:
            services.strategy_save(agency=cast.agency, fiscal_year=2024, values=values,
                                   user=cast.editor)
        assert field in caught.value.message_dict
    assert not Strategy.objects.exists()


@pytest.mark.parametrize("save,values", [
    (services.needs_save, {"ip": "unmet"}),
    (services.uptake_save, {"ip": 3}),
    (services.strategy_save, {"exists": False}),
])
def test_records_are_refused_to_other_agencies_and_ministries(cast, save, values):
    for user in (cast.other_editor, cast.reviewer, cast.other_reviewer, cast.secretariat):
        with pytest.raises(PermissionDenied):
            save(agency=cast.agency, fiscal_year=2024, values=values, user=user)
    assert not (TrainingNeeds.objects.exists() or Uptake.objects.exists()
                or Strategy.objects.exists())


def test_the_uptake_page_saves_one_record_per_year(cast, client_for):
    client = client_for(cast.editor)
    url = reverse("training:uptake", kwargs={"agency": cast.agency.code}) + "?fy=2024"
    data = {name: 0 for name in ("research_management", "startup", "security_integrity",
                                 "export_control", "information_security", "accounting",
                                 "public_relations", "other", "rttp", "other_certifications")}
    for ip in (3, 5):
        response = client.post(url, {**data, "ip": ip, "ura_certified": 1})
        assert response.status_code == 302
    assert Uptake.objects.get(agency=cast.agency, fiscal_year=2024).participants == 5
    response = client.post(url, {**data, "ip": -1, "ura_certified": 1})
    assert response.status_code == 200 and Uptake.objects.get().ip == 5
