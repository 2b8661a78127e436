"""History tables of the II-2 catalogue, seat requests and training needs
(kokken.history.Tracked, through ``Stamped``).

Existing rows get no back-filled record (as in hr 0003_history): their history starts at the
first change after this migration. Schema only; reversible.
"""
import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('kokken', '0010_audit_append_only_trigger'),
        ('training', '0001_catalogue_requests_needs'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalProgramme',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('fiscal_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='fiscal year')),
                ('title', models.CharField(max_length=200, verbose_name='programme title')),
                ('provider', models.CharField(blank=True, help_text='Only for a programme an outside body runs; leave blank for your own.', max_length=200, verbose_name='outside provider')),
                ('category', models.CharField(choices=[('research_management', 'Research management'), ('ip', 'IP and technology transfer'), ('startup', 'Startup support'), ('security_integrity', 'Research security and integrity'), ('export_control', 'Export control'), ('information_security', 'Information security'), ('accounting', 'Accounting'), ('public_relations', 'Public relations'), ('other', 'Other')], max_length=32, verbose_name='category')),
                ('format', models.CharField(choices=[('in_person', 'In person'), ('online', 'Online'), ('elearning', 'E-learning')], max_length=16, verbose_name='format')),
                ('in_japanese', models.BooleanField(default=True, verbose_name='offered in Japanese')),
                ('in_english', models.BooleanField(default=False, verbose_name='offered in English')),
                ('always_open', models.BooleanField(default=False, verbose_name='always open (no fixed dates)')),
                ('start_date', models.DateField(blank=True, null=True, verbose_name='start date')),
                ('end_date', models.DateField(blank=True, null=True, verbose_name='end date')),
                ('capacity', models.PositiveIntegerField(blank=True, help_text='Leave blank when there is no limit (e-learning).', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(10000)], verbose_name='seats for other agencies')),
                ('open_to_others', models.BooleanField(default=False, verbose_name='open to other agencies')),
                ('url', models.URLField(blank=True, verbose_name='web page')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='kokken.agency', verbose_name='agency')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'historical training programme',
                'verbose_name_plural': 'historical training programmes',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalSeatRequest',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('seats', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(100)], verbose_name='seats')),
                ('note', models.CharField(blank=True, help_text='Departments or roles, never personal names.', max_length=500, verbose_name='note to the provider')),
                ('state', models.CharField(choices=[('requested', 'Requested'), ('accepted', 'Accepted'), ('waitlisted', 'Waitlisted'), ('declined', 'Declined'), ('cancelled', 'Cancelled')], default='requested', max_length=16, verbose_name='state')),
                ('reason', models.CharField(blank=True, max_length=500, verbose_name='reason')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='requested at')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('programme', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='training.programme', verbose_name='programme')),
                ('providing_agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='kokken.agency', verbose_name='providing agency')),
                ('requesting_agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='kokken.agency', verbose_name='requesting agency')),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'historical seat request',
                'verbose_name_plural': 'historical seat requests',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalTrainingNeeds',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                ('fiscal_year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='fiscal year')),
                ('research_management', models.CharField(choices=[('none', 'No need'), ('own', 'Met by our own training'), ('other_agency', "Met by another agency's training"), ('outside', 'Met by an outside provider'), ('unmet', 'Not met')], default='none', max_length=16, verbose_name='Research management')),
                ('ip', models.CharField(choices=[('none', 'No need'), ('own', 'Met by our own training'), ('other_agency', "Met by another agency's training"), ('outside', 'Met by an outside provider'), ('unmet', 'Not met')], default='none', max_length=16, verbose_name='IP and technology transfer')),
                ('startup', models.CharField(choices=[('none', 'No need'), ('own', 'Met by our own training'), ('other_agency', "Met by another agency's training"), ('outside', 'Met by an outside provider'), ('unmet', 'Not met')], default='none', max_length=16, verbose_name='Startup support')),
                ('security_integrity', models.CharField(choices=[('none', 'No need'), ('own', 'Met by our own training'), ('other_agency', "Met by another agency's training"), ('outside', 'Met by an outside provider'), ('unmet', 'Not met')], default='none', max_length=16, verbose_name='Research security and integrity')),
                ('export_control', models.CharField(choices=[('none', 'No need'), ('own', 'Met by our own training'), ('other_agency', "Met by another agency's training"), ('outside', 'Met by an outside provider'), ('unmet', 'Not met')], default='none', max_length=16, verbose_name='Export control')),
                ('information_security', models.CharField(choices=[('none', 'No need'), ('own', 'Met by our own training'), ('other_agency', "Met by another agency's training"), ('outside', 'Met by an outside provider'), ('unmet', 'Not met')], default='none', max_length=16, verbose_name='Information security')),
                ('accounting', models.CharField(choices=[('none', 'No need'), ('own', 'Met by our own training'), ('other_agency', "Met by another agency's training"), ('outside', 'Met by an outside provider'), ('unmet', 'Not met')], default='none', max_length=16, verbose_name='Accounting')),
                ('public_relations', models.CharField(choices=[('none', 'No need'), ('own', 'Met by our own training'), ('other_agency', "Met by another agency's training"), ('outside', 'Met by an outside provider'), ('unmet', 'Not met')], default='none', max_length=16, verbose_name='Public relations')),
                ('other', models.CharField(choices=[('none', 'No need'), ('own', 'Met by our own training'), ('other_agency', "Met by another agency's training"), ('outside', 'Met by an outside provider'), ('unmet', 'Not met')], default='none', max_length=16, verbose_name='Other')),
                ('uses_external', models.BooleanField(default=False, verbose_name='uses outside training')),
                ('wants_external', models.BooleanField(default=False, verbose_name='wants to use outside training')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('agency', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='kokken.agency', verbose_name='agency')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
            ],
            options={
                'verbose_name': 'historical training needs',
                'verbose_name_plural': 'historical training needs',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
