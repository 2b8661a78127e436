"""II-3's forms refuse nonsense with a Japanese message on the field and write nothing: IP
figures that are text, negative or absurd; a startup founded in 1800 or after the year."""

import pytest

from ip.models import IpManagement, Startup

pytestmark = pytest.mark.django_db
FIGURES = {"applications": "0", "grants": "0", "licences": "0", "licence_income": "0",
           "joint_moved": "0"}


def _invalid(response, field):
    assert response.status_code == 200, response.status_code
    assert field in response.context["form"].errors, response.context["form"].errors
    body = response.content.decode()
    assert 'aria-invalid="true"' in body and "＊" in body
    return response.context["form"].errors[field][0]


@pytest.mark.parametrize("field,value", [("licence_income", "たくさん"),
                                         ("licence_income", "-5"),
                                         ("licence_income", "100000000000"),
                                         ("applications", "2.5")])
def test_ip_figures_must_be_sensible_whole_numbers(cast, client_for, field, value):
    response = client_for(cast.editor).post("/ip/agencies/riken/management/?fy=2024",
                                            {**FIGURES, field: value})
    message = _invalid(response, field)
    assert any(word in message for word in ("整数", "以上", "以下")), message
    assert not IpManagement.objects.exists()


@pytest.mark.parametrize("founded", ["1800", "2030", "昨年"])
def test_a_startup_founded_at_no_sensible_date_is_refused(cast, client_for, founded):
    response = client_for(cast.editor).post("/ip/agencies/riken/startups/new/?fy=2024", {
        "name": "株式会社テスト", "founded": founded, "sector": "life"})
    _invalid(response, "founded")
    assert not Startup.objects.exists()
