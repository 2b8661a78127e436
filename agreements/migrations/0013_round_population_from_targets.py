"""Data migration: rounds made before populations existed get the population their
targets match: all 国研 of the fiscal year, or a chosen list."""

from datetime import date

from django.db import migrations
from django.db.models import Q


def classify(apps, schema_editor):
    Round = apps.get_model("agreements", "Round")
    Agency = apps.get_model("kokken", "Agency")
    for round in Round.objects.all():
        end = date(round.fiscal_year + 1, 3, 31)
        kokken = set(Agency.objects.filter(kind="kokken")
                     .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
                     .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=end))
                     .values_list("pk", flat=True))
        targets = set(round.targets.values_list("pk", flat=True))
        round.population = "all_kokken" if targets == kokken else "custom"
        round.save(update_fields=["population"])


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0012_round_target_population"),
        ("kokken", "0008_load_agency_dates_and_flags"),
    ]

    operations = [migrations.RunPython(classify, migrations.RunPython.noop)]
