"""A round targets a named population; outside bodies answer like agencies but are not 国研."""

from datetime import date

import pytest

from agreements import services
from agreements.models import Round, Sheet
from kokken.errors import ValidationFailed
from kokken.models import Agency, Role
from tests.agreements.factories import make_questionnaire, open_round
from tests.conftest import make_user

P = Round.Population


def create(cast, fiscal_year, **kwargs):
    from agreements.models import Questionnaire

    qn = Questionnaire.objects.filter(code="qtest").first() or make_questionnaire()
    return services.round_create(
        user=cast.secretariat, fiscal_year=fiscal_year, questionnaire=qn,
        opens_on=date(fiscal_year, 6, 1), due_on=date(fiscal_year, 7, 31), title_ja="対象テスト",
        **kwargs)


def codes(round):
    return set(round.targets.values_list("code", flat=True))


def test_a_round_targets_the_27_kokken_of_fy2024_and_the_26_of_fy2025(cast):
    fy2024, fy2025 = create(cast, 2024), create(cast, 2025)
    assert (fy2024.population, fy2025.population) == (P.ALL_KOKKEN, P.ALL_KOKKEN)
    assert len(codes(fy2024)) == 27 and "ncgm" in codes(fy2024)
    assert codes(fy2024) - codes(fy2025) == {"ncgm"}
    assert "jihs" not in codes(fy2025)


def test_competitive_funding_population_takes_the_flagged_kokken(cast):
    Agency.objects.filter(code="ncgm").update(competitive_funding=True)  # gone in FY2025
    round = create(cast, 2025, population=P.COMPETITIVE_FUNDING)
    assert codes(round) == {"amed", "jst", "nedo", "naro", "nict"}


def test_a_chosen_list_may_hold_outside_bodies_and_states_its_population(cast, client_for):
    round = create(cast, 2025, population=P.CUSTOM, population_name_ja="研究機関等",
                   targets=list(Agency.objects.filter(code__in=["riken", "aist", "jihs"])))
    assert round.population_name == "研究機関等"
    page = client_for(cast.secretariat).get(f"/rounds/{round.pk}/").content.decode()
    assert "研究機関等（3 機関（国研 2・その他 1））" in page


def test_a_chosen_list_must_not_be_empty(cast):
    with pytest.raises(ValidationFailed):
        create(cast, 2024, population=P.CUSTOM, targets=[])


def test_targets_given_alone_mean_a_chosen_list(cast):
    round = create(cast, 2024, targets=[cast.agency])
    assert (round.population, codes(round)) == (P.CUSTOM, {"riken"})


def test_an_outside_body_signs_in_and_answers_its_own_sheet(cast, client_for):
    jihs = Agency.objects.get(code="jihs")
    editor = make_user("t-jihs-editor", Role.AGENCY_EDITOR, agency="jihs")
    round = open_round(cast, make_questionnaire(), fiscal_year=2025, targets=[cast.agency, jihs])
    sheet = Sheet.objects.get(round=round, agency=jihs)
    client = client_for(editor)
    assert client.get(f"/sheets/{sheet.pk}/").status_code == 200
    other = Sheet.objects.get(round=round, agency=cast.agency)
    assert client.get(f"/sheets/{other.pk}/").status_code in (403, 404)


def test_round_form_offers_the_populations_and_requires_bodies_for_a_chosen_list(cast, client_for):
    client = client_for(cast.secretariat)
    qn = make_questionnaire()
    data = {"title_ja": "令和7年度 調査", "fiscal_year": 2025, "questionnaire": qn.pk,
            "opens_on_0": 2025, "opens_on_1": 6, "opens_on_2": 1,
            "due_on_0": 2025, "due_on_1": 7, "due_on_2": 31, "reminder_days_before": 7,
            "population": P.CUSTOM}
    response = client.post("/rounds/new/", data)
    assert response.status_code == 200
    assert "targets" in response.context["form"].errors
    response = client.post("/rounds/new/", {**data, "population": P.ALL_KOKKEN})
    assert response.status_code == 302
    round = Round.objects.get(title_ja="令和7年度 調査")
    assert round.targets.count() == 26


def test_demo_fy2023_integrity_round_targets_the_24_research_bodies_and_its_figures_say_so(
        demo_data, client_for, cast):
    """図11 (line 614): the FY2023 survey of research bodies covered 24 国研. The demo holds that
    round in FY2023 whatever the clock, over the 24 the fixture records (an assumption), and
    every published figure of it states 「24 国研」."""
    from kokken.organisations import survey
    from security import selectors as integrity

    round = Round.objects.get(questionnaire__code="integrity", questionnaire__version=2)
    assert (round.fiscal_year, round.status, round.population) == (2023, Round.Status.PUBLISHED,
                                                                 P.CUSTOM)
    assert codes(round) == set(survey("integrity-research-bodies", 2023)["kokken"]["codes"])
    assert len(codes(round)) == 24 and not round.targets.exclude(kind="kokken").exists()
    assert round.sheets.filter(state=Sheet.State.ACCEPTED).count() == 24
    client = client_for(cast.secretariat)
    aggregate = client.get(f"/rounds/{round.pk}/aggregate/").content.decode()
    assert "研究機関等（国立研究開発法人）（24 国研）" in aggregate
    assert "24 国研" in client.get("/security/integrity/?fy=2023").content.decode()
    values = integrity.integrity_values(fiscal_year=2023, agencies=Agency.objects.all())
    assert {v.population for v in values.values()} == {"24 国研"}
    assert values["security.integrity_q4"].denominator == 24  # accepted sheets, Q4 asked
    # The FY2022 round (Q1–Q3) is its year-on-year partner, over the same 24.
    fy2022 = Round.objects.get(questionnaire__code="integrity", questionnaire__version=1)
    assert (fy2022.fiscal_year, codes(fy2022)) == (2023 - 1, codes(round))


def outside_body(code, kind, **flags):
    """A body the agreement does not name, made up for the test only."""
    from kokken.models import AgencyKind

    body = Agency.objects.create(code=code, abbr=code.upper(), short_name_ja=f"試験用{code}",
                                 name_ja=f"試験用の機関{code}", name_en=code, kind=getattr(AgencyKind, kind),
                                 **flags)
    body.ministries.set(Agency.objects.get(code="riken").ministries.all())
    return body


def test_research_bodies_are_the_kokken_and_the_other_iaa_of_the_year(cast):
    outside_body("t-iaa", "IAA")
    outside_body("t-iaa-gone", "IAA", valid_until=date(2025, 3, 31))
    round = create(cast, 2025, population=P.RESEARCH_BODIES)
    assert codes(round) == codes(create(cast, 2025)) | {"t-iaa"}
    assert "jihs" not in codes(round)  # a 特殊法人, neither a 国研 nor an 独法
    assert "研究機関等" in round.population_name


def test_funding_bodies_are_every_body_with_a_competitive_funding_programme(cast):
    outside_body("t-jsps", "IAA", competitive_funding=True)
    outside_body("t-lab", "IAA")
    round = create(cast, 2025, population=P.FUNDING_BODIES)
    assert codes(round) == {"amed", "jst", "nedo", "naro", "nict", "t-jsps"}
