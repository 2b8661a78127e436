from django.core.management import call_command

from kokken.models import Agency, Bureau, Ministry


def test_there_are_exactly_27_agencies(db):
    assert Agency.objects.count() == 27


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
    from datetime import date

    Agency.objects.filter(code="ncgm").update(valid_until=date(2025, 3, 31))
    assert Agency.objects.active_on(date(2025, 3, 31)).count() == 27
    assert Agency.objects.active_on(date(2025, 4, 1)).count() == 26
