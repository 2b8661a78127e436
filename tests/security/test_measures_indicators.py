"""II-4 ④ coverage per measure (the designated agencies apart), the penetration test within
12 months, 図12 challenges ranked: arithmetic on a hand-checked set; fixed query counts."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kokken.models import Agency
from security import selectors
from security.models import REQUIRED_MEASURES, Challenges
from tests.security import factories as f

FY = 2024          # reference date: 2025-03-31 (the year is over)


def _all_required(agency):
    for measure in REQUIRED_MEASURES:
        f.control(agency, measure)


def _agencies():
    return Agency.objects.kokken_in(FY)


def test_coverage_counts_each_measure_over_the_year_s_agencies_and_the_designated_apart(cast):
    riken, aist = cast.agency, cast.other_agency                  # both designated
    jst = Agency.objects.get(code="jst")                          # not designated
    _all_required(riken)
    _all_required(jst)
    f.control(aist, "a_access")
    f.control(aist, "a_logs", in_place=False)                     # reported, not in place
    f.control(riken, "x_edr")
    agencies = _agencies()
    total = agencies.count()
    designated = agencies.filter(designated=True).count()
    assert (total, designated) == (27, 3)                          # FY2024 from the data
    value = selectors.infosec_coverage(fiscal_year=FY, agencies=agencies)
    assert (value.numerator, value.denominator) == (2, 27)
    assert value.value == round(2 * 100 / 27, 1)
    assert value.not_reported == 24                               # 27 − riken, aist, jst
    with translation.override("en"):
        shares = {str(label): share for label, share in value.breakdown}
    assert shares["(ア) Access control"] == round(3 * 100 / 27, 1)
    assert shares["(ア) Log collection and management"] == round(2 * 100 / 27, 1)
    assert shares["EDR (endpoint detection and response)"] == round(100 / 27, 1)
    designated_value = selectors.infosec_coverage_designated(fiscal_year=FY, agencies=agencies)
    assert (designated_value.numerator, designated_value.denominator) == (1, 3)
    assert designated_value.value == 33.3 and designated_value.not_reported == 1
    assert designated_value.per_agency == {riken.pk: 100.0, aist.pk: 0.0,
                                           Agency.objects.get(code="nims").pk: 0.0}


def test_a_penetration_test_counts_within_the_twelve_months_up_to_the_reference_date(cast):
    riken, aist = cast.agency, cast.other_agency
    jst, nims = Agency.objects.get(code="jst"), Agency.objects.get(code="nims")
    f.control(riken, "x_pentest", tested_on=datetime.date(2025, 3, 31))    # the last day
    f.control(aist, "x_pentest", tested_on=datetime.date(2024, 3, 31))     # 12 months before: out
    f.control(jst, "x_pentest", tested_on=datetime.date(2024, 4, 1))       # just in
    f.control(nims, "x_pentest", in_place=False)                           # no date: out
    value = selectors.pentest_share(fiscal_year=FY, agencies=_agencies())
    assert value.reference_date == datetime.date(2025, 3, 31)
    assert (value.numerator, value.denominator, value.not_reported) == (2, 27, 23)
    with translation.override("en"):
        assert {str(k): v for k, v in value.breakdown} == {
            "Designated national R&D agencies": 33.3}                        # riken of 3


def test_the_reference_date_is_today_while_the_year_runs():
    assert selectors.reference_date(2026, datetime.date(2026, 12, 2)) == datetime.date(2026, 12, 2)
    assert selectors.reference_date(2024, datetime.date(2026, 12, 2)) == datetime.date(2025, 3, 31)
    assert selectors.year_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)


def test_challenges_are_ranked_by_how_many_agencies_report_them(cast):
    jst = Agency.objects.get(code="jst")
    f.yearly(Challenges, cast.agency, specialists=True, system_budget=True)
    f.yearly(Challenges, cast.other_agency, system_budget=True, guidelines=True)
    f.yearly(Challenges, jst, system_budget=True, other="【テスト】人事制度との調整")
    f.yearly(Challenges, Agency.objects.get(code="nims"))                 # names none
    ranking = selectors.challenge_ranking(fiscal_year=FY, agencies=_agencies())
    assert [(row.code, row.count) for row in ranking.rows[:3]] == [
        ("system_budget", 3), ("specialists", 1), ("guidelines", 1)]      # ties in 図12's order
    assert ranking.reported == 4 and ranking.others == ["【テスト】人事制度との調整"]
    value = selectors.challenges_value(fiscal_year=FY, agencies=_agencies())
    assert (value.numerator, value.denominator, value.not_reported) == (3, 27, 23)


def test_the_population_comes_from_the_data_not_a_fixed_27(cast):
    value = selectors.infosec_coverage(fiscal_year=2025, agencies=Agency.objects.kokken_in(2025))
    assert value.denominator == Agency.objects.kokken_in(2025).count() == 26


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_overview_chapter_and_list_queries_do_not_grow_with_agencies_or_rows(client_for,
                                                                                 cast):
    client = client_for(cast.secretariat)
    urls = [f"/security/overview/?fy={FY}", f"/security/agencies/riken/?fy={FY}",
            f"/security/agencies/riken/information-security/?fy={FY}",
            f"/security/agencies/riken/reviews/?fy={FY}"]
    f.control(cast.agency, "a_access")
    f.review(cast.agency)
    before = [_queries(client, url) for url in urls]
    for agency in Agency.objects.kokken_in(FY).exclude(pk=cast.agency.pk)[:10]:
        _all_required(agency)
    for day in range(2, 8):
        f.review(cast.agency, reviewed_on=datetime.date(2024, 11, day))
    f.yearly(Challenges, cast.agency, specialists=True)
    after = [_queries(client, url) for url in urls]
    assert after == before
    assert max(after) <= 20, after


def test_the_secretariat_overview_shows_each_measure_with_the_designated_agencies_apart(
        client_for, cast):
    _all_required(cast.agency)                                    # RIKEN: designated
    f.control(Agency.objects.get(code="jst"), "a_access")         # JST: not designated
    client = client_for(cast.secretariat)
    response = client.get(f"/security/overview/?fy={FY}")
    assert response.status_code == 200
    rows = {row.code: row for row in response.context["coverage"].rows}
    assert (rows["a_access"].count, rows["a_access"].total) == (2, 27)
    assert (rows["a_access"].designated, rows["a_access"].designated_total) == (1, 3)
    body = response.content.decode()
    assert body.count('class="badge badge-warning">特定国研') >= 1 + 3  # header + 3 agencies
    assert "33.3%" in body and "1/3" in body and "2/27" in body
    home = client.get("/", follow=True).content.decode()          # linked from the home panel
    assert "/security/overview/?fy=" in home
