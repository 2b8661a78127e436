from django.core.management import call_command

from datetime import date

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
