"""The II-2 panel on the ministry home: the all-agency figures, and beside them the same
figures over the agencies that ministry supervises only."""

import datetime

import pytest

from kokken.models import Agency, Ministry
from tests.training import factories as f
from training.models import Strategy

pytestmark = pytest.mark.django_db


def supervised(code, fiscal_year):
    return set(Agency.objects.kokken_in(fiscal_year).filter(
        ministries=Ministry.objects.get(code=code)).values_list("pk", flat=True))


def test_each_ministry_sees_its_own_agencies_beside_all_agencies(cast, client_for):
    from kokken import wareki

    year = wareki.fiscal_year()
    Strategy.objects.create(agency=cast.agency, fiscal_year=year, exists=True,
                            adopted_on=datetime.date(year, 4, 1))      # RIKEN (MEXT)
    f.programme(cast.agency, fiscal_year=year)
    f.needs(cast.other_agency, fiscal_year=year, wants=True)          # AIST (METI)
    mext = client_for(cast.reviewer).get("/ministries/MEXT/")
    meti = client_for(cast.other_reviewer).get("/ministries/METI/")
    m, n = len(supervised("MEXT", year)), len(supervised("METI", year))
    assert mext.context["training_scope"] == {
        "training_external": (0, m), "training_open": (1, m), "training_strategy": (1, m)}
    # METI does not supervise RIKEN: RIKEN's strategy and programme are not in its figures.
    assert meti.context["training_scope"] == {
        "training_external": (1, n), "training_open": (0, n), "training_strategy": (0, n)}
    # The all-agency figures are the same on both homes.
    assert mext.context["training_strategy"].numerator == 1 == \
        meti.context["training_strategy"].numerator
    assert f"所管法人：{n}機関中0機関" in meti.content.decode()


def test_the_agency_and_secretariat_homes_have_no_supervised_line(cast, client_for):
    page = client_for(cast.secretariat).get("/agencies/")
    assert "training_scope" not in page.context or page.context["training_scope"] is None
    assert "所管法人：" not in page.content.decode()
