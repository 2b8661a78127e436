"""The kit's abstract bases for register rows (kokken/history.py): every chapter row keeps
history through them, and moving a base into the kit changed no table."""

from io import StringIO

from django.apps import apps
from django.core.management import call_command

from kokken import history


def test_every_hr_row_is_an_agency_year_register_row_of_the_kit():
    models = list(apps.get_app_config("hr").get_models())
    rows = [m for m in models if not m.__name__.startswith("Historical")]
    assert rows and all(issubclass(m, history.Register) for m in rows), rows


def test_training_rows_stamp_their_last_change_through_the_kit():
    from training.models import Programme, SeatRequest

    assert issubclass(Programme, history.Stamped) and issubclass(SeatRequest, history.Stamped)


def test_every_chapter_row_of_one_agency_and_year_uses_the_kits_register_base():
    from ip.models import CoiCase, CoiRules, IpManagement, Startup
    from security.models import (Challenges, Control, ExportControl, Foundations, Review,
                                 TradeSecrets)
    from training.models import Strategy, TrainingNeeds, Uptake

    rows = [IpManagement, CoiRules, CoiCase, Startup, Foundations, Review, ExportControl,
            TradeSecrets, Control, Challenges, TrainingNeeds, Uptake, Strategy]
    assert [m.__name__ for m in rows if not issubclass(m, history.Register)] == []


def test_the_models_and_their_migrations_agree(db):
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        raise AssertionError(f"a model change has no migration:\n{out.getvalue()}") from None
