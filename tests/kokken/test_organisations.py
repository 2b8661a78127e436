from datetime import date
from pathlib import Path

from django.core.management import call_command

from kokken.models import Agency, AgencyKind, Bureau, Ministry
from kokken.selectors import kokken_population, population


def test_there_are_27_kokken_and_jihs_as_an_outside_body(db):
    assert Agency.objects.kokken().count() == 27
    assert list(Agency.objects.exclude(kind=AgencyKind.KOKKEN).values_list("code", flat=True)) == [
        "jihs"]


def test_every_agency_has_at_least_one_ministry(db):
    assert not Agency.objects.filter(ministries__isnull=True).exists()


def test_the_three_designated_agencies_are_flagged(db):
    designated = set(Agency.objects.filter(designated=True).values_list("abbr", flat=True))
    assert designated == {"NIMS", "RIKEN", "AIST"}


def test_agencies_carry_japanese_and_english_names(db):
    riken = Agency.objects.get(code="riken")
    assert riken.name_ja == "国立研究開発法人理化学研究所"
    assert riken.name_en == "RIKEN" or "RIKEN" in riken.name_en
    assert not Agency.objects.filter(name_en="").exists()


def test_amed_is_supervised_by_four_ministries(db):
    amed = Agency.objects.get(code="amed")
    assert set(amed.ministries.values_list("code", flat=True)) == {"CAO", "MEXT", "MHLW", "METI"}


def test_loading_twice_changes_nothing(db):
    before = (Agency.objects.count(), Ministry.objects.count(), Bureau.objects.count())
    call_command("load_organisations", verbosity=0)
    call_command("load_organisations", verbosity=0)
    assert (Agency.objects.count(), Ministry.objects.count(), Bureau.objects.count()) == before


def test_loading_restores_edited_reference_data(db):
    Agency.objects.filter(code="nims").update(designated=False)
    call_command("load_organisations", verbosity=0)
    assert Agency.objects.get(code="nims").designated


def test_agency_validity_dates_select_active_agencies(db):
    assert Agency.objects.kokken().active_on(date(2025, 3, 31)).count() == 27
    assert Agency.objects.kokken().active_on(date(2025, 4, 1)).count() == 26


def test_fy2024_has_27_kokken_with_ncgm_and_fy2025_has_26_without_it(db):
    fy2024 = set(Agency.objects.kokken_in(2024).values_list("code", flat=True))
    fy2025 = set(Agency.objects.kokken_in(2025).values_list("code", flat=True))
    assert len(fy2024) == 27 and "ncgm" in fy2024
    assert fy2024 - fy2025 == {"ncgm"} and fy2025 - fy2024 == set()
    assert "jihs" not in fy2025


def test_earlier_years_keep_the_27(db):
    for year in (2015, 2020, 2023):
        assert Agency.objects.kokken_in(year).count() == 27


def test_jihs_exists_from_fy2025_as_a_special_corporation_not_a_kokken(db):
    jihs = Agency.objects.get(code="jihs")
    assert (jihs.kind, jihs.is_kokken, jihs.valid_from) == ("special", False, date(2025, 4, 1))
    assert jihs in Agency.objects.in_fiscal_year(2025)
    assert jihs not in Agency.objects.in_fiscal_year(2024)


def test_ncgm_ends_on_31_march_2025_with_a_verified_source(db):
    ncgm = Agency.objects.get(code="ncgm")
    assert ncgm.valid_until == date(2025, 3, 31)
    assert ncgm.is_verified("valid_until")
    assert "令和5年法律第46号" in ncgm.sources["valid_until"]["source"]


def test_every_date_and_flag_set_in_the_fixture_names_its_source(db):
    from kokken.organisations import read_fixture

    for row in read_fixture("agencies.json"):
        for field in ("valid_from", "valid_until", "kind"):
            if row.get(field):
                assert row["sources"][field]["source"], (row["code"], field)
        if row["competitive_funding"]:
            assert row["sources"]["competitive_funding"]["source"], row["code"]


def test_five_kokken_run_competitive_funding_and_unverified_ones_say_so(db):
    flagged = Agency.objects.filter(competitive_funding=True)
    assert flagged.kokken().count() == 5
    unverified = [a.abbr for a in flagged if not a.competitive_funding_verified]
    # None of the five names could be checked against the government's list here.
    assert sorted(unverified) == sorted(a.abbr for a in flagged)


def test_population_counts_kokken_and_outside_bodies_apart(db):
    assert str(kokken_population(2024)) == "27 国研"
    assert str(kokken_population(2025)) == "26 国研"
    mixed = population(Agency.objects.filter(code__in=["riken", "aist", "jihs"]))
    assert (mixed.kokken, mixed.others, mixed.total) == (2, 1, 3)
    assert str(mixed) == "3 機関（国研 2・その他 1）"


# --- Designation over time, and who 図11's surveys covered ------------------------------

def test_designation_is_dated_from_1_october_2016_with_its_source_marked_unverified(db):
    for agency in Agency.objects.filter(designated=True):
        assert agency.designated_from == date(2016, 10, 1)
        assert "平成28年法律第43号" in agency.sources["designated_from"]["source"]
        assert not agency.is_verified("designated_from")  # general knowledge, not the 官報


def test_the_designated_agencies_of_a_year_follow_the_dates(db):
    assert not Agency.objects.designated_in(2015).exists()  # FY2015 ends 2016-03-31
    assert set(Agency.objects.designated_in(2016).values_list("code", flat=True)) == {
        "nims", "riken", "aist"}
    riken = Agency.objects.get(code="riken")
    assert (riken.is_designated_in(2015), riken.is_designated_in(2016)) == (False, True)
    # A designation that ended still counts in the years it held, not after.
    Agency.objects.filter(code="riken").update(designated=False,
                                              designated_until=date(2030, 3, 31))
    assert "riken" in Agency.objects.designated_in(2029).values_list("code", flat=True)
    assert "riken" not in Agency.objects.designated_in(2030).values_list("code", flat=True)
    # An undated designation follows the flag.
    Agency.objects.filter(code="jst").update(designated=True)
    assert Agency.objects.get(code="jst").is_designated_in(2010)


AGREEMENT = (Path(__file__).resolve().parents[2] / "fixtures" / "agreement"
             / "2024-03-29.ja.txt").read_text(encoding="utf-8").splitlines()


def test_the_fy2023_research_bodies_are_24_kokken_of_the_year_chosen_as_a_marked_assumption(db):
    from kokken.organisations import survey

    row = survey("integrity-research-bodies", 2023)
    assert "国立研究開発法人24機関、その他の独立行政法人6機関" in AGREEMENT[row["agreement"]["line"] - 1]
    kokken = row["kokken"]
    fy2023 = set(Agency.objects.kokken_in(2023).values_list("code", flat=True))
    assert len(kokken["codes"]) == kokken["count"] == 24 and set(kokken["codes"]) <= fy2023
    assert fy2023 - set(kokken["codes"]) == set(kokken["not_surveyed_here"]) == {
        "amed", "jst", "nedo"}
    assert kokken["assumption"] and not kokken["verified"] and kokken["label_ja"] == "【仮定】"
    assert "資金" in kokken["why_ja"]  # why these three were left out is written out
    others = row["others"]
    assert (others["count"], others["named"], others["verified"]) == (6, [], False)
    assert others["why_ja"].startswith("【未確認】")


def test_outside_funding_bodies_are_named_only_where_the_agreement_names_them(db):
    from kokken.organisations import survey

    row = survey("integrity-funding-bodies", 2023)
    assert row["count"] == 18 and row["kokken"]["count"] == 5
    assert set(row["kokken"]["codes"]) == set(
        Agency.objects.kokken_in(2023).filter(competitive_funding=True)
        .values_list("code", flat=True))
    assert not row["kokken"]["verified"]
    others = row["others"]
    assert others["count"] == 13 and not others["verified"]
    [jsps] = others["named"]
    assert jsps["name_ja"] == "独立行政法人日本学術振興会" and not jsps["verified"]
    assert jsps["name_ja"] in AGREEMENT[52 - 1] and "52行目" in jsps["source"]
    # Unnamed bodies are not invented as data: no outside body but JIHS exists.
    assert list(Agency.objects.exclude(kind=AgencyKind.KOKKEN)
                .values_list("code", flat=True)) == ["jihs"]


def test_the_agency_page_shows_each_source_and_marks_the_unverified_ones(client_for, cast):
    from django.urls import reverse

    riken = client_for(cast.secretariat).get(reverse("agency_detail", kwargs={"agency": "riken"}))
    page = riken.content.decode()
    assert "特定国立研究開発法人の指定日" in page and "平成28年法律第43号" in page
    unverified = [n for n in Agency.objects.get(code="riken").source_notes if not n[2]]
    assert page.count('<span class="badge badge-warning">未確認</span>') == len(unverified) >= 2
    ncgm = client_for(cast.secretariat).get(reverse("agency_detail", kwargs={"agency": "ncgm"}))
    text = ncgm.content.decode()
    assert "令和5年法律第46号" in text  # the verified end date's source, shown without the mark
    assert text.count('<span class="badge badge-warning">未確認</span>') == len(
        [n for n in Agency.objects.get(code="ncgm").source_notes if not n[2]]) == 1
