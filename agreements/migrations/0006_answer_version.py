
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agreements', '0005_reportjob_basis_and_annex_names'),
    ]

    operations = [
        migrations.AddField(
            model_name='answer',
            name='version',
            field=models.PositiveIntegerField(default=0, verbose_name='version'),
        ),
    ]
